"""Who may see which notification: only its recipient (anyone else gets 404)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from .models import Notification


def visible_to(user: Any) -> QuerySet[Notification]:
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    return Notification.objects.filter(recipient=user)


def can_change_preferences(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))
