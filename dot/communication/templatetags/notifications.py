"""The header badge: the unread notification count, counted once per request."""

from __future__ import annotations

from typing import Any

from django import template

from ..selectors import unread_count

register = template.Library()

_ATTR = "_dot_unread_notifications"


@register.simple_tag(takes_context=True)
def unread_notification_count(context: Any) -> int:
    request = context.get("request")
    user = getattr(request, "user", None)
    if request is None or not getattr(user, "is_authenticated", False):
        return 0
    if not hasattr(request, _ATTR):
        setattr(request, _ATTR, unread_count(user=user))
    return int(getattr(request, _ATTR))


@register.inclusion_tag("communication/header_badge.html", takes_context=True)
def notifications_badge(context: Any) -> dict[str, Any]:
    """The header link to the notification centre with the unread count."""
    return {"unread": unread_notification_count(context)}
