"""iCalendar (RFC 5545) of a user's events: VTIMEZONE of ``DOT_CALENDAR_TIME_ZONE`` and
every DTSTART/DTEND in that zone (all-day events as dates)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

import icalendar
from django.conf import settings
from django.utils import translation

from .calendar import zone
from .events import CalendarEvent
from .selectors import kind_label


def to_ical(events: Iterable[CalendarEvent], *, name: str, base_url: str = "") -> bytes:
    tz = zone()
    cal = icalendar.Calendar()
    cal.add("prodid", "-//DOT portal//schedule//RU")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.DOT_CALENDAR_TIME_ZONE)
    stamp = datetime.datetime.now(datetime.UTC)
    with translation.override("ru"):
        for e in events:
            item = icalendar.Event()
            item.add("uid", f"{e.uid}@dot")
            item.add("dtstamp", stamp)
            item.add("summary", e.title)
            if e.all_day:
                item.add("dtstart", e.start.astimezone(tz).date())
                if e.end:
                    item.add("dtend", e.end.astimezone(tz).date())
            else:
                item.add("dtstart", e.start.astimezone(tz))
                item.add("dtend", (e.end or e.start).astimezone(tz))
            description = e.description
            if e.course:
                description = f"{e.course}\n{description}" if description else e.course
            if description:
                item.add("description", description)
            if e.location:
                item.add("location", e.location)
            item.add("categories", [kind_label(e.kind)])
            if e.url and base_url:
                item.add("url", base_url.rstrip("/") + e.url)
            cal.add_component(item)
    cal.add_missing_timezones()
    if not any(c.name == "VTIMEZONE" for c in cal.subcomponents):
        # No timed event: still declare the calendar's zone.
        cal.subcomponents.insert(0, icalendar.Timezone.from_tzinfo(tz))
    return cal.to_ical()
