"""``manage.py send_digests``: the daily e-mail digest in the embedded shape (run by cron);
the scaled shape runs the same code as the Celery beat task ``communication.send_digests``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from dot.communication.tasks import send_digests


class Command(BaseCommand):
    help = "Send the daily e-mail digests of notifications waiting for them."

    def handle(self, *args: Any, **options: Any) -> None:
        result = send_digests()
        self.stdout.write(f"digests sent: {result['sent']}, failed: {result['failed']}")
