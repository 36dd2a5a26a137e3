"""п. 5.4.1, 5.4.2, 5.4.4, 3.3 and 5.5.1: the other rules of the compliance check."""

from __future__ import annotations

import datetime
import sys
from typing import Any

import pytest
from django.utils import translation

from dot.academics.models import EducationLevel
from dot.academics.tests.factories import DisciplineModuleFactory
from dot.core.models import ApprovalStatus
from dot.plans.compliance import blocks, check_application, check_plan
from dot.plans.models import DotApplicationLine, DotOrder, DotOrderItem, ReasonKind

from .conftest import D, build, of, only

BACHELOR = EducationLevel.BACHELOR

# --- п. 5.4.4: the DOT order --------------------------------------------------------------


@pytest.mark.parametrize(("dot_hours", "passed"), [("40", True), ("40.01", False), ("39.99", True)])
@pytest.mark.django_db
def test_order_max_hours_boundary(dot_hours: str, passed: bool) -> None:
    # Given the order lets the discipline go by DOT for at most 40 hours
    w = build(level=BACHELOR, dot_hours=D(dot_hours))
    w.item.max_hours = D("40")
    w.item.save()
    # When the plan is checked
    finding = only(check_plan(w.plan), "п. 5.4.4")
    # Then 40 h pass and 40.01 h block
    assert finding.numbers["dot_hours"] == D(dot_hours)
    assert finding.numbers["max_hours"] == D("40")
    assert (finding.passed, finding.blocking) == (passed, not passed)


@pytest.mark.parametrize(
    ("dot_hours", "share", "passed"),
    [("59.8", "29.9", True), ("60", "30", True), ("60.2", "30.1", False)],
)
@pytest.mark.django_db
def test_order_max_percent_of_classroom_hours(dot_hours: str, share: str, passed: bool) -> None:
    # Given 200 classroom hours and an order limit of 30 % of them (60 h)
    w = build(level=BACHELOR, dot_hours=D(dot_hours))
    w.item.max_percent = D("30")
    w.item.save()
    finding = only(check_plan(w.plan), "п. 5.4.4")
    assert finding.numbers["classroom_hours"] == D("200")
    assert finding.numbers["share_percent"] == D(share)
    assert (finding.passed, finding.blocking) == (passed, not passed)


@pytest.mark.django_db
def test_order_limit_message() -> None:
    w = build(level=BACHELOR, dot_hours=D("60.2"))
    w.item.max_percent = D("30")
    w.item.save()
    finding = only(check_plan(w.plan), "п. 5.4.4")
    with translation.override("en"):
        assert finding.text == (
            f"п. 5.4.4: «{w.line.discipline}»: 60.2 h by DOT (30.1 % of 200 classroom hours) "
            "exceed the DOT order's limit: at most — h, at most 30 %."
        )


@pytest.mark.parametrize(
    ("valid_from", "valid_to", "status"),
    [
        (datetime.date(2026, 9, 2), None, ApprovalStatus.APPROVED),  # starts a day late
        (datetime.date(2026, 1, 1), datetime.date(2027, 1, 30), ApprovalStatus.APPROVED),
        (datetime.date(2026, 1, 1), None, ApprovalStatus.IN_REVIEW),  # not approved
    ],
)
@pytest.mark.django_db
def test_an_order_not_in_force_over_the_semester_blocks(
    valid_from: datetime.date, valid_to: datetime.date | None, status: str
) -> None:
    w = build(level=BACHELOR, dot_hours=D("10"))
    DotOrder.objects.filter(pk=w.order.pk).update(
        valid_from=valid_from, valid_to=valid_to, status=status
    )
    finding = only(check_plan(w.plan), "п. 5.4.4")
    assert (finding.passed, finding.blocking) == (False, True)
    assert finding.numbers == {"start": "01.09.2026", "end": "31.01.2027"}


@pytest.mark.django_db
def test_an_order_ending_on_the_last_day_of_the_semester_is_in_force() -> None:
    w = build(level=BACHELOR, dot_hours=D("10"))
    DotOrder.objects.filter(pk=w.order.pk).update(valid_to=datetime.date(2027, 1, 31))
    assert only(check_plan(w.plan), "п. 5.4.4").passed is True


