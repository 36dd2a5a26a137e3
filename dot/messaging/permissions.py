"""Who may write to whom, read what and announce to which audience. Views and the API use
only these checks; a conversation, message or announcement a user may not see answers 404.

Private messages (issue 7; п. 2.3 interactivity between students and teachers):

* a student writes to the teachers and tutors of the courses of their group, their
  group's tutor and curator, the dean's office (dean) of their faculty and the
  university's academic office — not to other students or arbitrary staff;
* teachers and tutors write to the students of their courses and groups, and to
  colleagues (anyone holding a staff role);
* other staff (dean's office, head of department, offices, rectorate) write to anyone
  in their unit's scope — a role held in a faculty (or in an office of a faculty) covers
  the faculty; a university office covers the university — and to colleagues;
* a user who blocked someone receives nothing from them;
* anyone answers in a conversation they take part in.

Announcements: a teacher to the courses they teach (and those courses' groups); the
dean's office (dean) to its faculty's courses, groups, programmes, roles and the
faculty; the academic office to anyone, everyone included.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet

from dot.academics.models import Programme, Student, StudentGroup, StudentStatus
from dot.accounts.models import LEARNER_ROLES, STAFF_ROLES, Role, RoleAssignment, User
from dot.accounts.roles import has_role, held_roles
from dot.content.models import Course
from dot.org.models import OrgUnit, UnitKind

from .models import Announcement, AudienceKind, Conversation, Message, MessageReport

TEACHING_ROLES = (Role.TEACHER, Role.TUTOR)
# Staff roles whose unit is their scope for messages (teachers and tutors have courses).
SCOPED_ROLES = tuple(r for r in STAFF_ROLES if r not in TEACHING_ROLES)
FACULTY_SENDERS = (Role.DEAN, Role.DEANS_OFFICE)
REPORT_HANDLERS_FACULTY = (Role.DEAN, Role.DEANS_OFFICE)


def _auth(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def _unit_scope(path: str, kind: str) -> str:
    """A role held in an office covers the office's parent (its faculty or university)."""
    if kind == UnitKind.OFFICE:
        return "/".join(path.rstrip("/").split("/")[:-1]) + "/"
    return path


def scope_paths(user: Any, roles: tuple[str, ...]) -> list[str]:
    return [_unit_scope(h.unit_path, h.unit_kind) for h in held_roles(user) if h.role in roles]


def _current_roles() -> QuerySet[RoleAssignment]:
    return RoleAssignment.objects.current()


def _studying() -> QuerySet[Student]:
    return Student.objects.filter(status=StudentStatus.STUDYING)


def users_in_scope_q(paths: list[str]) -> Q:
    """Users holding a role in a unit under ``paths``, or students of its programmes."""
    if not paths:
        return Q(pk__in=[])
    unit_q = Q()
    faculty_q = Q()
    for path in paths:
        unit_q |= Q(unit__path__startswith=path)
        faculty_q |= Q(programme__faculty__path__startswith=path)
        faculty_q |= Q(programme__department__path__startswith=path)
    return Q(pk__in=_current_roles().filter(unit_q).values("user_id")) | Q(
        pk__in=_studying().filter(faculty_q).values("user_id")
    )


def is_learner(user: Any) -> bool:
    return _auth(user) and (
        Student.objects.filter(user=user).exists() or has_role(user, LEARNER_ROLES)
    )


def teachers_of_student_q(user: Any) -> Q:
    """Teachers and tutors of the student's courses, the group's tutor and curator."""
    courses = Course.objects.filter(
        groups__students__user=user, groups__students__status=StudentStatus.STUDYING
    ).values("pk")
    groups = StudentGroup.objects.filter(
        students__user=user, students__status=StudentStatus.STUDYING
    )
    return (
        Q(pk__in=Course.teachers.through.objects.filter(course__in=courses).values("user_id"))
        | Q(pk__in=Course.tutors.through.objects.filter(course__in=courses).values("user_id"))
        | Q(pk__in=groups.exclude(tutor=None).values("tutor_id"))
        | Q(pk__in=groups.exclude(curator=None).values("curator_id"))
    )


def _student_contacts_q(user: Any) -> Q:
    faculty_paths = list(
        Student.objects.filter(user=user, status=StudentStatus.STUDYING).values_list(
            "programme__faculty__path", flat=True
        )
    )
    deans = Q(pk__in=[])
    for path in faculty_paths:
        deans |= Q(
            pk__in=_current_roles()
            .filter(role__in=FACULTY_SENDERS, unit__path__startswith=path)
            .values("user_id")
        )
    academic = Q(pk__in=_current_roles().filter(role=Role.ACADEMIC_OFFICE).values("user_id"))
    return teachers_of_student_q(user) | deans | academic


def _staff_contacts_q(user: Any) -> Q:
    q = Q(pk__in=_current_roles().filter(role__in=STAFF_ROLES).values("user_id"))
    if has_role(user, TEACHING_ROLES):
        students = _studying().filter(
            Q(group__courses__teachers=user)
            | Q(group__courses__tutors=user)
            | Q(group__tutor=user)
            | Q(group__curator=user)
        )
        q |= Q(pk__in=students.values("user_id"))
    q |= users_in_scope_q(scope_paths(user, SCOPED_ROLES))
    return q


def contacts(user: Any) -> QuerySet[User]:
    """People the user may start a conversation with (blocks not applied here)."""
    if not _auth(user):
        return User.objects.none()
    base = User.objects.filter(is_active=True).exclude(pk=user.pk)
    if user.is_superuser:
        return base
    q = Q(pk__in=[])
    if is_learner(user):
        q |= _student_contacts_q(user)
    if has_role(user, STAFF_ROLES):
        q |= _staff_contacts_q(user)
    return base.filter(q)


