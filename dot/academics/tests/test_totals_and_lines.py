from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from dot.academics import services
from dot.academics.selectors import curriculum_summary
from dot.academics.tests.factories import CurriculumLineFactory, DisciplineFactory

pytestmark = pytest.mark.django_db


def test_totals_per_semester_and_plan_are_exact_and_mismatch_is_explained(draft, uni):
    # given: line 1 (sem 1): 4 ECTS, 30+0+30+60 = 120 h (agrees)
    other = DisciplineFactory.create(code="KD-102", department=uni["kd"])
    third = DisciplineFactory.create(code="KD-201", department=uni["kd"])
    CurriculumLineFactory.create(
        curriculum=draft,
        discipline=other,
        semester_number=1,
        ects=Decimal("3.5"),
        lecture_hours=Decimal("18"),
        lab_hours=Decimal("9.5"),
        practice_hours=Decimal("18"),
        srs_hours=Decimal("59.5"),
    )  # 105 h = 3.5 × 30
    CurriculumLineFactory.create(
        curriculum=draft,
        discipline=third,
        semester_number=2,
        ects=Decimal("5"),
        lecture_hours=Decimal("30"),
        lab_hours=Decimal("0"),
        practice_hours=Decimal("45"),
        srs_hours=Decimal("73"),
    )  # 148 h ≠ 150 h
    # when
    with translation.override("en"):
        summary = curriculum_summary(draft)
    # then
    sem1, sem2 = summary.semesters
    assert sem1.totals.ects == Decimal("7.5")
    assert sem1.totals.classroom_hours == Decimal("105.5")
    assert sem1.totals.total_hours == Decimal("225")
    assert sem2.totals.total_hours == Decimal("148")
    assert summary.totals.ects == Decimal("12.5")
    assert summary.totals.lab_hours == Decimal("9.5")
    assert summary.totals.total_hours == Decimal("373")
    assert summary.flagged == 1
    assert [item.problem for item in sem1.lines] == ["", ""]
    assert sem2.lines[0].problem == "5 ECTS × 30 h = 150 h, but the line has 148 h (2 h less)."


def test_the_same_discipline_twice_in_a_semester_is_refused(draft, discipline, people):
    with pytest.raises(ValidationError) as info:
        services.curriculum_line_create(
            curriculum=draft,
            actor=people["head_kd"],
            discipline=discipline,
            semester_number=1,
            ects=Decimal("2"),
            lecture_hours=Decimal("0"),
            lab_hours=Decimal("0"),
            practice_hours=Decimal("30"),
            srs_hours=Decimal("30"),
            control_form="credit",
            is_elective=False,
            elective_group="",
        )
    assert "discipline" in info.value.message_dict
    assert draft.lines.count() == 1


def test_semester_beyond_the_programme_duration_is_refused(draft, discipline, people):
    with pytest.raises(ValidationError) as info:
        services.curriculum_line_create(
            curriculum=draft,
            actor=people["head_kd"],
            discipline=discipline,
            semester_number=13,
            ects=Decimal("2"),
            control_form="credit",
        )
    assert "semester_number" in info.value.message_dict
