"""Notifications shown in the portal and delivered by e-mail, and users' e-mail preferences."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .kinds import kind_label


class EmailStatus(models.TextChoices):
    NOT_SENT = "not_sent", _("Not e-mailed")
    PENDING = "pending", _("Waiting to be sent")
    SENT = "sent", _("E-mailed")
    FAILED = "failed", _("E-mail failed")
    DIGEST = "digest", _("Waiting for the daily digest")


class Delivery(models.TextChoices):
    """How a user wants one kind of notification by e-mail."""

    IMMEDIATELY = "immediately", _("Immediately")
    DIGEST = "digest", _("In a daily digest")
    OFF = "off", _("Not by e-mail")


class Notification(models.Model):
    """One message to one user. ``title`` and ``body`` are in the recipient's language."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # A kind code from dot.communication.kinds (extensible, so no choices here).
    kind = models.CharField(_("kind"), max_length=64, db_index=True)
    title = models.CharField(_("title"), max_length=255)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    # Where the recipient answers (a reply form), offered in the e-mail (reply by link).
    reply_url = models.CharField(_("reply link"), max_length=500, blank=True)
    mandatory = models.BooleanField(_("mandatory"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    email_status = models.CharField(
        _("e-mail"), max_length=16, choices=EmailStatus.choices, default=EmailStatus.NOT_SENT
    )
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)
    email_attempts = models.PositiveSmallIntegerField(_("e-mail attempts"), default=0)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="comm_notif_recipient_idx"),
            # The header badge counts these on every page.
            models.Index(
                fields=["recipient"],
                condition=Q(read_at__isnull=True),
                name="comm_notif_unread_idx",
            ),
            # The daily digest task looks these up.
            models.Index(
                fields=["recipient"],
                condition=Q(email_status="digest"),
                name="comm_notif_digest_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def kind_label(self) -> str:
        return kind_label(self.kind)


class NotificationPreference(models.Model):
    """A user's choice for one kind: e-mail immediately, in a daily digest, or not at all.
    No row means immediately.

    In-app notifications are always kept; only e-mail can be changed, and only for kinds
    that are not mandatory (mandatory notices are always e-mailed immediately).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    kind = models.CharField(_("kind"), max_length=64)
    delivery = models.CharField(
        _("by e-mail"), max_length=16, choices=Delivery.choices, default=Delivery.IMMEDIATELY
    )

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="comm_unique_preference"),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.kind} = {self.delivery}"

    @property
    def email(self) -> bool:
        """Whether the kind is e-mailed at all (immediately or in the digest)."""
        return self.delivery != Delivery.OFF
