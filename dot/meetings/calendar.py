"""Calendar events of online lessons, consultations and webinars."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from dot.schedule.events import CalendarEvent

from . import selectors
from .models import Lesson


def lesson_event(lesson: Lesson) -> CalendarEvent:
    course = lesson.course.discipline.name if lesson.course else ""
    return CalendarEvent(
        uid=lesson.uid,
        title=lesson.title,
        start=lesson.start,
        end=lesson.end,
        kind=lesson.kind,
        url=lesson.get_absolute_url(),
        description=lesson.description or lesson.get_kind_display(),
        location=lesson.get_provider_display(),
        course=course,
    )


def lessons(user: Any, start: datetime.datetime, end: datetime.datetime) -> Iterable[CalendarEvent]:
    return [lesson_event(lesson) for lesson in selectors.lessons_between(user, start, end)]


EVENT_SOURCES = [lessons]
