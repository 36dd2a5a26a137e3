"""Calendar events of section V: the deadlines (срок сдачи) of the rows of approved study
plans in force, for the student and for the row's teacher (п. 5.5.1, Appendix 1)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dot.core.models import ApprovalStatus
from dot.schedule.events import CalendarEvent

from .models import StudyPlanRow


def plan_deadlines(
    user: Any, start: datetime.datetime, end: datetime.datetime
) -> Iterable[CalendarEvent]:
    """One all-day event per row deadline in [start, end): the student's own rows and the
    rows the user teaches. One query."""
    if not getattr(user, "is_authenticated", False):
        return []
    rows = (
        StudyPlanRow.objects.filter(
            Q(plan__student__user=user) | Q(teacher=user),
            plan__status=ApprovalStatus.APPROVED,
            plan__archived_at__isnull=True,
            deadline__isnull=False,
            deadline__gte=start.date() - datetime.timedelta(days=1),
            deadline__lte=end.date(),
        )
        .select_related("curriculum_line__discipline", "module", "plan__student__user")
        .order_by("deadline", "pk")
    )
    events = []
    tz = timezone.get_current_timezone()
    for row in rows:
        assert row.deadline is not None
        begins = datetime.datetime.combine(row.deadline, datetime.time.min, tzinfo=tz)
        own = row.plan.student.user_id == user.pk
        title = (
            _("Deadline (ИУП): %(subject)s") % {"subject": row}
            if own
            else _("Deadline (ИУП) of %(student)s: %(subject)s")
            % {"student": row.plan.student.user.short_name, "subject": row}
        )
        events.append(
            CalendarEvent(
                uid=f"plans-row-{row.pk}-deadline",
                title=title,
                start=begins,
                end=begins + datetime.timedelta(days=1),
                kind="deadline",
                all_day=True,
                url=reverse("plans:plan_detail", args=[row.plan_id]),
                description=row.note,
                location=row.place_and_time,
                course=str(row.curriculum_line.discipline),
            )
        )
    return events


EVENT_SOURCES = [plan_deadlines]
