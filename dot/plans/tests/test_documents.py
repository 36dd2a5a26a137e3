"""The ИУП as the Appendix 1 form (п. 5.5.1): the PDF and the DOCX, checked field by field.

The PDF's text is extracted with pypdf and compared with the plan, its rows and the
decisions recorded on the ``study_plan`` route (names «Фамилия И. О.» and dates of the
dean's approval, the student's acknowledgement and the two agreements)."""

from __future__ import annotations

import datetime
import io
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone, translation
from docx import Document
from docx.enum.section import WD_ORIENT
from pypdf import PdfReader

from dot.academics import models as am
from dot.academics.tests.factories import (
    CurriculumFactory,
    CurriculumLineFactory,
    DepartmentFactory,
    DirectionFactory,
    DisciplineFactory,
    DotCertificateFactory,
    FacultyFactory,
    ProgrammeFactory,
    SemesterFactory,
    StudentFactory,
    StudentGroupFactory,
)
from dot.accounts.models import Role, User
from dot.core.approval import approval_decide, approval_submit
from dot.core.models import ApprovalDecision, ApprovalReview, ApprovalStatus
from dot.plans import documents
from dot.plans.documents import appendix1_context, render_docx, render_pdf
from dot.plans.permissions import department_rows
from dot.plans.models import (
    DotApplication,
    DotApplicationLine,
    DotOrder,
    DotOrderItem,
    ReasonKind,
    StudyPlan,
    StudyPlanRow,
)
from dot.testing.factories import RoleAssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db
D = Decimal


@dataclass
class World:
    plan: StudyPlan
    student: User
    dean: User
    office: User
    head_anatomy: User
    head_physiology: User
    teachers: list[User]
    rows: list[StudyPlanRow]


def _user(username: str, last: str, first: str, patronymic: str) -> User:
    return UserFactory.create(
        username=username, last_name=last, first_name=first, patronymic=patronymic
    )


def _world() -> World:
    faculty = FacultyFactory.create(name="Лечебный факультет", name_ky="Дарылоо факультети")
    anatomy = DepartmentFactory.create(name="Кафедра анатомии", parent=faculty)
    physiology = DepartmentFactory.create(name="Кафедра физиологии", parent=faculty)
    programme = ProgrammeFactory.create(
        direction=DirectionFactory.create(code="560001", name="Лечебное дело"),
        name="Общая медицина",
        department=anatomy,
        faculty=faculty,
    )
    curriculum = CurriculumFactory.create(
        programme=programme, intake_year=2026, status=am.CurriculumStatus.APPROVED
    )
    line_1 = CurriculumLineFactory.create(
        curriculum=curriculum,
        discipline=DisciplineFactory.create(
            name="Анатомия человека", name_ky="Адамдын анатомиясы", department=anatomy
        ),
        ects=D("4.5"),
        lecture_hours=D("30"),
        lab_hours=D("16"),
        practice_hours=D("14"),
        srs_hours=D("75"),
    )
    line_2 = CurriculumLineFactory.create(
        curriculum=curriculum,
        discipline=DisciplineFactory.create(name="Нормальная физиология", department=physiology),
        ects=D("3"),
        lecture_hours=D("20"),
        lab_hours=D("0"),
        practice_hours=D("28"),
        srs_hours=D("42"),
    )
    group = StudentGroupFactory.create(name="ЛД-1-26", programme=programme, intake_year=2026)
    student_user = _user("stud", "Асанов", "Айбек", "Маратович")
    student = StudentFactory.create(user=student_user, group=group)
    semester = SemesterFactory.create()  # 2026–2027, autumn: curriculum semester 1
    teacher_1 = _user("t1", "Петров", "Алексей", "Николаевич")
    teacher_2 = _user("t2", "Осмонова", "Динара", "Бакытовна")
    for teacher in (teacher_1, teacher_2):
        DotCertificateFactory.create(teacher=teacher)  # п. 3.3, valid 2025–2028
    application = DotApplication.objects.create(
        student=student,
        semester=semester,
        reason_kind=ReasonKind.ILLNESS,
        status=ApprovalStatus.APPROVED,
    )
    order = DotOrder.objects.create(
        programme=programme, valid_from=datetime.date(2026, 9, 1), status=ApprovalStatus.APPROVED
    )
    for line, teacher in ((line_1, teacher_1), (line_2, teacher_2)):
        DotApplicationLine.objects.create(
            application=application,
            discipline=line.discipline,
            teacher=teacher,
            teacher_permission=True,
        )
        DotOrderItem.objects.create(order=order, discipline=line.discipline)
    plan = StudyPlan.objects.create(
        student=student,
        semester=semester,
        application=application,
        individual_schedule="сентябрь–октябрь: модули 1–2 анатомии, самостоятельно\n"
        "ноябрь: контрольная работа по физиологии",
    )
    row_1 = StudyPlanRow.objects.create(
        plan=plan,
        curriculum_line=line_1,
        dot_hours=D("36"),
        lecture_hours=D("10"),
        lab_hours=D("8"),
        practice_hours=D("6"),
        place_and_time="ауд. 305, пн 10:00",
        deadline=datetime.date(2026, 12, 20),
        teacher=teacher_1,
        note="по модулям",
        teacher_permission=True,
        leader_permission=True,
    )
    row_2 = StudyPlanRow.objects.create(
        plan=plan,
        curriculum_line=line_2,
        dot_hours=D("28"),
        lecture_hours=D("8"),
        lab_hours=D("0"),
        practice_hours=D("12.5"),
        place_and_time="онлайн, ср 14:00",
        deadline=datetime.date(2027, 1, 15),
        teacher=teacher_2,
        teacher_permission=True,
        leader_permission=True,
    )
    dean = _user("dean", "Иванов", "Пётр", "Сергеевич")
    RoleAssignmentFactory.create(user=dean, role=Role.DEAN, unit=faculty)
    office = _user("uo", "Сидорова", "Анна", "Викторовна")
    RoleAssignmentFactory.create(user=office, role=Role.ACADEMIC_OFFICE, unit=faculty)
    head_anatomy = _user("ha", "Кузнецов", "Олег", "Игоревич")
    RoleAssignmentFactory.create(user=head_anatomy, role=Role.HEAD_OF_DEPARTMENT, unit=anatomy)
    head_physiology = _user("hp", "Жумабаева", "Гульнара", "Токтогуловна")
    RoleAssignmentFactory.create(
        user=head_physiology, role=Role.HEAD_OF_DEPARTMENT, unit=physiology
    )
    return World(
        plan,
        student_user,
        dean,
        office,
        head_anatomy,
        head_physiology,
        [teacher_1, teacher_2],
        [row_1, row_2],
    )


