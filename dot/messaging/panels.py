"""The header count of conversations with unread messages (one COUNT on a partial index)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from dot.core.panels import Panel

from .selectors import unread_conversations


def header_context(request: HttpRequest, obj: Any) -> dict[str, Any] | None:
    user = request.user
    if not user.is_authenticated:
        return None
    return {"unread_messages": unread_conversations(user=user)}


PANELS = [Panel(slot="header", template="messaging/header_panel.html", context=header_context)]
