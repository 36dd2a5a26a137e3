"""п. 4.8: flag every ЭУМК not revised for ``DOT_UMK_STALE_DAYS`` to the head of its
department and its teachers (once per revision; safe to repeat — Celery beat runs it
daily as ``content.flag_stale_umk``)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from dot.content.services import umk_flag_stale


class Command(BaseCommand):
    help = "Notify departments and teachers of out-of-date ЭУМК (п. 4.8)."

    def handle(self, *args: Any, **options: Any) -> None:
        flagged = umk_flag_stale()
        self.stdout.write(f"{len(flagged)} out-of-date ЭУМК flagged.")
