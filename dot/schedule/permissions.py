"""Who sees which calendar: each user only their own (built from what they may see in
every app: ``events.events_for``). The iCalendar feed is opened by its secret address
alone (calendar programs do not log in); a revoked or unknown address answers 404."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from .models import FeedToken


def can_view_calendar(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.is_active


def visible_to(user: Any) -> QuerySet[FeedToken]:
    """Feed addresses the user may see or manage: their own."""
    if not can_view_calendar(user):
        return FeedToken.objects.none()
    return FeedToken.objects.filter(user=user)


def feed_owner(token: str) -> Any | None:
    """The owner of a live feed address, or None (unknown, revoked, inactive user)."""
    feed = (
        FeedToken.objects.filter(token=token, revoked_at__isnull=True, user__is_active=True)
        .select_related("user")
        .first()
    )
    if feed is None:
        return None
    FeedToken.objects.filter(pk=feed.pk).update(last_used_at=timezone.now())
    return feed.user
