"""E-mail delivery of notifications: Celery tasks (inline in the embedded shape).

``send_notification_email`` sends one notification right after the transaction that
created it commits (with retries); ``communication.send_digests`` (daily, Celery beat;
``manage.py send_digests`` in the embedded shape) sends each user who chose the digest
for some kinds one letter with everything of those kinds since the last digest.

Every letter carries a per-kind unsubscribe link (signed, works without logging in) and
the ``List-Unsubscribe`` / ``List-Unsubscribe-Post`` headers (RFC 2369, RFC 8058) —
except mandatory notices, which cannot be switched off.
"""

from __future__ import annotations

import logging
import smtplib

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from .kinds import kind_label
from .models import EmailStatus, Notification
from .unsubscribe import unsubscribe_path

logger = logging.getLogger(__name__)

MAX_RETRIES = 5
# SMTP refusals and network errors are worth retrying; anything else is a bug.
RETRYABLE = (smtplib.SMTPException, OSError)


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def build_notification_email(notification: Notification) -> EmailMultiAlternatives:
    """The letter for one notification, in its recipient's interface language."""
    user = notification.recipient
    unsubscribe_link = (
        "" if notification.mandatory else _absolute(unsubscribe_path(user, [notification.kind]))
    )
    with translation.override(user.language or settings.LANGUAGE_CODE):
        context = {
            "notification": notification,
            "user": user,
            "link": _absolute(notification.url or reverse("communication:list")),
            "reply_link": _absolute(notification.reply_url) if notification.reply_url else "",
            "preferences_link": _absolute(reverse("communication:preferences")),
            "unsubscribe_link": unsubscribe_link,
        }
        subject = render_to_string("communication/email/notification_subject.txt", context)
        text = render_to_string("communication/email/notification.txt", context)
        html = render_to_string("communication/email/notification.html", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=text,
        to=[user.email],
        headers=_unsubscribe_headers(unsubscribe_link),
    )
    message.attach_alternative(html, "text/html")
    return message


def _unsubscribe_headers(link: str) -> dict[str, str]:
    if not link:
        return {}
    return {"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def build_digest_email(user: object, notifications: list[Notification]) -> EmailMultiAlternatives:
    """One letter with the user's waiting notifications, grouped by kind."""
    kinds = sorted({n.kind for n in notifications})
    with translation.override(getattr(user, "language", "") or settings.LANGUAGE_CODE):
        groups = [
            {
                "label": kind_label(kind),
                "unsubscribe_link": _absolute(unsubscribe_path(user, [kind])),
                "items": [
                    {
                        "notification": n,
                        "link": _absolute(n.url or reverse("communication:list")),
                        "reply_link": _absolute(n.reply_url) if n.reply_url else "",
                    }
                    for n in notifications
                    if n.kind == kind
                ],
            }
            for kind in kinds
        ]
        context = {
            "user": user,
            "groups": groups,
            "count": len(notifications),
            "link": _absolute(reverse("communication:list")),
            "preferences_link": _absolute(reverse("communication:preferences")),
        }
        subject = render_to_string("communication/email/digest_subject.txt", context)
        text = render_to_string("communication/email/digest.txt", context)
        html = render_to_string("communication/email/digest.html", context)
    all_kinds_link = _absolute(unsubscribe_path(user, kinds))
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=text,
        to=[getattr(user, "email", "")],
        headers=_unsubscribe_headers(all_kinds_link),
    )
    message.attach_alternative(html, "text/html")
    return message


def _waiting_for_digest() -> QuerySet[Notification]:
    return Notification.objects.filter(email_status=EmailStatus.DIGEST)


def send_digests() -> dict[str, int]:
    """Send every waiting digest; returns ``{"sent": letters, "failed": letters}``.

    Each user's letter is sent in its own transaction with the rows locked, so a second
    run at the same time does not send the same notifications twice. A refused letter
    leaves its notifications waiting for the next run.
    """
    sent = failed = 0
    user_ids = list(_waiting_for_digest().values_list("recipient_id", flat=True).distinct())
    for user_id in sorted(set(user_ids)):
        with transaction.atomic():
            rows = list(
                _waiting_for_digest()
                .select_for_update()
                .filter(recipient_id=user_id)
                .order_by("created_at", "id")
            )
            if not rows:
                continue
            user = get_user_model().objects.get(pk=user_id)
            if not user.email or not user.is_active:
                Notification.objects.filter(pk__in=[n.pk for n in rows]).update(
                    email_status=EmailStatus.NOT_SENT
                )
                continue
            try:
                build_digest_email(user, rows).send()
            except RETRYABLE as exc:
                logger.warning("digest for user %s failed: %s", user_id, exc)
                failed += 1
                continue
            Notification.objects.filter(pk__in=[n.pk for n in rows]).update(
                email_status=EmailStatus.SENT, emailed_at=timezone.now()
            )
            sent += 1
    return {"sent": sent, "failed": failed}


@shared_task(name="communication.send_digests", acks_late=True)
def send_digests_task() -> dict[str, int]:
    """The daily digest (beat entry ``communication-send-digests`` in settings)."""
    return send_digests()


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
