from django.utils.translation import gettext_lazy as _

from dot.accounts.models import LEARNER_ROLES, STAFF_ROLES
from dot.core.navigation import NavItem

NAV_ITEMS = [
    NavItem(
        label=_("Notifications"),
        url_name="communication:list",
        visible=lambda user: user.is_authenticated,
        order=900,
        roles=tuple(str(r) for r in (*STAFF_ROLES, *LEARNER_ROLES)),
        description=_("Messages from the portal: approvals, announcements, reminders."),
    ),
]
