"""Writes of the academic structure: keyword-only, atomic, audited.

Permission checks live in ``permissions.py`` and are done by views and the API before
calling a service; services check the *state* (a РУП is editable only as a draft or
after a return) under a row lock, so two requests cannot both pass a stale check.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from dot.core.audit import audit_record, snapshot_changes

from . import approval
from .conf import hours_per_credit
from .models import (
    ClassKind,
    Curriculum,
    CurriculumLine,
    Discipline,
    DisciplineModule,
    NormUnit,
    Programme,
    TimeNorm,
)

LINE_FIELDS = (
    "discipline",
    "semester_number",
    "ects",
    "lecture_hours",
    "lab_hours",
    "practice_hours",
    "srs_hours",
    "control_form",
    "is_elective",
    "elective_group",
)


def _locked_editable(curriculum: Curriculum) -> Curriculum:
    locked = Curriculum.objects.select_for_update().get(pk=curriculum.pk)
    if not locked.is_editable:
        raise ValidationError(
            _("The curriculum is «%(status)s»: only a draft or a returned one can be changed."),
            code="not_editable",
            params={"status": locked.get_status_display()},
        )
    return locked


def _check_line(
    curriculum: Curriculum, data: dict[str, Any], exclude_pk: int | None = None
) -> None:
    errors: dict[str, list[str]] = {}
    number = data.get("semester_number")
    max_semester = int(curriculum.programme.duration_years * 2) or 12
    if number is not None and not 1 <= number <= min(max_semester, 12):
        errors.setdefault("semester_number", []).append(
            _("The programme lasts %(n)s semesters: enter a number from 1 to %(n)s.")
            % {"n": min(max_semester, 12)}
        )
    if data.get("is_elective") and not data.get("elective_group"):
        errors.setdefault("elective_group", []).append(
            _("Name the group of electives this line belongs to.")
        )
    discipline = data.get("discipline")
    if discipline is not None and number is not None:
        clash = curriculum.lines.filter(discipline=discipline, semester_number=number)
        if exclude_pk:
            clash = clash.exclude(pk=exclude_pk)
        if clash.exists():
            errors.setdefault("discipline", []).append(
                _("This discipline is already in semester %(n)s of the curriculum.") % {"n": number}
            )
    if errors:
        raise ValidationError(errors)


# --- РУП -------------------------------------------------------------------------------------


@transaction.atomic
def curriculum_create(
    *, programme: Programme, intake_year: int, actor: Any, note: str = ""
) -> Curriculum:
    """A new draft РУП of a programme for an intake year (the next free version)."""
    # Lock the programme: two drafts made at once get different versions.
    Programme.objects.select_for_update().get(pk=programme.pk)
    last = Curriculum.objects.filter(programme=programme, intake_year=intake_year).aggregate(
        v=Max("version")
    )["v"]
    curriculum = Curriculum.objects.create(
        programme=programme,
        intake_year=intake_year,
        version=(last or 0) + 1,
        note=note,
        created_by=actor,
        hours_per_credit=hours_per_credit(),
    )
    audit_record(actor=actor, obj=curriculum, action="curriculum.create")
    return curriculum


@transaction.atomic
def curriculum_copy(*, source: Curriculum, intake_year: int, actor: Any) -> Curriculum:
    """An approved РУП copied, line by line, into a new draft (e.g. for the next intake)."""
    if source.status != "approved":
        raise ValidationError(_("Only an approved curriculum can be copied."), code="not_approved")
    copy = curriculum_create(programme=source.programme, intake_year=intake_year, actor=actor)
    copy.copied_from = source
    copy.hours_per_credit = source.hours_per_credit
    copy.save(update_fields=["copied_from", "hours_per_credit"])
    CurriculumLine.objects.bulk_create(
        CurriculumLine(
            curriculum=copy,
            order=line.order,
            **{f: getattr(line, f) for f in LINE_FIELDS},
        )
        for line in source.lines.all()
    )
    audit_record(
        actor=actor,
        obj=copy,
        action="curriculum.copy",
        changes={"copied_from": [None, str(source)]},
    )
    return copy


@transaction.atomic
def curriculum_delete(*, curriculum: Curriculum, actor: Any) -> None:
    """Delete a draft that was never submitted."""
    locked = Curriculum.objects.select_for_update().get(pk=curriculum.pk)
    if locked.status != "draft":
        raise ValidationError(_("Only a draft that was never submitted can be deleted."))
    audit_record(actor=actor, obj=locked, action="curriculum.delete")
    locked.delete()


def curriculum_submit(*, curriculum: Curriculum, actor: Any, comment: str = "") -> None:
    """The head of the owning department sends the РУП to the academic office (п. 4.8)."""
    approval.submit(curriculum=curriculum, actor=actor, comment=comment)


def curriculum_decide(
    *, curriculum: Curriculum, actor: Any, decision: str, comment: str = "", step: str | None = None
) -> None:
    """Agree (academic office) or approve (vice-rector), return or reject a РУП."""
    approval.decide(
        curriculum=curriculum, actor=actor, decision=decision, comment=comment, step=step
    )


# --- Lines -----------------------------------------------------------------------------------


@transaction.atomic
def curriculum_line_create(*, curriculum: Curriculum, actor: Any, **data: Any) -> CurriculumLine:
    locked = _locked_editable(curriculum)
    _check_line(locked, data)
    if "order" not in data:
        data["order"] = (locked.lines.aggregate(m=Max("order"))["m"] or 0) + 1
    line = CurriculumLine(curriculum=locked, **data)
    line.full_clean(exclude=["curriculum", "discipline"], validate_unique=False)
    line.save()
    audit_record(
        actor=actor,
        obj=locked,
        action="curriculum.line_add",
        changes={"line": [None, f"{line.discipline} / {line.semester_number}"]},
    )
    return line


@transaction.atomic
def curriculum_line_update(*, line: CurriculumLine, actor: Any, **data: Any) -> CurriculumLine:
    curriculum = _locked_editable(line.curriculum)
    merged = {f: getattr(line, f) for f in LINE_FIELDS} | data
    _check_line(curriculum, merged, exclude_pk=line.pk)
    changes = snapshot_changes(line, data)
    for name, value in data.items():
        setattr(line, name, value)
    line.full_clean(exclude=["curriculum", "discipline"], validate_unique=False)
    line.save()
    if changes:
        audit_record(
            actor=actor,
            obj=curriculum,
            action="curriculum.line_change",
            changes=changes,
            comment=str(line.discipline),
        )
    return line


@transaction.atomic
def curriculum_line_delete(*, line: CurriculumLine, actor: Any) -> None:
    curriculum = _locked_editable(line.curriculum)
    audit_record(
        actor=actor,
        obj=curriculum,
        action="curriculum.line_delete",
        changes={"line": [f"{line.discipline} / {line.semester_number}", None]},
    )
    line.delete()


@transaction.atomic
def curriculum_lines_replace(
    *, curriculum: Curriculum, lines: list[dict[str, Any]], actor: Any, source: str = ""
) -> int:
    """Replace every line of an editable РУП (the XLSX import): all or nothing."""
    locked = _locked_editable(curriculum)
    locked.lines.all().delete()
    objs = [CurriculumLine(curriculum=locked, **row) for row in lines]
    try:
        with transaction.atomic():
            CurriculumLine.objects.bulk_create(objs)
    except IntegrityError as exc:
        raise ValidationError(_("Two rows name the same discipline in the same semester.")) from exc
    audit_record(
        actor=actor,
        obj=locked,
        action="curriculum.import",
        changes={"lines": [None, len(objs)]},
        comment=source,
    )
    return len(objs)


# --- Disciplines and modules ---------------------------------------------------------------


@transaction.atomic
def discipline_create(
    *, code: str, name: str, department: Any, actor: Any, name_ky: str = ""
) -> Discipline:
    if Discipline.objects.filter(code=code).exists():
        raise ValidationError({"code": [_("A discipline with this code already exists.")]})
    discipline = Discipline.objects.create(
        code=code, name=name, name_ky=name_ky, department=department
    )
    audit_record(actor=actor, obj=discipline, action="discipline.create")
    return discipline


@transaction.atomic
def discipline_module_create(
    *,
    discipline: Discipline,
    title: str,
    actor: Any,
    ects: Decimal | None = None,
    hours: Decimal | None = None,
) -> DisciplineModule:
    """A module (section) of a discipline: п. 5.4.2 allows DOT for a part of a discipline."""
    Discipline.objects.select_for_update().get(pk=discipline.pk)
    order = (discipline.modules.aggregate(m=Max("order"))["m"] or 0) + 1
    module = DisciplineModule.objects.create(
        discipline=discipline, order=order, title=title, ects=ects, hours=hours
    )
    audit_record(
        actor=actor,
        obj=discipline,
        action="discipline.module_add",
        changes={"module": [None, str(module)]},
    )
    return module


@transaction.atomic
def discipline_module_delete(*, module: DisciplineModule, actor: Any) -> None:
    audit_record(
        actor=actor,
        obj=module.discipline,
        action="discipline.module_delete",
        changes={"module": [str(module), None]},
    )
    module.delete()


# --- Time norms ------------------------------------------------------------------------------


@transaction.atomic
def time_norm_save(
    *,
    actor: Any,
    activity: str,
    unit: str,
    hours: Decimal,
    valid_from: datetime.date,
    note: str = "",
    norm: TimeNorm | None = None,
) -> TimeNorm:
    """Create a time norm or change one (п. 5.4.4: load is counted by full-time norms)."""
    if activity not in ClassKind.values or unit not in NormUnit.values:
        raise ValidationError(_("Unknown activity or unit."))
    clash = TimeNorm.objects.filter(activity=activity, valid_from=valid_from)
    if norm is not None:
        clash = clash.exclude(pk=norm.pk)
    if clash.exists():
        raise ValidationError(
            {"valid_from": [_("A norm for this activity already starts on this date.")]}
        )
    values = {
        "activity": activity,
        "unit": unit,
        "hours": hours,
        "valid_from": valid_from,
        "note": note,
    }
    if norm is None:
        norm = TimeNorm.objects.create(**values)
        audit_record(actor=actor, obj=norm, action="time_norm.create")
        return norm
    changes = snapshot_changes(norm, values)
    for name, value in values.items():
        setattr(norm, name, value)
    norm.save()
    if changes:
        audit_record(actor=actor, obj=norm, action="time_norm.change", changes=changes)
    return norm


# --- XLSX import ---------------------------------------------------------------------------


class CurriculumImportError(ValidationError):
    """The file's rows have errors; ``row_errors`` lists them (row, column, message)."""

    def __init__(self, row_errors: list[Any]) -> None:
        super().__init__([str(e) for e in row_errors], code="import_rows")
        self.row_errors = row_errors


@transaction.atomic
def curriculum_import_xlsx(
    *, curriculum: Curriculum, upload: Any, actor: Any, filename: str = ""
) -> int:
    """Replace the lines of an editable РУП by the rows of an XLSX file in the template.

    All or nothing: any bad row (or a broken file) leaves the РУП as it was. Disciplines
    whose code is not in the catalogue are created for the department named in the row.
    Raises ``xlsx.ImportFileError`` for an unreadable file and ``CurriculumImportError``
    with every row error otherwise.
    """
    from . import xlsx

    _locked_editable(curriculum)
    rows = xlsx.read_rows(upload, size=getattr(upload, "size", None))
    lines, errors, new_disciplines = xlsx.parse_curriculum_rows(curriculum, rows)
    if errors:
        raise CurriculumImportError(errors)
    created: dict[str, Discipline] = {}
    for spec in new_disciplines:
        created[spec["code"]] = discipline_create(
            code=spec["code"], name=spec["name"], department=spec["department"], actor=actor
        )
    for line in lines:
        if isinstance(line["discipline"], dict):
            line["discipline"] = created[line["discipline"]["code"]]
    return curriculum_lines_replace(
        curriculum=curriculum, lines=lines, actor=actor, source=filename
    )
