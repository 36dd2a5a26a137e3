"""Template context shared by every page: the navigation and the user's roles."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from dot.accounts.roles import role_labels

from .navigation import header_entries, items_for
from .panels import panels_for


def portal(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    # Lazy: computed only when a template shows them (htmx fragments don't).
    nav_items = SimpleLazyObject(lambda: items_for(user))
    ctx: dict[str, Any] = {
        "portal_name": settings.UNIVERSITY_NAME or _("DOT portal"),
        "nav_items": nav_items,
        "nav_entries": SimpleLazyObject(lambda: header_entries(list(nav_items))),
        # Header badges of other apps (unread messages, chats) load after the page, in one
        # request to core:header_panels, so no page pays for their queries.
        "has_header_panels": bool(panels_for("header")),
        "user_role_labels": SimpleLazyObject(
            lambda: role_labels(user) if user.is_authenticated else []
        ),
    }
    return ctx
