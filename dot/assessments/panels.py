"""The course page's «Tests» panel: the course's tests for its students and staff."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from dot.content import permissions as content_permissions
from dot.core.panels import Panel

from . import permissions, selectors


def course_tests(request: HttpRequest, course: Any) -> dict[str, Any] | None:
    user = request.user
    if not getattr(user, "is_authenticated", False):
        return None
    staff = content_permissions.is_course_staff(user, course)
    if not staff and not content_permissions.is_course_learner(user, course):
        return None
    tests = list(selectors.tests_of_course(course, user, staff=staff))
    can_create = permissions.can_create_test(user, course)
    if not tests and not can_create:
        return None
    return {"course": course, "tests": tests, "can_create": can_create}


PANELS = [
    Panel(slot="course", template="assessments/panels/course.html", context=course_tests, order=30)
]
