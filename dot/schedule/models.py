"""The calendar's only stored data: the secret addresses of users' iCalendar feeds.
The events themselves are read from the other apps (``events.py``)."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def new_token() -> str:
    return secrets.token_urlsafe(32)


class FeedToken(models.Model):
    """A secret feed address; regenerating revokes the old one (it then answers 404)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="calendar_feeds",
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed address")
        verbose_name_plural = _("calendar feed addresses")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(revoked_at__isnull=True),
                name="schedule_one_live_feed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.created_at:%d.%m.%Y})"

    def get_absolute_url(self) -> str:
        return reverse("schedule:feed", args=[self.token])
