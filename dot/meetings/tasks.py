"""Periodic jobs of online lessons (Celery beat, every 5 minutes)."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="meetings.send_lesson_reminders")
def send_lesson_reminders() -> int:
    """Remind teachers and the audience before a lesson starts (once per lesson and user)."""
    from .services import send_reminders

    return send_reminders()


@shared_task(name="meetings.sync_recordings")
def sync_recordings() -> int:
    """Link BigBlueButton recordings of recently ended recorded lessons (hourly)."""
    from .services import sync_recent_recordings

    return sync_recent_recordings()
