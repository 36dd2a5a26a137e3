"""Menu items of the forums (п. 1.5, 2.3, 4.8, 4.9)."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from dot.accounts.models import Role
from dot.core import navigation
from dot.core.navigation import NavItem

from . import permissions


def _authenticated(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


NAV_ITEMS = [
    NavItem(
        label=_("Forums"),
        url_name="forums:index",
        visible=_authenticated,
        order=50,
        roles=(Role.STUDENT, Role.MASTER_STUDENT, Role.LISTENER, Role.TEACHER, Role.TUTOR),
        description=_("course forums, questions to the teachers, faculty and university forums"),
        group=navigation.COMMUNICATION,
    ),
    NavItem(
        label=_("Unanswered questions"),
        url_name="forums:questions",
        visible=permissions.can_view_questions,
        order=51,
        roles=(Role.TEACHER,),
        description=_("students' questions in your courses' forums awaiting your answer"),
        group=navigation.COMMUNICATION,
    ),
]
