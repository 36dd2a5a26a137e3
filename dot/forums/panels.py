"""The forums' block on the course page: its forums with the user's new-post counts."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from dot.core.panels import Panel

from . import permissions, selectors


def _course_panel(request: HttpRequest, course: Any) -> dict[str, Any] | None:
    if course is None or not permissions.can_view_course_forums(request.user, course):
        return None
    return {"course": course, "forums": selectors.course_forums(course, request.user)}


PANELS = [
    Panel(slot="course", template="forums/panel_course.html", context=_course_panel, order=10)
]
