"""Reads of messages and announcements (constant query counts on the list pages)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Count, Min, Prefetch, Q, QuerySet

from dot.academics.models import Student, StudentStatus
from dot.accounts.models import Role, RoleAssignment, User
from dot.communication.models import EmailStatus

from . import permissions
from .models import (
    Announcement,
    AnnouncementDelivery,
    AudienceKind,
    Conversation,
    Message,
    Participant,
    StudentQuestion,
)


def unread_conversations(*, user: Any) -> int:
    """Conversations with messages the user has not read: one COUNT on a partial index."""
    return Participant.objects.filter(user=user, unread__gt=0).count()


def inbox(*, user: Any) -> QuerySet[Participant]:
    """The user's conversations, newest first, with the last message and the people."""
    others = Participant.objects.select_related("user").order_by("user__last_name")
    return (
        Participant.objects.filter(user=user)
        .select_related(
            "conversation", "conversation__last_message", "conversation__last_message__author"
        )
        .prefetch_related(Prefetch("conversation__participants", queryset=others))
        .order_by("-last_message_at", "-conversation_id")
    )


def conversation_messages(*, conversation: Conversation) -> QuerySet[Message]:
    return (
        Message.objects.filter(conversation=conversation)
        .select_related("author")
        .order_by("created_at", "id")
    )


def conversation_participants(*, conversation: Conversation) -> list[Participant]:
    return list(
        conversation.participants.select_related("user").order_by("user__last_name", "user_id")
    )


def contacts(*, user: Any, query: str = "") -> QuerySet[User]:
    qs = permissions.contacts(user)
    for word in query.split()[:3]:
        qs = qs.filter(
            Q(last_name__icontains=word)
            | Q(first_name__icontains=word)
            | Q(patronymic__icontains=word)
            | Q(username__iexact=word)
        )
    return qs.order_by("last_name", "first_name", "pk")


# --- Announcements ----------------------------------------------------------------------


@dataclass(frozen=True)
class Audience:
    kind: str
    course: Any = None
    group: Any = None
    programme: Any = None
    faculty: Any = None
    role: str = ""
    scope_path: str = ""


def _studying() -> QuerySet[Student]:
    return Student.objects.filter(status=StudentStatus.STUDYING)


def audience_users(audience: Audience) -> QuerySet[User]:
    """The active users an audience reaches (each once)."""
    users = User.objects.filter(is_active=True)
    kind = audience.kind
    if kind == AudienceKind.COURSE and audience.course is not None:
        ids = _studying().filter(group__courses=audience.course).values("user_id")
    elif kind == AudienceKind.GROUP and audience.group is not None:
        ids = _studying().filter(group=audience.group).values("user_id")
    elif kind == AudienceKind.PROGRAMME and audience.programme is not None:
        ids = _studying().filter(programme=audience.programme).values("user_id")
    elif kind == AudienceKind.FACULTY and audience.faculty is not None:
        return users.filter(permissions.users_in_scope_q([audience.faculty.path]))
    elif kind == AudienceKind.ROLE and audience.role:
        holders = RoleAssignment.objects.current().filter(role=audience.role)
        learners = _studying()
        if audience.scope_path:
            holders = holders.filter(unit__path__startswith=audience.scope_path)
            learners = learners.filter(
                Q(programme__faculty__path__startswith=audience.scope_path)
                | Q(programme__department__path__startswith=audience.scope_path)
            )
        q = Q(pk__in=holders.values("user_id"))
        if audience.role in (Role.STUDENT, Role.MASTER_STUDENT, Role.LISTENER):
            if audience.role == Role.LISTENER:
                learners = learners.filter(is_listener=True)
            elif audience.role == Role.MASTER_STUDENT:
                learners = learners.filter(programme__level="master")
            else:
                learners = learners.filter(is_listener=False).exclude(programme__level="master")
            q |= Q(pk__in=learners.values("user_id"))
        return users.filter(q)
    elif kind == AudienceKind.EVERYONE:
        if audience.scope_path:
            return users.filter(permissions.users_in_scope_q([audience.scope_path]))
        return users
    else:
        return users.none()
    return users.filter(pk__in=ids)


