"""Menu item of the live chat (п. 1.5: chats of DOT)."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from dot.accounts.models import Role
from dot.core import navigation
from dot.core.navigation import NavItem


def _authenticated(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


NAV_ITEMS = [
    NavItem(
        label=_("Chats"),
        url_name="chat:index",
        visible=_authenticated,
        order=60,
        roles=(Role.STUDENT, Role.MASTER_STUDENT, Role.LISTENER, Role.TEACHER, Role.TUTOR),
        description=_("live chats of courses and groups, consultations with teachers"),
        group=navigation.COMMUNICATION,
    ),
]
