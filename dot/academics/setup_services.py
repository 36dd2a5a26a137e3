"""Writes of programmes and the academic calendar, kept by the academic office (п. 4.5, 5.1).

Each function checks the rules the database cannot (the owning department lies in the
faculty, at least one licensed form, a semester inside its year, a session inside its
semester), saves atomically and writes one audit row.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from dot.core.audit import audit_record, snapshot_changes

from .models import AcademicYear, Direction, ExamSession, Programme, Semester

M = TypeVar("M", bound=models.Model)


def _save(*, actor: Any, model: type[M], obj: M | None, values: dict[str, Any], action: str) -> M:
    if obj is None:
        created = model.objects.create(**values)  # type: ignore[attr-defined]
        audit_record(actor=actor, obj=created, action=f"{action}.create")
        return created  # type: ignore[no-any-return]
    changes = snapshot_changes(obj, values)
    for name, value in values.items():
        setattr(obj, name, value)
    obj.save()
    if changes:
        audit_record(actor=actor, obj=obj, action=f"{action}.change", changes=changes)
    return obj


@transaction.atomic
def direction_save(
    *, actor: Any, code: str, name: str, level: str, direction: Direction | None = None
) -> Direction:
    clash = Direction.objects.filter(code=code)
    if direction is not None:
        clash = clash.exclude(pk=direction.pk)
    if clash.exists():
        raise ValidationError({"code": [_("A direction with this code already exists.")]})
    values = {"code": code, "name": name, "level": level}
    return _save(actor=actor, model=Direction, obj=direction, values=values, action="direction")


@transaction.atomic
def programme_save(
    *, actor: Any, values: dict[str, Any], programme: Programme | None = None
) -> Programme:
    """Create or change a programme; ``values`` are the model fields."""
    errors: dict[str, list[str]] = {}
    faculty, department = values["faculty"], values["department"]
    if faculty.kind != "faculty":
        errors["faculty"] = [_("Choose a faculty.")]
    elif department.kind != "department" or not department.path.startswith(faculty.path):
        errors["department"] = [
            _("The owning department must belong to the faculty %(faculty)s.")
            % {"faculty": faculty.display_name}
        ]
    if not (values["allows_full_time"] or values["allows_extramural"] or values["allows_blended"]):
        errors["allows_full_time"] = [_("Mark at least one licensed form of study.")]
    clash = Programme.objects.filter(code=values["code"])
    if programme is not None:
        clash = clash.exclude(pk=programme.pk)
    if clash.exists():
        errors["code"] = [_("A programme with this code already exists.")]
    if errors:
        raise ValidationError(errors)
    return _save(actor=actor, model=Programme, obj=programme, values=values, action="programme")


@transaction.atomic
def academic_year_save(
    *, actor: Any, title: str, start: Any, end: Any, year: AcademicYear | None = None
) -> AcademicYear:
    errors: dict[str, list[str]] = {}
    if end <= start:
        errors["end"] = [_("The end must be after the start.")]
    clash = AcademicYear.objects.filter(title=title)
    if year is not None:
        clash = clash.exclude(pk=year.pk)
        if not errors and year.semesters.filter(models.Q(start__lt=start) | models.Q(end__gt=end)):
            errors["end"] = [_("The year must contain the dates of its semesters.")]
    if clash.exists():
        errors["title"] = [_("An academic year with this title already exists.")]
    if errors:
        raise ValidationError(errors)
    values = {"title": title, "start": start, "end": end}
    return _save(actor=actor, model=AcademicYear, obj=year, values=values, action="academic_year")


@transaction.atomic
def semester_save(
    *,
    actor: Any,
    academic_year: AcademicYear,
    number: int,
    start: Any,
    end: Any,
    semester: Semester | None = None,
) -> Semester:
    errors: dict[str, list[str]] = {}
    if end <= start:
        errors["end"] = [_("The end must be after the start.")]
    elif start < academic_year.start or end > academic_year.end:
        errors["start"] = [
            _("The semester must lie within the academic year (%(start)s – %(end)s).")
            % {"start": f"{academic_year.start:%d.%m.%Y}", "end": f"{academic_year.end:%d.%m.%Y}"}
        ]
    elif semester is not None and semester.sessions.filter(
        models.Q(start__lt=start) | models.Q(end__gt=end)
    ):
        errors["end"] = [_("The semester must contain the dates of its exam sessions.")]
    clash = Semester.objects.filter(academic_year=academic_year, number=number)
    if semester is not None:
        clash = clash.exclude(pk=semester.pk)
    if clash.exists():
        errors["number"] = [_("This academic year already has this semester.")]
    if errors:
        raise ValidationError(errors)
    values = {"academic_year": academic_year, "number": number, "start": start, "end": end}
    return _save(actor=actor, model=Semester, obj=semester, values=values, action="semester")


@transaction.atomic
def exam_session_save(
    *,
    actor: Any,
    semester: Semester,
    kind: str,
    start: Any,
    end: Any,
    session: ExamSession | None = None,
) -> ExamSession:
    errors: dict[str, list[str]] = {}
    if end < start:
        errors["end"] = [_("The end cannot be before the start.")]
    elif start < semester.start or end > semester.end:
        errors["start"] = [
            _("The session must lie within the semester (%(start)s – %(end)s).")
            % {"start": f"{semester.start:%d.%m.%Y}", "end": f"{semester.end:%d.%m.%Y}"}
        ]
    if errors:
        raise ValidationError(errors)
    values = {"semester": semester, "kind": kind, "start": start, "end": end}
    return _save(actor=actor, model=ExamSession, obj=session, values=values, action="exam_session")
