"""Periodic jobs of the testing app (Celery; inline without a broker)."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="assessments.finalize_overdue_attempts")
def finalize_overdue_attempts() -> int:
    """Close every attempt left open past its deadline + grace with what was saved
    (beat entry ``assessments-finalize-overdue`` in settings)."""
    from .services import finalize_overdue_attempts as run

    return run()
