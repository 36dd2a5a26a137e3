"""Fixtures of the chat tests: a course of «Кафедра КД» taught to one group, with its
teacher, tutor and two registered students; outsiders of every kind; and a helper that
runs a WebSocket scenario in the test's thread (so the consumer's database calls use the
test's connection)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import pytest
from asgiref.sync import async_to_sync
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator

from dot.academics.models import StudentGroup
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
from dot.chat import services
from dot.chat.models import Room
from dot.chat.routing import websocket_urlpatterns
from dot.content import services as content_services
from dot.content.models import Course
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
    other_teacher: User  # a teacher of another department's course
    other_student: User  # a student of another faculty, not in the course
    head: User  # the department's head: may read the course page, not in its chat
    room: Room


@pytest.fixture
def world(uni: dict[str, OrgUnit], make_user: Callable[..., User]) -> World:
    programme: Any = ProgrammeFactory(department=uni["kd"], faculty=uni["med"])
    discipline: Any = DisciplineFactory(department=uni["kd"], name="Анатомия", code="ANAT")
    semester: Any = SemesterFactory()
    group = cast(StudentGroup, StudentGroupFactory(programme=programme, name="ЛД-1-26"))
    line = CurriculumLineFactory(curriculum__programme=programme, discipline=discipline)
    teacher = make_user(Role.TEACHER, uni["kd"], username="teacher", last_name="Асанова")
    tutor = make_user(Role.TUTOR, uni["kd"], username="tutor", last_name="Тюлюбаев")
    students = []
    for username, last_name in (("student", "Бекова"), ("student2", "Жумабаев")):
        user = make_user(Role.STUDENT, uni["med"], username=username, last_name=last_name)
        record: Any = StudentFactory(user=user, group=group, programme=programme)
        SemesterRegistrationFactory(student=record, semester=semester, curriculum_line=line)
        students.append(user)
    course = content_services.course_create(
        discipline=discipline, semester=semester, groups=[group], actor=None, teachers=[teacher]
    )
    course.tutors.add(tutor)
    # Another department's course with its own teacher.
    other_programme: Any = ProgrammeFactory(department=uni["em"], faculty=uni["eco"])
    other_discipline: Any = DisciplineFactory(department=uni["em"], name="Маркетинг", code="MKT")
    other_group: Any = StudentGroupFactory(programme=other_programme, name="МК-1-26")
    other_teacher = make_user(Role.TEACHER, uni["em"], username="otherteacher")
    content_services.course_create(
        discipline=other_discipline,
        semester=semester,
        groups=[other_group],
        actor=None,
        teachers=[other_teacher],
    )
    other_student = make_user(Role.STUDENT, uni["eco"], username="otherstudent")
    StudentFactory(user=other_student, group=other_group, programme=other_programme)
    room = services.room_for_course(course=course)
    return World(
        units=uni,
        course=course,
        group=group,
        teacher=teacher,
        tutor=tutor,
        student=students[0],
        student2=students[1],
        other_teacher=other_teacher,
        other_student=other_student,
        head=make_user(Role.HEAD_OF_DEPARTMENT, uni["kd"], username="head"),
        room=room,
    )


def communicator(user: Any, room_id: int, query: str = "") -> WebsocketCommunicator:
    """A socket to the room as ``user`` (the auth middleware's work done by hand)."""
    path = f"/ws/chat/{room_id}/" + (f"?{query}" if query else "")
    comm = WebsocketCommunicator(URLRouter(websocket_urlpatterns), path)
    comm.scope["user"] = user
    return comm


async def join(
    user: Any, room_id: int, query: str = ""
) -> tuple[WebsocketCommunicator, dict[str, Any], dict[str, Any]]:
    """Connect; return the socket, its ``hello`` and the history (or ``missed``) frame."""
    comm = communicator(user, room_id, query)
    connected, _ = await comm.connect()
    assert connected
    hello = await comm.receive_json_from()
    assert hello["type"] == "hello"
    frames = [await comm.receive_json_from() for _ in range(2)]
    # The own presence broadcast and the history arrive in either order.
    history = next(f for f in frames if f["type"] in ("history", "missed"))
    return comm, hello, history


async def next_of(comm: WebsocketCommunicator, kind: str, timeout: float = 2) -> dict[str, Any]:
    """The next frame of a kind, skipping presence updates and the like."""
    for _ in range(20):
        frame = await comm.receive_json_from(timeout=timeout)
        if frame["type"] == kind:
            return cast(dict[str, Any], frame)
    raise AssertionError(f"no {kind} frame")


@pytest.fixture
def run() -> Callable[[Callable[[], Awaitable[Any]]], Any]:
    """Run an async scenario in this thread's event loop bridge."""

    def _run(scenario: Callable[[], Awaitable[Any]]) -> Any:
        return async_to_sync(scenario)()

    return _run


@pytest.fixture(scope="session")
def live_template() -> Path:
    """An empty database file with the schema, for the live-server tests."""
    from . import live

    return live.schema_template()
