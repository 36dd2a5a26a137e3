"""Calendar events read from the academic structure: exam sessions of the semesters the
user studies (registered) or teaches (courses, teaching assignments). The academics data
holds no class timetable, so classes are not listed (only online lessons, from meetings)."""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext as _

from dot.academics.models import ExamSession, Semester

from .events import CalendarEvent


def zone() -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(settings.DOT_CALENDAR_TIME_ZONE)


def day_start(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=zone())


def user_semesters(user: Any) -> Any:
    if not getattr(user, "is_authenticated", False):
        return Semester.objects.none()
    return Semester.objects.filter(
        Q(registrations__student__user=user)
        | Q(courses__teachers=user)
        | Q(courses__tutors=user)
        | Q(assignments__teacher=user)
    ).values("pk")


def exam_sessions(
    user: Any, start: datetime.datetime, end: datetime.datetime
) -> Iterable[CalendarEvent]:
    sessions = ExamSession.objects.filter(
        semester__in=user_semesters(user),
        start__lt=end.astimezone(zone()).date() + datetime.timedelta(days=1),
        end__gte=start.astimezone(zone()).date(),
    ).select_related("semester__academic_year")
    return [
        CalendarEvent(
            uid=f"academics-examsession-{s.pk}",
            title=f"{s.get_kind_display()}: {s.semester}",
            start=day_start(s.start),
            end=day_start(s.end + datetime.timedelta(days=1)),
            kind="exam_session",
            all_day=True,
            description=_("Examination session of the semester %(semester)s.")
            % {"semester": s.semester},
        )
        for s in sessions
    ]


EVENT_SOURCES = [exam_sessions]
