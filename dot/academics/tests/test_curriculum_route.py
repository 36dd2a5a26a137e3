"""The РУП route: department → academic office → vice-rector; copy; versions in force."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from dot.academics import services
from dot.academics.models import CurriculumStatus
from dot.academics.selectors import approved_curriculum
from dot.academics.tests.factories import CurriculumFactory
from dot.core.approvals.services import ApprovalError, ApprovalPermissionError

pytestmark = pytest.mark.django_db


def _approve(curriculum, people):
    services.curriculum_submit(curriculum=curriculum, actor=people["head_kd"])
    services.curriculum_decide(curriculum=curriculum, actor=people["uo"], decision="approve")
    services.curriculum_decide(
        curriculum=curriculum, actor=people["vicerector"], decision="approve"
    )


def test_draft_goes_through_the_route_and_comes_into_force(draft, people):
    # given a draft of КД with one line
    assert approved_curriculum(draft.programme, 2026) is None
    # when the head submits, the academic office agrees and the vice-rector approves
    services.curriculum_submit(curriculum=draft, actor=people["head_kd"])
    assert (draft.status, draft.approval_step) == ("in_review", "academic_office")
    services.curriculum_decide(curriculum=draft, actor=people["uo"], decision="approve")
    assert (draft.status, draft.approval_step) == ("in_review", "vice_rector")
    services.curriculum_decide(curriculum=draft, actor=people["vicerector"], decision="approve")
    # then it is approved, in force, and feeds registration
    draft.refresh_from_db()
    assert draft.status == CurriculumStatus.APPROVED
    assert draft.in_force is True
    assert draft.approved_at is not None
    assert approved_curriculum(draft.programme, 2026) == draft


def test_head_of_another_department_cannot_submit(draft, people):
    with pytest.raises(ApprovalPermissionError):
        services.curriculum_submit(curriculum=draft, actor=people["head_sd"])
    draft.refresh_from_db()
    assert draft.status == CurriculumStatus.DRAFT


def test_vice_rector_cannot_skip_the_academic_office(draft, people):
    services.curriculum_submit(curriculum=draft, actor=people["head_kd"])
    with pytest.raises(ApprovalPermissionError):
        services.curriculum_decide(curriculum=draft, actor=people["vicerector"], decision="approve")


def test_empty_draft_cannot_be_submitted(programme, people):
    empty = CurriculumFactory.create(programme=programme)
    with pytest.raises(ApprovalError):
        services.curriculum_submit(curriculum=empty, actor=people["head_kd"])


def test_returned_curriculum_is_editable_again(draft, people):
    services.curriculum_submit(curriculum=draft, actor=people["head_kd"])
    line = draft.lines.get()
    with pytest.raises(ValidationError):
        services.curriculum_line_update(line=line, actor=people["head_kd"], ects=Decimal("5"))
    services.curriculum_decide(
        curriculum=draft, actor=people["uo"], decision="return", comment="Проверьте часы СРС."
    )
    draft.refresh_from_db()
    services.curriculum_line_update(line=line, actor=people["head_kd"], ects=Decimal("5"))
    line.refresh_from_db()
    assert line.ects == Decimal("5")


def test_copy_of_approved_curriculum_is_a_draft_with_the_same_lines(draft, people):
    _approve(draft, people)
    copy = services.curriculum_copy(source=draft, intake_year=2027, actor=people["head_kd"])
    assert copy.status == CurriculumStatus.DRAFT
    assert copy.copied_from == draft
    assert (copy.intake_year, copy.version) == (2027, 1)
    assert list(copy.lines.values_list("discipline__code", "semester_number", "ects")) == [
        ("KD-101", 1, Decimal("4.00"))
    ]


def test_a_draft_cannot_be_copied(draft, people):
    with pytest.raises(ValidationError):
        services.curriculum_copy(source=draft, intake_year=2027, actor=people["head_kd"])


def test_approving_a_new_version_takes_the_old_one_out_of_force(draft, people):
    _approve(draft, people)
    second = services.curriculum_copy(source=draft, intake_year=2026, actor=people["head_kd"])
    assert second.version == 2
    _approve(second, people)
    draft.refresh_from_db()
    assert (draft.status, draft.in_force) == ("approved", False)
    assert approved_curriculum(draft.programme, 2026) == second