def _at(day: int, month: int = 11) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(2026, month, day, 12, 0))


def _decide(w: World, step: str, actor: User, when: datetime.datetime) -> None:
    decision = approval_decide(
        obj=w.plan, route=documents.ROUTE_NAME, actor=actor, decision="approve", step=step
    )
    ApprovalDecision.objects.filter(pk=decision.pk).update(created_at=when)


def _agree_department(w: World, head: User, when: datetime.datetime) -> None:
    """The head agrees the rows of their department (recorded on the rows, п. 5.5.1)."""
    department_rows(head, w.plan).update(department_agreed_by=head, department_agreed_at=when)


def _submit(w: World) -> None:
    admin = UserFactory.create(username="admin", is_superuser=True, is_staff=True)
    approval_submit(obj=w.plan, route=documents.ROUTE_NAME, actor=admin)
    ApprovalReview.objects.filter(route=documents.ROUTE_NAME).update(started_at=_at(1, 10))


def _through(w: World, last_step: str) -> None:
    """Take the plan along the ``study_plan`` route up to and including ``last_step``."""
    _submit(w)
    _decide(w, "teachers", w.teachers[-1], _at(1))
    if last_step == "teachers":
        return
    _decide(w, "student", w.student, _at(2))
    if last_step == "student":
        return
    _decide(w, "academic_office", w.office, _at(3))
    if last_step == "academic_office":
        return
    # the physiology head agrees first; each line is matched to its department
    _agree_department(w, w.head_physiology, _at(4))
    _agree_department(w, w.head_anatomy, _at(5))
    _decide(w, "department", w.head_anatomy, _at(5))
    if last_step == "department":
        return
    _decide(w, "dean", w.dean, _at(6))
    w.plan.refresh_from_db()
    assert w.plan.status == ApprovalStatus.APPROVED


@pytest.fixture(autouse=True)
def _ready(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every discipline is ready for DOT (п. 5.4.2); readiness is tested elsewhere."""
    from dot.content import selectors
    from dot.content.selectors import Readiness

    monkeypatch.setattr(selectors, "dot_readiness", lambda d, m=None: Readiness(True, []))


@pytest.fixture
def approved() -> World:
    w = _world()
    _through(w, "dean")
    return w


def _pdf(data: bytes) -> tuple[PdfReader, str, str]:
    """The reader, the text of every page, and the same text without any whitespace
    (table cells wrap, so values are also looked for with the spaces removed)."""
    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    return reader, text, re.sub(r"\s+", "", text)


def _has(flat: str, value: str) -> bool:
    return re.sub(r"\s+", "", value) in flat


def _pages(reader: PdfReader) -> list[str]:
    return [page.extract_text() or "" for page in reader.pages]


def test_smoke(approved: World) -> None:
    data = render_pdf(approved.plan)
    open("/tmp/appendix1.pdf", "wb").write(data)
    _, text, _flat = _pdf(data)
    print(text)
