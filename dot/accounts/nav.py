"""Menu items of the accounts app: the IT office's user management (п. 4.9)."""

from django.utils.translation import gettext_lazy as _

from dot.core.navigation import NavItem

from . import permissions
from .models import Role

NAV_ITEMS = [
    NavItem(
        label=_("Users"),
        url_name="manage_users:list",
        visible=permissions.can_view_users,
        order=80,
        roles=(Role.IT_OFFICE, Role.DEAN, Role.DEANS_OFFICE),
        description=_("people of your units and their roles"),
    ),
]
