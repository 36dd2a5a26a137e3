"""The server's clock for attempts (one place, so tests can move time).

Tests freeze or move time by monkeypatching ``dot.assessments.clock.now`` (or
``django.utils.timezone.now``, which this calls at every use).
"""

from __future__ import annotations

import datetime

from django.utils import timezone


def now() -> datetime.datetime:
    return timezone.now()
