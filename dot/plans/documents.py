"""The individual study plan as the Appendix 1 form: a PDF (WeasyPrint) and an editable DOCX.

``appendix1_context(plan)`` reads the plan, its rows and the decisions recorded on the
``study_plan`` route (п. 5.5.1: the student acknowledges, the head of the academic office
and the heads of the departments concerned agree, the dean approves) and returns what
both documents show; ``render_pdf`` and ``render_docx`` render it in a language.

The form (Appendix 1 of the regulation): «Утверждаю» — the dean of the faculty, signature,
date; the title «ИНДИВИДУАЛЬНЫЙ УЧЕБНЫЙ ПЛАН на ___ семестр 20__–20__ уч. года»; the
student's group and full name, direction and profile; one row per discipline studied with
DOT (№, discipline, department, total workload in ECTS, classroom hours of lectures, labs
and practice in the РУП and in the ИУП, place and time of classes, deadline, teacher,
note); «С ИУП ознакомлен» — the student; «Согласовано» — the head of the academic office
and the head of each department concerned. It is made in two copies: one for the student
(handed to the dean's office once completed), one kept by the dean's office for control.

A signature whose decision is not recorded (a draft, a plan under review) is printed as
an empty line to sign by hand. Only the approvals of the latest pass along the route
count: a returned plan starts again and its earlier agreements are void.
"""

from __future__ import annotations

import datetime
import functools
import io
import shutil
import subprocess
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from dot.accounts.models import Role
from dot.accounts.roles import has_role
from dot.core.models import ApprovalDecision, ApprovalReview, DecisionAction

from .models import StudyPlan, StudyPlanRow

ROUTE_NAME = "study_plan"
STEP_TEACHERS = "teachers"
STEP_STUDENT = "student"
STEP_ACADEMIC_OFFICE = "academic_office"
STEP_DEPARTMENT = "department"
STEP_DEAN = "dean"

DOCX_TEMPLATE = Path(__file__).resolve().parent / "docx" / "appendix1.docx"
HTML_TEMPLATE = "plans/appendix1/document.html"
FONT_FAMILY = "DejaVu Sans"
_FONT_FILES = {
    ("normal", "normal"): "DejaVuSans.ttf",
    ("bold", "normal"): "DejaVuSans-Bold.ttf",
    ("normal", "italic"): "DejaVuSans-Oblique.ttf",
    ("bold", "italic"): "DejaVuSans-BoldOblique.ttf",
}
_FONT_DIRS = (
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/share/fonts/TTF"),
    Path("/usr/local/share/fonts"),
)


# --- What the form shows -------------------------------------------------------------------


@dataclass(frozen=True)
class Signature:
    """One signature block: the position, and the name and date of the recorded decision.

    ``name`` and ``date`` are empty when no decision is recorded: the document then
    prints a line to sign by hand."""

    position: str
    name: str = ""
    date: str = ""
    signed: bool = False


@dataclass(frozen=True)
class Row:
    """One row of the Appendix 1 table, every value already formatted for print."""

    number: int
    discipline: str
    department: str
    ects: str
    rup_lecture: str
    rup_lab: str
    rup_practice: str
    iup_lecture: str
    iup_lab: str
    iup_practice: str
    place_and_time: str
    deadline: str
    teacher: str
    note: str


@dataclass
class _Decisions:
    by_step: dict[str, list[ApprovalDecision]] = field(default_factory=dict)
    # When the pass along the route began; None: no pass counts (draft, returned, rejected).
    since: datetime.datetime | None = None

    def first(self, step: str) -> ApprovalDecision | None:
        found = self.by_step.get(step) or []
        return found[-1] if found else None

    def all(self, step: str) -> list[ApprovalDecision]:
        return list(self.by_step.get(step) or [])


def _decimal_sign() -> str:
    return "." if (get_language() or "ru")[:2] == "en" else ","


