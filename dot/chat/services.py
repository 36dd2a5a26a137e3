"""Writes of the chat. The pages, the API and the WebSocket consumer call these, so a
message is checked, stored and delivered the same way whichever way it came in.

Delivery: after the transaction commits, the event goes to the room's channel-layer
group; with Redis every web process receives it and passes it to its sockets.
"""

from __future__ import annotations

import datetime
import time
import unicodedata
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from dot.accounts.models import User
from dot.content.models import Course
from dot.core.audit import audit_record

from . import permissions, selectors
from .models import MAX_MESSAGE_LENGTH, Membership, Message, Mute, Room, RoomKind

RATE_COUNT = 5
RATE_WINDOW = 5  # seconds
MUTE_CHOICES = (5, 15, 60, 24 * 60)  # minutes
MAX_MUTE_MINUTES = 7 * 24 * 60


class ChatRefused(Exception):  # noqa: N818 — a refusal, not a programming error
    """A message or an action the chat does not accept; ``message`` is for the user."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


# --- Delivery ----------------------------------------------------------------------------


def broadcast(room_id: int, event: dict[str, Any]) -> None:
    """Send an event to every socket of the room, once the transaction has committed."""

    def _send() -> None:
        layer = get_channel_layer()
        if layer is not None:
            async_to_sync(layer.group_send)(f"chat-room-{room_id}", event)

    transaction.on_commit(_send)


# --- Rooms -------------------------------------------------------------------------------


def _add_members(room: Room) -> None:
    Membership.objects.bulk_create(
        [
            Membership(room=room, user_id=pk)
            for pk in selectors.members(room).values_list("pk", flat=True)
        ],
        ignore_conflicts=True,
    )


@transaction.atomic
def room_for_course(*, course: Course) -> Room:
    """The course's room, created with memberships for its people on first use."""
    room, created = Room.objects.get_or_create(kind=RoomKind.COURSE, course=course)
    if created:
        _add_members(room)
    return room


@transaction.atomic
def consultation_open(*, student: User, teacher: User) -> Room:
    """A student's consultation room with a teacher of their courses (created once)."""
    if not permissions.can_open_consultation(student, teacher):
        raise ChatRefused(
            "not_allowed", _("You can open a consultation only with a teacher of your courses.")
        )
    room, created = Room.objects.get_or_create(
        kind=RoomKind.CONSULTATION, student=student, teacher=teacher
    )
    if created:
        _add_members(room)
        audit_record(actor=student, obj=room, action="chat.consultation_open")
    return room


@transaction.atomic
def rooms_sync_for(*, user: User) -> None:
    """Create the rooms of the user's courses and groups that do not exist yet, and keep
    the user's memberships (unread counters) equal to the rooms they belong to."""
    course_ids = set(permissions.courses_of(user).values_list("pk", flat=True))
    group_ids = set(permissions.groups_of(user).values_list("pk", flat=True))
    if course_ids or group_ids:
        existing = Room.objects.filter(course_id__in=course_ids, kind=RoomKind.COURSE).values_list(
            "course_id", flat=True
        )
        existing_groups = Room.objects.filter(
            group_id__in=group_ids, kind=RoomKind.GROUP
        ).values_list("group_id", flat=True)
        new_courses = course_ids - set(existing)
        new_groups = group_ids - set(existing_groups)
        if new_courses or new_groups:
            Room.objects.bulk_create(
                [Room(kind=RoomKind.COURSE, course_id=pk) for pk in new_courses]
                + [Room(kind=RoomKind.GROUP, group_id=pk) for pk in new_groups],
                ignore_conflicts=True,
            )
            # Everyone in a new room gets a read mark, so their unread badge counts it
            # from the first message (once per room: later visits find it existing).
            created = Room.objects.filter(
                Q(kind=RoomKind.COURSE, course_id__in=new_courses)
                | Q(kind=RoomKind.GROUP, group_id__in=new_groups)
            ).select_related("course", "group__programme__faculty")
            for room in created:
                _add_members(room)
    mine = set(permissions.visible_to(user).values_list("pk", flat=True))
    have = set(Membership.objects.filter(user=user).values_list("room_id", flat=True))
    if mine - have:
        Membership.objects.bulk_create(
            [Membership(room_id=pk, user=user) for pk in mine - have], ignore_conflicts=True
        )
    if have - mine:
        Membership.objects.filter(user=user, room_id__in=have - mine).delete()


