"""Who is in which chat room and who moderates it (п. 1.5, 4.8). Pages, the API and the
WebSocket consumer use only these checks; a room the user is not in answers 404 (the
socket is refused).

* Course room: the course's teachers and tutors, and its students (studying, in one of
  its groups, registered to its discipline for its semester — the same rule as the
  course page). Moderators: the course's teachers.
* Group room: the group's studying students, its curator and tutor, the teachers of the
  group's courses and the dean's office of the group's faculty (п. 4.7: it forms the DOT
  groups and keeps in touch with them). Moderators: all of them but the students.
* Consultation: the student and the teacher of the pair. Moderator: the teacher.
  A student opens one with a teacher of a course they study.

Department, faculty and office staff who merely may read a course page are not members
of its chat: the chat is the course's people talking (п. 2.3 online interaction).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from dot.academics.models import SemesterRegistration, Student, StudentGroup, StudentStatus
from dot.accounts.models import Role, User
from dot.content.models import Course
from dot.content.permissions import faculty_paths

from .models import Message, Room, RoomKind


def _auth(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def _registered(user: Any, course_ref: str) -> Exists:
    """The user studies the course at ``course_ref`` (``"pk"`` on a Course query)."""
    prefix = "" if course_ref == "pk" else f"{course_ref}__"
    return Exists(
        SemesterRegistration.objects.filter(
            student__user=user,
            student__status=StudentStatus.STUDYING,
            student__group__courses=OuterRef(course_ref),
            semester=OuterRef(f"{prefix}semester"),
            curriculum_line__discipline=OuterRef(f"{prefix}discipline"),
        )
    )


def _course_staff(user: Any, course_ref: str) -> Q:
    teaches = Course.teachers.through.objects.filter(course=OuterRef(course_ref), user=user)
    tutors = Course.tutors.through.objects.filter(course=OuterRef(course_ref), user=user)
    return Q(Exists(teaches)) | Q(Exists(tutors))


def _group_teacher(user: Any, group_ref: str) -> Exists:
    return Exists(Course.objects.filter(groups=OuterRef(group_ref), teachers=user))


def _group_student(user: Any, group_ref: str) -> Exists:
    return Exists(
        Student.objects.filter(group=OuterRef(group_ref), user=user, status=StudentStatus.STUDYING)
    )


def _deans_office(user: Any, faculty_path_field: str) -> Q:
    """The dean's office staff of the faculty at ``faculty_path_field``."""
    q = Q(pk__in=[])
    for path in faculty_paths(user, (Role.DEANS_OFFICE,)):
        q |= Q(**{f"{faculty_path_field}__startswith": path})
    return q


def member_q(user: Any) -> Q:
    """Rooms (``Room`` rows) the user belongs to."""
    if not _auth(user):
        return Q(pk__in=[])
    course = Q(kind=RoomKind.COURSE) & (
        _course_staff(user, "course") | Q(_registered(user, "course"))
    )
    group = Q(kind=RoomKind.GROUP) & (
        Q(group__curator=user)
        | Q(group__tutor=user)
        | Q(_group_student(user, "group"))
        | Q(_group_teacher(user, "group"))
        | _deans_office(user, "group__programme__faculty__path")
    )
    consultation = Q(kind=RoomKind.CONSULTATION) & (Q(student=user) | Q(teacher=user))
    return course | group | consultation


def moderator_q(user: Any) -> Q:
    """Rooms the user moderates: deletes messages, mutes members."""
    if not _auth(user):
        return Q(pk__in=[])
    teaches = Course.teachers.through.objects.filter(course=OuterRef("course"), user=user)
    return (
        (Q(kind=RoomKind.COURSE) & Q(Exists(teaches)))
        | (
            Q(kind=RoomKind.GROUP)
            & (
                Q(group__curator=user)
                | Q(group__tutor=user)
                | Q(_group_teacher(user, "group"))
                | _deans_office(user, "group__programme__faculty__path")
            )
        )
        | Q(kind=RoomKind.CONSULTATION, teacher=user)
    )


def visible_to(user: Any) -> QuerySet[Room]:
    """The rooms the user is a member of (every page, the API and the socket use this)."""
    return Room.objects.filter(member_q(user))


def can_view(user: Any, room: Room) -> bool:
    return visible_to(user).filter(pk=room.pk).exists()


def can_moderate(user: Any, room: Room) -> bool:
    return Room.objects.filter(moderator_q(user), pk=room.pk).exists()


def can_post(user: Any, room: Room) -> bool:
    """Members post (a mute is checked by the service, with its own message)."""
    return can_view(user, room)


def can_delete(user: Any, message: Message) -> bool:
    return can_moderate(user, message.room)


def courses_of(user: Any) -> QuerySet[Course]:
    """Courses whose chat the user belongs to."""
    if not _auth(user):
        return Course.objects.none()
    return Course.objects.filter(_course_staff(user, "pk") | Q(_registered(user, "pk")))


def groups_of(user: Any) -> QuerySet[StudentGroup]:
    """Active groups whose chat the user belongs to."""
    if not _auth(user):
        return StudentGroup.objects.none()
    return StudentGroup.objects.filter(
        Q(curator=user)
        | Q(tutor=user)
        | Q(_group_student(user, "pk"))
        | Q(_group_teacher(user, "pk"))
        | _deans_office(user, "programme__faculty__path"),
        is_active=True,
    )


def consultation_teachers(user: Any) -> QuerySet[User]:
    """Teachers a student may open a consultation with: those of the courses they study."""
    if not _auth(user):
        return User.objects.none()
    studied = Course.objects.filter(_registered(user, "pk"))
    return (
        User.objects.filter(taught_courses__in=studied, is_active=True)
        .exclude(pk=user.pk)
        .distinct()
        .order_by("last_name", "first_name")
    )


def can_open_consultation(user: Any, teacher: User) -> bool:
    return consultation_teachers(user).filter(pk=teacher.pk).exists()
