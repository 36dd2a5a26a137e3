"""Demo online lessons: a past lesson with attendance and a recording, upcoming lessons,
a webinar and a consultation in the demo teacher's course (idempotent)."""

from __future__ import annotations

import datetime
import zoneinfo
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from dot.accounts.models import User
from dot.content.models import Course

from . import services
from .models import Attendance, Lesson, LessonKind, Recording


def _user(username: str) -> User | None:
    return User.objects.filter(username=username, is_active=True).first()


def _at(days: int, hour: int, minute: int = 0) -> datetime.datetime:
    zone = zoneinfo.ZoneInfo(settings.DOT_CALENDAR_TIME_ZONE)
    day = timezone.now().astimezone(zone).date() + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=zone)


@transaction.atomic
def seed(units: dict[str, Any]) -> None:
    teacher, student = _user("teacher"), _user("student")
    if teacher is None or student is None:
        return
    courses = list(Course.objects.filter(teachers=teacher).select_related("discipline")[:2])
    if not courses:
        return
    course = courses[0]
    plan = [
        ("Вводная онлайн-лекция", LessonKind.LESSON, course, None, _at(-2, 10), True),
        ("Онлайн-лекция: разбор клинического случая", LessonKind.LESSON, course, None, _at(1, 10), False),
        ("Вебинар: подготовка к экзамену", LessonKind.WEBINAR, courses[-1], None, _at(3, 15), False),
        ("Консультация по курсовой работе", LessonKind.CONSULTATION, course, student, _at(2, 14, 30), False),
    ]  # fmt: skip
    for title, kind, lesson_course, one_student, start, past in plan:
        lesson = Lesson.objects.filter(title=title, course=lesson_course).first()
        if lesson is None:
            lesson = services.lesson_schedule(
                actor=teacher,
                kind=kind,
                title=title,
                start=start,
                duration=80 if kind != LessonKind.CONSULTATION else 30,
                teachers=[teacher],
                course=lesson_course,
                student=one_student,
                record=past,
                welcome="Добро пожаловать на занятие!",
                notify_audience=False,
            )
        if past:
            for user, minutes in ((teacher, -10), (student, 2)):
                joined = lesson.start + datetime.timedelta(minutes=minutes)
                Attendance.objects.get_or_create(
                    lesson=lesson,
                    user=user,
                    defaults={
                        "first_joined_at": joined,
                        "last_joined_at": joined,
                        "as_teacher": user == teacher,
                    },
                )
            Recording.objects.get_or_create(
                record_id=f"demo-{lesson.room[:12]}",
                defaults={
                    "lesson": lesson,
                    "url": "https://bbb.example.kg/playback/presentation/2.3/demo-intro",
                    "started_at": lesson.start,
                    "ended_at": lesson.end,
                },
            )
