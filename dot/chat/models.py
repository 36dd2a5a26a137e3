"""Live chat rooms, their messages and who has read what (п. 1.5, 2.3, 4.8: chats of DOT).

* ``Room``: one per course (its students, teachers and tutors), per student group (its
  students, curator, tutor and the teachers of its courses) and per student–teacher pair
  (a consultation). Who belongs to a room is not stored: it is computed from the course,
  the group or the pair by ``permissions.visible_to``.
* ``Message``: plain text (escaped on output, never rendered as HTML). A moderator's
  deletion hides the text for everyone and keeps the row, so ids stay continuous for
  clients that fetch what they missed.
* ``Membership``: the last message a member has read (unread counts). Rows are created
  when a room is created for its members at that moment and when a user opens the chat.
* ``Mute``: a moderator silenced a member of the room until a moment.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

MAX_MESSAGE_LENGTH = 2000


class RoomKind(models.TextChoices):
    COURSE = "course", _("Course chat")
    GROUP = "group", _("Group chat")
    CONSULTATION = "consultation", _("Consultation")


class Room(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=RoomKind.choices)
    course = models.ForeignKey(
        "content.Course",
        verbose_name=_("course"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="chat_rooms",
    )
    group = models.ForeignKey(
        "academics.StudentGroup",
        verbose_name=_("group"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="chat_rooms",
    )
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("student"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("teacher"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("chat room")
        verbose_name_plural = _("chat rooms")
        ordering = ["kind", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["course"], condition=Q(kind="course"), name="chat_room_course_once"
            ),
            models.UniqueConstraint(
                fields=["group"], condition=Q(kind="group"), name="chat_room_group_once"
            ),
            models.UniqueConstraint(
                fields=["student", "teacher"],
                condition=Q(kind="consultation"),
                name="chat_room_consultation_once",
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind="course", course__isnull=False)
                    | Q(kind="group", group__isnull=False)
                    | Q(kind="consultation", student__isnull=False, teacher__isnull=False)
                ),
                name="chat_room_has_subject",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("chat:room", args=[self.pk])

    @property
    def title(self) -> str:
        """The room's name; reads the course/group/people: select them with the room."""
        if self.kind == RoomKind.COURSE and self.course is not None:
            return str(self.course.discipline.name)
        if self.kind == RoomKind.GROUP and self.group is not None:
            return str(_("Group %(name)s") % {"name": self.group.name})
        if self.student is not None and self.teacher is not None:
            return str(
                _("Consultation: %(student)s — %(teacher)s")
                % {"student": self.student.short_name, "teacher": self.teacher.short_name}
            )
        return str(self.get_kind_display())

    @property
    def group_name(self) -> str:
        """The channel-layer group of the room (ASCII, short)."""
        return f"chat-room-{self.pk}"


class Message(models.Model):
    room = models.ForeignKey(
        Room, verbose_name=_("room"), on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="chat_messages",
    )
    text = models.TextField(_("text"), max_length=MAX_MESSAGE_LENGTH)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    deleted_at = models.DateTimeField(_("deleted"), null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("deleted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("chat message")
        verbose_name_plural = _("chat messages")
        ordering = ["id"]
        indexes = [models.Index(fields=["room", "id"], name="chat_message_room_id")]

    def __str__(self) -> str:
        return self.text[:50]

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class Membership(models.Model):
    room = models.ForeignKey(
        Room, verbose_name=_("room"), on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="chat_memberships",
    )
    last_read_id = models.PositiveBigIntegerField(_("last read message"), default=0)

    class Meta:
        verbose_name = _("chat membership")
        verbose_name_plural = _("chat memberships")
        constraints = [
            models.UniqueConstraint(fields=["room", "user"], name="chat_membership_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.room_id}"


class Mute(models.Model):
    room = models.ForeignKey(
        Room, verbose_name=_("room"), on_delete=models.CASCADE, related_name="mutes"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="chat_mutes",
    )
    until = models.DateTimeField(_("muted until"))
    muted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("muted by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("chat mute")
        verbose_name_plural = _("chat mutes")
        ordering = ["-until"]
        indexes = [models.Index(fields=["room", "user", "until"], name="chat_mute_lookup")]

    def __str__(self) -> str:
        return f"{self.user} until {self.until:%Y-%m-%d %H:%M}"