@pytest.mark.django_db
def test_a_discipline_missing_from_the_order_blocks() -> None:
    w = build(level=BACHELOR, dot_hours=D("10"))
    w.item.delete()
    finding = only(check_plan(w.plan), "п. 5.4.4")
    assert (finding.passed, finding.blocking, finding.subject) == (
        False,
        True,
        str(w.line.discipline),
    )


@pytest.mark.django_db
def test_a_module_is_covered_by_its_own_item_or_the_whole_discipline() -> None:
    # Given a row for one module; the order names another module of the discipline only
    w = build(level=BACHELOR, dot_hours=D("10"))
    module = DisciplineModuleFactory.create(discipline=w.line.discipline)
    other = DisciplineModuleFactory.create(discipline=w.line.discipline)
    w.item.module = other
    w.item.save()
    w.row.module = module
    w.row.save()
    assert only(check_plan(w.plan), "п. 5.4.4").blocking is True
    # When the order covers the whole discipline too, the module is in the order
    DotOrderItem.objects.create(order=w.order, discipline=w.line.discipline)
    assert only(check_plan(w.plan), "п. 5.4.4").passed is True


# --- п. 3.3: certificates ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("valid_until", "passed"),
    [
        (datetime.date(2026, 8, 31), False),  # expires the day before the semester
        (datetime.date(2027, 1, 30), False),  # expires a day before the end
        (datetime.date(2027, 1, 31), True),  # valid through the last day
        (None, True),  # does not expire
    ],
)
@pytest.mark.django_db
def test_teacher_certificate_on_the_semester_dates(
    valid_until: datetime.date | None, passed: bool
) -> None:
    w = build(level=BACHELOR, dot_hours=D("10"))
    w.teacher.dot_certificates.update(valid_until=valid_until)
    finding = only(check_plan(w.plan), "п. 3.3")
    assert (finding.passed, finding.blocking) == (passed, not passed)
    assert finding.numbers["start"] == "01.09.2026"


@pytest.mark.django_db
def test_a_teacher_without_a_certificate_blocks_with_a_clear_message() -> None:
    w = build(level=BACHELOR, dot_hours=D("10"))
    w.teacher.dot_certificates.all().delete()
    finding = only(check_plan(w.plan), "п. 3.3")
    with translation.override("en"):
        assert finding.text == (
            f"п. 3.3: «{w.line.discipline}»: the teacher {w.teacher.short_name} has no DOT "
            "certificate valid from 01.09.2026 to 31.01.2027."
        )
    assert blocks(check_plan(w.plan)) is True


# --- п. 5.4.1: application and permissions -----------------------------------------------


@pytest.mark.parametrize(
    ("teacher", "leader", "passed"),
    [(True, True, True), (False, True, False), (True, False, False), (False, False, False)],
)
@pytest.mark.django_db
def test_permissions_of_teacher_and_programme_leader(
    teacher: bool, leader: bool, passed: bool
) -> None:
    w = build(
        level=BACHELOR, dot_hours=D("10"), teacher_permission=teacher, leader_permission=leader
    )
    row_finding = [f for f in of(check_plan(w.plan), "п. 5.4.1") if f.subject]
    assert [(f.passed, f.blocking) for f in row_finding] == [(passed, not passed)]


@pytest.mark.django_db
def test_a_plan_without_an_approved_application_blocks() -> None:
    w = build(level=BACHELOR, dot_hours=D("10"))
    w.application.status = ApprovalStatus.IN_REVIEW
    w.application.save()
    first = of(check_plan(w.plan), "п. 5.4.1")[0]
    assert (first.passed, first.blocking) == (False, True)
    w.plan.application = None
    w.plan.save()
    first = of(check_plan(w.plan), "п. 5.4.1")[0]
    assert (first.passed, first.blocking) == (False, True)


# --- п. 5.4.2: reason and readiness ------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "text", "passed"),
    [
        (ReasonKind.OTHER, "", False),
        (ReasonKind.OTHER, "   ", False),
        (ReasonKind.OTHER, "Работа по контракту в экспедиции", True),
        (ReasonKind.ILLNESS, "", True),
        (ReasonKind.FAMILY, "", True),
    ],
)
@pytest.mark.django_db
def test_the_reason_other_needs_its_text(kind: str, text: str, passed: bool) -> None:
    w = build(level=BACHELOR)
    w.application.reason_kind = kind
    w.application.reason_text = text
    w.application.save()
    reason = of(check_application(w.application), "п. 5.4.2")[0]
    assert (reason.passed, reason.blocking) == (passed, not passed)
    assert blocks(check_application(w.application)) is (not passed)


