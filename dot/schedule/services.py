"""Writes of the calendar: the secret feed address (create, regenerate = revoke)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from dot.core.audit import audit_record

from .models import FeedToken


@transaction.atomic
def feed_get_or_create(*, user: Any) -> FeedToken:
    token = FeedToken.objects.select_for_update().filter(user=user, revoked_at__isnull=True).first()
    if token is None:
        token = FeedToken.objects.create(user=user)
        audit_record(actor=user, obj=token, action="schedule.feed_created")
    return token


@transaction.atomic
def feed_regenerate(*, user: Any) -> FeedToken:
    """Revoke the live address (it answers 404 from now on) and issue a new one."""
    now = timezone.now()
    for old in FeedToken.objects.select_for_update().filter(user=user, revoked_at__isnull=True):
        old.revoked_at = now
        old.save(update_fields=["revoked_at"])
        audit_record(actor=user, obj=old, action="schedule.feed_revoked")
    token = FeedToken.objects.create(user=user)
    audit_record(actor=user, obj=token, action="schedule.feed_created")
    return token


@transaction.atomic
def feed_revoke(*, user: Any) -> None:
    now = timezone.now()
    for old in FeedToken.objects.select_for_update().filter(user=user, revoked_at__isnull=True):
        old.revoked_at = now
        old.save(update_fields=["revoked_at"])
        audit_record(actor=user, obj=old, action="schedule.feed_revoked")
