"""Menu items of section V: DOT applications, study plans, DOT orders."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from dot.accounts.models import Role
from dot.core import navigation
from dot.core.navigation import NavItem

from . import permissions


def _authenticated(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def _orders(user: Any) -> bool:
    return permissions.sees_plan_lists(user) or permissions.can_create_order(user)


NAV_ITEMS = [
    NavItem(
        label=_("DOT plans"),
        url_name="plans:home",
        visible=_authenticated,
        order=25,
        roles=(
            Role.STUDENT,
            Role.MASTER_STUDENT,
            Role.TEACHER,
            Role.PROGRAMME_LEADER,
            Role.HEAD_OF_DEPARTMENT,
            Role.DEAN,
            Role.DEANS_OFFICE,
            Role.ACADEMIC_OFFICE,
        ),
        description=_("DOT applications, individual study plans, what awaits you"),
        group=navigation.STUDY,
    ),
    NavItem(
        label=_("Individual study plans"),
        url_name="plans:plan_list",
        visible=permissions.sees_plan_lists,
        order=26,
        roles=(
            Role.PROGRAMME_LEADER,
            Role.HEAD_OF_DEPARTMENT,
            Role.DEAN,
            Role.DEANS_OFFICE,
            Role.ACADEMIC_OFFICE,
        ),
        description=_("every plan by status, programme, group, semester, with its DOT share"),
        group=navigation.STUDY,
    ),
    NavItem(
        label=_("DOT orders"),
        url_name="plans:order_list",
        visible=_orders,
        order=27,
        roles=(Role.DEAN, Role.DEANS_OFFICE, Role.ACADEMIC_OFFICE, Role.PROGRAMME_LEADER),
        description=_("which disciplines of a programme may go by DOT, and how much (п. 5.4.4)"),
        group=navigation.STUDY,
    ),
]