def room_mark_read(*, room: Room, user: User, message_id: int) -> None:
    """Move the user's read mark forward (never back)."""
    updated = Membership.objects.filter(room=room, user=user, last_read_id__lt=message_id).update(
        last_read_id=message_id
    )
    if not updated and not Membership.objects.filter(room=room, user=user).exists():
        Membership.objects.get_or_create(
            room=room, user=user, defaults={"last_read_id": message_id}
        )


# --- Messages ----------------------------------------------------------------------------


def clean_text(text: str) -> str:
    """Plain text as typed: unified line ends, no control characters, trimmed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(
        ch for ch in text if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cf")
    )
    return text.strip()


def format_moment(moment: datetime.datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def _check_rate(user: User) -> None:
    """At most ``RATE_COUNT`` messages per ``RATE_WINDOW`` seconds per user (a sliding
    window in the shared cache, so it holds across web processes)."""
    key = f"chat:rate:{user.pk}"
    now = time.time()
    recent = [t for t in cache.get(key, []) if t > now - RATE_WINDOW]
    if len(recent) >= RATE_COUNT:
        wait = max(1, int(recent[0] + RATE_WINDOW - now + 0.999))
        raise ChatRefused(
            "rate_limited",
            _(
                "Too many messages: at most %(count)s in %(window)s seconds. Try again in %(wait)s s."
            )
            % {"count": RATE_COUNT, "window": RATE_WINDOW, "wait": wait},
        )
    recent.append(now)
    cache.set(key, recent, RATE_WINDOW * 2)


def message_post(*, room: Room, author: User, text: str) -> Message:
    """Store a member's message and deliver it to the room."""
    if not permissions.can_post(author, room):
        raise ChatRefused("not_allowed", _("You are not a member of this chat."))
    text = clean_text(text or "")
    if not text:
        raise ChatRefused("empty", _("Write a message first."))
    if len(text) > MAX_MESSAGE_LENGTH:
        raise ChatRefused(
            "too_long",
            _("The message is too long: %(length)s characters, at most %(limit)s.")
            % {"length": len(text), "limit": MAX_MESSAGE_LENGTH},
        )
    mute = selectors.active_mute(room, author)
    if mute is not None:
        raise ChatRefused(
            "muted",
            _("A moderator has muted you in this chat until %(until)s.")
            % {"until": format_moment(mute.until)},
        )
    _check_rate(author)
    with transaction.atomic():
        message = Message.objects.create(room=room, author=author, text=text)
        message.author = author
        room_mark_read(room=room, user=author, message_id=message.pk)
        broadcast(room.pk, {"type": "chat.message", "message": selectors.message_payload(message)})
    return message


@transaction.atomic
def message_delete(*, message: Message, actor: User) -> Message:
    """A moderator removes a message for everyone (the row stays, the text is hidden)."""
    if not permissions.can_delete(actor, message):
        raise ChatRefused("not_allowed", _("Only the chat's moderators may delete messages."))
    if message.is_deleted:
        return message
    message.deleted_at = timezone.now()
    message.deleted_by = actor
    message.save(update_fields=["deleted_at", "deleted_by"])
    audit_record(
        actor=actor, obj=message, action="chat.message_delete", changes={"text": message.text}
    )
    broadcast(message.room_id, {"type": "chat.deleted", "id": message.pk})
    return message


@transaction.atomic
def member_mute(*, room: Room, user: User, actor: User, minutes: int) -> Mute:
    """A moderator stops a member from writing for ``minutes``; the member is told."""
    if not permissions.can_moderate(actor, room):
        raise ChatRefused("not_allowed", _("Only the chat's moderators may mute members."))
    if user.pk == actor.pk or permissions.can_moderate(user, room):
        raise ChatRefused("not_allowed", _("A moderator cannot be muted."))
    if not permissions.can_view(user, room):
        raise ChatRefused("not_member", _("This person is not a member of the chat."))
    if not 1 <= minutes <= MAX_MUTE_MINUTES:
        raise ChatRefused(
            "bad_minutes",
            _("Mute for 1 to %(max)s minutes.") % {"max": MAX_MUTE_MINUTES},
        )
    mute = Mute.objects.create(
        room=room,
        user=user,
        muted_by=actor,
        until=timezone.now() + datetime.timedelta(minutes=minutes),
    )
    audit_record(actor=actor, obj=mute, action="chat.mute", changes={"minutes": minutes})
    broadcast(
        room.pk,
        {
            "type": "chat.muted",
            "user": user.pk,
            "name": user.short_name,
            "until": timezone.localtime(mute.until).isoformat(),
            "until_text": format_moment(mute.until),
        },
    )
    return mute


def reset_rate(user: User) -> None:
    """Forget a user's recent messages in the rate limit (tests, an administrator)."""
    cache.delete(f"chat:rate:{user.pk}")
