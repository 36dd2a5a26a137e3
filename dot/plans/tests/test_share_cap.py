"""п. 5.4.3: the master's DOT caps, at and around each boundary, over the semester and
over the whole curriculum."""

from __future__ import annotations

import pytest
from django.utils import translation

from dot.academics.models import EducationLevel
from dot.plans.compliance import blocks, check_plan

from .conftest import D, build, only


@pytest.mark.parametrize(
    ("dot_hours", "share", "passed"),
    [("699", "69.9", True), ("700", "70", True), ("701", "70.1", False)],
)
@pytest.mark.django_db
def test_extramural_master_hours_cap_at_70_percent(
    dot_hours: str, share: str, passed: bool
) -> None:
    # Given a master's programme licensed for the extramural form, a semester of 1000 h
    # (a 10-credit line of 100 + 100 classroom and 800 СРС hours), the whole curriculum
    # 2000 h, and the order's item without limits
    w = build(extramural=True, other_semester_hours=D("1000"), dot_hours=D(dot_hours))
    # When the plan is checked
    finding = only(check_plan(w.plan), "п. 5.4.3")
    # Then the semester share is exactly the hand calculation and decides the cap
    assert finding.numbers["unit"] == "hours"
    assert finding.numbers["cap_percent"] == D("70")
    assert finding.numbers["semester_dot"] == D(dot_hours)
    assert finding.numbers["semester_total"] == D("1000")
    assert finding.numbers["semester_share_percent"] == D(share)
    assert finding.numbers["curriculum_total"] == D("2000")
    assert finding.numbers["curriculum_share_percent"] == D(share) / 2
    assert (finding.passed, finding.blocking) == (passed, not passed)


@pytest.mark.django_db
def test_the_extramural_message_shows_both_periods() -> None:
    w = build(extramural=True, other_semester_hours=D("1000"), dot_hours=D("701"))
    finding = only(check_plan(w.plan), "п. 5.4.3")
    with translation.override("en"):
        assert finding.text == (
            "п. 5.4.3: master's programme with the extramural form: by DOT 701 of 1000 h "
            "of semester 1 (70.1 %) and 701 of 2000 h of the whole curriculum (35.05 %); "
            "the cap of 70 % of the curriculum hours is exceeded."
        )
    assert blocks(check_plan(w.plan)) is True


@pytest.mark.django_db
def test_an_approved_plan_of_another_semester_counts_over_the_whole_curriculum() -> None:
    # Given the student's approved plan of semester 2 with 600 h by DOT
    from dot.academics.tests.factories import SemesterFactory
    from dot.core.models import ApprovalStatus
    from dot.plans.models import StudyPlan, StudyPlanRow

    w = build(extramural=True, other_semester_hours=D("1000"), dot_hours=D("500"))
    spring = SemesterFactory.create(academic_year=w.semester.academic_year, number=2)
    earlier = StudyPlan.objects.create(
        student=w.student, semester=spring, status=ApprovalStatus.APPROVED
    )
    line2 = w.curriculum.lines.get(semester_number=2)
    StudyPlanRow.objects.create(plan=earlier, curriculum_line=line2, dot_hours=D("950"))
    # When the autumn plan is checked
    finding = only(check_plan(w.plan), "п. 5.4.3")
    # Then the semester is within 70 % (50 %), but the whole curriculum is not (72.5 %)
    assert finding.numbers["semester_share_percent"] == D("50")
    assert finding.numbers["curriculum_dot"] == D("1450")
    assert finding.numbers["curriculum_share_percent"] == D("72.5")
    assert (finding.passed, finding.blocking) == (False, True)


@pytest.mark.parametrize(
    ("dot_hours", "share", "passed"),
    [("149.7", "49.9", True), ("150", "50", True), ("150.3", "50.1", False)],
)
@pytest.mark.django_db
def test_master_without_extramural_credits_ceiling_50_percent(
    dot_hours: str, share: str, passed: bool
) -> None:
    # Given a master's programme without the extramural form, no leader's figure, and a
    # 10-credit line of 300 h: a DOT hour is 10/300 of a credit
    w = build(
        extramural=False,
        ects=D("10"),
        lecture=D("50"),
        practice=D("50"),
        srs=D("200"),
        dot_hours=D(dot_hours),
    )
    finding = only(check_plan(w.plan), "п. 5.4.3")
    assert finding.numbers["unit"] == "credits"
    assert finding.numbers["cap_percent"] == D("50")
    assert finding.numbers["leader_percent"] == ""
    assert finding.numbers["semester_total"] == D("10")
    assert finding.numbers["semester_dot"] == D(share) / 10
    assert finding.numbers["semester_share_percent"] == D(share)
    assert finding.numbers["curriculum_share_percent"] == D(share)
    assert (finding.passed, finding.blocking) == (passed, not passed)


@pytest.mark.parametrize(
    ("dot_hours", "share", "passed"),
    [("119.7", "39.9", True), ("120", "40", True), ("120.3", "40.1", False)],
)
@pytest.mark.django_db
def test_master_without_extramural_leader_figure_40_percent(
    dot_hours: str, share: str, passed: bool
) -> None:
    w = build(
        extramural=False,
        lecture=D("50"),
        practice=D("50"),
        srs=D("200"),
        dot_hours=D(dot_hours),
        leader_percent=D("40"),
    )
    finding = only(check_plan(w.plan), "п. 5.4.3")
    assert finding.numbers["cap_percent"] == D("40")
    assert finding.numbers["leader_percent"] == D("40")
    assert finding.numbers["semester_share_percent"] == D(share)
    assert (finding.passed, finding.blocking) == (passed, not passed)


@pytest.mark.django_db
def test_the_leaders_message_names_the_figure() -> None:
    w = build(
        extramural=False,
        lecture=D("50"),
        practice=D("50"),
        srs=D("200"),
        dot_hours=D("120.3"),
        leader_percent=D("40"),
        other_semester_hours=D("300"),
    )
    finding = only(check_plan(w.plan), "п. 5.4.3")
    with translation.override("en"):
        assert finding.text == (
            "п. 5.4.3: master's programme without the extramural form: by DOT 4.01 of 10 "
            "credits of semester 1 (40.1 %) and 4.01 of 20 credits of the whole curriculum "
            "(20.05 %); the programme leader's share of 40 % is exceeded."
        )


@pytest.mark.parametrize("level", [EducationLevel.BACHELOR, EducationLevel.SPECIALIST])
@pytest.mark.django_db
def test_the_cap_does_not_apply_to_other_levels(level: str) -> None:
    w = build(level=level, dot_hours=D("1000"))
    finding = only(check_plan(w.plan), "п. 5.4.3")
    assert (finding.passed, finding.blocking, finding.numbers) == (True, False, {"level": level})