def may_write_to(user: Any, recipients: list[Any]) -> list[Any]:
    """The recipients the user may NOT start a conversation with (empty: all allowed)."""
    allowed = set(
        contacts(user).filter(pk__in=[r.pk for r in recipients]).values_list("pk", flat=True)
    )
    return [r for r in recipients if r.pk not in allowed]


# --- Conversations ----------------------------------------------------------------------


def conversations_visible_to(user: Any) -> QuerySet[Conversation]:
    if not _auth(user):
        return Conversation.objects.none()
    return Conversation.objects.filter(participants__user=user)


def can_view_conversation(user: Any, conversation: Conversation) -> bool:
    return conversations_visible_to(user).filter(pk=conversation.pk).exists()


def messages_visible_to(user: Any) -> QuerySet[Message]:
    if not _auth(user):
        return Message.objects.none()
    return Message.objects.filter(conversation__participants__user=user)


def can_start_conversation(user: Any) -> bool:
    return _auth(user)


# --- Reports ----------------------------------------------------------------------------


def can_handle_reports(user: Any) -> bool:
    return has_role(user, (Role.IT_OFFICE, *REPORT_HANDLERS_FACULTY))


def reports_visible_to(user: Any) -> QuerySet[MessageReport]:
    """The IT office sees every report; the dean's office those about its faculty's people."""
    if not _auth(user):
        return MessageReport.objects.none()
    if user.is_superuser or has_role(user, Role.IT_OFFICE):
        return MessageReport.objects.all()
    paths = scope_paths(user, REPORT_HANDLERS_FACULTY)
    if not paths:
        return MessageReport.objects.none()
    people = User.objects.filter(users_in_scope_q(paths)).values("pk")
    return MessageReport.objects.filter(Q(message__author__in=people) | Q(reporter__in=people))


# --- Announcements ----------------------------------------------------------------------


@dataclass
class SenderScope:
    """What audiences a user may announce to."""

    everyone: bool = False
    faculty_paths: list[str] = field(default_factory=list)
    taught_courses: bool = False

    @property
    def any(self) -> bool:
        return self.everyone or bool(self.faculty_paths) or self.taught_courses


def sender_scope(user: Any) -> SenderScope:
    if not _auth(user):
        return SenderScope()
    if user.is_superuser or has_role(user, Role.ACADEMIC_OFFICE):
        return SenderScope(everyone=True)
    return SenderScope(
        faculty_paths=scope_paths(user, FACULTY_SENDERS),
        taught_courses=Course.objects.filter(teachers=user).exists(),
    )


def can_send_announcements(user: Any) -> bool:
    return sender_scope(user).any


def audiences_for(user: Any) -> list[str]:
    scope = sender_scope(user)
    if scope.everyone:
        return list(AudienceKind.values)
    kinds: list[str] = []
    if scope.faculty_paths or scope.taught_courses:
        kinds += [AudienceKind.COURSE, AudienceKind.GROUP]
    if scope.faculty_paths:
        kinds += [AudienceKind.PROGRAMME, AudienceKind.FACULTY, AudienceKind.ROLE]
    return kinds


def _paths_q(paths: list[str], field_name: str) -> Q:
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(**{f"{field_name}__startswith": path})
    return q


def announce_courses(user: Any) -> QuerySet[Course]:
    scope = sender_scope(user)
    if scope.everyone:
        return Course.objects.all()
    return Course.objects.filter(
        Q(teachers=user) | _paths_q(scope.faculty_paths, "discipline__department__path")
    ).distinct()


def announce_groups(user: Any) -> QuerySet[StudentGroup]:
    scope = sender_scope(user)
    if scope.everyone:
        return StudentGroup.objects.filter(is_active=True)
    return StudentGroup.objects.filter(
        Q(courses__teachers=user) | _paths_q(scope.faculty_paths, "programme__faculty__path"),
        is_active=True,
    ).distinct()


def announce_programmes(user: Any) -> QuerySet[Programme]:
    scope = sender_scope(user)
    if scope.everyone:
        return Programme.objects.all()
    return Programme.objects.filter(_paths_q(scope.faculty_paths, "faculty__path"))


def announce_faculties(user: Any) -> QuerySet[OrgUnit]:
    scope = sender_scope(user)
    faculties = OrgUnit.objects.filter(kind=UnitKind.FACULTY)
    if scope.everyone:
        return faculties
    q = Q(pk__in=[])
    for path in scope.faculty_paths:
        # The faculty itself (a path below it is a department: announce to its faculty).
        q |= Q(path=path) | Q(pk__in=[int(p) for p in path.strip("/").split("/") if p])
    return faculties.filter(q)


def announcements_visible_to(user: Any) -> QuerySet[Announcement]:
    """The sender's own announcements and the ones the user received."""
    if not _auth(user):
        return Announcement.objects.none()
    if user.is_superuser:
        return Announcement.objects.all()
    return Announcement.objects.filter(Q(sender=user) | Q(deliveries__recipient=user)).distinct()


def can_see_delivery_status(user: Any, announcement: Announcement) -> bool:
    return _auth(user) and (user.is_superuser or announcement.sender_id == user.pk)


# --- Response time (п. 4.9) ---------------------------------------------------------------


def can_see_unanswered(user: Any) -> bool:
    return has_role(user, TEACHING_ROLES) or (
        _auth(user) and Course.objects.filter(Q(teachers=user) | Q(tutors=user)).exists()
    )
