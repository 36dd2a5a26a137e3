"""Menu item of online testing (п. 2.3, 3.2)."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from dot.accounts.models import Role
from dot.core import navigation
from dot.core.navigation import NavItem


def _authenticated(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


NAV_ITEMS = [
    NavItem(
        label=_("Tests"),
        url_name="assessments:index",
        visible=_authenticated,
        order=40,
        roles=(Role.STUDENT, Role.MASTER_STUDENT, Role.LISTENER, Role.TEACHER, Role.TUTOR),
        description=_("online tests: module control, control works, exams; exam monitoring"),
        group=navigation.STUDY,
    ),
]
