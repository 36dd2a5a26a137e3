"""Menu item of the calendar."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from dot.accounts.models import Role
from dot.core import navigation
from dot.core.navigation import NavItem


def _authenticated(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


NAV_ITEMS = [
    NavItem(
        label=_("Calendar"),
        url_name="schedule:index",
        visible=_authenticated,
        order=25,
        roles=(Role.STUDENT, Role.MASTER_STUDENT, Role.LISTENER, Role.TEACHER, Role.TUTOR),
        description=_("lessons, deadlines, tests and exam sessions; a feed for your phone"),
        group=navigation.STUDY,
    ),
]
