"""Menu items of the academic office for programmes and the academic calendar."""

from django.utils.translation import gettext_lazy as _

from dot.accounts.models import Role
from dot.core.navigation import NavItem

from .setup_permissions import can_manage_setup

NAV_ITEMS = [
    NavItem(
        label=_("Programmes"),
        url_name="academics:programme_list",
        visible=can_manage_setup,
        order=34,
        roles=(Role.ACADEMIC_OFFICE,),
        description=_("directions and programmes: licensed forms, duration, credits (п. 5.1)"),
    ),
    NavItem(
        label=_("Academic calendar"),
        url_name="academics:calendar",
        visible=can_manage_setup,
        order=35,
        roles=(Role.ACADEMIC_OFFICE,),
        description=_("academic years, semesters and exam sessions"),
    ),
]
