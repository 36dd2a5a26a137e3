"""Menu items of the academic structure: department, academic office (п. 4.5, 4.8)."""

from django.utils.translation import gettext_lazy as _

from dot.accounts.models import Role
from dot.accounts.roles import has_role
from dot.core.navigation import NavItem

from . import permissions


def _department(user: object) -> bool:
    return has_role(user, permissions.DEPARTMENT_READERS) and not has_role(
        user, permissions.UNIVERSITY_READERS
    )


def _academic_office(user: object) -> bool:
    return has_role(user, permissions.UNIVERSITY_READERS + permissions.FACULTY_READERS)


NAV_ITEMS = [
    NavItem(
        label=_("Curricula"),
        url_name="academics:curriculum_list",
        visible=_department,
        order=30,
        roles=(Role.HEAD_OF_DEPARTMENT, Role.PROGRAMME_LEADER),
        description=_("working curricula (РУП) of the department: drafts, lines, approval"),
    ),
    NavItem(
        label=_("Disciplines"),
        url_name="academics:discipline_list",
        visible=_department,
        order=31,
        roles=(Role.HEAD_OF_DEPARTMENT,),
        description=_("the department's disciplines and their modules"),
    ),
    NavItem(
        label=_("All curricula"),
        url_name="academics:curriculum_list",
        visible=_academic_office,
        order=30,
        roles=(Role.ACADEMIC_OFFICE, Role.VICE_RECTOR, Role.DEAN),
        description=_("working curricula (РУП) of every programme, with filters"),
    ),
    NavItem(
        label=_("Agreement queue"),
        url_name="academics:curriculum_queue",
        visible=permissions.can_see_queue,
        order=32,
        roles=(Role.ACADEMIC_OFFICE, Role.VICE_RECTOR),
        description=_("РУП awaiting your agreement or approval"),
    ),
    NavItem(
        label=_("Time norms"),
        url_name="academics:norm_list",
        visible=permissions.can_edit_norms,
        order=33,
        roles=(Role.ACADEMIC_OFFICE,),
        description=_("norms of time for teachers' load (п. 5.4.4)"),
    ),
]

from .people_nav import NAV_ITEMS as PEOPLE_NAV_ITEMS  # noqa: E402 - people side

NAV_ITEMS += PEOPLE_NAV_ITEMS

from .setup_nav import NAV_ITEMS as SETUP_NAV_ITEMS  # noqa: E402 - programmes, calendar

NAV_ITEMS += SETUP_NAV_ITEMS
