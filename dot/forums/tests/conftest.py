"""Fixtures of the forum tests: a course of «Кафедра КД» (Медфак) taught to one group,
its people in every role, and the four callers of the permission tests."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

import pytest

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
from dot.communication.testing import eager_tasks, smtp_server  # noqa: F401 - fixtures
from dot.content import services as content_services
from dot.content.models import Course
from dot.forums import services
from dot.forums.models import Forum, ForumKind
from dot.org.models import OrgUnit


@dataclass
class World:
    units: dict[str, OrgUnit]
    course: Course
    group: StudentGroup
    teacher: User
    tutor: User
    student: User
    student2: User
    record: Student
    other_teacher: User  # the right role in another unit: teaches another course
    outsider: User  # a student of another faculty
    deans_office: User
    qa: Forum
    discussion: Forum


@pytest.fixture
def world(
    uni: dict[str, OrgUnit], make_user: Callable[..., User], settings: Any, tmp_path: Any
) -> World:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    programme: Any = ProgrammeFactory(department=uni["kd"], faculty=uni["med"])
    discipline: Any = DisciplineFactory(department=uni["kd"], name="Анатомия", code="ANAT")
    semester: Any = SemesterFactory()
    group = cast(StudentGroup, StudentGroupFactory(programme=programme, name="ЛД-1-26"))
    line = CurriculumLineFactory(curriculum__programme=programme, discipline=discipline)
    teacher = make_user(
        Role.TEACHER, uni["kd"], username="teacher", last_name="Асанова", email="t@example.kg"
    )
    tutor = make_user(Role.TUTOR, uni["kd"], username="tutor", last_name="Тьюторова")
    students = []
    for name in ("student", "student2"):
        user = make_user(Role.STUDENT, uni["med"], username=name, email=f"{name}@example.kg")
        record = StudentFactory(user=user, group=group, programme=programme)
        SemesterRegistrationFactory(student=record, semester=semester, curriculum_line=line)
        students.append((user, record))
    course = content_services.course_create(
        discipline=discipline, semester=semester, groups=[group], actor=None, teachers=[teacher]
    )
    course.tutors.add(tutor)
    # Another course of another faculty with its own teacher.
    other_discipline: Any = DisciplineFactory(department=uni["em"], name="Экономика")
    other_teacher = make_user(Role.TEACHER, uni["em"], username="otherteacher")
    content_services.course_create(
        discipline=other_discipline,
        semester=semester,
        groups=[],
        actor=None,
        teachers=[other_teacher],
    )
    forums = {f.kind: f for f in services.course_forums_ensure(course=course)}
    return World(
        units=uni,
        course=course,
        group=group,
        teacher=teacher,
        tutor=tutor,
        student=students[0][0],
        student2=students[1][0],
        record=cast(Student, students[0][1]),
        other_teacher=other_teacher,
        outsider=make_user(Role.STUDENT, uni["eco"], username="outsider"),
        deans_office=make_user(Role.DEANS_OFFICE, uni["med"], username="deansoffice"),
        qa=forums[ForumKind.QUESTIONS],
        discussion=forums[ForumKind.DISCUSSION],
    )


def fresh(user: User) -> User:
    """The same user without cached roles (as in a new request)."""
    return User.objects.get(pk=user.pk)
