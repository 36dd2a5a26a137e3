"""A small world for the compliance tests: one master's programme, one semester, one
student with an approved application, a certified teacher and a DOT order in force."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest

from dot.academics import models as am
from dot.academics.tests.factories import (
    CurriculumFactory,
    CurriculumLineFactory,
    DirectionFactory,
    DotCertificateFactory,
    ProgrammeFactory,
    SemesterFactory,
    StudentFactory,
    StudentGroupFactory,
)
from dot.accounts.models import User
from dot.core.models import ApprovalStatus
from dot.plans.compliance import Finding
from dot.plans.models import (
    DotApplication,
    DotApplicationLine,
    DotOrder,
    DotOrderItem,
    ReasonKind,
    StudyPlan,
    StudyPlanRow,
)
from dot.testing.factories import UserFactory

D = Decimal
ZERO, TEN, HUNDRED, EIGHT_HUNDRED = D("0"), D("10"), D("100"), D("800")


@dataclass
class World:
    programme: am.Programme
    semester: am.Semester
    curriculum: am.Curriculum
    line: am.CurriculumLine
    student: am.Student
    teacher: User
    application: DotApplication
    order: DotOrder
    item: DotOrderItem
    plan: StudyPlan
    row: StudyPlanRow


@pytest.fixture(autouse=True)
def _ready(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every discipline is ready for DOT unless a test says otherwise (п. 5.4.2)."""
    from dot.content import selectors
    from dot.content.selectors import Readiness

    monkeypatch.setattr(selectors, "dot_readiness", lambda d, m=None: Readiness(True, []))


def build(
    *,
    level: str = am.EducationLevel.MASTER,
    extramural: bool = True,
    ects: Decimal = TEN,
    lecture: Decimal = HUNDRED,
    practice: Decimal = HUNDRED,
    srs: Decimal = EIGHT_HUNDRED,
    other_semester_hours: Decimal | None = None,
    dot_hours: Decimal = ZERO,
    leader_percent: Decimal | None = None,
    **row: Any,
) -> World:
    """A plan of one row on a line of ``ects`` credits and the given hours (semester 1);
    ``other_semester_hours`` adds a line of semester 2 of as many hours (its credits:
    ``ects``) so that the whole curriculum differs from the semester."""
    programme = ProgrammeFactory.create(
        direction=DirectionFactory.create(level=level), allows_extramural=extramural
    )
    semester = SemesterFactory.create()  # 01.09.2026–31.01.2027, curriculum semester 1
    curriculum = CurriculumFactory.create(
        programme=programme, intake_year=2026, status=am.CurriculumStatus.APPROVED
    )
    line = CurriculumLineFactory.create(
        curriculum=curriculum,
        ects=ects,
        lecture_hours=lecture,
        practice_hours=practice,
        srs_hours=srs,
    )
    if other_semester_hours is not None:
        CurriculumLineFactory.create(
            curriculum=curriculum,
            semester_number=2,
            ects=ects,
            lecture_hours=D("0"),
            practice_hours=D("0"),
            srs_hours=other_semester_hours,
        )
    group = StudentGroupFactory.create(programme=programme, intake_year=2026)
    student = StudentFactory.create(group=group)
    teacher = UserFactory.create()
    DotCertificateFactory.create(teacher=teacher)  # 15.01.2025–14.01.2028
    application = DotApplication.objects.create(
        student=student,
        semester=semester,
        reason_kind=ReasonKind.ILLNESS,
        status=ApprovalStatus.APPROVED,
    )
    DotApplicationLine.objects.create(application=application, discipline=line.discipline)
    order = DotOrder.objects.create(
        programme=programme,
        valid_from=datetime.date(2026, 9, 1),
        master_dot_share_percent=leader_percent,
        status=ApprovalStatus.APPROVED,
    )
    item = DotOrderItem.objects.create(order=order, discipline=line.discipline)
    plan = StudyPlan.objects.create(student=student, semester=semester, application=application)
    values: dict[str, Any] = {
        "dot_hours": dot_hours,
        "teacher": teacher,
        "teacher_permission": True,
        "leader_permission": True,
        "lecture_hours": D("10"),
        "lab_hours": D("0"),
        "practice_hours": D("10"),
    }
    values.update(row)
    plan_row = StudyPlanRow.objects.create(plan=plan, curriculum_line=line, **values)
    return World(
        programme,
        semester,
        curriculum,
        line,
        student,
        teacher,
        application,
        order,
        item,
        plan,
        plan_row,
    )


def only(findings: list[Finding], clause: str) -> Finding:
    """The single finding of a clause (the test fails if there are several)."""
    (found,) = [f for f in findings if f.clause == clause]
    return found


def of(findings: list[Finding], clause: str) -> list[Finding]:
    return [f for f in findings if f.clause == clause]
