"""Demo calendar: feed addresses for the demo student and teacher (their calendars fill
from the lessons, tests, deadlines and exam sessions of the other apps' demo data)."""

from __future__ import annotations

from typing import Any

from dot.accounts.models import User

from . import services


def seed(units: dict[str, Any]) -> None:
    for username in ("student", "teacher"):
        user = User.objects.filter(username=username, is_active=True).first()
        if user is not None:
            services.feed_get_or_create(user=user)
