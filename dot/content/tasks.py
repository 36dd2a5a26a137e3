"""Periodic jobs of the content app (Celery; inline without a broker)."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="content.flag_stale_umk")
def flag_stale_umk() -> int:
    """п. 4.8: flag out-of-date ЭУМК to their departments and teachers (daily)."""
    from .services import umk_flag_stale

    return len(umk_flag_stale())
