"""E-mail delivery of notifications: a Celery task (inline in the embedded shape)."""

from __future__ import annotations

import logging
import smtplib

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from .models import EmailStatus, Notification

logger = logging.getLogger(__name__)

MAX_RETRIES = 5
# SMTP refusals and network errors are worth retrying; anything else is a bug.
RETRYABLE = (smtplib.SMTPException, OSError)


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def build_notification_email(notification: Notification) -> EmailMultiAlternatives:
    """The letter for one notification, in its recipient's interface language."""
    user = notification.recipient
    with translation.override(user.language or settings.LANGUAGE_CODE):
        context = {
            "notification": notification,
            "user": user,
            "link": _absolute(notification.url or reverse("communication:list")),
            "preferences_link": _absolute(reverse("communication:preferences")),
        }
        subject = render_to_string("communication/email/notification_subject.txt", context)
        text = render_to_string("communication/email/notification.txt", context)
        html = render_to_string("communication/email/notification.html", context)
    message = EmailMultiAlternatives(subject=" ".join(subject.split()), body=text, to=[user.email])
    message.attach_alternative(html, "text/html")
    return message


@shared_task(bind=True, max_retries=MAX_RETRIES, acks_late=True)
def send_notification_email(self, notification_id: int) -> str:  # type: ignore[no-untyped-def]
    """Send one notification by e-mail; retried with exponential back-off on SMTP errors."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update()
            .select_related("recipient")
            .filter(pk=notification_id)
            .first()
        )
        if notification is None or notification.email_status != EmailStatus.PENDING:
            return "skipped"  # deleted, or already handled by an earlier delivery
        notification.email_attempts += 1
        notification.save(update_fields=["email_attempts"])
    try:
        build_notification_email(notification).send()
    except RETRYABLE as exc:
        if self.request.retries >= MAX_RETRIES:
            logger.warning("notification %s: e-mail failed: %s", notification_id, exc)
            Notification.objects.filter(pk=notification_id).update(email_status=EmailStatus.FAILED)
            return "failed"
        raise self.retry(exc=exc, countdown=min(3600, 30 * 2**self.request.retries)) from exc
    Notification.objects.filter(pk=notification_id).update(
        email_status=EmailStatus.SENT, emailed_at=timezone.now()
    )
    return "sent"
