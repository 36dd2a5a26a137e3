"""Writes of the people side: groups and students (п. 4.7), semester registration,
teaching assignments (п. 4.8), DOT certificates and training (п. 3.3, 5.4.6).

Keyword-only, typed, atomic; each business change leaves an audit row. Bad input raises
``ValidationError`` with a message for the field concerned, so pages and the API show
it beside the field; nothing is half-written.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from dot.accounts.models import Role, RoleAssignment, User
from dot.accounts.roles import forget_roles
from dot.core.audit import audit_record, snapshot_changes

from .models import (
    ZERO,
    ClassKind,
    CurriculumLine,
    DotCertificate,
    EducationLevel,
    Programme,
    Semester,
    SemesterRegistration,
    Student,
    StudentGroup,
    StudentStatus,
    StudentStatusChange,
    TeachingAssignment,
    TrainingRecord,
)
from .selectors import approved_curriculum


def _pk(instance: Any) -> int:
    """The primary key of an instance being edited, or 0 (no row) for a new one."""
    return int(getattr(instance, "pk", None) or 0)


# --- Groups ------------------------------------------------------------------------------------

GROUP_FIELDS = (
    "name",
    "programme",
    "intake_year",
    "study_form",
    "is_dot_group",
    "curator",
    "tutor",
)


def _check_group(values: dict[str, Any], instance: StudentGroup | None = None) -> None:
    errors: dict[str, list[str]] = {}
    programme: Programme = values["programme"]
    if not programme.allows_form(values["study_form"]):
        errors["study_form"] = [
            _("The programme is not licensed for this form of study (п. 5.4.3).")
        ]
    name = values["name"].strip()
    if not name:
        errors["name"] = [_("Enter the group's name.")]
    elif StudentGroup.objects.filter(name=name).exclude(pk=_pk(instance)).exists():
        errors["name"] = [_("A group with this name already exists.")]
    if instance is not None and instance.programme_id != programme.pk:
        if instance.students.exists():
            errors["programme"] = [
                _("The group has students: move them before changing the programme.")
            ]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def group_create(
    *,
    actor: Any,
    name: str,
    programme: Programme,
    intake_year: int,
    study_form: str,
    is_dot_group: bool = False,
    curator: User | None = None,
    tutor: User | None = None,
) -> StudentGroup:
    """A new group of a programme (п. 4.7: the dean's office forms DOT groups too)."""
    values = {
        "name": name.strip(),
        "programme": programme,
        "intake_year": intake_year,
        "study_form": study_form,
        "is_dot_group": is_dot_group,
        "curator": curator,
        "tutor": tutor,
    }
    _check_group(values)
    group = StudentGroup.objects.create(**values)
    audit_record(actor=actor, obj=group, action="group_create", changes={"name": group.name})
    return group


@transaction.atomic
def group_update(*, group: StudentGroup, actor: Any, **values: Any) -> StudentGroup:
    group = StudentGroup.objects.select_for_update().get(pk=group.pk)
    new = {f: values.get(f, getattr(group, f)) for f in GROUP_FIELDS}
    new["name"] = str(new["name"]).strip()
    _check_group(new, instance=group)
    changes = snapshot_changes(group, new)
    if changes:
        for key, value in new.items():
            setattr(group, key, value)
        group.save(update_fields=[*new.keys(), "updated_at"])
        audit_record(actor=actor, obj=group, action="group_update", changes=changes)
    return group


# --- Students ----------------------------------------------------------------------------------


def learner_role(programme: Programme, is_listener: bool) -> str:
    """The role a learner of the programme holds in its faculty (п. 1.3)."""
    if is_listener or programme.level == EducationLevel.NON_DEGREE:
        return Role.LISTENER
    if programme.level == EducationLevel.MASTER:
        return Role.MASTER_STUDENT
    return Role.STUDENT


def _check_student(
    *,
    programme: Programme,
    group: StudentGroup | None,
    record_book_number: str,
    is_listener: bool,
    instance: Student | None = None,
) -> None:
    errors: dict[str, list[str]] = {}
    if not record_book_number.strip():
        errors["record_book_number"] = [_("Enter the record book number.")]
    elif (
        Student.objects.filter(record_book_number=record_book_number.strip())
        .exclude(pk=_pk(instance))
        .exists()
    ):
        errors["record_book_number"] = [_("This record book number is already taken.")]
    if group is not None and group.programme_id != programme.pk:
        errors["group"] = [_("The group belongs to another programme.")]
    if group is None and not is_listener and programme.level != EducationLevel.NON_DEGREE:
        errors["group"] = [_("Choose the group: only listeners may have none.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def student_create(
    *,
    actor: Any,
    user: User,
    programme: Programme,
    group: StudentGroup | None,
    record_book_number: str,
    is_listener: bool = False,
    enrolled_on: datetime.date,
    reason: str = "",
) -> Student:
    """Enrol a user as a student (listener) with the first dated status «studying»."""
    if Student.objects.filter(user=user).exists():
        raise ValidationError({"username": [_("This user already has a student record.")]})
    _check_student(
        programme=programme,
        group=group,
        record_book_number=record_book_number,
        is_listener=is_listener,
    )
    student = Student.objects.create(
        user=user,
        programme=programme,
        group=group,
        record_book_number=record_book_number.strip(),
        is_listener=is_listener or programme.level == EducationLevel.NON_DEGREE,
        enrolled_on=enrolled_on,
    )
    StudentStatusChange.objects.create(
        student=student,
        status=StudentStatus.STUDYING,
        date=enrolled_on,
        reason=reason or _("Enrolment"),
        actor=actor if getattr(actor, "is_authenticated", False) else None,
    )
    RoleAssignment.objects.get_or_create(
        user=user,
        role=learner_role(programme, student.is_listener),
        unit=programme.faculty,
        valid_from=None,
    )
    forget_roles(user)
    audit_record(
        actor=actor,
        obj=student,
        action="student_create",
        changes={"record_book_number": student.record_book_number, "group": group},
    )
    return student


def _username_free(username: str) -> bool:
    return not User.objects.filter(username__iexact=username).exists()


@transaction.atomic
def student_account_create(
    *,
    actor: Any,
    username: str,
    last_name: str,
    first_name: str,
    patronymic: str = "",
    email: str = "",
    programme: Programme,
    group: StudentGroup | None,
    record_book_number: str,
    is_listener: bool = False,
    enrolled_on: datetime.date,
) -> Student:
    """A new user account and its student record. The account has no password: the
    student sets one through «Forgot password?» with the e-mail, or the IT office does."""
    username = (username or record_book_number).strip()
    if not username:
        raise ValidationError({"username": [_("Enter the login.")]})
    if not _username_free(username):
        raise ValidationError({"username": [_("This login is already taken.")]})
    user = User(
        username=username,
        last_name=last_name.strip(),
        first_name=first_name.strip(),
        patronymic=patronymic.strip(),
        email=email.strip(),
    )
    user.set_unusable_password()
    user.save()
    return student_create(
        actor=actor,
        user=user,
        programme=programme,
        group=group,
        record_book_number=record_book_number,
        is_listener=is_listener,
        enrolled_on=enrolled_on,
    )


@transaction.atomic
def student_update(
    *,
    student: Student,
    actor: Any,
    group: StudentGroup | None,
    record_book_number: str,
    is_listener: bool,
) -> Student:
    student = Student.objects.select_for_update().select_related("programme").get(pk=student.pk)
    _check_student(
        programme=student.programme,
        group=group,
        record_book_number=record_book_number,
        is_listener=is_listener,
        instance=student,
    )
    new = {
        "group": group,
        "record_book_number": record_book_number.strip(),
        "is_listener": is_listener,
    }
    changes = snapshot_changes(student, new)
    if changes:
        for key, value in new.items():
            setattr(student, key, value)
        student.save(update_fields=[*new.keys(), "updated_at"])
        audit_record(actor=actor, obj=student, action="student_update", changes=changes)
    return student


@transaction.atomic
def student_change_status(
    *,
    student: Student,
    status: str,
    date: datetime.date,
    reason: str = "",
    actor: Any,
) -> StudentStatusChange:
    """A dated change of status: academic leave, return, expulsion, graduation.

    The history is kept in ``StudentStatusChange``; the record shows the latest status.
    """
    student = Student.objects.select_for_update().get(pk=student.pk)
    if status not in StudentStatus.values:
        raise ValidationError({"status": [_("Choose a status from the list.")]})
    if status == student.status:
        raise ValidationError(
            {"status": [_("The student already has this status.")]},
        )
    last = student.status_changes.order_by("-date", "-id").first()
    if last is not None and date < last.date:
        raise ValidationError(
            {
                "date": [
                    _("The date is earlier than the last recorded change (%(date)s).")
                    % {"date": last.date.strftime("%d.%m.%Y")}
                ]
            }
        )
    change = StudentStatusChange.objects.create(
        student=student,
        status=status,
        date=date,
        reason=reason.strip(),
        actor=actor if getattr(actor, "is_authenticated", False) else None,
    )
    old = student.status
    student.status = status
    student.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        obj=student,
        action="student_change_status",
        changes={"status": [old, status], "date": date},
        comment=reason.strip(),
    )
    return change


# --- Semester registration (п. 4.7) ------------------------------------------------------------


@dataclass
class RegistrationResult:
    created: int = 0
    existing: int = 0
    removed: int = 0
    students: int = 0
    curriculum_semester: int = 0
    # Students (ids) with an elective group still without a choice.
    missing_choice: dict[int, list[str]] = field(default_factory=dict)


def registration_lines(group: StudentGroup, semester: Semester) -> list[CurriculumLine]:
    """The lines of the approved РУП for the group's semester; refuses clearly otherwise."""
    curriculum = approved_curriculum(group.programme, group.intake_year)
    if curriculum is None:
        raise ValidationError(
            _(
                "The programme «%(programme)s» has no approved working curriculum (РУП) for "
                "the intake of %(year)s: students can be registered only to an approved РУП."
            )
            % {"programme": group.programme.name, "year": group.intake_year}
        )
    number = semester.curriculum_semester(group.intake_year)
    lines = list(
        curriculum.lines.filter(semester_number=number)
        .select_related("discipline")
        .order_by("order", "id")
    )
    if not lines:
        raise ValidationError(
            _("The approved РУП has no disciplines in semester %(n)s of study (%(semester)s).")
            % {"n": number, "semester": semester}
        )
    return lines


def elective_groups(lines: list[CurriculumLine]) -> dict[str, list[CurriculumLine]]:
    groups: dict[str, list[CurriculumLine]] = defaultdict(list)
    for line in lines:
        if line.is_elective:
            groups[line.elective_group or line.discipline.code].append(line)
    return dict(groups)


@transaction.atomic
def semester_register(
    *,
    group: StudentGroup,
    semester: Semester,
    actor: Any,
    students: list[Student] | None = None,
    electives: dict[int, dict[str, int]] | None = None,
) -> RegistrationResult:
    """Register a group (or some of its students) to the semester's disciplines.

    Compulsory lines go to everyone; of each group of electives a student gets the line
    chosen for them (``electives[student_id][elective_group] = line_id``); a new choice
    replaces the old one. Idempotent: registering again creates nothing twice. Only
    students with the status «studying» are registered.
    """
    group = StudentGroup.objects.select_for_update().select_related("programme").get(pk=group.pk)
    lines = registration_lines(group, semester)
    electives = electives or {}
    by_group = elective_groups(lines)
    line_by_id = {line.pk: line for line in lines}
    compulsory = [line for line in lines if not line.is_elective]
    roster = list(group.students.filter(status=StudentStatus.STUDYING).order_by("pk"))
    if students is not None:
        wanted = {s.pk for s in students}
        outsiders = wanted - {s.pk for s in group.students.all()}
        if outsiders:
            raise ValidationError(_("Only students of the group can be registered with it."))
        roster = [s for s in roster if s.pk in wanted]
        if not roster:
            raise ValidationError(_("The chosen students are not studying now (status)."))
    # Check every choice before writing anything.
    for choices in electives.values():
        for group_name, line_id in choices.items():
            line = line_by_id.get(line_id)
            if line is None or not line.is_elective or group_name not in by_group:
                raise ValidationError(
                    _("The chosen elective is not in this semester of the approved РУП.")
                )
            if line not in by_group[group_name]:
                raise ValidationError(
                    _("The chosen elective does not belong to the group «%(group)s».")
                    % {"group": group_name}
                )
    existing = set(
        SemesterRegistration.objects.filter(
            semester=semester, student__in=roster, curriculum_line__in=lines
        ).values_list("student_id", "curriculum_line_id")
    )
    result = RegistrationResult(
        students=len(roster), curriculum_semester=semester.curriculum_semester(group.intake_year)
    )
    to_create: list[SemesterRegistration] = []
    for student in roster:
        wanted_lines = list(compulsory)
        choices = electives.get(student.pk, {})
        for group_name, options in by_group.items():
            chosen = line_by_id.get(choices[group_name]) if group_name in choices else None
            if chosen is None:
                already = [o for o in options if (student.pk, o.pk) in existing]
                if not already:
                    result.missing_choice.setdefault(student.pk, []).append(group_name)
                continue
            others = [o.pk for o in options if o.pk != chosen.pk]
            removed, _detail = SemesterRegistration.objects.filter(
                student=student, semester=semester, curriculum_line_id__in=others
            ).delete()
            result.removed += removed
            wanted_lines.append(chosen)
        for line in wanted_lines:
            if (student.pk, line.pk) in existing:
                result.existing += 1
                continue
            to_create.append(
                SemesterRegistration(
                    student=student,
                    semester=semester,
                    curriculum_line=line,
                    registered_by=actor if getattr(actor, "is_authenticated", False) else None,
                )
            )
    # The unique constraint makes a concurrent second run harmless too.
    SemesterRegistration.objects.bulk_create(to_create, ignore_conflicts=True)
    result.created = len(to_create)
    if result.created or result.removed:
        audit_record(
            actor=actor,
            obj=group,
            action="semester_register",
            changes={
                "semester": str(semester),
                "students": result.students,
                "created": result.created,
                "removed": result.removed,
            },
        )
    return result


@transaction.atomic
def registration_delete(*, registration: SemesterRegistration, actor: Any) -> None:
    audit_record(
        actor=actor,
        obj=registration.student,
        action="registration_delete",
        changes={"discipline": str(registration.curriculum_line.discipline)},
    )
    registration.delete()


# --- Teaching assignments (п. 4.8) ---------------------------------------------------------------

HOURLY_KINDS = (ClassKind.LECTURE, ClassKind.LAB, ClassKind.PRACTICE)
ASSIGNMENT_FIELDS = (
    "teacher",
    "discipline",
    "group",
    "semester",
    "class_kind",
    "hours",
    "is_external",
)


def _assignment_line(values: dict[str, Any]) -> CurriculumLine | None:
    group: StudentGroup | None = values.get("group")
    if group is None:
        return None
    curriculum = approved_curriculum(group.programme, group.intake_year)
    if curriculum is None:
        return None
    number = values["semester"].curriculum_semester(group.intake_year)
    return curriculum.lines.filter(discipline=values["discipline"], semester_number=number).first()


def _check_assignment(
    values: dict[str, Any], *, staff_ids: set[int], instance: TeachingAssignment | None
) -> None:
    errors: dict[str, list[str]] = {}
    hours: Decimal = values["hours"]
    if hours < ZERO:
        errors["hours"] = [_("Hours cannot be negative.")]
    elif values["class_kind"] in HOURLY_KINDS and hours == ZERO:
        errors["hours"] = [_("Enter the hours of the classes.")]
    teacher: User = values["teacher"]
    if not values["is_external"] and teacher.pk not in staff_ids:
        errors["is_external"] = [
            _("This teacher is not on the department's staff: mark the assignment as external.")
        ]
    duplicate = TeachingAssignment.objects.filter(
        teacher=teacher,
        discipline=values["discipline"],
        group=values.get("group"),
        semester=values["semester"],
        class_kind=values["class_kind"],
    ).exclude(pk=_pk(instance))
    if duplicate.exists():
        errors["class_kind"] = [
            _("This teacher already has this kind of classes of the discipline with the group.")
        ]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def assignment_create(
    *,
    actor: Any,
    teacher: User,
    discipline: Any,
    group: StudentGroup | None,
    semester: Semester,
    class_kind: str,
    hours: Decimal,
    is_external: bool,
    staff_ids: set[int],
) -> TeachingAssignment:
    """Assign a teacher (staff or external, п. 4.8) to classes of a discipline."""
    values: dict[str, Any] = {
        "teacher": teacher,
        "discipline": discipline,
        "group": group,
        "semester": semester,
        "class_kind": class_kind,
        "hours": hours,
        "is_external": is_external,
    }
    _check_assignment(values, staff_ids=staff_ids, instance=None)
    assignment = TeachingAssignment.objects.create(
        **values,
        curriculum_line=_assignment_line(values),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit_record(
        actor=actor,
        obj=assignment,
        action="assignment_create",
        changes=dict(values),
    )
    return assignment


@transaction.atomic
def assignment_update(
    *, assignment: TeachingAssignment, actor: Any, staff_ids: set[int], **values: Any
) -> TeachingAssignment:
    assignment = TeachingAssignment.objects.select_for_update().get(pk=assignment.pk)
    new = {f: values.get(f, getattr(assignment, f)) for f in ASSIGNMENT_FIELDS}
    _check_assignment(new, staff_ids=staff_ids, instance=assignment)
    new["curriculum_line"] = _assignment_line(new)
    changes = snapshot_changes(assignment, new)
    if changes:
        for key, value in new.items():
            setattr(assignment, key, value)
        assignment.save(update_fields=[*new.keys(), "updated_at"])
        audit_record(actor=actor, obj=assignment, action="assignment_update", changes=changes)
    return assignment


@transaction.atomic
def assignment_delete(*, assignment: TeachingAssignment, actor: Any) -> None:
    audit_record(
        actor=actor,
        obj=assignment,
        action="assignment_delete",
        changes={"teacher": assignment.teacher, "discipline": assignment.discipline},
    )
    assignment.delete()


# --- DOT certificates and training (п. 3.3, 4.8, 5.4.6) -------------------------------------------

SCAN_SIGNATURES = {
    "pdf": (b"%PDF-",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
}


def scan_max_bytes() -> int:
    return int(getattr(settings, "DOT_SCAN_MAX_BYTES", 10 * 1024 * 1024))


def validate_scan(upload: IO[bytes] | Any) -> str:
    """The scan's kind by its first bytes (PDF, JPEG or PNG) within the size limit."""
    size = getattr(upload, "size", None)
    limit = scan_max_bytes()
    if size is not None and size > limit:
        raise ValidationError(
            {"scan": [_("The file is larger than %(size)s.") % {"size": filesizeformat(limit)}]}
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for kind, signatures in SCAN_SIGNATURES.items():
        if any(head.startswith(sig) for sig in signatures):
            return kind
    raise ValidationError(
        {"scan": [_("Upload a scan as PDF, JPEG or PNG: the file's content is of another kind.")]}
    )


def _check_certificate(issued_on: datetime.date, valid_until: datetime.date | None) -> None:
    if valid_until is not None and valid_until < issued_on:
        raise ValidationError({"valid_until": [_("The expiry date is before the issue date.")]})


@transaction.atomic
def certificate_create(
    *,
    actor: Any,
    teacher: User,
    kind: str,
    issuer: str,
    number: str = "",
    issued_on: datetime.date,
    valid_until: datetime.date | None = None,
    scan: Any = None,
) -> DotCertificate:
    """Record a certificate or attestation of DOT qualification (п. 3.3)."""
    _check_certificate(issued_on, valid_until)
    if scan:
        validate_scan(scan)
    certificate = DotCertificate(
        teacher=teacher,
        kind=kind,
        issuer=issuer.strip(),
        number=number.strip(),
        issued_on=issued_on,
        valid_until=valid_until,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    if scan:
        certificate.scan.save(getattr(scan, "name", "scan") or "scan", scan, save=False)
    certificate.save()
    audit_record(
        actor=actor,
        obj=certificate,
        action="certificate_create",
        changes={"teacher": teacher, "number": number, "valid_until": valid_until},
    )
    return certificate


@transaction.atomic
def certificate_update(
    *, certificate: DotCertificate, actor: Any, scan: Any = None, **values: Any
) -> DotCertificate:
    certificate = DotCertificate.objects.select_for_update().get(pk=certificate.pk)
    fields = ("kind", "issuer", "number", "issued_on", "valid_until")
    new = {f: values.get(f, getattr(certificate, f)) for f in fields}
    _check_certificate(new["issued_on"], new["valid_until"])
    if scan:
        validate_scan(scan)
    changes = snapshot_changes(certificate, new)
    for key, value in new.items():
        setattr(certificate, key, value)
    update = [*new.keys(), "updated_at"]
    if scan:
        certificate.scan.save(getattr(scan, "name", "scan") or "scan", scan, save=False)
        changes["scan"] = ["", certificate.scan.name]
        update.append("scan")
    if changes:
        certificate.save(update_fields=update)
        audit_record(actor=actor, obj=certificate, action="certificate_update", changes=changes)
    return certificate


@transaction.atomic
def certificate_delete(*, certificate: DotCertificate, actor: Any) -> None:
    audit_record(
        actor=actor,
        obj=certificate,
        action="certificate_delete",
        changes={"teacher": certificate.teacher, "number": certificate.number},
    )
    scan = certificate.scan.name
    certificate.delete()
    if scan:
        storage = DotCertificate._meta.get_field("scan").storage  # type: ignore[attr-defined]
        transaction.on_commit(lambda: storage.delete(scan))


@transaction.atomic
def training_create(
    *,
    actor: Any,
    teacher: User,
    title: str,
    provider: str,
    hours: Decimal,
    start: datetime.date,
    end: datetime.date,
    document_number: str = "",
) -> TrainingRecord:
    """A teacher's DOT training (п. 4.8: the department sends teachers; п. 5.4.6)."""
    if end < start:
        raise ValidationError({"end": [_("The end is before the start.")]})
    if hours <= ZERO:
        raise ValidationError({"hours": [_("Enter the hours of the training.")]})
    record = TrainingRecord.objects.create(
        teacher=teacher,
        title=title.strip(),
        provider=provider.strip(),
        hours=hours,
        start=start,
        end=end,
        document_number=document_number.strip(),
    )
    audit_record(actor=actor, obj=record, action="training_create", changes={"title": title})
    return record


@transaction.atomic
def training_delete(*, record: TrainingRecord, actor: Any) -> None:
    audit_record(actor=actor, obj=record, action="training_delete", changes={"title": record.title})
    record.delete()