@pytest.mark.django_db
def test_a_missing_supporting_document_only_warns() -> None:
    w = build(level=BACHELOR)
    document = of(check_application(w.application), "п. 5.4.2")[1]
    assert (document.passed, document.blocking) == (False, False)


@pytest.mark.django_db
def test_an_unready_discipline_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    from dot.content import selectors
    from dot.content.selectors import Readiness

    w = build(level=BACHELOR, dot_hours=D("10"))
    monkeypatch.setattr(
        selectors,
        "dot_readiness",
        lambda d, m=None: Readiness(False, ["п. 5.4.2: нет фонда оценочных средств."]),
    )
    for findings in (check_plan(w.plan), check_application(w.application)):
        (ready,) = [f for f in of(findings, "п. 5.4.2") if f.subject]
        assert (ready.passed, ready.blocking) == (False, True)
        assert ready.numbers == {"reasons": "п. 5.4.2: нет фонда оценочных средств."}


@pytest.mark.django_db
def test_the_real_readiness_query_without_an_umk(monkeypatch: pytest.MonkeyPatch) -> None:
    # Given the real dot_readiness (the autouse stand-in undone) and no ЭУМК
    monkeypatch.undo()
    w = build(level=BACHELOR, dot_hours=D("10"))
    (ready,) = [f for f in of(check_plan(w.plan), "п. 5.4.2") if f.subject]
    with translation.override("ru"):
        assert (ready.passed, ready.blocking) == (False, True)
        assert "у дисциплины нет ЭУМК" in str(ready.numbers["reasons"])


@pytest.mark.django_db
def test_readiness_unavailable_counts_as_not_ready(monkeypatch: pytest.MonkeyPatch) -> None:
    w = build(level=BACHELOR, dot_hours=D("10"))
    monkeypatch.setitem(sys.modules, "dot.content.selectors", None)
    (ready,) = [f for f in of(check_plan(w.plan), "п. 5.4.2") if f.subject]
    assert (ready.passed, ready.blocking) == (False, True)
    with translation.override("en"):
        assert "readiness for DOT cannot be checked" in ready.text


# --- The application ---------------------------------------------------------------------


@pytest.mark.django_db
def test_an_application_in_order_and_ready_does_not_block() -> None:
    w = build(level=BACHELOR)
    findings = check_application(w.application)
    assert [(f.clause, f.passed, f.blocking) for f in findings] == [
        ("п. 5.4.1", True, False),
        ("п. 5.4.2", True, False),
        ("п. 5.4.2", False, False),
        ("п. 5.4.2", True, False),
        ("п. 5.4.4", True, False),
    ]


@pytest.mark.django_db
def test_an_application_line_not_in_the_order_blocks() -> None:
    w = build(level=BACHELOR)
    module = DisciplineModuleFactory.create(discipline=w.line.discipline)
    w.item.module = DisciplineModuleFactory.create(discipline=w.line.discipline)
    w.item.save()
    DotApplicationLine.objects.filter(application=w.application).update(module=module)
    finding = only(check_application(w.application), "п. 5.4.4")
    assert (finding.passed, finding.blocking) == (False, True)


# --- п. 5.5.1 --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_classroom_hours_not_set_and_plan_not_approved_warn() -> None:
    w = build(level=BACHELOR, dot_hours=D("10"), lecture_hours=None)
    hours, approval = of(check_plan(w.plan), "п. 5.5.1")
    assert (hours.passed, hours.blocking) == (False, False)
    assert (approval.passed, approval.blocking) == (False, False)
    assert approval.numbers == {"status": "draft", "agreed_steps": ""}
    w.plan.status = ApprovalStatus.APPROVED
    w.plan.save()
    assert of(check_plan(w.plan), "п. 5.5.1")[1].passed is True


@pytest.mark.django_db
def test_a_compliant_plan_does_not_block(django_assert_max_num_queries: Any) -> None:
    w = build(extramural=True, dot_hours=D("700"))
    with django_assert_max_num_queries(12):
        findings = check_plan(w.plan)
    assert blocks(findings) is False
    assert {f.clause for f in findings} == {
        "п. 5.4.1",
        "п. 5.4.2",
        "п. 5.4.3",
        "п. 5.4.4",
        "п. 3.3",
        "п. 5.5.1",
    }
