"""Private messages, announcements to audiences built from the university's structure,
and the response-time records of students' questions to teachers (п. 4.9)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

MAX_PARTICIPANTS = 10


class Conversation(models.Model):
    """A one-to-one or small group conversation (at most ``MAX_PARTICIPANTS`` people)."""

    subject = models.CharField(_("subject"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    # Denormalised for the inbox: one query lists conversations with their last message.
    last_message = models.ForeignKey(
        "Message",
        verbose_name=_("last message"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    last_message_at = models.DateTimeField(_("last message at"), null=True, blank=True)

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        ordering = ["-last_message_at", "-id"]

    def __str__(self) -> str:
        return self.subject or str(_("Conversation %(number)s") % {"number": self.pk})

    def get_absolute_url(self) -> str:
        return reverse("messaging:conversation", args=[self.pk])


class Participant(models.Model):
    conversation = models.ForeignKey(
        Conversation,
        verbose_name=_("conversation"),
        on_delete=models.CASCADE,
        related_name="participants",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="conversation_memberships",
    )
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)
    last_read_at = models.DateTimeField(_("last read"), null=True, blank=True)
    # Messages of others since the user last opened the conversation (the header count).
    unread = models.PositiveIntegerField(_("unread messages"), default=0)
    # Sorted like the inbox without a join to the conversation.
    last_message_at = models.DateTimeField(_("last message at"), null=True, blank=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(fields=["conversation", "user"], name="msg_participant_once"),
        ]
        indexes = [
            models.Index(fields=["user", "-last_message_at"], name="msg_inbox_idx"),
            models.Index(fields=["user"], condition=Q(unread__gt=0), name="msg_unread_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.conversation_id}"


class Message(models.Model):
    conversation = models.ForeignKey(
        Conversation,
        verbose_name=_("conversation"),
        on_delete=models.CASCADE,
        related_name="messages",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="sent_messages",
    )
    # Sanitised HTML (nh3) made from the author's text (see rendering.py).
    body = models.TextField(_("text"))
    created_at = models.DateTimeField(_("sent"), auto_now_add=True, db_index=True)
    attachment = models.FileField(
        _("attachment"), upload_to="messages/%Y/%m/", blank=True, max_length=255
    )
    attachment_name = models.CharField(_("file name"), max_length=255, blank=True)
    attachment_type = models.CharField(_("file type"), max_length=10, blank=True)
    attachment_size = models.PositiveBigIntegerField(_("size"), default=0)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["conversation", "created_at", "id"], name="msg_conv_time_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.author}: {self.created_at:%d.%m.%Y %H:%M}"

    def get_absolute_url(self) -> str:
        return f"{self.conversation.get_absolute_url()}#message-{self.pk}"


class Block(models.Model):
    """``blocker`` does not want messages from ``blocked``."""

    blocker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("blocked by"),
        on_delete=models.CASCADE,
        related_name="message_blocks",
    )
    blocked = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("blocked user"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    created_at = models.DateTimeField(_("blocked at"), auto_now_add=True)

    class Meta:
        verbose_name = _("block")
        verbose_name_plural = _("blocks")
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="msg_block_once"),
        ]

    def __str__(self) -> str:
        return f"{self.blocker} ⊘ {self.blocked}"


class ReportStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("report status", "Open")
    RESOLVED = "resolved", pgettext_lazy("report status", "Resolved")


class MessageReport(models.Model):
    """A complaint about a message, for the IT office and the dean's office."""

    message = models.ForeignKey(
        Message, verbose_name=_("message"), on_delete=models.CASCADE, related_name="reports"
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    reason = models.TextField(_("reason"))
    created_at = models.DateTimeField(_("reported at"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.OPEN
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolution = models.TextField(_("resolution"), blank=True)

    class Meta:
        verbose_name = _("message report")
        verbose_name_plural = _("message reports")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["message", "reporter"], name="msg_report_once"),
        ]

    def __str__(self) -> str:
        return f"{self.reporter}: {self.message_id}"


class StudentQuestion(models.Model):
    """п. 4.9: a student's message to a teacher and when that teacher first answered."""

    message = models.ForeignKey(
        Message, verbose_name=_("question"), on_delete=models.CASCADE, related_name="questions"
    )
    conversation = models.ForeignKey(
        Conversation, verbose_name=_("conversation"), on_delete=models.CASCADE, related_name="+"
    )
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("student"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("teacher"),
        on_delete=models.CASCADE,
        related_name="message_questions",
    )
    asked_at = models.DateTimeField(_("asked at"))
    answered_at = models.DateTimeField(_("first answered at"), null=True, blank=True)
    answer = models.ForeignKey(
        Message,
        verbose_name=_("answer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("student question")
        verbose_name_plural = _("student questions")
        ordering = ["asked_at"]
        constraints = [
            models.UniqueConstraint(fields=["message", "teacher"], name="msg_question_once"),
        ]
        indexes = [
            models.Index(
                fields=["teacher", "asked_at"],
                condition=Q(answered_at__isnull=True),
                name="msg_open_question_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.student} → {self.teacher}"

    @property
    def response_time(self):  # type: ignore[no-untyped-def]
        return self.answered_at - self.asked_at if self.answered_at else None


class AudienceKind(models.TextChoices):
    COURSE = "course", _("Students of a course")
    GROUP = "group", _("A student group")
    PROGRAMME = "programme", _("Students of a programme")
    FACULTY = "faculty", _("A faculty (students and staff)")
    ROLE = "role", _("Everyone holding a role")
    EVERYONE = "everyone", _("Everyone")


class Announcement(models.Model):
    """A notice sent to an audience built from the structure; delivered through notify()."""

    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sender"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="sent_announcements",
    )
    title = models.CharField(_("title"), max_length=200)
    # Sanitised HTML (nh3).
    body = models.TextField(_("text"))
    mandatory = models.BooleanField(
        _("mandatory"),
        default=False,
        help_text=_("A mandatory notice is e-mailed to everyone; recipients cannot mute it."),
    )
    audience = models.CharField(_("audience"), max_length=16, choices=AudienceKind.choices)
    course = models.ForeignKey(
        "content.Course",
        verbose_name=_("course"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    group = models.ForeignKey(
        "academics.StudentGroup",
        verbose_name=_("group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    programme = models.ForeignKey(
        "academics.Programme",
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    faculty = models.ForeignKey(
        "org.OrgUnit",
        verbose_name=_("faculty"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    role = models.CharField(_("role"), max_length=32, blank=True)
    # The unit the sender's authority came from (faculty of a dean's office; none = all).
    scope_path = models.CharField(_("scope"), max_length=255, blank=True)
    audience_label = models.CharField(_("audience"), max_length=255, blank=True)
    recipient_count = models.PositiveIntegerField(_("recipients"), default=0)
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        ordering = ["-sent_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("messaging:announcement", args=[self.pk])


class AnnouncementDelivery(models.Model):
    """One recipient of an announcement; the status is read from its notification."""

    announcement = models.ForeignKey(
        Announcement,
        verbose_name=_("announcement"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="announcement_deliveries",
    )
    notification = models.ForeignKey(
        "communication.Notification",
        verbose_name=_("notification"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("announcement delivery")
        verbose_name_plural = _("announcement deliveries")
        constraints = [
            models.UniqueConstraint(fields=["announcement", "recipient"], name="msg_delivery_once"),
        ]

    def __str__(self) -> str:
        return f"{self.announcement_id} → {self.recipient}"
