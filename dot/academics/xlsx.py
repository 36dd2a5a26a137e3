"""XLSX import and export of a РУП in the documented template (see README.md).

The first sheet; row 1 is the header, one line of the РУП per row from row 2; empty
rows are skipped. Columns, in this order:

 A №                 line number (optional, keeps the order)
 B Код дисциплины    code of the discipline in the catalogue
 C Дисциплина        its name (creates the discipline when the code is new)
 D Кафедра           code or short name of the owning department (kd or КД)
 E Семестр           1..12
 F ECTS              credits, decimal (3 or 3,5)
 G Лекции            hours
 H Лабораторные      hours
 I Практические      hours
 J СРС               hours of independent work
 K Форма контроля    экзамен | зачёт | диф. зачёт | курсовая работа
 L По выбору         да | нет (empty = нет)
 M Группа выбора     name of the group of electives (required when L is «да»)

Parsing never writes: it returns clean rows or a list of errors naming the row and the
column; the service then replaces the lines in one transaction (all or nothing).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from dot.org.models import OrgUnit, UnitKind

from .models import ControlForm, Curriculum, CurriculumLine, Discipline

HEADERS = [
    "№",
    "Код дисциплины",
    "Дисциплина",
    "Кафедра",
    "Семестр",
    "ECTS",
    "Лекции",
    "Лабораторные",
    "Практические",
    "СРС",
    "Форма контроля",
    "По выбору",
    "Группа выбора",
]
CONTROL_WORDS = {
    "экзамен": ControlForm.EXAM,
    "зачёт": ControlForm.CREDIT,
    "зачет": ControlForm.CREDIT,
    "диф. зачёт": ControlForm.GRADED_CREDIT,
    "диф. зачет": ControlForm.GRADED_CREDIT,
    "дифференцированный зачёт": ControlForm.GRADED_CREDIT,
    "дифференцированный зачет": ControlForm.GRADED_CREDIT,
    "курсовая работа": ControlForm.COURSE_WORK,
}
CONTROL_EXPORT = {
    ControlForm.EXAM: "экзамен",
    ControlForm.CREDIT: "зачёт",
    ControlForm.GRADED_CREDIT: "диф. зачёт",
    ControlForm.COURSE_WORK: "курсовая работа",
}
YES = {"да", "yes", "1", "+", "true", "ооба"}
NO = {"", "нет", "no", "0", "-", "false", "жок"}
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("Row %(row)s, column «%(column)s»: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


class ImportFileError(Exception):
    """The upload is not a readable XLSX file of the template."""


def _workbook_bytes(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _new_sheet(title: str) -> tuple[Workbook, Any]:
    wb = Workbook()
    ws = wb.active
    ws.title = title[:31]
    ws.append(HEADERS)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    widths = [5, 16, 45, 10, 9, 8, 9, 13, 13, 8, 18, 10, 16]
    for i, width in enumerate(widths):
        ws.column_dimensions[chr(ord("A") + i)].width = width
    return wb, ws


def _dept_code(unit: OrgUnit) -> str:
    return unit.short_name or unit.code


def template_bytes() -> bytes:
    """The empty template with one example row."""
    wb, ws = _new_sheet("РУП")
    ws.append(
        [1, "KD-101", "Пропедевтика внутренних болезней", "КД", 3, 4, 18, 0, 36, 66,
         "экзамен", "нет", ""]
    )  # fmt: skip
    return _workbook_bytes(wb)


def _cell_number(value: Decimal) -> int | float | str:
    # Whole numbers as integers; fractions as text so that no binary float creeps in.
    if value == value.to_integral_value():
        return int(value)
    return format(value.normalize(), "f").replace(".", ",")


def export_curriculum(curriculum: Curriculum) -> bytes:
    wb, ws = _new_sheet("РУП")
    lines = curriculum.lines.select_related("discipline", "discipline__department").order_by(
        "semester_number", "order", "id"
    )
    for number, line in enumerate(lines, start=1):
        ws.append(
            [
                number,
                line.discipline.code,
                line.discipline.name,
                _dept_code(line.discipline.department),
                line.semester_number,
                _cell_number(line.ects),
                _cell_number(line.lecture_hours),
                _cell_number(line.lab_hours),
                _cell_number(line.practice_hours),
                _cell_number(line.srs_hours),
                CONTROL_EXPORT[ControlForm(line.control_form)],
                "да" if line.is_elective else "нет",
                line.elective_group,
            ]
        )
    return _workbook_bytes(wb)


# --- Import ------------------------------------------------------------------------------


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _decimal(value: Any) -> Decimal:
    """A non-negative decimal from a cell (numbers or text with a comma)."""
    if value is None or _text(value) == "":
        return Decimal("0")
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, float):
        # Excel stores numbers as binary floats: 3.5 is exact, 0.1 is not; round to cents.
        result = Decimal(repr(value)).quantize(Decimal("0.01"))
    else:
        try:
            result = Decimal(_text(value).replace(",", ".").replace(" ", "").replace("\xa0", ""))
        except InvalidOperation as exc:
            raise ValueError from exc
    if not result.is_finite() or result < 0 or result.as_tuple().exponent < -2:  # type: ignore[operator]
        raise ValueError
    return result


def read_rows(upload: IO[bytes], *, size: int | None = None) -> list[tuple[int, tuple[Any, ...]]]:
    """Rows of the first sheet (row number, values), checked by content, not by name."""
    limit = getattr(settings, "DOT_IMPORT_MAX_BYTES", 5 * 1024 * 1024)
    data = upload.read(limit + 1)
    if len(data) > limit or (size is not None and size > limit):
        raise ImportFileError(
            _("The file is larger than %(mb)s MB.") % {"mb": limit // (1024 * 1024)}
        )
    if not data.startswith(b"PK\x03\x04") or not zipfile.is_zipfile(io.BytesIO(data)):
        raise ImportFileError(_("The file is not an XLSX workbook. Save it as .xlsx and retry."))
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        ws = wb.worksheets[0]
        rows = [
            (i, tuple(r))
            for i, r in enumerate(ws.iter_rows(values_only=True, max_col=len(HEADERS)), start=1)
        ]
        wb.close()
    except Exception as exc:  # openpyxl raises many kinds on broken files
        raise ImportFileError(
            _("The workbook cannot be read. Save it again as .xlsx and retry.")
        ) from exc
    if not rows or _text(rows[0][1][1] if len(rows[0][1]) > 1 else "").lower() != "код дисциплины":
        raise ImportFileError(
            _("Row 1 must be the header of the template («№», «Код дисциплины», …).")
        )
    return rows[1:]


def parse_curriculum_rows(
    curriculum: Curriculum, rows: list[tuple[int, tuple[Any, ...]]]
) -> tuple[list[dict[str, Any]], list[RowError], list[dict[str, Any]]]:
    """Validate every row; return (line values, errors, disciplines to create)."""
    departments: dict[str, OrgUnit] = {}
    for unit in OrgUnit.objects.filter(kind=UnitKind.DEPARTMENT):
        departments[unit.code.lower()] = unit
        for alias in (unit.short_name, unit.name):
            if alias:
                departments.setdefault(alias.lower(), unit)
    codes = {_text(r[1] if len(r) > 1 else "") for _n, r in rows}
    catalogue = {d.code: d for d in Discipline.objects.filter(code__in=codes)}
    max_semester = min(int(curriculum.programme.duration_years * 2) or 12, 12)

    lines: list[dict[str, Any]] = []
    new_disciplines: dict[str, dict[str, Any]] = {}
    errors: list[RowError] = []
    seen: dict[tuple[str, int], int] = {}
    for number, raw in rows:
        cells = list(raw) + [None] * (len(HEADERS) - len(raw))
        if all(_text(c) == "" for c in cells):
            continue

        def err(col: int, message: str, number: int = number) -> None:
            errors.append(RowError(number, HEADERS[col], message))

        code, name, dept_text = _text(cells[1]), _text(cells[2]), _text(cells[3])
        discipline: Any = None
        if not code:
            err(1, _("enter the discipline code."))
        elif len(code) > 30:
            err(1, _("the code is longer than 30 characters."))
        elif code in catalogue:
            discipline = catalogue[code]
            if dept_text and departments.get(dept_text.lower()) not in (
                None,
                discipline.department,
            ):
                err(
                    3,
                    _("discipline %(code)s belongs to department «%(dept)s».")
                    % {"code": code, "dept": _dept_code(discipline.department)},
                )
        else:
            department = departments.get(dept_text.lower()) if dept_text else None
            if not name:
                err(
                    2,
                    _("the code %(code)s is not in the catalogue: enter the name.")
                    % {"code": code},
                )
            if department is None:
                err(
                    3,
                    _("department «%(dept)s» not found: use its code or short name.")
                    % {"dept": dept_text}
                    if dept_text
                    else _("the code is not in the catalogue: enter the department."),
                )
            if name and department is not None:
                discipline = new_disciplines.setdefault(
                    code, {"code": code, "name": name[:255], "department": department}
                )

        semester: int | None = None
        try:
            semester_value = _decimal(cells[4])
            if semester_value != semester_value.to_integral_value():
                raise ValueError
            semester = int(semester_value)
            if not 1 <= semester <= max_semester:
                raise ValueError
        except ValueError:
            err(4, _("enter a whole number from 1 to %(n)s.") % {"n": max_semester})
            semester = None

        values: dict[str, Decimal] = {}
        for col, key in (
            (5, "ects"),
            (6, "lecture_hours"),
            (7, "lab_hours"),
            (8, "practice_hours"),
            (9, "srs_hours"),
        ):
            try:
                values[key] = _decimal(cells[col])
                if values[key] >= Decimal("100000"):
                    raise ValueError
            except ValueError:
                err(col, _("enter a non-negative number with at most two decimals."))
        if "ects" in values and values["ects"] == 0:
            err(5, _("ECTS credits must be greater than zero."))

        control_text = _text(cells[10]).lower()
        control = CONTROL_WORDS.get(" ".join(control_text.split()))
        if control is None:
            err(10, _("write one of: экзамен, зачёт, диф. зачёт, курсовая работа."))

        elective_text = _text(cells[11]).lower()
        is_elective = elective_text in YES
        if not is_elective and elective_text not in NO:
            err(11, _("write «да» or «нет»."))
        group = _text(cells[12])[:50]
        if is_elective and not group:
            err(12, _("name the group of electives."))

        if code and semester is not None:
            key2 = (code, semester)
            if key2 in seen:
                err(
                    1,
                    _("discipline %(code)s is already in semester %(sem)s on row %(row)s.")
                    % {"code": code, "sem": semester, "row": seen[key2]},
                )
            else:
                seen[key2] = number

        if discipline is not None and semester is not None and control is not None:
            lines.append(
                {
                    "order": len(lines) + 1,
                    "discipline": discipline,
                    "semester_number": semester,
                    "control_form": control,
                    "is_elective": is_elective,
                    "elective_group": group if is_elective else "",
                    **values,
                }
            )
    if not rows or (not lines and not errors):
        errors.append(RowError(2, HEADERS[1], _("the file has no lines.")))
    return lines, errors, list(new_disciplines.values())


def line_signature(line: CurriculumLine) -> tuple[Any, ...]:
    """What an export/import round trip must keep (used by the tests and the README)."""
    return (
        line.discipline.code,
        line.semester_number,
        line.ects,
        line.lecture_hours,
        line.lab_hours,
        line.practice_hours,
        line.srs_hours,
        line.control_form,
        line.is_elective,
        line.elective_group,
    )
