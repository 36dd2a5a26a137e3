"""Builds ``appendix1.docx``: the Appendix 1 (ИУП) form as a docxtpl template.

The committed ``appendix1.docx`` is the output of this script; run it again after a change:

    .venv/bin/python dot/plans/docx/build_template.py

Every fixed text is a ``{{ l.<key> }}`` placeholder filled from ``documents.labels()`` (so
it follows the language of the rendering); the values come from ``appendix1_context``.
The page is A4 landscape; the document holds two copies of the form (``copies``), the
table has the two-level header of the form (classroom hours in the РУП / in the ИУП:
lectures, labs, practice).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import _Cell

OUT = Path(__file__).resolve().parent / "appendix1.docx"
FONT = "Times New Roman"

# (label key or None, width in mm) of the 14 columns, as in the PDF.
COLUMNS = [
    ("col_number", 8),
    ("col_discipline", 42),
    ("col_department", 30),
    ("col_ects", 16),
    ("col_lecture", 12),
    ("col_lab", 12),
    ("col_practice", 12),
    ("col_lecture", 12),
    ("col_lab", 12),
    ("col_practice", 12),
    ("col_place", 30),
    ("col_deadline", 22),
    ("col_teacher", 30),
    ("col_note", 23),
]
ROW_FIELDS = [
    "number",
    "discipline",
    "department",
    "ects",
    "rup_lecture",
    "rup_lab",
    "rup_practice",
    "iup_lecture",
    "iup_lab",
    "iup_practice",
    "place_and_time",
    "deadline",
    "teacher",
    "note",
]
BLANK_NAME = "____________________"
BLANK_DATE = "«____» ______________ 20___"


def _signature(sig: str) -> str:
    return (
        f"{{{{ {sig}.position }}}}   ______________   "
        f"{{{{ {sig}.name or '{BLANK_NAME}' }}}}   {{{{ {sig}.date or '{BLANK_DATE}' }}}}"
    )


def _para(
    document: Any,
    text: str = "",
    *,
    bold: bool = False,
    caps: bool = False,
    size: float = 10,
    align: Any = None,
) -> None:
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.space_after = Pt(2)
    if align is not None:
        paragraph.alignment = align
    if text:
        run = paragraph.add_run(text)
        run.bold = bold
        run.font.all_caps = caps
        run.font.size = Pt(size)


def _cell(
    cell: _Cell, text: str, *, bold: bool = False, size: float = 8, center: bool = True
) -> None:
    paragraph = cell.paragraphs[0]
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.size = Pt(size)


def _repeat_header(row: object) -> None:
    tr_pr = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def build(path: Path = OUT) -> Path:
    document = Document()
    style = document.styles["Normal"]
    style.font.name = FONT  # type: ignore[attr-defined]
    style.font.size = Pt(10)  # type: ignore[attr-defined]
    r_fonts = style.element.rPr.rFonts  # type: ignore[attr-defined]
    r_fonts.set(qn("w:eastAsia"), FONT)

    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(12))

    _para(document, "{%p for copy in copies %}")
    _para(document, "{{ copy }}", bold=True, size=9)
    _para(document, "{{ l.approve }}", bold=True, caps=True, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _para(document, "{{ dean.position }}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    _para(
        document,
        f"______________   {{{{ dean.name or '{BLANK_NAME}' }}}}",
        align=WD_ALIGN_PARAGRAPH.RIGHT,
    )
    _para(document, f"{{{{ dean.date or '{BLANK_DATE}' }}}}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    _para(document, "{{ l.title }}", bold=True, size=12, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(
        document,
        "{{ subtitle }}",
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )
    _para(
        document,
        "{{ student_line }}: {{ student_name }}",
    )
    _para(document, "{{ l.direction }}: {{ direction }}")
    _para(document, "{{ l.programme }}: {{ programme }}")

    table = document.add_table(rows=5, cols=len(COLUMNS))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for index, (_key, width) in enumerate(COLUMNS):
        for row in table.rows:
            row.cells[index].width = Mm(width)
    top, sub = table.rows[0], table.rows[1]
    _repeat_header(top)
    _repeat_header(sub)
    for index, (key, _width) in enumerate(COLUMNS):
        if 4 <= index <= 9:
            _cell(sub.cells[index], f"{{{{ l.{key} }}}}")
        else:
            merged = top.cells[index].merge(sub.cells[index])
            _cell(merged, f"{{{{ l.{key} }}}}")
    rup = top.cells[4].merge(top.cells[6])
    _cell(rup, "{{ l.col_rup }}")
    iup = top.cells[7].merge(top.cells[9])
    _cell(iup, "{{ l.col_iup }}")
    # docxtpl row loop: the first and last rows hold only the tags and are removed.
    _cell(table.rows[2].cells[0], "{%tr for r in rows %}", center=False)
    for index, name in enumerate(ROW_FIELDS):
        center = name not in ("discipline", "department", "place_and_time", "teacher", "note")
        _cell(table.rows[3].cells[index], f"{{{{ r.{name} }}}}", center=center, size=9)
    _cell(table.rows[4].cells[0], "{%tr endfor %}", center=False)

    _para(document, "{%p if not has_rows %}")
    _para(document, "{{ l.no_rows }}")
    _para(document, "{%p endif %}")

    _para(document, "{%p if schedule %}")
    _para(document, "{{ l.schedule }} ({{ l.schedule_note }})", bold=True)
    _para(document, "{%p for line in schedule %}")
    _para(document, "{{ line }}")
    _para(document, "{%p endfor %}")
    _para(document, "{%p endif %}")

    _para(document)
    _para(document, "{{ l.acknowledged }}", bold=True)
    _para(document, _signature("student_signature"))
    _para(document, "{{ l.agreed }}", bold=True)
    _para(document, _signature("academic_office"))
    _para(document, "{%p for sig in departments %}")
    _para(document, _signature("sig"))
    _para(document, "{%p endfor %}")
    _para(
        document,
        "{{ l.copies_note }} {{ l.status }}: {{ status }}, {{ l.version }} {{ version }}. {{ l.printed }}: {{ printed_on }}.",
        size=7,
    )
    _para(document, "{%p if not loop.last %}")
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    _para(document, "{%p endif %}")
    _para(document, "{%p endfor %}")

    document.core_properties.title = "Appendix 1: individual study plan (ИУП)"
    document.save(str(path))
    return path


if __name__ == "__main__":
    sys.stdout.write(f"{build()}\n")
