"""Test worlds for the routes of section V (used by this app's tests only).

``route_world(...)`` builds one faculty with its dean, dean's office, a programme (of the
given level and licensed forms) with its leader, two departments each with a head and a
certified teacher, the academic office, an approved РУП in force (two disciplines in the
semester, one per department), a DOT order in force covering them, the teaching
assignments and a student — everything an application needs to go through the route.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from dot.academics import models as am
from dot.academics.tests.factories import (
    CurriculumFactory,
    CurriculumLineFactory,
    DirectionFactory,
    DisciplineFactory,
    DotCertificateFactory,
    FacultyFactory,
    ProgrammeFactory,
    SemesterFactory,
    StudentFactory,
    StudentGroupFactory,
    TeachingAssignmentFactory,
)
from dot.accounts.models import Role, RoleAssignment, User
from dot.core.models import ApprovalStatus
from dot.org.models import OfficeType, OrgUnit, UnitKind
from dot.testing.factories import OrgUnitFactory, UserFactory

from .models import DotOrder, DotOrderItem

D = Decimal


@dataclass
class RouteWorld:
    faculty: OrgUnit
    dept_a: OrgUnit
    dept_b: OrgUnit
    programme: am.Programme
    semester: am.Semester
    curriculum: am.Curriculum
    line_a: am.CurriculumLine
    line_b: am.CurriculumLine
    order: DotOrder
    student: am.Student
    student_user: User
    teacher_a: User
    teacher_b: User
    head_a: User
    head_b: User
    leader: User
    dean: User
    deans_office: User
    academic_office: User
    other_dean: User
    other_teacher: User

    @property
    def lines(self) -> list[am.CurriculumLine]:
        return [self.line_a, self.line_b]


def _user(role: str | None, unit: OrgUnit | None, **kw: Any) -> User:
    user = UserFactory.create(**kw)
    if role is not None and unit is not None:
        RoleAssignment.objects.create(user=user, role=role, unit=unit)
    return user


def route_world(
    *,
    level: str = am.EducationLevel.BACHELOR,
    extramural: bool = False,
    leader_percent: Decimal | None = None,
    certified_b: bool = True,
    line_a: dict[str, Any] | None = None,
    line_b: dict[str, Any] | None = None,
) -> RouteWorld:
    university = OrgUnitFactory.create(kind=UnitKind.UNIVERSITY, name="Университет")
    uo_unit = OrgUnitFactory.create(
        kind=UnitKind.OFFICE, office_type=OfficeType.ACADEMIC, parent=university, name="УО"
    )
    faculty = FacultyFactory.create(parent=university, name="Факультет")
    other_faculty = FacultyFactory.create(parent=university, name="Другой факультет")
    dept_a = OrgUnitFactory.create(kind=UnitKind.DEPARTMENT, parent=faculty, name="Кафедра А")
    dept_b = OrgUnitFactory.create(kind=UnitKind.DEPARTMENT, parent=faculty, name="Кафедра Б")
    other_dept = OrgUnitFactory.create(
        kind=UnitKind.DEPARTMENT, parent=other_faculty, name="Кафедра В"
    )
    leader = _user(Role.PROGRAMME_LEADER, dept_a)
    programme = ProgrammeFactory.create(
        direction=DirectionFactory.create(level=level),
        level=level,
        faculty=faculty,
        department=dept_a,
        leader=leader,
        allows_extramural=extramural,
    )
    semester = SemesterFactory.create()  # 01.09.2026–31.01.2027
    curriculum = CurriculumFactory.create(
        programme=programme, intake_year=2026, status=am.CurriculumStatus.APPROVED
    )
    am.Curriculum.objects.filter(pk=curriculum.pk).update(in_force=True)
    la = CurriculumLineFactory.create(
        curriculum=curriculum,
        discipline=DisciplineFactory.create(department=dept_a, name="Анатомия"),
        **(line_a or {}),
    )
    lb = CurriculumLineFactory.create(
        curriculum=curriculum,
        discipline=DisciplineFactory.create(department=dept_b, name="Биохимия"),
        **(line_b or {}),
    )
    group = StudentGroupFactory.create(programme=programme, intake_year=2026)
    student = StudentFactory.create(group=group, programme=programme)
    RoleAssignment.objects.create(
        user=student.user,
        role=Role.MASTER_STUDENT if level == am.EducationLevel.MASTER else Role.STUDENT,
        unit=faculty,
    )
    teacher_a = _user(Role.TEACHER, dept_a)
    teacher_b = _user(Role.TEACHER, dept_b)
    DotCertificateFactory.create(teacher=teacher_a)
    if certified_b:
        DotCertificateFactory.create(teacher=teacher_b)
    for teacher, line in ((teacher_a, la), (teacher_b, lb)):
        TeachingAssignmentFactory.create(
            teacher=teacher, discipline=line.discipline, group=group, semester=semester
        )
    order = DotOrder.objects.create(
        programme=programme,
        valid_from=datetime.date(2026, 9, 1),
        master_dot_share_percent=leader_percent,
        status=ApprovalStatus.APPROVED,
    )
    DotOrderItem.objects.create(order=order, discipline=la.discipline)
    DotOrderItem.objects.create(order=order, discipline=lb.discipline)
    return RouteWorld(
        faculty=faculty,
        dept_a=dept_a,
        dept_b=dept_b,
        programme=programme,
        semester=semester,
        curriculum=curriculum,
        line_a=la,
        line_b=lb,
        order=order,
        student=student,
        student_user=student.user,
        teacher_a=teacher_a,
        teacher_b=teacher_b,
        head_a=_user(Role.HEAD_OF_DEPARTMENT, dept_a),
        head_b=_user(Role.HEAD_OF_DEPARTMENT, dept_b),
        leader=leader,
        dean=_user(Role.DEAN, faculty),
        deans_office=_user(Role.DEANS_OFFICE, faculty),
        academic_office=_user(Role.ACADEMIC_OFFICE, uo_unit),
        other_dean=_user(Role.DEAN, other_faculty),
        other_teacher=_user(Role.TEACHER, other_dept),
    )
