"""The demo university's academic structure: programmes, the 2026–2027 calendar,
disciplines of every department, approved РУП, groups, students, time norms and the
teachers' DOT certificates (one teacher deliberately without one, п. 3.3).

Idempotent: everything is looked up by its natural key and updated; a РУП is sent along
its approval route only while it is still a draft.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction

from dot.accounts.models import User
from dot.org.models import OrgUnit

from . import approval
from .models import (
    AcademicYear,
    ClassKind,
    ControlForm,
    Curriculum,
    CurriculumLine,
    CurriculumStatus,
    Direction,
    Discipline,
    DisciplineModule,
    DotCertificate,
    EducationLevel,
    ExamSession,
    NormUnit,
    Programme,
    Semester,
    Student,
    StudentGroup,
    StudentStatus,
    StudentStatusChange,
    StudyForm,
    TimeNorm,
    TrainingRecord,
)
from .people_demo import seed as seed_people

D = Decimal
EX, CR, GC, CW = (
    ControlForm.EXAM,
    ControlForm.CREDIT,
    ControlForm.GRADED_CREDIT,
    ControlForm.COURSE_WORK,
)

DIRECTIONS = [
    ("560001", "Лечебное дело", EducationLevel.SPECIALIST),
    ("580100", "Экономика", EducationLevel.BACHELOR),
    ("680100", "Экономика (магистратура)", EducationLevel.MASTER),
    ("760100", "Общественное здравоохранение (магистратура)", EducationLevel.MASTER),
    ("КПК-01", "Курсы повышения квалификации", EducationLevel.NON_DEGREE),
]

# code, direction, name, faculty, department, leader, full/extramural/blended, years, ECTS
PROGRAMMES: list[tuple[Any, ...]] = [
    ("ld", "560001", "Лечебное дело", "fldis", "kd", "leader", (1, 0, 0), "6", "360"),
    ("econ-bsc", "580100", "Экономика предприятия", "fem", "em", None, (1, 1, 0), "4", "240"),
    ("fin-msc", "680100", "Финансовый менеджмент", "fem", "em", None, (1, 1, 1), "2", "120"),
    ("ph-msc", "760100", "Общественное здравоохранение", "fldis", "egd", None, (1, 0, 0), "2",
     "120"),
    ("kpk-digital", "КПК-01", "Цифровые технологии в экономике", "fem", "em", None, (0, 0, 1),
     "0.5", "6"),
]  # fmt: skip

# code, name, department
DISCIPLINES = [
    ("ЕГД-101", "Кыргызский язык", "egd"),
    ("ЕГД-102", "История Кыргызстана", "egd"),
    ("ЕГД-103", "Медицинская биология и генетика", "egd"),
    ("ЕГД-104", "Латинский язык и медицинская терминология", "egd"),
    ("ЕГД-105", "Медицинская физика", "egd"),
    ("ЕГД-106", "Философия", "egd"),
    ("ЕГД-107", "Психология общения", "egd"),
    ("ЕГД-108", "Культурология", "egd"),
    ("ЕГД-109", "Медицинская информатика", "egd"),
    ("ЕГД-501", "Эпидемиология", "egd"),
    ("ЕГД-502", "Биостатистика", "egd"),
    ("ЕГД-503", "Организация здравоохранения", "egd"),
    ("МФД-101", "Анатомия человека", "mfd"),
    ("МФД-102", "Гистология, эмбриология, цитология", "mfd"),
    ("МФД-103", "Нормальная физиология", "mfd"),
    ("МФД-104", "Биохимия", "mfd"),
    ("МФД-105", "Микробиология, вирусология и иммунология", "mfd"),
    ("МФД-106", "Патологическая анатомия", "mfd"),
    ("МФД-107", "Фармакология", "mfd"),
    ("МФД-108", "Патологическая физиология", "mfd"),
    ("МФД-501", "Гигиена и экология человека", "mfd"),
    ("КД-301", "Пропедевтика внутренних болезней", "kd"),
    ("КД-302", "Общая хирургия", "kd"),
    ("КД-303", "Курсовая работа по пропедевтике внутренних болезней", "kd"),
    ("КД-304", "Факультетская терапия", "kd"),
    ("КД-305", "Факультетская хирургия", "kd"),
    ("КД-306", "Акушерство и гинекология", "kd"),
    ("СД-301", "Стоматология", "sd"),
    ("ЭМ-101", "Микроэкономика", "em"),
    ("ЭМ-102", "Математика для экономистов", "em"),
    ("ЭМ-103", "Информатика", "em"),
    ("ЭМ-104", "Макроэкономика", "em"),
    ("ЭМ-105", "Статистика", "em"),
    ("ЭМ-106", "Бухгалтерский учёт", "em"),
    ("ЭМ-501", "Финансовый менеджмент (продвинутый курс)", "em"),
    ("ЭМ-502", "Эконометрика", "em"),
    ("ЭМ-503", "Научно-исследовательский семинар", "em"),
    ("ЭМ-504", "Корпоративные финансы", "em"),
    ("ЭМ-505", "Курсовая работа по корпоративным финансам", "em"),
    ("ЭМ-901", "Цифровые инструменты экономиста", "em"),
]

MODULES = {
    "КД-301": [
        ("Методы обследования больного", "2", "60"),
        ("Семиотика заболеваний органов дыхания", "2", "60"),
        ("Семиотика заболеваний сердечно-сосудистой системы", "2", "60"),
    ],
    "ЭМ-501": [
        ("Финансовый анализ", "3", "90"),
        ("Управление оборотным капиталом", "3", "90"),
    ],
}

# (semester, code, ECTS, lectures, labs, practice, СРС, control[, elective group])
LINES: dict[str, list[tuple[Any, ...]]] = {
    "ld": [
        (1, "ЕГД-101", "4", 0, 0, 60, 60, CR),
        (1, "ЕГД-102", "3", 18, 0, 27, 45, EX),
        (1, "МФД-101", "6", 36, 54, 0, 90, EX),
        (1, "ЕГД-103", "5", 30, 45, 0, 75, EX),
        (1, "ЕГД-104", "3", 0, 0, 45, 45, CR),
        (2, "МФД-101", "6", 36, 54, 0, 90, EX),
        (2, "МФД-102", "5", 30, 45, 0, 75, EX),
        (2, "ЕГД-105", "4", 18, 36, 0, 66, GC),
        (2, "ЕГД-106", "3", 18, 0, 27, 45, EX),
        (3, "МФД-103", "6", 36, 54, 0, 90, EX),
        (3, "МФД-104", "5", 30, 45, 0, 75, EX),
        (3, "МФД-105", "4", 18, 36, 0, 66, EX),
        (4, "МФД-106", "5", 30, 45, 0, 75, EX),
        (4, "МФД-107", "5", 30, 0, 45, 75, EX),
        (4, "ЕГД-107", "2", 0, 0, 30, 30, CR, "В1"),
        (4, "ЕГД-108", "2", 0, 0, 30, 30, CR, "В1"),
        (5, "КД-301", "6", 36, 0, 54, 90, EX),
        (5, "КД-302", "5", 30, 0, 45, 75, EX),
        (5, "МФД-108", "5", 30, 45, 0, 75, EX),
        (5, "СД-301", "3", 18, 0, 27, 45, CR),
        (5, "КД-303", "2", 0, 0, 0, 60, CW),
        (6, "КД-304", "6", 36, 0, 54, 90, EX),
        (6, "КД-305", "6", 36, 0, 54, 90, EX),
        (6, "КД-306", "5", 30, 0, 45, 75, EX),
        (6, "ЕГД-109", "3", 18, 27, 0, 45, GC),
    ],
    "econ-bsc": [
        (1, "ЭМ-101", "5", 30, 0, 45, 75, EX),
        (1, "ЭМ-102", "5", 30, 0, 45, 75, EX),
        (1, "ЭМ-103", "4", 18, 42, 0, 60, GC),
        (1, "ЕГД-102", "3", 18, 0, 27, 45, EX),
        (2, "ЭМ-104", "5", 30, 0, 45, 75, EX),
        (2, "ЭМ-105", "4", 18, 0, 42, 60, EX),
        (2, "ЭМ-106", "5", 30, 0, 45, 75, EX),
        (2, "ЕГД-106", "3", 18, 0, 27, 45, CR),
    ],
    "fin-msc": [
        (1, "ЭМ-501", "6", 24, 0, 36, 120, EX),
        (1, "ЭМ-502", "5", 18, 18, 24, 90, EX),
        (1, "ЭМ-503", "4", 0, 0, 30, 90, CR),
        (2, "ЭМ-504", "6", 24, 0, 36, 120, EX),
        (2, "ЭМ-505", "3", 0, 0, 0, 90, CW),
    ],
    "ph-msc": [
        (1, "ЕГД-501", "6", 24, 0, 36, 120, EX),
        (1, "ЕГД-502", "5", 18, 24, 18, 90, EX),
        (1, "МФД-501", "5", 18, 0, 42, 90, EX),
        (2, "ЕГД-503", "6", 24, 0, 36, 120, EX),
    ],
    "kpk-digital": [
        (1, "ЭМ-901", "6", 18, 36, 0, 126, CR),
    ],
}
INTAKES = {"ld": 2024, "econ-bsc": 2026, "fin-msc": 2026, "ph-msc": 2026, "kpk-digital": 2026}

NORMS = [
    (ClassKind.LECTURE, NormUnit.PER_HOUR, "1", "1 час за 1 академический час лекций"),
    (ClassKind.LAB, NormUnit.PER_HOUR, "1", "на подгруппу"),
    (ClassKind.PRACTICE, NormUnit.PER_HOUR, "1", ""),
    (ClassKind.EXAM, NormUnit.PER_STUDENT, "0.33", "устный экзамен"),
    (ClassKind.CREDIT, NormUnit.PER_STUDENT, "0.25", ""),
    (ClassKind.CONSULTATION, NormUnit.PER_GROUP, "2", "перед экзаменом"),
    (ClassKind.COURSE_WORK, NormUnit.PER_WORK, "3", "руководство и приём"),
]


def _user(username: str | None) -> User | None:
    return User.objects.filter(username=username).first() if username else None


def _calendar() -> None:
    year, _ = AcademicYear.objects.update_or_create(
        title="2026–2027",
        defaults={"start": datetime.date(2026, 9, 1), "end": datetime.date(2027, 6, 30)},
    )
    spans = {
        1: ((2026, 9, 1), (2027, 1, 31), (2027, 1, 5), (2027, 1, 25)),
        2: ((2027, 2, 1), (2027, 6, 30), (2027, 6, 1), (2027, 6, 25)),
    }
    for number, (start, end, s_start, s_end) in spans.items():
        semester, _ = Semester.objects.update_or_create(
            academic_year=year,
            number=number,
            defaults={"start": datetime.date(*start), "end": datetime.date(*end)},
        )
        ExamSession.objects.update_or_create(
            semester=semester,
            kind=ExamSession.Kind.REGULAR,
            defaults={"start": datetime.date(*s_start), "end": datetime.date(*s_end)},
        )


def _curricula(programmes: dict[str, Programme], disciplines: dict[str, Discipline]) -> None:
    heads = {"kd": "head_kd", "em": "head_em", "egd": "head_egd"}
    uo, vicerector = _user("uo"), _user("vicerector")
    for code, rows in LINES.items():
        programme = programmes[code]
        curriculum, _ = Curriculum.objects.get_or_create(
            programme=programme, intake_year=INTAKES[code], version=1
        )
        if curriculum.status != CurriculumStatus.DRAFT:
            continue
        curriculum.lines.all().delete()
        CurriculumLine.objects.bulk_create(
            CurriculumLine(
                curriculum=curriculum,
                order=i,
                discipline=disciplines[row[1]],
                semester_number=row[0],
                ects=D(row[2]),
                lecture_hours=D(row[3]),
                lab_hours=D(row[4]),
                practice_hours=D(row[5]),
                srs_hours=D(row[6]),
                control_form=row[7],
                is_elective=len(row) > 8,
                elective_group=row[8] if len(row) > 8 else "",
            )
            for i, row in enumerate(rows, start=1)
        )
        # Along the real route, so that the timeline shows who agreed and approved.
        head = _user(heads[programme.department.code])
        approval.submit(curriculum=curriculum, actor=head, comment="РУП сформирован кафедрой.")
        approval.decide(curriculum=curriculum, actor=uo, decision="approve", comment="Согласовано.")
        approval.decide(curriculum=curriculum, actor=vicerector, decision="approve")


def _people(programmes: dict[str, Programme]) -> None:
    groups = {
        "ЛД-1-24": ("ld", 2024, StudyForm.FULL_TIME, False, "tutor"),
        "ЭП-1-26": ("econ-bsc", 2026, StudyForm.FULL_TIME, False, None),
        "ФМ-1-26з": ("fin-msc", 2026, StudyForm.EXTRAMURAL, True, None),
        "ОЗ-1-26": ("ph-msc", 2026, StudyForm.FULL_TIME, False, None),
    }
    made: dict[str, StudentGroup] = {}
    for name, (prog, intake, form, dot, tutor) in groups.items():
        made[name], _ = StudentGroup.objects.update_or_create(
            name=name,
            defaults={
                "programme": programmes[prog],
                "intake_year": intake,
                "study_form": form,
                "is_dot_group": dot,
                "tutor": _user(tutor),
            },
        )
    students = [
        ("student", "ЛД-1-24", "ld", "ЛД-24-0001", False, datetime.date(2024, 9, 1)),
        ("master", "ФМ-1-26з", "fin-msc", "ФМ-26-0001", False, datetime.date(2026, 9, 1)),
        ("listener", None, "kpk-digital", "КПК-26-0001", True, datetime.date(2026, 10, 1)),
    ]
    for username, group, prog, book, listener, enrolled in students:
        user = _user(username)
        if user is None:
            continue
        student, created = Student.objects.update_or_create(
            user=user,
            defaults={
                "group": made.get(group) if group else None,
                "programme": programmes[prog],
                "record_book_number": book,
                "is_listener": listener,
                "enrolled_on": enrolled,
            },
        )
        if created:
            StudentStatusChange.objects.create(
                student=student,
                status=StudentStatus.STUDYING,
                date=enrolled,
                reason="Приказ о зачислении",
            )


def _teachers() -> None:
    certificates = [
        # teacher: valid for years; head_kd: expires within 60 days of the demo's autumn;
        # teacher2 holds none (п. 3.3: blocks DOT rows in study plans).
        ("teacher", "ДОТ-2025-014", datetime.date(2025, 2, 10), datetime.date(2028, 2, 9)),
        ("head_kd", "ДОТ-2023-003", datetime.date(2023, 12, 20), datetime.date(2026, 12, 31)),
    ]
    for username, number, issued, until in certificates:
        user = _user(username)
        if user is None:
            continue
        DotCertificate.objects.update_or_create(
            teacher=user,
            number=number,
            defaults={
                "issuer": "ОИТЦ ОУ «РМУ»",
                "issued_on": issued,
                "valid_until": until,
                "kind": DotCertificate.Kind.CERTIFICATE,
            },
        )
    teacher2 = _user("teacher2")
    if teacher2 is not None:
        TrainingRecord.objects.update_or_create(
            teacher=teacher2,
            title="Разработка электронных учебно-методических комплексов",
            defaults={
                "provider": "ОИТЦ ОУ «РМУ»",
                "hours": D("36"),
                "start": datetime.date(2026, 11, 16),
                "end": datetime.date(2026, 12, 4),
            },
        )
    for activity, unit, hours, note in NORMS:
        TimeNorm.objects.update_or_create(
            activity=activity,
            valid_from=datetime.date(2026, 9, 1),
            defaults={"unit": unit, "hours": D(hours), "note": note},
        )


@transaction.atomic
def seed(units: dict[str, OrgUnit]) -> None:
    directions = {}
    for code, name, level in DIRECTIONS:
        directions[code], _ = Direction.objects.update_or_create(
            code=code, defaults={"name": name, "level": level}
        )
    programmes: dict[str, Programme] = {}
    for code, direction, name, faculty, dept, leader, forms, years, ects in PROGRAMMES:
        programmes[code], _ = Programme.objects.update_or_create(
            code=code,
            defaults={
                "direction": directions[direction],
                "name": name,
                "level": directions[direction].level,
                "faculty": units[faculty],
                "department": units[dept],
                "leader": _user(leader),
                "allows_full_time": bool(forms[0]),
                "allows_extramural": bool(forms[1]),
                "allows_blended": bool(forms[2]),
                "duration_years": D(years),
                "total_ects": D(ects),
            },
        )
    disciplines: dict[str, Discipline] = {}
    for code, name, dept in DISCIPLINES:
        disciplines[code], _ = Discipline.objects.update_or_create(
            code=code, defaults={"name": name, "department": units[dept]}
        )
    for code, modules in MODULES.items():
        for order, (title, ects, hours) in enumerate(modules, start=1):
            DisciplineModule.objects.update_or_create(
                discipline=disciplines[code],
                order=order,
                defaults={"title": title, "ects": D(ects), "hours": D(hours)},
            )
    _calendar()
    _curricula(programmes, disciplines)
    _people(programmes)
    _teachers()
    seed_people(units)  # groups, students, assignments, registration, certificates
