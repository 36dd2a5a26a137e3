"""Reads of the chat: a user's rooms with unread counts, pages of history, payloads."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from dot.accounts.models import Role, RoleAssignment, User
from dot.content.selectors import course_students

from . import permissions
from .models import Membership, Message, Mute, Room, RoomKind

PAGE_SIZE = 30
MISSED_LIMIT = 200


def with_subject(qs: QuerySet[Room]) -> QuerySet[Room]:
    """What ``Room.title`` reads, in the same query."""
    return qs.select_related("course__discipline", "group", "student", "teacher")


def my_rooms(user: Any) -> QuerySet[Room]:
    """The user's rooms, each with ``unread`` (others' messages after the last read one),
    ``last_id`` and the latest visible message's ``last_text`` and ``last_at``; most
    recently active first. One query."""
    last_read = Membership.objects.filter(room=OuterRef("pk"), user=user).values("last_read_id")[:1]
    unread = (
        Message.objects.filter(
            room=OuterRef("pk"),
            id__gt=Coalesce(OuterRef("my_last_read"), Value(0)),
            deleted_at__isnull=True,
        )
        .exclude(author=user)
        .order_by()
        .values("room")
        .annotate(c=Count("id"))
        .values("c")
    )
    last = Message.objects.filter(room=OuterRef("pk")).order_by("-id").values("id")[:1]
    latest = Message.objects.filter(room=OuterRef("pk"), deleted_at__isnull=True).order_by("-id")
    return (
        with_subject(permissions.visible_to(user))
        .annotate(my_last_read=Subquery(last_read, output_field=IntegerField()))
        .annotate(
            unread=Coalesce(Subquery(unread, output_field=IntegerField()), Value(0)),
            last_id=Coalesce(Subquery(last, output_field=IntegerField()), Value(0)),
            last_text=Subquery(latest.values("text")[:1]),
            last_at=Subquery(latest.values("created_at")[:1]),
        )
        .order_by("-last_id", "kind", "id")
    )


def unread_total(user: Any) -> int:
    """Unread messages over the user's memberships: the header badge (one query)."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return (
        Message.objects.filter(
            room__memberships__user=user,
            id__gt=F("room__memberships__last_read_id"),
            deleted_at__isnull=True,
        )
        .exclude(author=user)
        .count()
    )


def _messages(room: Room) -> QuerySet[Message]:
    return Message.objects.filter(room=room).select_related("author")


@dataclass
class HistoryPage:
    messages: list[Message]
    has_more: bool

    @property
    def first_id(self) -> int | None:
        return self.messages[0].pk if self.messages else None

    @property
    def last_id(self) -> int | None:
        return self.messages[-1].pk if self.messages else None


def history(room: Room, *, before: int | None = None, limit: int = PAGE_SIZE) -> HistoryPage:
    """The ``limit`` messages before ``before`` (the latest without it), oldest first."""
    qs = _messages(room)
    if before is not None:
        qs = qs.filter(id__lt=before)
    rows = list(qs.order_by("-id")[: limit + 1])
    has_more = len(rows) > limit
    return HistoryPage(messages=list(reversed(rows[:limit])), has_more=has_more)


def missed(room: Room, *, after: int) -> tuple[list[Message], bool]:
    """Messages after ``after`` (a reconnecting client's last seen id), oldest first, and
    whether all of them fit (``False``: too many — the client reloads the history)."""
    rows = list(_messages(room).filter(id__gt=after).order_by("id")[: MISSED_LIMIT + 1])
    return rows[:MISSED_LIMIT], len(rows) <= MISSED_LIMIT


def message_payload(message: Message) -> dict[str, Any]:
    """What clients receive for a message (the socket and the API). ``text`` is plain
    text: clients put it into the page as text, never as HTML."""
    author = message.author
    return {
        "id": message.pk,
        "room": message.room_id,
        "author": {"id": author.pk, "name": author.short_name} if author else None,
        "text": "" if message.is_deleted else message.text,
        "deleted": message.is_deleted,
        "created": timezone.localtime(message.created_at).isoformat(),
    }


def active_mute(room: Room, user: Any) -> Mute | None:
    return (
        Mute.objects.filter(room=room, user=user, until__gt=timezone.now())
        .order_by("-until")
        .first()
    )


def members(room: Room) -> QuerySet[User]:
    """Everyone in the room now (for memberships when the room is created)."""
    if room.kind == RoomKind.COURSE and room.course is not None:
        course = room.course
        students = course_students(course).values("user")
        return User.objects.filter(
            Q(pk__in=students)
            | Q(pk__in=course.teachers.values("pk"))
            | Q(pk__in=course.tutors.values("pk"))
        )
    if room.kind == RoomKind.GROUP and room.group is not None:
        group = room.group
        deans_office = RoleAssignment.objects.current().filter(
            role=Role.DEANS_OFFICE, unit__path__startswith=group.programme.faculty.path
        )
        return User.objects.filter(
            Q(student_record__group=group, student_record__status="studying")
            | Q(pk=group.curator_id or 0)
            | Q(pk=group.tutor_id or 0)
            | Q(taught_courses__groups=group)
            | Q(pk__in=deans_office.values("user"))
        ).distinct()
    return User.objects.filter(pk__in=[room.student_id or 0, room.teacher_id or 0])
