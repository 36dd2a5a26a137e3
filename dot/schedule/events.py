"""Calendar events: every app contributes the events of its world to a user's calendar.

An app's ``calendar.py`` defines ``EVENT_SOURCES: list[Callable[[User, datetime, datetime],
Iterable[CalendarEvent]]]``: each source returns the events *this user* may see that
overlap ``[start, end)``. The calendar pages, the API and the iCalendar feed all read
``events_for(user, start, end)``, so an event appears everywhere or nowhere.
"""

from __future__ import annotations

import datetime
import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.apps import apps


@dataclass(frozen=True)
class CalendarEvent:
    # Stable and globally unique ("assessments-test-12-close"): the iCalendar UID.
    uid: str
    title: str
    start: datetime.datetime  # timezone-aware
    end: datetime.datetime | None = None
    # "lesson", "consultation", "webinar", "class", "test", "deadline", "exam_session", ...
    kind: str = "event"
    all_day: bool = False
    url: str = ""  # path on the portal ("/tests/12/")
    description: str = ""
    location: str = ""
    # Optional grouping for filters (course / discipline name).
    course: str = ""


EventSource = Callable[[Any, datetime.datetime, datetime.datetime], Iterable[CalendarEvent]]


@cache
def _sources() -> tuple[EventSource, ...]:
    found: list[EventSource] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("dot."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.calendar")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.calendar":
                raise
            continue
        found.extend(getattr(module, "EVENT_SOURCES", []))
    return tuple(found)


def events_for(user: Any, start: datetime.datetime, end: datetime.datetime) -> list[CalendarEvent]:
    """All events the user may see that overlap [start, end), ordered by start."""
    events: list[CalendarEvent] = []
    for source in _sources():
        for event in source(user, start, end):
            finish = event.end or event.start
            if event.start < end and finish >= start:
                events.append(event)
    return sorted(events, key=lambda e: (e.start, e.title))
