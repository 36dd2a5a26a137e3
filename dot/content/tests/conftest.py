"""Fixtures of the content tests: a discipline of «Кафедра КД» (Медфак) taught to one
group, its people in every role, and small real files built from bytes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dot.academics.models import Discipline, Semester, Student, StudentGroup
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
from dot.content import services
from dot.content.models import ComponentKind, Course, Resource, ResourceKind, Umk, UmkVersion
from dot.content.samples import pdf_bytes
from dot.org.models import OrgUnit

EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


@dataclass
class World:
    units: dict[str, OrgUnit]
    discipline: Discipline
    semester: Semester
    group: StudentGroup
    course: Course
    teacher: User
    head: User
    rio: User
    council: User
    other_head: User
    student: User
    student_record: Student
    outsider: User


@pytest.fixture
def world(
    uni: dict[str, OrgUnit], make_user: Callable[..., User], settings: Any, tmp_path: Any
) -> World:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    programme: Any = ProgrammeFactory(department=uni["kd"], faculty=uni["med"])
    discipline = cast(
        Discipline, DisciplineFactory(department=uni["kd"], name="Анатомия", code="ANAT")
    )
    semester = cast(Semester, SemesterFactory())
    group = cast(StudentGroup, StudentGroupFactory(programme=programme, name="ЛД-1-26"))
    line = CurriculumLineFactory(curriculum__programme=programme, discipline=discipline)
    teacher = make_user(Role.TEACHER, uni["kd"], username="teacher", last_name="Асанова")
    student = make_user(Role.STUDENT, uni["med"], username="student", last_name="Бекова")
    record = cast(Student, StudentFactory(user=student, group=group, programme=programme))
    SemesterRegistrationFactory(student=record, semester=semester, curriculum_line=line)
    course = services.course_create(
        discipline=discipline, semester=semester, groups=[group], actor=None, teachers=[teacher]
    )
    return World(
        units=uni,
        discipline=discipline,
        semester=semester,
        group=group,
        course=course,
        teacher=teacher,
        head=make_user(Role.HEAD_OF_DEPARTMENT, uni["kd"], username="head"),
        rio=make_user(Role.EDITORIAL_OFFICE, uni["rio"], username="rio"),
        council=make_user(Role.METHODS_COUNCIL, uni["med"], username="council"),
        other_head=make_user(Role.HEAD_OF_DEPARTMENT, uni["em"], username="otherhead"),
        student=student,
        student_record=record,
        outsider=make_user(Role.STUDENT, uni["eco"], username="outsider"),
    )


def add_page(version: UmkVersion, actor: User, component: str, title: str = "") -> Resource:
    return services.resource_add(
        version=version,
        actor=actor,
        kind=ResourceKind.PAGE,
        component=component,
        title=title or f"Материал: {component}",
        body="# Тема\n\nТекст.",
    )


def fill_required(version: UmkVersion, actor: User) -> None:
    for kind in (
        ComponentKind.SYLLABUS,
        ComponentKind.LECTURE_NOTES,
        ComponentKind.SRS_ASSIGNMENTS,
        ComponentKind.ASSESSMENT_FUND,
        ComponentKind.LITERATURE,
    ):
        add_page(version, actor, kind)


def published_umk(w: World) -> Umk:
    """An ЭУМК passed through the whole route and published (version 1)."""
    umk = services.umk_create(discipline=w.discipline, actor=w.teacher)
    version = umk.versions.get()
    fill_required(version, w.teacher)
    services.resources_add_files(
        version=version,
        actor=w.teacher,
        uploads=[upload("лекция-1.pdf", pdf_bytes())],
        component=ComponentKind.LECTURE_NOTES,
    )
    services.umk_version_submit(version=version, actor=w.teacher)
    services.umk_version_decide(version=version, actor=w.head, decision="approve")
    services.umk_version_decide(version=version, actor=w.rio, decision="approve")
    services.umk_version_publish(version=version, actor=w.council)
    umk.refresh_from_db()
    return umk
