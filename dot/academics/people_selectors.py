"""Reads of the people side: teachers' load by the time norms (п. 5.4.4), the DOT
certificate registry (п. 3.3), students' semester disciplines (п. 4.7).

Every figure is ``Decimal``; every function runs a fixed number of queries whatever the
number of rows (the norms, the group sizes and the registration counts are each loaded
in one query and joined in memory).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from dot.accounts.models import User
from dot.org.models import OrgUnit

from .models import (
    ZERO,
    ClassKind,
    DotCertificate,
    NormUnit,
    Semester,
    SemesterRegistration,
    Student,
    StudentStatus,
    TeachingAssignment,
    TimeNorm,
)
from .people_permissions import staff_ids_q
from .selectors import valid_dot_certificates

EXPIRY_WARNING_DAYS = 60


def _num(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


# --- Semesters -----------------------------------------------------------------------------


def current_semester(on_date: datetime.date | None = None) -> Semester | None:
    """The semester running on the date, else the latest one that started before it,
    else the earliest one in the calendar."""
    on_date = on_date or timezone.localdate()
    qs = Semester.objects.select_related("academic_year")
    return (
        qs.filter(start__lte=on_date, end__gte=on_date).first()
        or qs.filter(start__lte=on_date).order_by("-start").first()
        or qs.order_by("start").first()
    )


# --- Workload (п. 5.4.4: teachers' load is counted by the full-time time norms) ------------


def norms_on(on_date: datetime.date) -> dict[str, TimeNorm]:
    """The norm in force on the date per activity: the latest ``valid_from`` ≤ date."""
    norms: dict[str, TimeNorm] = {}
    for norm in TimeNorm.objects.filter(valid_from__lte=on_date).order_by(
        "activity", "-valid_from"
    ):
        norms.setdefault(norm.activity, norm)
    return norms


@dataclass
class WorkloadRow:
    assignment: TeachingAssignment
    norm: TimeNorm | None
    quantity: Decimal
    load: Decimal
    basis: str

    @property
    def missing_norm(self) -> bool:
        return self.norm is None


@dataclass
class TeacherLoad:
    teacher: User
    rows: list[WorkloadRow] = field(default_factory=list)
    total: Decimal = ZERO
    by_kind: dict[str, Decimal] = field(default_factory=dict)
    missing_norms: int = 0

    def kind_total(self, kind: str) -> Decimal:
        return self.by_kind.get(kind, ZERO)


PER_STUDENT_UNITS = (NormUnit.PER_STUDENT, NormUnit.PER_WORK)


def _group_sizes(group_ids: Iterable[int]) -> dict[int, int]:
    rows = (
        Student.objects.filter(group_id__in=set(group_ids), status=StudentStatus.STUDYING)
        .values("group_id")
        .annotate(n=Count("id"))
    )
    return {r["group_id"]: r["n"] for r in rows}


def _registered_counts(
    assignments: list[TeachingAssignment],
) -> dict[tuple[int, int, int], int]:
    """(group, semester, discipline) → students of the group registered to it."""
    keys = {(a.group_id, a.semester_id, a.discipline_id) for a in assignments if a.group_id}
    if not keys:
        return {}
    q = Q(pk__in=[])
    for group_id, semester_id, discipline_id in keys:
        q |= Q(
            student__group_id=group_id,
            semester_id=semester_id,
            curriculum_line__discipline_id=discipline_id,
        )
    rows = (
        SemesterRegistration.objects.filter(q)
        .values("student__group_id", "semester_id", "curriculum_line__discipline_id")
        .annotate(n=Count("student_id", distinct=True))
    )
    return {
        (r["student__group_id"], r["semester_id"], r["curriculum_line__discipline_id"]): r["n"]
        for r in rows
    }


def workload_rows(assignments: Iterable[TeachingAssignment]) -> list[WorkloadRow]:
    """Each assignment's load by the norm in force at its semester's start.

    * per academic hour (lectures, labs, practice, consultations by the hour):
      assigned hours × norm;
    * per student (exam, credit) and per work (course work): students × norm, where the
      students are those of the group registered to the discipline in that semester,
      or, before registration, the group's studying students;
    * per group (e.g. a consultation before an exam): norm × 1.
    """
    items = list(assignments)
    sizes = _group_sizes(a.group_id for a in items if a.group_id)
    registered = _registered_counts(items)
    norm_cache: dict[datetime.date, dict[str, TimeNorm]] = {}
    rows: list[WorkloadRow] = []
    for a in items:
        start = a.semester.start
        if start not in norm_cache:
            norm_cache[start] = norms_on(start)
        norm = norm_cache[start].get(a.class_kind)
        if norm is None:
            rows.append(
                WorkloadRow(a, None, a.hours, ZERO, _("no time norm in force for this activity"))
            )
            continue
        if norm.unit == NormUnit.PER_HOUR:
            quantity = a.hours
            basis = _("%(q)s h × %(n)s") % {"q": _num(quantity), "n": _num(norm.hours)}
        elif norm.unit in PER_STUDENT_UNITS:
            key = (a.group_id or 0, a.semester_id, a.discipline_id)
            students = registered.get(key) or sizes.get(a.group_id or 0, 0)
            quantity = Decimal(students)
            basis = _("%(q)s students × %(n)s h") % {"q": students, "n": _num(norm.hours)}
        else:
            quantity = Decimal(1)
            basis = _("1 group × %(n)s h") % {"n": _num(norm.hours)}
        rows.append(WorkloadRow(a, norm, quantity, quantity * norm.hours, basis))
    return rows


def workload_by_teacher(assignments: QuerySet[TeachingAssignment]) -> list[TeacherLoad]:
    """Loads of every teacher in ``assignments``, by teacher name (fixed query count)."""
    qs = assignments.select_related(
        "teacher", "discipline", "group", "semester", "semester__academic_year"
    ).order_by("teacher__last_name", "teacher__first_name", "teacher_id", "discipline__name")
    loads: dict[int, TeacherLoad] = {}
    for row in workload_rows(qs):
        teacher = row.assignment.teacher
        load = loads.setdefault(teacher.pk, TeacherLoad(teacher))
        load.rows.append(row)
        load.total += row.load
        kind = row.assignment.class_kind
        load.by_kind[kind] = load.by_kind.get(kind, ZERO) + row.load
        load.missing_norms += row.missing_norm
    return list(loads.values())


def department_assignments(
    department: OrgUnit, semester: Semester | None
) -> QuerySet[TeachingAssignment]:
    qs = TeachingAssignment.objects.filter(discipline__department__path__startswith=department.path)
    if semester is not None:
        qs = qs.filter(semester=semester)
    return qs


KIND_COLUMNS = [kind.value for kind in ClassKind]


# --- DOT certificates (п. 3.3) ---------------------------------------------------------------


class CertificateState:
    VALID = "valid"
    EXPIRING = "expiring"
    MISSING = "missing"


@dataclass
class TeacherCertificateStatus:
    teacher: User
    state: str
    certificate: DotCertificate | None
    days_left: int | None
    last_expired: DotCertificate | None = None

    @property
    def label(self) -> str:
        if self.state == CertificateState.VALID:
            return _("valid")
        if self.state == CertificateState.EXPIRING:
            return _("expires within %(days)s days") % {"days": EXPIRY_WARNING_DAYS}
        return _("no valid certificate")


def _best(certificates: list[DotCertificate]) -> DotCertificate | None:
    """The certificate that stays valid longest (no expiry beats any date)."""
    if not certificates:
        return None
    return max(certificates, key=lambda c: (c.valid_until is None, c.valid_until or c.issued_on))


def certificate_statuses(
    teachers: Iterable[User], on_date: datetime.date | None = None
) -> list[TeacherCertificateStatus]:
    """п. 3.3 per teacher on the date: valid; valid but expiring within 60 days
    (``valid_until`` ≤ date + 60 — the 60th day is included); or missing (none valid)."""
    on_date = on_date or timezone.localdate()
    people = list(teachers)
    valid: dict[int, list[DotCertificate]] = defaultdict(list)
    for cert in valid_dot_certificates(on_date).filter(teacher__in=[t.pk for t in people]):
        valid[cert.teacher_id].append(cert)
    expired: dict[int, DotCertificate] = {}
    for cert in DotCertificate.objects.filter(
        teacher__in=[t.pk for t in people], valid_until__lt=on_date
    ).order_by("teacher_id", "-valid_until"):
        expired.setdefault(cert.teacher_id, cert)
    horizon = on_date + datetime.timedelta(days=EXPIRY_WARNING_DAYS)
    result: list[TeacherCertificateStatus] = []
    for teacher in people:
        best = _best(valid.get(teacher.pk, []))
        if best is None:
            result.append(
                TeacherCertificateStatus(
                    teacher, CertificateState.MISSING, None, None, expired.get(teacher.pk)
                )
            )
            continue
        days = (best.valid_until - on_date).days if best.valid_until else None
        state = (
            CertificateState.EXPIRING
            if best.valid_until is not None and best.valid_until <= horizon
            else CertificateState.VALID
        )
        result.append(TeacherCertificateStatus(teacher, state, best, days))
    return result


def department_teachers(department: OrgUnit) -> QuerySet[User]:
    """The department's staff (a teaching role held there now) and anyone assigned to
    teach its disciplines (external teachers, п. 4.8)."""
    assigned = TeachingAssignment.objects.filter(
        discipline__department__path__startswith=department.path
    ).values("teacher_id")
    return (
        User.objects.filter(staff_ids_q([department.path]) | Q(pk__in=assigned))
        .distinct()
        .order_by("last_name", "first_name", "patronymic", "pk")
    )


def department_staff_ids(department: OrgUnit) -> set[int]:
    return set(User.objects.filter(staff_ids_q([department.path])).values_list("pk", flat=True))


# --- A student's disciplines (п. 4.7) ------------------------------------------------------


@dataclass
class MyDiscipline:
    registration: SemesterRegistration
    teachers: list[str]


def student_semesters(student: Student) -> QuerySet[Semester]:
    return (
        Semester.objects.filter(registrations__student=student)
        .select_related("academic_year")
        .distinct()
        .order_by("-start")
    )


def student_disciplines(student: Student, semester: Semester) -> list[MyDiscipline]:
    """The student's registered disciplines of a semester with their teachers (2 queries)."""
    registrations = list(
        SemesterRegistration.objects.filter(student=student, semester=semester)
        .select_related("curriculum_line", "curriculum_line__discipline")
        .select_related("curriculum_line__discipline__department")
        .order_by("curriculum_line__order", "curriculum_line__discipline__name")
    )
    teachers: dict[int, list[str]] = defaultdict(list)
    if student.group_id:
        for a in (
            TeachingAssignment.objects.filter(
                group_id=student.group_id,
                semester=semester,
                discipline_id__in=[r.curriculum_line.discipline_id for r in registrations],
            )
            .select_related("teacher")
            .order_by("class_kind")
        ):
            label = f"{a.teacher.short_name} ({a.get_class_kind_display().lower()})"
            teachers[a.discipline_id].append(label)
    return [
        MyDiscipline(r, teachers.get(r.curriculum_line.discipline_id, [])) for r in registrations
    ]


def group_registration_counts(group_ids: Iterable[int], semester: Semester) -> dict[int, int]:
    rows = (
        SemesterRegistration.objects.filter(student__group_id__in=set(group_ids), semester=semester)
        .values("student__group_id")
        .annotate(n=Count("id"))
    )
    return {r["student__group_id"]: r["n"] for r in rows}
