"""Menu items of courses and ЭУМК (п. 4.6, 4.8, 5.2, 5.4.5)."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from dot.accounts.models import Role
from dot.core.navigation import NavItem

from . import permissions


def _authenticated(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def _umk_staff(user: Any) -> bool:
    return (
        _authenticated(user)
        and permissions.umk_visible_to(user).exists()
        or (_authenticated(user) and permissions.disciplines_for_new_umk(user).exists())
    )


NAV_ITEMS = [
    NavItem(
        label=_("Courses"),
        url_name="content:index",
        visible=_authenticated,
        order=20,
        roles=(Role.STUDENT, Role.MASTER_STUDENT, Role.LISTENER, Role.TEACHER, Role.TUTOR),
        description=_("course materials, progress, the case for offline study"),
    ),
    NavItem(
        label=_("ЭУМК"),
        url_name="content:umk_list",
        visible=_umk_staff,
        order=35,
        roles=(Role.TEACHER, Role.HEAD_OF_DEPARTMENT),
        description=_("teaching-methodical complexes: drafts, checklist, review, revision"),
    ),
    NavItem(
        label=_("ЭУМК review"),
        url_name="content:review_queue",
        visible=permissions.can_see_review_queue,
        order=36,
        roles=(Role.HEAD_OF_DEPARTMENT, Role.EDITORIAL_OFFICE),
        description=_("ЭУМК versions awaiting your decision"),
    ),
    NavItem(
        label=_("ЭУМК requirements"),
        url_name="content:requirements",
        visible=permissions.can_manage_requirements,
        order=37,
        roles=(Role.EDITORIAL_OFFICE,),
        description=_("which components every ЭУМК must contain (п. 4.6)"),
    ),
    NavItem(
        label=_("ЭУМК publication"),
        url_name="content:status",
        visible=permissions.can_view_status_report,
        order=38,
        roles=(Role.METHODS_COUNCIL, Role.DEAN, Role.ACADEMIC_OFFICE),
        description=_("publication status of the faculty's ЭУМК, export to Excel"),
    ),
]
