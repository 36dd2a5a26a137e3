"""Menu items of core: the audit trail for the IT office and the administration."""

from django.utils.translation import gettext_lazy as _

from dot.core.navigation import NavItem

from .approvals.selectors import is_approver
from .permissions import AUDIT_ROLES, can_view_audit

NAV_ITEMS = [
    NavItem(
        label=_("Awaiting my decision"),
        url_name="core:approval_queue",
        visible=is_approver,
        order=50,
        description=_("Documents on approval routes that wait for your decision."),
    ),
    NavItem(
        label=_("Audit trail"),
        url_name="core:audit_list",
        visible=can_view_audit,
        order=900,
        roles=tuple(AUDIT_ROLES),
        description=_("Who changed what and when: every business object, with filters."),
    ),
]
