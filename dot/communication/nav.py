from django.utils.translation import gettext_lazy as _

from dot.core.navigation import NavItem

NAV_ITEMS = [
    NavItem(
        label=_("Notifications"),
        url_name="communication:list",
        visible=lambda user: user.is_authenticated,
        order=900,
        description=_("Messages from the portal: approvals, announcements, reminders."),
    ),
]
