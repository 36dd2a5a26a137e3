import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError

from dot.academics.models import CurriculumStatus
from dot.academics.selectors import approved_curriculum, teacher_has_valid_dot_certificate
from dot.academics.tests.factories import (
    CurriculumFactory,
    CurriculumLineFactory,
    DotCertificateFactory,
    SemesterFactory,
)
from dot.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_certificate_is_valid_on_its_last_day_and_not_the_day_after():
    # given a certificate valid until 31.12.2026 inclusive
    cert = DotCertificateFactory.create(
        issued_on=datetime.date(2024, 1, 10), valid_until=datetime.date(2026, 12, 31)
    )
    # then п. 3.3 holds on the last day and fails the next day
    assert teacher_has_valid_dot_certificate(cert.teacher, datetime.date(2026, 12, 31)) is True
    assert teacher_has_valid_dot_certificate(cert.teacher, datetime.date(2027, 1, 1)) is False


def test_certificate_is_not_valid_before_it_is_issued():
    cert = DotCertificateFactory.create(issued_on=datetime.date(2026, 3, 1), valid_until=None)
    assert teacher_has_valid_dot_certificate(cert.teacher, datetime.date(2026, 2, 28)) is False
    assert teacher_has_valid_dot_certificate(cert.teacher, datetime.date(2026, 3, 1)) is True


def test_certificate_without_expiry_stays_valid():
    cert = DotCertificateFactory.create(issued_on=datetime.date(2020, 1, 1), valid_until=None)
    assert teacher_has_valid_dot_certificate(cert.teacher, datetime.date(2040, 1, 1)) is True


def test_teacher_without_certificate_or_with_anothers_has_none():
    DotCertificateFactory.create()
    assert (
        teacher_has_valid_dot_certificate(UserFactory.create(), datetime.date(2026, 9, 1)) is False
    )


def test_line_totals_and_mismatch_flag_are_exact():
    # given a plan with the default norm of 30 hours per credit
    line = CurriculumLineFactory.create(
        ects=Decimal("3.5"),
        lecture_hours=Decimal("18"),
        lab_hours=Decimal("9"),
        practice_hours=Decimal("18"),
        srs_hours=Decimal("60"),
    )
    # then classroom = 45, total = 105 = 3.5 × 30: no flag
    assert line.curriculum.hours_per_credit == Decimal("30")
    assert line.classroom_hours == Decimal("45")
    assert line.total_hours == Decimal("105")
    assert line.hours_mismatch is False
    # when one hour of СРС is added, the line is flagged
    line.srs_hours = Decimal("61")
    assert line.hours_mismatch is True


def test_only_one_curriculum_in_force_per_programme_and_intake():
    first = CurriculumFactory.create(status=CurriculumStatus.APPROVED, in_force=True)
    with pytest.raises(IntegrityError):
        CurriculumFactory.create(
            programme=first.programme,
            intake_year=first.intake_year,
            version=2,
            status=CurriculumStatus.APPROVED,
            in_force=True,
        )


def test_approved_curriculum_ignores_drafts():
    draft = CurriculumFactory.create(status=CurriculumStatus.DRAFT)
    assert approved_curriculum(draft.programme, draft.intake_year) is None
    approved = CurriculumFactory.create(
        programme=draft.programme,
        intake_year=draft.intake_year,
        version=2,
        status=CurriculumStatus.APPROVED,
        in_force=True,
    )
    assert approved_curriculum(draft.programme, draft.intake_year) == approved


def test_semester_maps_to_curriculum_semester_number():
    spring = SemesterFactory.create(number=2)  # 2026–2027 spring
    assert spring.curriculum_semester(2026) == 2
    assert spring.curriculum_semester(2025) == 4
