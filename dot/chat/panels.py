"""The chat on other apps' pages: a live panel on the course page, a badge in the header."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from dot.core.panels import Panel

from . import permissions, selectors, services, widget


def course_panel(request: HttpRequest, course: Any) -> dict[str, Any] | None:
    user = request.user
    if not permissions.courses_of(user).filter(pk=course.pk).exists():
        return None
    room = services.room_for_course(course=course)
    return widget.context(user, room, limit=10) | {"compact": True}  # type: ignore[arg-type]


def header_badge(request: HttpRequest, obj: Any) -> dict[str, Any] | None:
    if not request.user.is_authenticated:
        return None
    return {"unread": selectors.unread_total(request.user)}


PANELS = [
    Panel(slot="course", template="chat/panel_course.html", context=course_panel, order=40),
    Panel(slot="header", template="chat/panel_header.html", context=header_badge, order=10),
]
