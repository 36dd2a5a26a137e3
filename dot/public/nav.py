"""Menu items of the public part and of its editing screens."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from dot.accounts.models import LEARNER_ROLES, STAFF_ROLES, Role
from dot.core.navigation import NavItem

from .permissions import can_edit_public

NAV_ITEMS = [
    NavItem(
        _("About DOT"),
        "public:info",
        order=900,
        roles=(*LEARNER_ROLES, Role.ADMISSIONS, Role.TUTOR, Role.DEANS_OFFICE),
        description=_("rules of DOT study at the university for applicants and students (п. 5.3)"),
    ),
    NavItem(
        _("Faculties and access points"),
        "public:units",
        order=905,
        roles=(*LEARNER_ROLES, Role.ADMISSIONS),
        description=_("faculties, departments and regional access points with their contacts"),
    ),
    NavItem(
        _("Normative documents"),
        "public:documents",
        order=910,
        roles=tuple(STAFF_ROLES),
        description=_("the published normative base of DOT (п. 3.4.4)"),
    ),
    NavItem(
        _("Public information"),
        "public:manage",
        visible=can_edit_public,
        order=300,
        roles=(Role.ACADEMIC_OFFICE,),
        description=_("edit the information pages and publish normative documents"),
    ),
]
