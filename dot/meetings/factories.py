"""Test data of online lessons: a course of «Кафедра КД» taught to one group, with its
teacher, a registered student, a student of another faculty, a teacher of another unit."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from django.utils import timezone

from dot.academics.models import Semester, Student, StudentGroup
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

from . import services
from .models import Lesson, LessonKind


@dataclass
class World:
    units: dict[str, Any]
    semester: Semester
    group: StudentGroup
    course: Course
    teacher: User
    student: User
    student_record: Student
    other_teacher: User  # a teacher of another unit
    outsider: User  # a student of another faculty


def build_world(uni: dict[str, Any], make_user: Callable[..., User]) -> World:
    programme: Any = ProgrammeFactory(department=uni["kd"], faculty=uni["med"])
    discipline: Any = DisciplineFactory(department=uni["kd"], name="Анатомия", code="ANAT")
    semester = cast(Semester, SemesterFactory())
    group = cast(StudentGroup, StudentGroupFactory(programme=programme, name="ЛД-1-26"))
    line = CurriculumLineFactory(curriculum__programme=programme, discipline=discipline)
    teacher = make_user(
        Role.TEACHER, uni["kd"], username="teacher", last_name="Асанова", first_name="Айгуль"
    )
    student = make_user(
        Role.STUDENT, uni["med"], username="student", last_name="Бекова", first_name="Алина"
    )
    record = cast(Student, StudentFactory(user=student, group=group, programme=programme))
    SemesterRegistrationFactory(student=record, semester=semester, curriculum_line=line)
    course = content_services.course_create(
        discipline=discipline, semester=semester, groups=[group], actor=None, teachers=[teacher]
    )
    other_programme: Any = ProgrammeFactory(department=uni["em"], faculty=uni["eco"])
    other_discipline: Any = DisciplineFactory(department=uni["em"], name="Экономика")
    other_group: Any = StudentGroupFactory(programme=other_programme, name="ЭК-1-26")
    other_teacher = make_user(Role.TEACHER, uni["em"], username="otherteacher")
    content_services.course_create(
        discipline=other_discipline,
        semester=semester,
        groups=[other_group],
        actor=None,
        teachers=[other_teacher],
    )
    outsider = make_user(Role.STUDENT, uni["eco"], username="outsider")
    StudentFactory(user=outsider, group=other_group, programme=other_programme)
    return World(
        units=uni,
        semester=semester,
        group=group,
        course=course,
        teacher=teacher,
        student=student,
        student_record=record,
        other_teacher=other_teacher,
        outsider=outsider,
    )


def make_lesson(
    w: World,
    *,
    start: datetime.datetime | None = None,
    duration: int = 60,
    title: str = "Кровеносная система",
    provider: str = "jitsi",
    **kwargs: Any,
) -> Lesson:
    kwargs.setdefault("course", w.course)
    return services.lesson_schedule(
        actor=w.teacher,
        kind=kwargs.pop("kind", LessonKind.LESSON),
        title=title,
        start=start or timezone.now() + datetime.timedelta(days=1),
        duration=duration,
        teachers=kwargs.pop("teachers", [w.teacher]),
        provider=provider,
        notify_audience=kwargs.pop("notify_audience", False),
        **kwargs,
    )
