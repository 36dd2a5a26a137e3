"""Menu item of question banks (п. 2.3, 3.2)."""

from django.utils.translation import gettext_lazy as _

from dot.accounts.models import Role
from dot.core import navigation
from dot.core.navigation import NavItem

from . import permissions

NAV_ITEMS = [
    NavItem(
        label=_("Question banks"),
        url_name="questions:index",
        visible=permissions.is_bank_user,
        order=40,
        roles=(Role.TEACHER, Role.HEAD_OF_DEPARTMENT),
        description=_("test questions of the disciplines: categories, import and export"),
        group=navigation.STUDY,
    ),
]
