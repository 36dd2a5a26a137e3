"""Seed a live-server database for the chat tests (run as ``python -m`` in the servers'
environment): a course with its teacher and a student, its chat room, a message, and a
logged-in session for each. Prints the ids and session keys as JSON."""

from __future__ import annotations

import json
from importlib import import_module
from typing import Any

import django


def _session(user: Any) -> str:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return str(store.session_key)


def main() -> None:
    django.setup()
    from dot.academics.tests.factories import (
        CurriculumLineFactory,
        DisciplineFactory,
        ProgrammeFactory,
        SemesterFactory,
        SemesterRegistrationFactory,
        StudentFactory,
        StudentGroupFactory,
    )
    from dot.accounts.models import Role
    from dot.chat.models import Message
    from dot.chat.services import room_for_course
    from dot.content import services as content_services
    from dot.org.models import UnitKind
    from dot.testing.factories import OrgUnitFactory, RoleAssignmentFactory, UserFactory

    uni: Any = OrgUnitFactory(kind=UnitKind.UNIVERSITY, name="Университет", code="uni")
    faculty: Any = OrgUnitFactory(kind=UnitKind.FACULTY, parent=uni, name="Медфак", code="med")
    department: Any = OrgUnitFactory(parent=faculty, name="Кафедра КД", code="kd")
    programme: Any = ProgrammeFactory(department=department, faculty=faculty)
    discipline: Any = DisciplineFactory(department=department, name="Анатомия", code="ANAT")
    semester: Any = SemesterFactory()
    group: Any = StudentGroupFactory(programme=programme, name="ЛД-1-26")
    line = CurriculumLineFactory(curriculum__programme=programme, discipline=discipline)
    teacher: Any = UserFactory(username="teacher", last_name="Асанова", first_name="Айгуль")
    RoleAssignmentFactory(user=teacher, role=Role.TEACHER, unit=department)
    student: Any = UserFactory(username="student", last_name="Бекова", first_name="Нурзат")
    RoleAssignmentFactory(user=student, role=Role.STUDENT, unit=faculty)
    record: Any = StudentFactory(user=student, group=group, programme=programme)
    SemesterRegistrationFactory(student=record, semester=semester, curriculum_line=line)
    course = content_services.course_create(
        discipline=discipline, semester=semester, groups=[group], actor=None, teachers=[teacher]
    )
    room = room_for_course(course=course)
    first = Message.objects.create(room=room, author=teacher, text="Добро пожаловать в чат курса.")
    print(  # noqa: T201
        json.dumps(
            {
                "room": room.pk,
                "course": course.pk,
                "first_message": first.pk,
                "teacher": {"id": teacher.pk, "session": _session(teacher)},
                "student": {"id": student.pk, "session": _session(student)},
            }
        )
    )


if __name__ == "__main__":
    main()
