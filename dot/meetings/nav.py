"""Menu item of online lessons (п. 1.5, 2.3, 4.8)."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from dot.accounts.models import Role
from dot.core import navigation
from dot.core.navigation import NavItem


def _authenticated(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


NAV_ITEMS = [
    NavItem(
        label=_("Online lessons"),
        url_name="meetings:index",
        visible=_authenticated,
        order=60,
        roles=(Role.STUDENT, Role.MASTER_STUDENT, Role.LISTENER, Role.TEACHER, Role.TUTOR),
        description=_("online lessons, consultations and webinars: join, attendance, recordings"),
        group=navigation.COMMUNICATION,
    ),
]
