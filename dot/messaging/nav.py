from django.utils.translation import gettext_lazy as _

from dot.accounts.models import Role
from dot.core import navigation
from dot.core.navigation import NavItem

from . import permissions

NAV_ITEMS = [
    NavItem(
        label=_("Messages"),
        url_name="messaging:inbox",
        visible=lambda user: user.is_authenticated,
        order=300,
        roles=(Role.STUDENT, Role.TEACHER, Role.TUTOR, Role.DEANS_OFFICE),
        description=_("Private conversations with teachers, tutors, students and offices."),
        group=navigation.COMMUNICATION,
    ),
    NavItem(
        label=_("Announcements"),
        url_name="messaging:announcements",
        visible=lambda user: user.is_authenticated,
        order=310,
        roles=(Role.DEANS_OFFICE, Role.ACADEMIC_OFFICE),
        description=_("Announcements to courses, groups, programmes, faculties and roles."),
        group=navigation.COMMUNICATION,
    ),
    NavItem(
        label=_("Unanswered questions"),
        url_name="messaging:unanswered",
        visible=permissions.can_see_unanswered,
        order=320,
        roles=(Role.TEACHER,),
        description=_("Students' questions you have not answered yet, oldest first (п. 4.9)."),
        group=navigation.COMMUNICATION,
    ),
    NavItem(
        label=_("Reported messages"),
        url_name="messaging:reports",
        visible=permissions.can_handle_reports,
        order=330,
        roles=(Role.IT_OFFICE,),
        description=_("Messages reported by users, for the IT office and the dean's office."),
        group=navigation.COMMUNICATION,
    ),
]
