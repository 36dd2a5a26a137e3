"""Reads of the notification centre."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet
from django.utils.functional import Promise

from .kinds import all_kinds
from .models import Delivery, Notification, NotificationPreference
from .permissions import visible_to


def notification_list(*, user: Any) -> QuerySet[Notification]:
    """The user's notifications: unread first, then newest first."""
    return (
        visible_to(user)
        .select_related("actor")
        .annotate(unread=ExpressionWrapper(Q(read_at__isnull=True), output_field=BooleanField()))
        .order_by("-unread", "-created_at", "-id")
    )


def unread_count(*, user: Any) -> int:
    """Unread notifications of the user: one COUNT over a partial index."""
    return visible_to(user).filter(read_at__isnull=True).count()


@dataclass(frozen=True)
class KindPreference:
    code: str
    label: str | Promise
    description: str | Promise
    mandatory: bool
    delivery: str

    @property
    def email(self) -> bool:
        return self.delivery != Delivery.OFF


def email_preferences(*, user: Any) -> list[KindPreference]:
    """Every known kind with the user's e-mail choice (mandatory kinds: immediately)."""
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "delivery"))
    return [
        KindPreference(
            code=k.code,
            label=k.label,
            description=k.description,
            mandatory=k.mandatory,
            delivery=Delivery.IMMEDIATELY
            if k.mandatory
            else chosen.get(k.code, Delivery.IMMEDIATELY),
        )
        for k in all_kinds()
    ]
