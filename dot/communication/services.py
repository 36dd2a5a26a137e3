"""Writes of the notification centre. ``notify`` is the entry point for every app."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.functional import Promise

from .kinds import get_kind
from .models import Delivery, EmailStatus, Notification, NotificationPreference

Text = str | Promise


def _check_url(url: str) -> str:
    # Links stay inside the portal: a path such as reverse(...) or get_absolute_url().
    if url and (not url.startswith("/") or url.startswith("//")):
        raise ValueError(f"a notification link must be a path inside the portal, got {url!r}")
    return url


def notify(
    *,
    recipients: Iterable[Any],
    kind: str,
    title: Text,
    body: Text = "",
    url: str = "",
    mandatory: bool = False,
    actor: Any | None = None,
    reply_url: str = "",
) -> list[Notification]:
    """Notify users in the portal and, after the transaction commits, by e-mail.

    ``title`` and ``body`` may be lazy translations (``gettext_lazy``/``format_lazy``):
    they are rendered in each recipient's interface language. ``url`` is a path inside
    the portal. E-mail goes to recipients with an address as each chose for ``kind``:
    immediately (the default), in the daily digest, or not at all; mandatory notices
    (``mandatory=True`` or a kind registered as mandatory) are e-mailed immediately
    regardless. ``reply_url`` (a path) is where the recipient answers: the letter
    carries it (reply by link). Inactive and duplicate recipients are skipped. Returns
    the created rows.
    """
    url = _check_url(url)
    reply_url = _check_url(reply_url)
    mandatory = mandatory or get_kind(kind).mandatory
    users = {u.pk: u for u in recipients if u.is_active}
    if not users:
        return []
    choice: dict[int, str] = {}
    if not mandatory:
        choice = dict(
            NotificationPreference.objects.filter(user_id__in=list(users), kind=kind).values_list(
                "user_id", "delivery"
            )
        )
    rows = []
    for user in users.values():
        with translation.override(user.language or settings.LANGUAGE_CODE):
            user_title, user_body = str(title)[:255], str(body)
        delivery = choice.get(user.pk, Delivery.IMMEDIATELY)
        if not user.email or delivery == Delivery.OFF:
            status = EmailStatus.NOT_SENT
        elif delivery == Delivery.DIGEST:
            status = EmailStatus.DIGEST
        else:
            status = EmailStatus.PENDING
        rows.append(
            Notification(
                recipient=user,
                actor=actor if getattr(actor, "pk", None) else None,
                kind=kind,
                title=user_title,
                body=user_body,
                url=url,
                reply_url=reply_url,
                mandatory=mandatory,
                email_status=status,
            )
        )
    with transaction.atomic():
        created = Notification.objects.bulk_create(rows)
        to_email = [n.pk for n in created if n.email_status == EmailStatus.PENDING]
        if to_email:
            transaction.on_commit(lambda: _schedule_emails(to_email))
    return created


def _schedule_emails(notification_ids: list[int]) -> None:
    from .tasks import send_notification_email

    for pk in notification_ids:
        send_notification_email.delay(pk)


def notification_mark_read(*, notification: Notification) -> None:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )


def notifications_mark_all_read(*, user: Any) -> int:
    """Mark every unread notification of the user as read; returns how many."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def notification_preferences_set(
    *,
    user: Any,
    delivery_by_kind: Mapping[str, str] | None = None,
    email_by_kind: Mapping[str, bool] | None = None,
) -> None:
    """Store the user's e-mail choice per kind (``Delivery``); mandatory kinds cannot be
    changed. ``email_by_kind`` (on/off) is the older form: off, or on = immediately."""
    choices = dict(delivery_by_kind or {})
    for kind, email in (email_by_kind or {}).items():
        choices[kind] = Delivery.IMMEDIATELY if email else Delivery.OFF
    for kind, delivery in choices.items():
        if get_kind(kind).mandatory or delivery not in Delivery.values:
            continue
        NotificationPreference.objects.update_or_create(
            user=user, kind=kind, defaults={"delivery": delivery}
        )


@transaction.atomic
def unsubscribe(*, user: Any, kinds: list[str]) -> list[str]:
    """Switch e-mail off for ``kinds`` (from a letter's link); mandatory kinds stay on.
    Returns the kinds switched off."""
    done = [k for k in kinds if not get_kind(k).mandatory]
    notification_preferences_set(user=user, delivery_by_kind=dict.fromkeys(done, Delivery.OFF))
    # Whatever of these kinds still waits for the digest is not sent either.
    Notification.objects.filter(
        recipient=user, kind__in=done, email_status=EmailStatus.DIGEST, mandatory=False
    ).update(email_status=EmailStatus.NOT_SENT)
    return done
