"""The context of the live chat widget (the room page and the course page's panel)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from dot.accounts.models import User

from . import permissions, presence, selectors, services
from .models import MAX_MESSAGE_LENGTH, Room


def i18n() -> dict[str, str]:
    """Texts chat.js shows, in the page's language."""
    return {
        "connecting": _("Connecting…"),
        "connected": _("Connected: new messages appear by themselves."),
        "reconnecting": _("Connection lost. Reconnecting in %(seconds)s s…"),
        "offline": _("No network. The chat reconnects by itself when the network is back."),
        "typing": _("%(name)s is typing…"),
        "deleted": _("Message deleted by a moderator."),
        "delete": _("Delete"),
        "nobody": _("nobody"),
        "earlier": _("Load earlier messages"),
        "former": _("Former user"),
        "too_long": _("The message is too long: %(length)s characters, at most %(limit)s.")
        % {"length": "%(length)s", "limit": MAX_MESSAGE_LENGTH},
        "empty": _("Write a message first."),
    }


def context(
    user: User, room: Room, *, before: int | None = None, limit: int = 30
) -> dict[str, Any]:
    moderator = permissions.can_moderate(user, room)
    page = selectors.history(room, before=before, limit=limit)
    if page.messages and before is None:
        services.room_mark_read(room=room, user=user, message_id=page.messages[-1].pk)
    return {
        "room": room,
        "page": page,
        "before": before,
        "moderator": moderator,
        "max_length": MAX_MESSAGE_LENGTH,
        "heartbeat": presence.HEARTBEAT,
        "chat_i18n": i18n(),
    }
