"""Background work of user management: e-mailing set-password links."""

from __future__ import annotations

import logging
import smtplib

from celery import shared_task

logger = logging.getLogger(__name__)

MAX_RETRIES = 5


@shared_task(bind=True, max_retries=MAX_RETRIES, acks_late=True)
def send_set_password_link(self, user_id: int) -> str:  # type: ignore[no-untyped-def]
    """E-mail one user a link to set their password; retried on SMTP errors."""
    from .services import deliver_set_password_link

    try:
        return deliver_set_password_link(user_id)
    except (OSError, smtplib.SMTPException) as exc:
        if self.request.retries >= MAX_RETRIES:
            logger.warning("user %s: set-password e-mail failed: %s", user_id, exc)
            return "failed"
        raise self.retry(exc=exc, countdown=min(3600, 30 * 2**self.request.retries)) from exc