def fmt_number(value: Decimal | int | None) -> str:
    """``30.00`` → ``30``, ``2.50`` → ``2,5`` (a comma in Russian and Kyrgyz); None → ``""``."""
    if value is None:
        return ""
    text = format(Decimal(value).normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", _decimal_sign())


def fmt_date(value: datetime.date | datetime.datetime | None) -> str:
    """A date as on paper, ``25.11.2026``; a time is taken in the portal's time zone."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return f"{value:%d.%m.%Y}"


def _person(user: Any) -> str:
    """«Фамилия И. О.»."""
    if user is None:
        return ""
    return str(getattr(user, "short_name", "") or getattr(user, "username", ""))


def _unit_name(unit: Any) -> str:
    if unit is None:
        return ""
    return str(getattr(unit, "display_name", None) or unit)


def _discipline_name(discipline: Any) -> str:
    name_ky = getattr(discipline, "name_ky", None)
    if name_ky and (get_language() or "ru")[:2] == "ky":
        return str(name_ky)
    return str(discipline.name)


def _decisions(plan: StudyPlan) -> _Decisions:
    """The approvals of the latest pass of the plan along the route (open or approved)."""
    content_type = ContentType.objects.get_for_model(StudyPlan, for_concrete_model=False)
    review = (
        ApprovalReview.objects.filter(
            content_type=content_type, object_id=str(plan.pk), route=ROUTE_NAME
        )
        .order_by("-started_at", "-id")
        .first()
    )
    result = _Decisions()
    if review is None or review.state not in (
        ApprovalReview.State.OPEN,
        ApprovalReview.State.APPROVED,
    ):
        return result
    result.since = review.started_at
    rows = (
        ApprovalDecision.objects.filter(review=review, action=DecisionAction.APPROVE)
        .select_related("actor")
        .order_by("created_at", "id")
    )
    for decision in rows:
        result.by_step.setdefault(decision.step, []).append(decision)
    return result


def _signed(position: str, decision: ApprovalDecision | None, fallback_name: str = "") -> Signature:
    if decision is None:
        return Signature(position=position, name=fallback_name)
    return Signature(
        position=position,
        name=_person(decision.actor) or fallback_name,
        date=fmt_date(decision.created_at),
        signed=True,
    )


def _department_signatures(rows: list[StudyPlanRow], decisions: _Decisions) -> list[Signature]:
    """One «Согласовано» line per department concerned (п. 5.5.1), in the order of the rows.

    Each head of department agrees the rows of their department (``department_agreed_by``
    / ``_at`` on the rows, recorded during the current pass along the route); failing
    that, an engine decision at the ``department`` step taken by the head of that
    department counts; otherwise the line is left to sign by hand."""
    departments: list[Any] = []
    agreed: dict[int, tuple[Any, datetime.datetime]] = {}
    for row in rows:
        unit = row.curriculum_line.discipline.department
        if unit is None:
            continue
        if all(unit.pk != d.pk for d in departments):
            departments.append(unit)
        when = row.department_agreed_at
        if (
            row.department_agreed_by is not None
            and when is not None
            and decisions.since is not None
            and when >= decisions.since
            and (unit.pk not in agreed or when > agreed[unit.pk][1])
        ):
            agreed[unit.pk] = (row.department_agreed_by, when)
    left = decisions.all(STEP_DEPARTMENT)
    signatures = []
    for unit in departments:
        position = _("Head of department (%(department)s)") % {"department": _unit_name(unit)}
        if unit.pk in agreed:
            user, when = agreed[unit.pk]
            signatures.append(
                Signature(position=position, name=_person(user), date=fmt_date(when), signed=True)
            )
            continue
        found = next(
            (
                d
                for d in left
                if d.actor is not None and has_role(d.actor, Role.HEAD_OF_DEPARTMENT, unit)
            ),
            None,
        )
        signatures.append(_signed(position, found))
    if not signatures:
        signatures.append(_signed(_("Head of department"), None))
    return signatures


def _row(number: int, row: StudyPlanRow) -> Row:
    line = row.curriculum_line
    discipline = _discipline_name(line.discipline)
    if row.module is not None:
        discipline = f"{discipline} — {row.module}"
    return Row(
        number=number,
        discipline=discipline,
        department=_unit_name(line.discipline.department),
        ects=fmt_number(line.ects),
        rup_lecture=fmt_number(line.lecture_hours),
        rup_lab=fmt_number(line.lab_hours),
        rup_practice=fmt_number(line.practice_hours),
        iup_lecture=fmt_number(row.lecture_hours),
        iup_lab=fmt_number(row.lab_hours),
        iup_practice=fmt_number(row.practice_hours),
        place_and_time=row.place_and_time,
        deadline=fmt_date(row.deadline),
        teacher=_person(row.teacher),
        note=row.note,
    )


def labels() -> dict[str, str]:
    """Every fixed text of the form, in the active language (shared by PDF and DOCX)."""
    return {
        "approve": _("I approve"),
        "title": _("INDIVIDUAL STUDY PLAN"),
        "direction": _("Direction (specialty)"),
        "programme": _("Profile (programme)"),
        "col_number": _("No."),
        "col_discipline": _("Discipline studied with DOT"),
        "col_department": _("Department"),
        "col_ects": _("Total workload, ECTS"),
        "col_rup": _("Classroom hours in the РУП"),
        "col_iup": _("Classroom hours in the ИУП"),
        "col_lecture": _("lectures"),
        "col_lab": _("labs"),
        "col_practice": _("practice"),
        "col_place": _("Place and time of classes"),
        "col_deadline": _("Deadline"),
        "col_teacher": _("Teacher"),
        "col_note": _("Note"),
        "no_rows": _("No disciplines studied with DOT."),
        "schedule": _("Individual schedule (п. 5.5.2)"),
        "schedule_note": _("agreed with the teacher and the programme leader"),
        "acknowledged": _("I have read the ИУП"),
        "agreed": _("Agreed"),
        "copies_note": _(
            "Made in two copies: one stays with the student and is handed to the dean's "
            "office once completed, the other is kept by the dean's office for control "
            "(Appendix 1)."
        ),
        "status": _("Status in the portal"),
        "version": _("plan version"),
        "printed": _("Printed"),
    }


def appendix1_context(plan: StudyPlan) -> dict[str, Any]:
    """Everything the Appendix 1 form shows for ``plan``, formatted in the active language.

    Keys: ``plan``, ``labels``, ``faculty``, ``student_name``, ``student_short``,
    ``group``, ``student_line``, ``subtitle``, ``direction``, ``programme``,
    ``semester_number``, ``academic_year``,
    ``rows`` (``Row``), ``schedule`` (the lines of the individual schedule, п. 5.5.2), ``dean`` (the «Утверждаю»
    signature), ``student_signature`` («С ИУП ознакомлен»), ``academic_office`` and
    ``departments`` (the «Согласовано» signatures), ``copies`` (the two copy marks),
    ``status``, ``version``, ``printed_on``."""
    plan = (
        StudyPlan.objects.select_related(
            "student__user",
            "student__group",
            "student__programme__direction",
            "student__programme__faculty",
            "semester__academic_year",
        )
        .prefetch_related(
            "rows__curriculum_line__discipline__department",
            "rows__module",
            "rows__teacher",
            "rows__department_agreed_by",
        )
        .get(pk=plan.pk)
    )
    student = plan.student
    programme = student.programme
    rows = list(plan.rows.all())
    decisions = _decisions(plan)

    semester_numbers = sorted({r.curriculum_line.semester_number for r in rows})
    if semester_numbers:
        semester_number = ", ".join(str(n) for n in semester_numbers)
    elif student.group is not None:
        semester_number = str(plan.semester.curriculum_semester(student.group.intake_year))
    else:
        semester_number = str(plan.semester.number)
    year = plan.semester.academic_year
    academic_year = f"{year.start.year}–{year.end.year}"

    faculty = _unit_name(programme.faculty)
    student_short = _person(student.user)
    return {
        "plan": plan,
        "labels": labels(),
        "faculty": faculty,
        "student_name": student.user.full_name or student_short,
        "student_short": student_short,
        "group": str(student.group or ""),
        "subtitle": _("for semester %(semester)s of the %(year)s academic year")
        % {"semester": semester_number, "year": academic_year},
        "student_line": (
            _("Student of group %(group)s") % {"group": student.group}
            if student.group is not None
            else _("Student")
        ),
        "direction": f"{programme.direction.code} {programme.direction.name}",
        "programme": programme.name,
        "semester_number": semester_number,
        "academic_year": academic_year,
        "rows": [_row(i, row) for i, row in enumerate(rows, start=1)],
        "schedule": [
            line for line in plan.individual_schedule.strip().splitlines() if line.strip()
        ],
        "dean": _signed(
            _("Dean of the faculty (%(faculty)s)") % {"faculty": faculty}
            if faculty
            else _("Dean of the faculty"),
            decisions.first(STEP_DEAN),
        ),
        "student_signature": _signed(
            _("Student"), decisions.first(STEP_STUDENT), fallback_name=student_short
        ),
        "academic_office": _signed(
            _("Head of the academic office"), decisions.first(STEP_ACADEMIC_OFFICE)
        ),
        "departments": _department_signatures(rows, decisions),
        "copies": [_("Copy for the student"), _("Copy for the dean's office")],
        "status": plan.get_state_display(),
        "version": plan.version,
        "printed_on": fmt_date(timezone.now()),
    }


# --- PDF -----------------------------------------------------------------------------------


@functools.cache
def _font_dir() -> Path | None:
    """Where the DejaVu fonts are: a known directory, else what fontconfig answers."""
    for directory in _FONT_DIRS:
        if (directory / "DejaVuSans.ttf").is_file():
            return directory
    fc_match = shutil.which("fc-match")
    if fc_match:
        try:
            found = subprocess.run(  # noqa: S603 — fixed arguments, no shell
                [fc_match, "-f", "%{file}", FONT_FAMILY],
                capture_output=True,
                text=True,
                timeout=5,
                check=False,
            ).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            found = ""
        if found and Path(found).name == "DejaVuSans.ttf":
            return Path(found).parent
    return None


def font_faces() -> list[dict[str, str]]:
    """``@font-face`` rules for the embedded Cyrillic font (files found on this system)."""
    directory = _font_dir()
    faces = []
    for (weight, style), name in _FONT_FILES.items():
        path = directory / name if directory else None
        source = f'local("{FONT_FAMILY}")'
        if path is not None and path.is_file():
            source = f'url("{path.as_uri()}"), {source}'
        faces.append({"weight": weight, "style": style, "src": source})
    return faces


def render_html(plan: StudyPlan, *, language: str = "ru") -> str:
    """The HTML the PDF is made from (also handy to preview the form)."""
    with translation.override(language):
        context = appendix1_context(plan)
        context["font_family"] = FONT_FAMILY
        context["font_faces"] = font_faces()
        context["language"] = language
        return render_to_string(HTML_TEMPLATE, context)


def render_pdf(plan: StudyPlan, *, language: str = "ru") -> bytes:
    """The approved (or draft) plan as the Appendix 1 form, two copies, landscape A4 PDF."""
    from weasyprint import HTML

    html = render_html(plan, language=language)
    pdf = HTML(string=html, base_url=str(Path(__file__).resolve().parent)).write_pdf()
    return bytes(pdf or b"")


# --- DOCX ----------------------------------------------------------------------------------


def render_docx(plan: StudyPlan, *, language: str = "ru") -> bytes:
    """The same form as an editable Word document (docxtpl over ``docx/appendix1.docx``)."""
    from docxtpl import DocxTemplate

    with translation.override(language):
        context = appendix1_context(plan)
        document = DocxTemplate(str(DOCX_TEMPLATE))
        document.render(
            {
                "l": context["labels"],
                "faculty": context["faculty"],
                "student_name": context["student_name"],
                "group": context["group"],
                "subtitle": context["subtitle"],
                "student_line": context["student_line"],
                "direction": context["direction"],
                "programme": context["programme"],
                "semester_number": context["semester_number"],
                "academic_year": context["academic_year"],
                "rows": context["rows"],
                "has_rows": bool(context["rows"]),
                "schedule": context["schedule"],
                "dean": context["dean"],
                "student_signature": context["student_signature"],
                "academic_office": context["academic_office"],
                "departments": context["departments"],
                "copies": context["copies"],
                "status": context["status"],
                "version": context["version"],
                "printed_on": context["printed_on"],
            },
            autoescape=True,
        )
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
