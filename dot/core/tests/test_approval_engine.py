"""The approval-route engine, proven on the test-only Memo route.

Route: head of the memo's department → dean of its faculty → academic office.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction
from django.utils import translation

from dot.core.approval import (
    ApprovalDecision,
    ApprovalError,
    ApprovalPermissionError,
    ApprovalReview,
    approval_decide,
    approval_submit,
    approvers,
    can_decide,
    can_submit,
    pending_for,
    timeline,
)
from dot.core.audit import audit_for
from dot.core.models import AuditLog

from .approvaltest.models import MEMO_ROUTE, Memo

pytestmark = pytest.mark.usefixtures("approvaltest")


def _actions(memo: Memo) -> list[tuple[str, str, str]]:
    return [
        (d.action, d.step, d.actor.username if d.actor else "")
        for d in ApprovalDecision.objects.filter(object_id=str(memo.pk)).order_by("id")
    ]


def _submit_and_approve(memo: Memo, people: dict[str, Any], *approvers_: str) -> None:
    approval_submit(obj=memo, route=MEMO_ROUTE, actor=people["author"])
    for name in approvers_:
        approval_decide(obj=memo, route=MEMO_ROUTE, actor=people[name], decision="approve")


def test_happy_path_goes_through_every_step_and_publishes(memo, people):
    # given a draft memo
    assert (memo.status, memo.approval_step) == ("draft", "")

    # when the author submits it and each step approves
    approval_submit(obj=memo, route=MEMO_ROUTE, actor=people["author"], comment="Прошу согласовать")
    assert (memo.status, memo.approval_step) == ("in_review", "department")
    approval_decide(obj=memo, route=MEMO_ROUTE, actor=people["head_kd"], decision="approve")
    assert (memo.status, memo.approval_step) == ("in_review", "dean")
    approval_decide(obj=memo, route=MEMO_ROUTE, actor=people["dean_med"], decision="approve")
    assert (memo.status, memo.approval_step) == ("in_review", "academic_office")
    last = approval_decide(obj=memo, route=MEMO_ROUTE, actor=people["uo"], decision="approve")

    # then it is approved, the on-approve hook ran, and every step is recorded
    memo.refresh_from_db()
    assert (memo.status, memo.approval_step, memo.published) == ("approved", "", True)
    assert _actions(memo) == [
        ("submit", "", "author"),
        ("approve", "department", "head_kd"),
        ("approve", "dean", "dean_med"),
        ("approve", "academic_office", "uo"),
    ]
    assert (last.status_before, last.status_after) == ("in_review", "approved")
    review = ApprovalReview.objects.get(object_id=str(memo.pk))
    assert (review.state, review.step, review.started_by) == ("approved", "", people["author"])
    assert review.finished_at is not None


def test_return_then_resubmit_starts_the_route_again(memo, people):
    # given a memo approved by the department and returned by the dean
    _submit_and_approve(memo, people, "head_kd")
    approval_decide(
        obj=memo,
        route=MEMO_ROUTE,
        actor=people["dean_med"],
        decision="return",
        comment="Уточните объём часов",
    )
    assert (memo.status, memo.approval_step, memo.published) == ("returned", "", False)
    assert can_submit(people["author"], memo) is True

    # when the author resubmits
    approval_submit(obj=memo, actor=people["author"], comment="Исправлено")

    # then the route starts again at the department, and the first review is closed
    memo.refresh_from_db()
    assert (memo.status, memo.approval_step) == ("in_review", "department")
    assert [d[0] for d in _actions(memo)] == ["submit", "approve", "return", "resubmit"]
    returned = ApprovalDecision.objects.get(object_id=str(memo.pk), action="return")
    assert (returned.comment, returned.status_before, returned.status_after) == (
        "Уточните объём часов",
        "in_review",
        "returned",
    )
    states = list(
        ApprovalReview.objects.filter(object_id=str(memo.pk))
        .order_by("id")
        .values_list("state", flat=True)
    )
    assert states == ["returned", "open"]


def test_reject_is_final(memo, people):
    # given a submitted memo
    approval_submit(obj=memo, route=MEMO_ROUTE, actor=people["author"])

    # when the head of department rejects it
    approval_decide(
        obj=memo, route=MEMO_ROUTE, actor=people["head_kd"], decision="reject", comment="Не нужно"
    )

    # then it is rejected and cannot be submitted again
    memo.refresh_from_db()
    assert (memo.status, memo.approval_step) == ("rejected", "")
    assert can_submit(people["author"], memo) is False
    with pytest.raises(ApprovalError) as err:
        approval_submit(obj=memo, route=MEMO_ROUTE, actor=people["author"])
    assert err.value.code == "wrong_status"
    with translation.override("ru"):
        assert "«Отклонено»" in err.value.messages[0]


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("anonymous", False), ("student", False), ("head_em", False), ("head_kd", True)],
)
def test_only_the_head_of_the_owning_department_decides_the_first_step(memo, people, who, allowed):
    # given a memo of КД waiting at the department step
    approval_submit(obj=memo, route=MEMO_ROUTE, actor=people["author"])
    user = AnonymousUser() if who == "anonymous" else people[who]

    # when that user tries to approve
    assert can_decide(user, memo) is allowed
    if allowed:
        approval_decide(obj=memo, route=MEMO_ROUTE, actor=user, decision="approve")
    else:
        with pytest.raises(ApprovalPermissionError):
            approval_decide(obj=memo, route=MEMO_ROUTE, actor=user, decision="approve")

    # then only the head of КД moved it on
    memo.refresh_from_db()
    assert memo.approval_step == ("dean" if allowed else "department")
    assert ApprovalDecision.objects.filter(action="approve").count() == (1 if allowed else 0)


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("anonymous", False), ("uo", False), ("dean_eco", False), ("dean_med", True)],
)
def test_the_dean_step_resolves_the_faculty_of_the_department(memo, people, who, allowed):
    # given a memo waiting for the dean of the faculty that owns КД
    _submit_and_approve(memo, people, "head_kd")
    user = AnonymousUser() if who == "anonymous" else people[who]

    # then only the dean of that faculty may decide
    assert can_decide(user, memo) is allowed


def test_who_may_submit(memo, people):
    # the author and a teacher of the department may; a student may not
    assert can_submit(people["author"], memo) is True
    assert can_submit(people["student"], memo) is False
    assert can_submit(AnonymousUser(), memo) is False
    with pytest.raises(ApprovalPermissionError):
        approval_submit(obj=memo, route=MEMO_ROUTE, actor=people["student"])
    memo.refresh_from_db()
    assert memo.status == "draft"


def test_decisions_on_a_wrong_state_fail_cleanly(memo, people):
    # a draft cannot be decided
    with pytest.raises(ApprovalError) as err:
        approval_decide(obj=memo, route=MEMO_ROUTE, actor=people["head_kd"], decision="approve")
    assert err.value.code == "wrong_status"

    # a memo under review cannot be submitted again
    approval_submit(obj=memo, route=MEMO_ROUTE, actor=people["author"])
    with pytest.raises(ApprovalError) as err:
        approval_submit(obj=memo, route=MEMO_ROUTE, actor=people["author"])
    assert err.value.code == "wrong_status"

    # an unknown decision is refused
    with pytest.raises(ApprovalError) as err:
        approval_decide(obj=memo, route=MEMO_ROUTE, actor=people["head_kd"], decision="publish")
    assert err.value.code == "unknown_decision"

    # nothing moved
    memo.refresh_from_db()
    assert (memo.status, memo.approval_step) == ("in_review", "department")
    assert [d[0] for d in _actions(memo)] == ["submit"]


@pytest.mark.parametrize("decision", ["return", "reject"])
def test_return_and_reject_need_a_comment(memo, people, decision):
    approval_submit(obj=memo, route=MEMO_ROUTE, actor=people["author"])

    with pytest.raises(ApprovalError) as err:
        approval_decide(
            obj=memo, route=MEMO_ROUTE, actor=people["head_kd"], decision=decision, comment="  "
        )

    assert err.value.code == "comment_required"
    memo.refresh_from_db()
    assert (memo.status, memo.approval_step) == ("in_review", "department")


def test_a_second_decision_on_the_same_step_fails(memo, people, make_user, uni):
    # given two heads of КД who opened the same memo at the department step
    from dot.accounts.models import Role

    other_head = make_user(Role.HEAD_OF_DEPARTMENT, uni["kd"], username="head_kd2")
    approval_submit(obj=memo, route=MEMO_ROUTE, actor=people["author"])
    first_view = Memo.objects.get(pk=memo.pk)
    second_view = Memo.objects.get(pk=memo.pk)

    # when both approve the step they saw
    approval_decide(obj=first_view, actor=people["head_kd"], decision="approve", step="department")
    with pytest.raises(ApprovalError) as err:
        approval_decide(
            obj=second_view, actor=other_head, decision="reject", comment="Нет", step="department"
        )

    # then the second fails: the stale instance was re-read under the row lock
    assert err.value.code == "stale"
    memo.refresh_from_db()
    assert (memo.status, memo.approval_step) == ("in_review", "dean")
    assert [d[:2] for d in _actions(memo)] == [("submit", ""), ("approve", "department")]


def test_a_stale_instance_cannot_decide_the_next_step_by_mistake(memo, people):
    # given the head of КД approved, and a stale copy still says "department"
    approval_submit(obj=memo, route=MEMO_ROUTE, actor=people["author"])
    stale = Memo.objects.get(pk=memo.pk)
    approval_decide(obj=memo, actor=people["head_kd"], decision="approve")

    # when the head approves again from the stale copy (no step given)
    with pytest.raises(ApprovalPermissionError):
        approval_decide(obj=stale, actor=people["head_kd"], decision="approve")

    # then the dean's step is untouched
    memo.refresh_from_db()
    assert memo.approval_step == "dean"


def test_one_open_review_per_object(memo, people):
    approval_submit(obj=memo, route=MEMO_ROUTE, actor=people["author"])
    review = ApprovalReview.objects.get(object_id=str(memo.pk))

    with pytest.raises(IntegrityError), transaction.atomic():
        ApprovalReview.objects.create(
            content_type=review.content_type, object_id=review.object_id, route="test_memo"
        )


def test_transitions_write_audit_rows(memo, people):
    _submit_and_approve(memo, people, "head_kd")
    approval_decide(
        obj=memo, actor=people["dean_med"], decision="return", comment="Добавьте список литературы"
    )

    rows = list(audit_for(memo).order_by("id"))

    assert [(r.action, r.actor.username if r.actor else None) for r in rows] == [
        ("approval.submit", "author"),
        ("approval.approve", "head_kd"),
        ("approval.return", "dean_med"),
    ]
    assert rows[0].changes == {
        "status": ["draft", "in_review"],
        "approval_step": ["", "department"],
    }
    assert rows[2].changes == {"status": ["in_review", "returned"], "approval_step": ["dean", ""]}
    assert rows[2].comment == "Добавьте список литературы"
    assert rows[2].object_repr == "Служебная записка о ДОТ"
    assert AuditLog.objects.count() == 3


def test_timeline_shows_done_current_and_future_steps(memo, people):
    _submit_and_approve(memo, people, "head_kd")

    data = timeline(memo)

    assert data.status == "in_review"
    assert [(s.step.code, s.state) for s in data.steps] == [
        ("department", "approved"),
        ("dean", "current"),
        ("academic_office", "pending"),
    ]
    assert data.steps[0].decision is not None
    assert data.steps[0].decision.actor == people["head_kd"]
    assert data.current is not None
    assert data.current.step.code == "dean"
    assert [(row.action, step.code if step else None) for row, step in data.entries] == [
        ("submit", None),
        ("approve", "department"),
    ]


def test_timeline_after_return_shows_where_it_was_returned(memo, people):
    _submit_and_approve(memo, people, "head_kd")
    approval_decide(obj=memo, actor=people["dean_med"], decision="return", comment="Доработать")

    data = timeline(memo)

    assert data.status == "returned"
    assert [s.state for s in data.steps] == ["approved", "returned", "pending"]


def test_pending_for_lists_what_awaits_each_user(memo, people, uni):
    # given a second memo of ЭиМ, both submitted
    other = Memo.objects.create(title="Записка ЭиМ", department=uni["em"], author=people["author"])
    approval_submit(obj=memo, route=MEMO_ROUTE, actor=people["author"])
    approval_submit(obj=other, route=MEMO_ROUTE, actor=people["author"])

    # then each head sees only their department's memo
    assert list(pending_for(people["head_kd"], MEMO_ROUTE)) == [memo]
    assert list(pending_for(people["head_em"], "test_memo")) == [other]
    assert list(pending_for(people["dean_med"], MEMO_ROUTE)) == []
    assert list(pending_for(AnonymousUser(), MEMO_ROUTE)) == []

    # when the КД memo reaches the dean (a computed unit), then the academic office
    approval_decide(obj=memo, actor=people["head_kd"], decision="approve")
    assert list(pending_for(people["dean_med"], MEMO_ROUTE)) == [memo]
    assert list(pending_for(people["dean_eco"], MEMO_ROUTE)) == []
    approval_decide(obj=memo, actor=people["dean_med"], decision="approve")
    assert list(pending_for(people["uo"], MEMO_ROUTE)) == [memo]
    assert list(pending_for(people["head_kd"], MEMO_ROUTE)) == []


def test_approvers_of_a_step(memo, people):
    assert approvers(memo, MEMO_ROUTE.steps[0]) == [people["head_kd"]]
    assert approvers(memo, MEMO_ROUTE.steps[1]) == [people["dean_med"]]
    assert approvers(memo, MEMO_ROUTE.steps[2]) == [people["uo"]]


EVENTS: list[Any] = []


def collect_event(event: Any) -> None:
    EVENTS.append(event)


def test_notifier_runs_after_commit_with_recipients(
    memo, people, settings, django_capture_on_commit_callbacks
):
    # given a notifier configured by its dotted path
    settings.DOT_APPROVAL_NOTIFIER = f"{__name__}.collect_event"
    EVENTS.clear()

    # when the memo is submitted and then returned
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        approval_submit(obj=memo, route=MEMO_ROUTE, actor=people["author"])
        assert EVENTS == []  # nothing before the commit
    with django_capture_on_commit_callbacks(execute=True):
        approval_decide(obj=memo, actor=people["head_kd"], decision="return", comment="Поправьте")

    # then the approvers heard of the submission and the author of the return
    assert len(callbacks) == 1
    assert [(e.kind, [u.username for u in e.recipients]) for e in EVENTS] == [
        ("approval_requested", ["head_kd"]),
        ("approval_decided", ["author"]),
    ]
    assert EVENTS[1].decision.action == "return"
    assert EVENTS[1].url == f"/memo/{memo.pk}/"


def test_no_notifier_configured_is_fine(memo, people, settings, django_capture_on_commit_callbacks):
    settings.DOT_APPROVAL_NOTIFIER = ""
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        approval_submit(obj=memo, route=MEMO_ROUTE, actor=people["author"])
    assert len(callbacks) == 1
    memo.refresh_from_db()
    assert memo.status == "in_review"


def test_transitions_lock_the_object_row(memo, people):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        approval_submit(obj=memo, route=MEMO_ROUTE, actor=people["author"])
        approval_decide(obj=memo, route=MEMO_ROUTE, actor=people["head_kd"], decision="approve")

    sqls = [q["sql"] for q in ctx.captured_queries]
    if connection.vendor == "postgresql":
        locks = [s for s in sqls if "FOR UPDATE" in s and '"approvaltest_memo"' in s]
        assert len(locks) == 2  # one per transition
    else:
        # SQLite has no row locks: each write transaction begins IMMEDIATE, which
        # serialises writers, so the status re-read inside it cannot be stale.
        assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
