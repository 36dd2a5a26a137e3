"""Menu items of the people side: dean's office, departments, students, teachers."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from dot.accounts.models import Role
from dot.core.navigation import NavItem

from . import people_permissions as perms


def _dean_office(user: Any) -> bool:
    return perms.can_manage_groups(user)


def _student(user: Any) -> bool:
    return perms.can_see_my_disciplines(user) and not perms.can_list_groups(user)


def _department_head(user: Any) -> bool:
    return perms.can_list_departments(user)


def _teacher(user: Any) -> bool:
    return perms.can_view_my_load(user)


NAV_ITEMS = [
    NavItem(
        label=_("Groups and students"),
        url_name="academics:group_list",
        visible=_dean_office,
        order=34,
        roles=(Role.DEANS_OFFICE, Role.DEAN),
        description=_("groups, DOT groups, students, import and semester registration (п. 4.7)"),
    ),
    NavItem(
        label=_("My disciplines"),
        url_name="academics:my_disciplines",
        visible=_student,
        order=20,
        roles=(Role.STUDENT, Role.MASTER_STUDENT, Role.LISTENER),
        description=_("the disciplines of your semester, their credits and teachers"),
    ),
    NavItem(
        label=_("Teachers and load"),
        url_name="academics:department_list",
        visible=_department_head,
        order=35,
        roles=(Role.HEAD_OF_DEPARTMENT, Role.ACADEMIC_OFFICE),
        description=_("teaching assignments, teachers' load and DOT certificates (п. 3.3, 4.8)"),
    ),
    NavItem(
        label=_("My load"),
        url_name="academics:my_workload",
        visible=_teacher,
        order=36,
        roles=(Role.TEACHER,),
        description=_("your classes, load by the time norms and your DOT certificates"),
    ),
]
