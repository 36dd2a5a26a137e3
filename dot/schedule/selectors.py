"""The calendar's views of ``events_for``: month grid, week, list; filters."""

from __future__ import annotations

import calendar as pycalendar
import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from .calendar import day_start, zone
from .events import CalendarEvent, events_for
from .models import FeedToken

KIND_LABELS = {
    "lesson": _("Online lesson"),
    "consultation": _("Consultation"),
    "webinar": _("Webinar"),
    "class": _("Class"),
    "test": _("Test"),
    "deadline": _("Deadline"),
    "exam_session": _("Examination session"),
    "event": _("Event"),
}


def kind_label(kind: str) -> str:
    return str(KIND_LABELS.get(kind, kind.replace("_", " ").capitalize()))


@dataclass(frozen=True)
class ShownEvent:
    """An event with its local times, for templates."""

    event: CalendarEvent
    start: datetime.datetime
    end: datetime.datetime | None

    @property
    def kind_label(self) -> str:
        return kind_label(self.event.kind)


def shown(event: CalendarEvent) -> ShownEvent:
    tz = zone()
    return ShownEvent(
        event, event.start.astimezone(tz), event.end.astimezone(tz) if event.end else None
    )


@dataclass
class Day:
    date: datetime.date
    in_month: bool = True
    is_today: bool = False
    events: list[ShownEvent] = field(default_factory=list)


def filtered(
    events: Iterable[CalendarEvent], kind: str = "", course: str = ""
) -> list[CalendarEvent]:
    return [
        e for e in events if (not kind or e.kind == kind) and (not course or e.course == course)
    ]


def _days(first: datetime.date, last: datetime.date, events: list[CalendarEvent]) -> list[Day]:
    today = datetime.datetime.now(zone()).date()
    days = {}
    d = first
    while d <= last:
        days[d] = Day(d, is_today=d == today)
        d += datetime.timedelta(days=1)
    for event in events:
        item = shown(event)
        start_day = item.start.date()
        # An all-day event's end is the next midnight (exclusive).
        end = item.end or item.start
        end_day = (end - datetime.timedelta(seconds=1)).date() if item.end else start_day
        d = max(start_day, first)
        while d <= min(max(end_day, start_day), last):
            days[d].events.append(item)
            d += datetime.timedelta(days=1)
    return list(days.values())


def month_grid(
    user: Any, year: int, month: int, kind: str = "", course: str = ""
) -> tuple[list[list[Day]], list[CalendarEvent]]:
    first = datetime.date(year, month, 1)
    last = datetime.date(year, month, pycalendar.monthrange(year, month)[1])
    grid_first = first - datetime.timedelta(days=first.weekday())
    grid_last = last + datetime.timedelta(days=6 - last.weekday())
    all_events = events_for(
        user, day_start(grid_first), day_start(grid_last + datetime.timedelta(days=1))
    )
    days = _days(grid_first, grid_last, filtered(all_events, kind, course))
    for day in days:
        day.in_month = day.date.month == month
    return [days[i : i + 7] for i in range(0, len(days), 7)], all_events


def week_days(
    user: Any, monday: datetime.date, kind: str = "", course: str = ""
) -> tuple[list[Day], list[CalendarEvent]]:
    sunday = monday + datetime.timedelta(days=6)
    all_events = events_for(user, day_start(monday), day_start(sunday + datetime.timedelta(days=1)))
    return _days(monday, sunday, filtered(all_events, kind, course)), all_events


def list_days(
    user: Any, first: datetime.date, days: int = 30, kind: str = "", course: str = ""
) -> tuple[list[Day], list[CalendarEvent]]:
    last = first + datetime.timedelta(days=days - 1)
    all_events = events_for(user, day_start(first), day_start(last + datetime.timedelta(days=1)))
    return [
        d for d in _days(first, last, filtered(all_events, kind, course)) if d.events
    ], all_events


def filter_choices(events: Iterable[CalendarEvent]) -> tuple[list[tuple[str, str]], list[str]]:
    kinds = sorted({e.kind for e in events})
    courses = sorted({e.course for e in events if e.course})
    return [(k, kind_label(k)) for k in kinds], courses


def live_feed(user: Any) -> FeedToken | None:
    return FeedToken.objects.filter(user=user, revoked_at__isnull=True).first()


def find_event(user: Any, uid: str) -> CalendarEvent | None:
    """The user's event with this UID (a year back, two ahead), or None."""
    now = datetime.datetime.now(zone())
    for event in events_for(
        user, now - datetime.timedelta(days=366), now + datetime.timedelta(days=731)
    ):
        if event.uid == uid:
            return event
    return None
