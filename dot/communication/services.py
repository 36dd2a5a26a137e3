"""Writes of the notification centre. ``notify`` is the entry point for every app."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.functional import Promise

from .kinds import get_kind
from .models import EmailStatus, Notification, NotificationPreference

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
) -> list[Notification]:
    """Notify users in the portal and, after the transaction commits, by e-mail.

    ``title`` and ``body`` may be lazy translations (``gettext_lazy``/``format_lazy``):
    they are rendered in each recipient's interface language. ``url`` is a path inside
    the portal. E-mail goes to recipients with an address unless they muted ``kind``;
    mandatory notices (``mandatory=True`` or a kind registered as mandatory) are e-mailed
    regardless. Inactive and duplicate recipients are skipped. Returns the created rows.
    """
    url = _check_url(url)
    mandatory = mandatory or get_kind(kind).mandatory
    users = {u.pk: u for u in recipients if u.is_active}
    if not users:
        return []
    muted: set[int] = set()
    if not mandatory:
        muted = set(
            NotificationPreference.objects.filter(
                user_id__in=list(users), kind=kind, email=False
            ).values_list("user_id", flat=True)
        )
    rows = []
    for user in users.values():
        with translation.override(user.language or settings.LANGUAGE_CODE):
            user_title, user_body = str(title)[:255], str(body)
        wants_email = bool(user.email) and user.pk not in muted
        rows.append(
            Notification(
                recipient=user,
                actor=actor if getattr(actor, "pk", None) else None,
                kind=kind,
                title=user_title,
                body=user_body,
                url=url,
                mandatory=mandatory,
                email_status=EmailStatus.PENDING if wants_email else EmailStatus.NOT_SENT,
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
def notification_preferences_set(*, user: Any, email_by_kind: Mapping[str, bool]) -> None:
    """Store the user's e-mail choice per kind; mandatory kinds cannot be muted."""
    for kind, email in email_by_kind.items():
        if get_kind(kind).mandatory:
            continue
        NotificationPreference.objects.update_or_create(
            user=user, kind=kind, defaults={"email": bool(email)}
        )