def announcements_for(*, user: Any) -> QuerySet[Announcement]:
    return (
        permissions.announcements_visible_to(user)
        .select_related("sender")
        .order_by("-sent_at", "-id")
    )


@dataclass(frozen=True)
class DeliveryRow:
    recipient: Any
    read_at: datetime | None
    email_status: str
    email_label: str
    emailed_at: datetime | None


def delivery_rows(*, announcement: Announcement) -> QuerySet[AnnouncementDelivery]:
    return (
        AnnouncementDelivery.objects.filter(announcement=announcement)
        .select_related("recipient", "notification")
        .order_by("recipient__last_name", "recipient__first_name", "recipient_id")
    )


def delivery_summary(*, announcement: Announcement) -> dict[str, int]:
    """Counts per status: read in the portal, e-mailed, failed, pending (one query)."""
    agg = AnnouncementDelivery.objects.filter(announcement=announcement).aggregate(
        total=Count("pk"),
        read=Count("pk", filter=Q(notification__read_at__isnull=False)),
        sent=Count("pk", filter=Q(notification__email_status=EmailStatus.SENT)),
        failed=Count("pk", filter=Q(notification__email_status=EmailStatus.FAILED)),
        pending=Count(
            "pk",
            filter=Q(notification__email_status__in=[EmailStatus.PENDING, EmailStatus.DIGEST]),
        ),
        no_email=Count("pk", filter=Q(notification__email_status=EmailStatus.NOT_SENT)),
    )
    return {k: int(v or 0) for k, v in agg.items()}


# --- Response time (п. 4.9) ---------------------------------------------------------------


def unanswered_message_questions(*, teacher: Any) -> list[dict[str, Any]]:
    """The teacher's unanswered message questions: one row per conversation, oldest first."""
    rows = [
        dict(row)
        for row in StudentQuestion.objects.filter(teacher=teacher, answered_at__isnull=True)
        .values("conversation_id", "student_id")
        .annotate(asked_at=Min("asked_at"))
        .order_by("asked_at")
    ]
    conversations = Conversation.objects.in_bulk([r["conversation_id"] for r in rows])
    students = User.objects.in_bulk([r["student_id"] for r in rows])
    return [
        {
            "asked_at": r["asked_at"],
            "student": students.get(r["student_id"]),
            "title": str(conversations[r["conversation_id"]]),
            "url": conversations[r["conversation_id"]].get_absolute_url() + "#reply",
            "course": None,
            "source": "message",
        }
        for r in rows
        if r["conversation_id"] in conversations
    ]


def unanswered_questions(*, teacher: Any) -> list[dict[str, Any]]:
    """Message questions and, when the forums app offers them, forum questions; oldest first."""
    import importlib

    items = unanswered_message_questions(teacher=teacher)
    try:
        forums = importlib.import_module("dot.forums.selectors")
    except ImportError:
        forums = None
    open_questions_for_teacher = getattr(forums, "open_questions_for_teacher", None)
    if open_questions_for_teacher is not None:
        try:
            items += [dict(row) for row in open_questions_for_teacher(teacher)]
        except Exception:  # noqa: BLE001 - another app's failure must not break this page
            import logging

            logging.getLogger(__name__).exception("forum questions could not be read")
    return sorted(items, key=lambda row: row["asked_at"])


def response_times(
    *, teachers: Any = None, since: datetime | None = None
) -> QuerySet[StudentQuestion]:
    """п. 4.9 monitoring data: students' message questions with ``asked_at`` and the
    teacher's first ``answered_at`` (``None`` while unanswered), oldest first."""
    qs = StudentQuestion.objects.select_related("teacher", "student").order_by("asked_at")
    if teachers is not None:
        qs = qs.filter(teacher__in=teachers)
    if since is not None:
        qs = qs.filter(asked_at__gte=since)
    return qs
