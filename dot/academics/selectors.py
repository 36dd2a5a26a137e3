"""Reads of the academic structure used by pages, the API and other apps."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q, QuerySet

from .models import Curriculum, CurriculumStatus, DotCertificate, Programme


def valid_dot_certificates(on_date: datetime.date) -> QuerySet[DotCertificate]:
    """Certificates in force on ``on_date``: issued by then, not expired before it.

    ``valid_until`` is the last day of validity (inclusive); empty means no expiry.
    """
    return DotCertificate.objects.filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=on_date), issued_on__lte=on_date
    )


def teacher_has_valid_dot_certificate(teacher: Any, on_date: datetime.date) -> bool:
    """п. 3.3: does the teacher hold a DOT certificate or attestation valid on the date?"""
    return valid_dot_certificates(on_date).filter(teacher=teacher).exists()


def approved_curriculum(programme: Programme, intake_year: int) -> Curriculum | None:
    """The approved РУП of a programme and intake: the only one that feeds registration,
    courses and study plans (п. 4.5). None when no РУП is approved yet."""
    return (
        Curriculum.objects.filter(
            programme=programme, intake_year=intake_year, status=CurriculumStatus.APPROVED
        )
        .select_related("programme")
        .first()
    )
