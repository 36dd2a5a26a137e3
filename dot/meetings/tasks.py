"""Periodic jobs of online lessons (Celery beat, every 5 minutes)."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="meetings.send_lesson_reminders")
def send_lesson_reminders() -> int:
    """Remind teachers and the audience before a lesson starts (once per lesson and user)."""
    from .services import send_reminders

    return send_reminders()
