"""Demo data of the people side: groups, students (the demo users «student» and
«master» among them), teaching assignments of «teacher», «teacher2» and «head_kd», the
autumn registration of ЛД-1-24, and DOT certificates in every state (п. 3.3): valid,
expiring within 60 days, expired, none.

Idempotent, and tolerant: whatever the programmes, semesters or users of the demo are not
there yet (``demo.py`` seeds them) is skipped, never an error. Call ``seed(units)`` after
``demo.seed(units)``.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from dot.accounts.models import RoleAssignment, User
from dot.org.models import OrgUnit

from .models import (
    ClassKind,
    Discipline,
    DotCertificate,
    Programme,
    Semester,
    Student,
    StudentGroup,
    StudentStatus,
    StudentStatusChange,
    StudyForm,
    TeachingAssignment,
    TrainingRecord,
)
from .people_services import learner_role, semester_register
from .selectors import approved_curriculum

DEMO_PASSWORD = "demo1234"  # noqa: S105 - the demo's printed, public password

# name: programme code, intake, form, DOT group
GROUPS: dict[str, tuple[str, int, str, bool]] = {
    "ЛД-1-24": ("ld", 2024, StudyForm.FULL_TIME, False),
    "ЛД-2-24": ("ld", 2024, StudyForm.FULL_TIME, True),
    "ЭП-1-26": ("econ-bsc", 2026, StudyForm.FULL_TIME, False),
    "ФМ-1-26з": ("fin-msc", 2026, StudyForm.EXTRAMURAL, True),
    "ОЗ-1-26": ("ph-msc", 2026, StudyForm.FULL_TIME, False),
}

# username, last, first, patronymic, group, record book (the demo users come first)
STUDENTS = [
    ("student", "", "", "", "ЛД-1-24", "ЛД-24-0001"),
    ("master", "", "", "", "ФМ-1-26з", "ФМ-26-0001"),
    ("ld24-0002", "Алиева", "Айжамал", "Русланова", "ЛД-1-24", "ЛД-24-0002"),
    ("ld24-0003", "Бакиров", "Эмир", "Азаматович", "ЛД-1-24", "ЛД-24-0003"),
    ("ld24-0004", "Ким", "Виктория", "Сергеевна", "ЛД-1-24", "ЛД-24-0004"),
    ("ld24-0005", "Орозбеков", "Нурсултан", "Талгатович", "ЛД-1-24", "ЛД-24-0005"),
    ("ld24-0006", "Садыкова", "Мээрим", "Кубанычбековна", "ЛД-2-24", "ЛД-24-0006"),
    ("ld24-0007", "Токтогулов", "Адилет", "Маратович", "ЛД-2-24", "ЛД-24-0007"),
    ("ep26-0001", "Иманова", "Алина", "Эркиновна", "ЭП-1-26", "ЭП-26-0001"),
    ("ep26-0002", "Жээнбеков", "Тимур", "Усенович", "ЭП-1-26", "ЭП-26-0002"),
    ("fm26-0002", "Мамытов", "Руслан", "Бекболотович", "ФМ-1-26з", "ФМ-26-0002"),
    ("oz26-0001", "Абдрахманова", "Гулина", "Асылбековна", "ОЗ-1-26", "ОЗ-26-0001"),
]

# teacher, discipline code, group, semester number (1 autumn, 2 spring), kind, hours, external
ASSIGNMENTS: list[tuple[str, str, str, int, str, str, bool]] = [
    ("teacher", "КД-301", "ЛД-1-24", 1, ClassKind.LECTURE, "36", False),
    ("teacher", "КД-301", "ЛД-1-24", 1, ClassKind.PRACTICE, "54", False),
    ("teacher", "КД-301", "ЛД-1-24", 1, ClassKind.EXAM, "0", False),
    ("teacher", "КД-301", "ЛД-1-24", 1, ClassKind.CONSULTATION, "2", False),
    ("teacher", "КД-303", "ЛД-1-24", 1, ClassKind.COURSE_WORK, "0", False),
    ("head_kd", "КД-302", "ЛД-1-24", 1, ClassKind.LECTURE, "30", False),
    ("head_kd", "КД-302", "ЛД-1-24", 1, ClassKind.PRACTICE, "45", False),
    ("head_kd", "КД-302", "ЛД-1-24", 1, ClassKind.EXAM, "0", False),
    ("teacher", "КД-301", "ЛД-2-24", 1, ClassKind.LECTURE, "36", False),
    ("head_kd", "КД-302", "ЛД-2-24", 1, ClassKind.LECTURE, "30", False),
    ("teacher2", "МФД-108", "ЛД-1-24", 1, ClassKind.LECTURE, "30", False),
    ("teacher2", "МФД-108", "ЛД-1-24", 1, ClassKind.LAB, "45", False),
    ("teacher2", "МФД-108", "ЛД-1-24", 1, ClassKind.EXAM, "0", False),
    # п. 4.8: an external teacher — a staff member of МФД teaches a КД discipline.
    ("teacher2", "КД-304", "ЛД-1-24", 2, ClassKind.PRACTICE, "54", True),
]


def _users(names: set[str]) -> dict[str, User]:
    return {u.username: u for u in User.objects.filter(username__in=names)}


def _groups() -> dict[str, StudentGroup]:
    programmes = {
        p.code: p for p in Programme.objects.filter(code__in={g[0] for g in GROUPS.values()})
    }
    made: dict[str, StudentGroup] = {}
    for name, (code, intake, form, dot) in GROUPS.items():
        programme = programmes.get(code)
        if programme is None:
            continue
        group, _created = StudentGroup.objects.get_or_create(
            name=name,
            defaults={
                "programme": programme,
                "intake_year": intake,
                "study_form": form,
                "is_dot_group": dot,
            },
        )
        made[name] = group
    return made


def _students(groups: dict[str, StudentGroup]) -> None:
    users = _users({s[0] for s in STUDENTS})
    for username, last, first, patronymic, group_name, book in STUDENTS:
        group = groups.get(group_name)
        if group is None:
            continue
        user = users.get(username)
        if user is None:
            if not last:  # a demo user of org/demo.py that is not there: skip
                continue
            user = User(
                username=username,
                last_name=last,
                first_name=first,
                patronymic=patronymic,
                email=f"{username}@rmu.example",
                position=f"Студент группы {group_name}",
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
        if Student.objects.filter(user=user).exists():
            continue
        if Student.objects.filter(record_book_number=book).exists():
            continue
        enrolled = datetime.date(group.intake_year, 9, 1)
        student = Student.objects.create(
            user=user,
            group=group,
            programme=group.programme,
            record_book_number=book,
            enrolled_on=enrolled,
        )
        StudentStatusChange.objects.create(
            student=student,
            status=StudentStatus.STUDYING,
            date=enrolled,
            reason="Приказ о зачислении",
        )
        RoleAssignment.objects.get_or_create(
            user=user,
            role=learner_role(group.programme, False),
            unit=group.programme.faculty,
            valid_from=None,
        )
    # One student on academic leave, to show the dated status history.
    on_leave = Student.objects.filter(record_book_number="ЛД-24-0005").first()
    if on_leave is not None and on_leave.status == StudentStatus.STUDYING:
        on_leave.status = StudentStatus.ACADEMIC_LEAVE
        on_leave.save(update_fields=["status", "updated_at"])
        StudentStatusChange.objects.create(
            student=on_leave,
            status=StudentStatus.ACADEMIC_LEAVE,
            date=datetime.date(2026, 10, 12),
            reason="Приказ № 412-с от 12.10.2026 (по состоянию здоровья)",
        )


def _semesters() -> dict[int, Semester]:
    return {
        s.number: s
        for s in Semester.objects.filter(academic_year__title="2026–2027").select_related(
            "academic_year"
        )
    }


def _assignments(groups: dict[str, StudentGroup], semesters: dict[int, Semester]) -> None:
    users = _users({a[0] for a in ASSIGNMENTS})
    disciplines = {
        d.code: d for d in Discipline.objects.filter(code__in={a[1] for a in ASSIGNMENTS})
    }
    for username, code, group_name, number, kind, hours, external in ASSIGNMENTS:
        teacher, discipline = users.get(username), disciplines.get(code)
        group, semester = groups.get(group_name), semesters.get(number)
        if teacher is None or discipline is None or group is None or semester is None:
            continue
        line = None
        curriculum = approved_curriculum(group.programme, group.intake_year)
        if curriculum is not None:
            line = curriculum.lines.filter(
                discipline=discipline,
                semester_number=semester.curriculum_semester(group.intake_year),
            ).first()
        TeachingAssignment.objects.update_or_create(
            teacher=teacher,
            discipline=discipline,
            group=group,
            semester=semester,
            class_kind=kind,
            defaults={"hours": Decimal(hours), "is_external": external, "curriculum_line": line},
        )


def _registration(groups: dict[str, StudentGroup], semesters: dict[int, Semester]) -> None:
    group, autumn = groups.get("ЛД-1-24"), semesters.get(1)
    if group is None or autumn is None:
        return
    deans = User.objects.filter(username="deanoffice").first()
    try:
        semester_register(group=group, semester=autumn, actor=deans)
    except ValidationError:
        return  # no approved РУП yet: the dean's office registers later


def _certificates() -> None:
    today = timezone.localdate()
    users = _users({"leader", "teacher2", "teacher"})
    # Expiring within 60 days of the day the demo is seeded (п. 3.3 warning).
    leader = users.get("leader")
    if leader is not None:
        DotCertificate.objects.update_or_create(
            teacher=leader,
            number="ДОТ-2024-021",
            defaults={
                "kind": DotCertificate.Kind.ATTESTATION,
                "issuer": "ОИТЦ ОУ «РМУ»",
                "issued_on": today - datetime.timedelta(days=700),
                "valid_until": today + datetime.timedelta(days=30),
            },
        )
    # Expired: teacher2 holds no valid certificate (blocks DOT rows of study plans).
    teacher2 = users.get("teacher2")
    if teacher2 is not None:
        DotCertificate.objects.update_or_create(
            teacher=teacher2,
            number="ДОТ-2022-007",
            defaults={
                "kind": DotCertificate.Kind.CERTIFICATE,
                "issuer": "Центр дистанционного обучения КНУ",
                "issued_on": datetime.date(2022, 3, 1),
                "valid_until": datetime.date(2025, 2, 28),
            },
        )
    teacher = users.get("teacher")
    if teacher is not None:
        TrainingRecord.objects.update_or_create(
            teacher=teacher,
            title="Использование ДОТ в учебном процессе",
            defaults={
                "provider": "ОИТЦ ОУ «РМУ»",
                "hours": Decimal("72"),
                "start": datetime.date(2025, 1, 13),
                "end": datetime.date(2025, 2, 7),
                "document_number": "УД-2025-0114",
            },
        )


@transaction.atomic
def seed(units: dict[str, OrgUnit] | Any = None) -> None:
    groups = _groups()
    _students(groups)
    semesters = _semesters()
    _assignments(groups, semesters)
    _registration(groups, semesters)
    _certificates()
