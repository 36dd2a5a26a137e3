"""The quality review (п. 4.6, 4.8, 5.4.5) on the approval engine, and publication."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from dot.content import permissions, services
from dot.content.models import ComponentKind, ReviewComment, UmkVersion
from dot.content.selectors import changes_since_return, review_queue
from dot.core.approvals.services import ApprovalError, ApprovalPermissionError
from dot.core.models import ApprovalStatus

from .conftest import World, add_page, fill_required, published_umk


def test_an_incomplete_version_cannot_be_submitted(world: World) -> None:
    umk = services.umk_create(discipline=world.discipline, actor=world.teacher)
    version = umk.versions.get()
    add_page(version, world.teacher, ComponentKind.SYLLABUS)
    with pytest.raises(ApprovalError) as error:
        services.umk_version_submit(version=version, actor=world.teacher)
    assert error.value.code == "incomplete"
    version.refresh_from_db()
    assert version.status == ApprovalStatus.DRAFT


def test_the_whole_route_with_a_return_and_a_resubmission(world: World) -> None:
    # Given a complete draft submitted by the teacher
    umk = services.umk_create(discipline=world.discipline, actor=world.teacher)
    version = umk.versions.get()
    fill_required(version, world.teacher)
    services.umk_version_submit(version=version, actor=world.teacher)
    assert (version.status, version.approval_step) == ("in_review", "department")
    assert list(review_queue(world.head)) == [version]
    assert list(review_queue(world.other_head)) == []
    # When the department returns it with a remark on the glossary
    services.umk_version_decide(
        version=version,
        actor=world.head,
        decision="return",
        component_comments={ComponentKind.GLOSSARY: "Добавьте глоссарий."},
    )
    # Then the remark is attached to the decision and the version is editable again
    version.refresh_from_db()
    assert version.status == ApprovalStatus.RETURNED
    comment = ReviewComment.objects.get()
    assert (comment.component, comment.text, comment.author) == (
        "glossary", "Добавьте глоссарий.", world.head
    )  # fmt: skip
    assert permissions.can_edit_version(world.teacher, version)
    # When the teacher adds a glossary and resubmits
    add_page(version, world.teacher, ComponentKind.GLOSSARY, title="Глоссарий")
    changes = changes_since_return(version)
    assert [(c.kind, c.component, c.title) for c in changes or []] == [
        ("added", "glossary", "Глоссарий")
    ]
    services.umk_version_submit(version=version, actor=world.teacher)
    services.umk_version_decide(version=version, actor=world.head, decision="approve")
    assert version.approval_step == "editorial"
    assert list(review_queue(world.rio)) == [version]
    services.umk_version_decide(version=version, actor=world.rio, decision="approve")
    # Then it is approved but not yet what students see
    version.refresh_from_db()
    umk.refresh_from_db()
    assert (version.status, version.approved_at is not None, umk.published_version) == (
        "approved", True, None
    )  # fmt: skip
    # When the faculty council publishes it
    services.umk_version_publish(version=version, actor=world.council)
    umk.refresh_from_db()
    assert umk.published_version == version
    assert umk.last_revised_at == version.published_at


def test_another_departments_head_cannot_decide(world: World) -> None:
    umk = services.umk_create(discipline=world.discipline, actor=world.teacher)
    version = umk.versions.get()
    fill_required(version, world.teacher)
    services.umk_version_submit(version=version, actor=world.teacher)
    with pytest.raises(ApprovalPermissionError):
        services.umk_version_decide(version=version, actor=world.other_head, decision="approve")
    with pytest.raises(ApprovalPermissionError):
        services.umk_version_decide(version=version, actor=world.rio, decision="approve")


def test_an_appointed_reviewer_decides_the_department_step(world: World, make_user: object) -> None:
    reviewer = make_user("teacher", world.units["kd"], username="reviewer")  # type: ignore[operator]
    umk = services.umk_create(discipline=world.discipline, actor=world.teacher)
    services.umk_set_reviewer(umk=umk, actor=world.head, reviewer=reviewer)
    version = umk.versions.get()
    fill_required(version, world.teacher)
    services.umk_version_submit(version=version, actor=world.teacher)
    assert list(review_queue(reviewer)) == [version]
    services.umk_version_decide(version=version, actor=reviewer, decision="approve")
    assert version.approval_step == "editorial"


def test_only_an_approved_version_can_be_published(world: World) -> None:
    umk = services.umk_create(discipline=world.discipline, actor=world.teacher)
    version = umk.versions.get()
    assert permissions.can_publish(world.council, version) is False
    with pytest.raises(ValidationError) as error:
        services.umk_version_publish(version=version, actor=world.council)
    assert error.value.code == "not_approved"


def test_a_new_version_copies_the_materials_and_keeps_their_lineage(world: World) -> None:
    umk = published_umk(world)
    first = umk.published_version
    assert first is not None
    second = services.umk_version_start(umk=umk, actor=world.teacher)
    assert second.number == 2
    assert sorted(second.resources.values_list("lineage", flat=True)) == sorted(
        first.resources.values_list("lineage", flat=True)
    )
    # the published version is no longer editable, the new one is
    assert permissions.can_edit_version(world.teacher, first) is False
    assert permissions.can_edit_version(world.teacher, second) is True
    with pytest.raises(ValidationError):
        services.umk_version_start(umk=umk, actor=world.teacher)


def test_a_returned_version_cannot_be_changed_by_the_student_or_another_department(
    world: World,
) -> None:
    umk = services.umk_create(discipline=world.discipline, actor=world.teacher)
    version = umk.versions.get()
    assert permissions.can_edit_version(world.student, version) is False
    assert permissions.can_edit_version(world.other_head, version) is False
    assert permissions.can_edit_version(world.head, version) is True
    assert UmkVersion.objects.count() == 1


def test_the_council_in_its_faculty_office_publishes_but_not_another_faculties(
    world: World, make_user: Any
) -> None:
    from dot.org.models import OfficeType, UnitKind
    from dot.testing.factories import OrgUnitFactory

    med_ums = OrgUnitFactory(
        kind=UnitKind.OFFICE, office_type=OfficeType.METHODS_COUNCIL, parent=world.units["med"],
        code="med-ums",
    )  # fmt: skip
    eco_ums = OrgUnitFactory(
        kind=UnitKind.OFFICE, office_type=OfficeType.METHODS_COUNCIL, parent=world.units["eco"],
        code="eco-ums",
    )  # fmt: skip
    ours = make_user("methods_council", med_ums, username="ums_med")
    theirs = make_user("methods_council", eco_ums, username="ums_eco")
    umk = services.umk_create(discipline=world.discipline, actor=world.teacher)
    version = umk.versions.get()
    fill_required(version, world.teacher)
    services.umk_version_submit(version=version, actor=world.teacher)
    services.umk_version_decide(version=version, actor=world.head, decision="approve")
    services.umk_version_decide(version=version, actor=world.rio, decision="approve")
    assert permissions.can_publish(theirs, version) is False
    assert permissions.can_publish(world.teacher, version) is False
    assert permissions.can_publish(ours, version) is True
