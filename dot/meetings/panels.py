"""The «course» panel: upcoming online lessons and recordings of the course."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from dot.core.panels import Panel

from . import permissions, selectors


def course_context(request: HttpRequest, course: Any) -> dict[str, Any] | None:
    user = request.user
    lessons = selectors.course_lessons(user, course)
    recordings = selectors.course_recordings(user, course)
    can_schedule = permissions.courses_for_scheduling(user).filter(pk=course.pk).exists()
    if not lessons and not recordings and not can_schedule:
        return None
    return {
        "course": course,
        "lessons": lessons,
        "recordings": recordings,
        "can_schedule": can_schedule,
    }


def home_context(request: HttpRequest, obj: Any) -> dict[str, Any] | None:
    """The next online lessons of the user on the home page (hidden when none)."""
    if not getattr(request.user, "is_authenticated", False):
        return None
    lessons = list(selectors.user_lessons(request.user)[:3])
    return {"lessons": lessons} if lessons else None


PANELS = [
    Panel(slot="home", template="meetings/_home_panel.html", context=home_context, order=40),
    Panel(slot="course", template="meetings/_course_panel.html", context=course_context, order=40),
]
