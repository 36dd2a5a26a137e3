"""Menu items of the org app: the university's structure for the IT office (п. 4.9)."""

from django.utils.translation import gettext_lazy as _

from dot.accounts.models import Role
from dot.core.navigation import NavItem

from . import permissions

NAV_ITEMS = [
    NavItem(
        label=_("Org structure"),
        url_name="org:tree",
        visible=permissions.can_manage_units,
        order=81,
        roles=(Role.IT_OFFICE,),
        description=_("faculties, departments, offices and access points"),
    ),
]
