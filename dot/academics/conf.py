"""Settings of the academic structure, read once from Django settings with defaults."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings


def hours_per_credit() -> Decimal:
    """Academic hours in one ECTS credit (default 30): ``settings.DOT_HOURS_PER_CREDIT``.

    A new РУП copies the norm in force when it is created (``Curriculum.hours_per_credit``),
    so changing the setting never silently changes an approved plan.
    """
    return Decimal(str(getattr(settings, "DOT_HOURS_PER_CREDIT", 30)))
