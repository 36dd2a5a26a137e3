"""Fixtures of the testing app: a course of «Кафедра КД» (Медфак) taught to one group,
its teacher and students, people in the other roles, and a movable clock."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from dot.academics.models import Student, StudentGroup
from dot.academics.tests.factories import (
    CurriculumLineFactory,
    DisciplineFactory,
    ProgrammeFactory,
    SemesterFactory,
    SemesterRegistrationFactory,
    StudentFactory,
    StudentGroupFactory,
)
from dot.accounts.models import Role, User
from dot.content import services as content_services
from dot.content.models import Course
from dot.org.models import OrgUnit


@dataclass
class World:
    units: dict[str, OrgUnit]
    course: Course
    group: StudentGroup
    teacher: User
    head: User
    other_teacher: User
    student: User
    student2: User
    outsider: User
    line: Any
    semester: Any
    programme: Any

    def add_student(self, username: str) -> User:
        """Another registered student of the course."""
        from dot.accounts.models import RoleAssignment
        from dot.testing.factories import UserFactory

        user = cast(User, UserFactory(username=username))
        RoleAssignment.objects.create(user=user, role=Role.STUDENT, unit=self.units["med"])
        record = StudentFactory(user=user, group=self.group, programme=self.programme)
        SemesterRegistrationFactory(
            student=record, semester=self.semester, curriculum_line=self.line
        )
        return user


@pytest.fixture
def world(uni: dict[str, OrgUnit], make_user: Callable[..., User]) -> World:
    programme: Any = ProgrammeFactory(department=uni["kd"], faculty=uni["med"])
    discipline: Any = DisciplineFactory(department=uni["kd"], name="Анатомия", code="ANAT")
    semester: Any = SemesterFactory()
    group = cast(StudentGroup, StudentGroupFactory(programme=programme, name="ЛД-1-26"))
    line = CurriculumLineFactory(curriculum__programme=programme, discipline=discipline)
    teacher = make_user(Role.TEACHER, uni["kd"], username="teacher", last_name="Асанова")
    course = content_services.course_create(
        discipline=discipline, semester=semester, groups=[group], actor=None, teachers=[teacher]
    )
    w = World(
        units=uni,
        course=course,
        group=group,
        teacher=teacher,
        head=make_user(Role.HEAD_OF_DEPARTMENT, uni["kd"], username="head"),
        other_teacher=make_user(Role.TEACHER, uni["em"], username="otherteacher"),
        student=cast(User, None),
        student2=cast(User, None),
        outsider=make_user(Role.STUDENT, uni["eco"], username="outsider"),
        line=line,
        semester=semester,
        programme=programme,
    )
    w.student = w.add_student("student")
    w.student2 = w.add_student("student2")
    return w


class Clock:
    """The attempts' clock, moved by the test (``clock.advance(minutes=31)``)."""

    def __init__(self) -> None:
        self.current = timezone.now().replace(microsecond=0)

    def __call__(self) -> datetime.datetime:
        return self.current

    def advance(self, **kwargs: float) -> datetime.datetime:
        self.current += datetime.timedelta(**kwargs)
        return self.current


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    c = Clock()
    monkeypatch.setattr("dot.assessments.clock.now", c)
    return c


@pytest.fixture
def api() -> Callable[[User | None], APIClient]:
    def _client(user: User | None) -> APIClient:
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return _client


def student_record(user: User) -> Student:
    return Student.objects.get(user=user)
