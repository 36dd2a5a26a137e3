"""Calendar events of tests: the open/close window of each test a user sees (its
students see published tests; the course staff see all), with the student's own
accommodation dates."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _

from dot.schedule.events import CalendarEvent

from . import permissions
from .models import Accommodation


def windows_of_tests(
    user: Any, start: datetime.datetime, end: datetime.datetime
) -> Iterable[CalendarEvent]:
    tests = (
        permissions.visible_to(user)
        .filter(Q(open_at__isnull=False) | Q(close_at__isnull=False))
        .select_related("course__discipline")
        .prefetch_related(
            Prefetch(
                "accommodations",
                queryset=Accommodation.objects.filter(user=user),
                to_attr="mine",
            )
        )
    )
    # A window overlaps [start, end) — with a margin for accommodations (other dates).
    tests = tests.filter(
        Q(open_at__lt=end) | Q(open_at__isnull=True) | Q(accommodations__user=user)
    ).filter(Q(close_at__gte=start) | Q(close_at__isnull=True) | Q(accommodations__user=user))
    events = []
    for test in tests.distinct():
        mine = test.mine[0] if test.mine else None  # type: ignore[attr-defined]
        open_at = (mine.open_at if mine and mine.open_at else None) or test.open_at
        close_at = (mine.close_at if mine and mine.close_at else None) or test.close_at
        course = test.course.discipline.name
        url = test.get_absolute_url()
        if open_at and close_at and (close_at - open_at) <= datetime.timedelta(days=1):
            events.append(
                CalendarEvent(
                    uid=f"assessments-test-{test.pk}",
                    title=_("Test: %(title)s") % {"title": test.title},
                    start=open_at,
                    end=close_at,
                    kind="test",
                    url=url,
                    description=test.get_kind_display(),
                    course=course,
                )
            )
            continue
        if open_at:
            events.append(
                CalendarEvent(
                    uid=f"assessments-test-{test.pk}-open",
                    title=_("Test opens: %(title)s") % {"title": test.title},
                    start=open_at,
                    kind="test",
                    url=url,
                    description=test.get_kind_display(),
                    course=course,
                )
            )
        if close_at:
            events.append(
                CalendarEvent(
                    uid=f"assessments-test-{test.pk}-close",
                    title=_("Test closes: %(title)s") % {"title": test.title},
                    start=close_at,
                    kind="deadline",
                    url=url,
                    description=test.get_kind_display(),
                    course=course,
                )
            )
    return events


EVENT_SOURCES = [windows_of_tests]
