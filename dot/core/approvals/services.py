"""Moving an object along its route: submit, then approve / return / reject at each step.

Every transition locks the object's row (``select_for_update`` inside
``transaction.atomic``), re-reads its status under the lock, checks that the transition is
allowed from that status, writes a decision row and an audit row, and saves only the
status fields. Two people deciding the same step at once cannot both succeed: the second
finds the step already decided and gets an ``ApprovalError``.
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dot.core.audit import audit_record
from dot.core.models import ApprovalDecision, ApprovalReview, ApprovalStatus, DecisionAction

from .notify import KIND_DECIDED, KIND_REQUESTED, notify_after_commit
from .routes import Route, resolve_route

SUBMITTABLE = (ApprovalStatus.DRAFT, ApprovalStatus.RETURNED)
DECISIONS = (DecisionAction.APPROVE, DecisionAction.RETURN, DecisionAction.REJECT)


class ApprovalError(ValidationError):
    """A transition that is not allowed now (wrong status, step already decided, …)."""


class ApprovalPermissionError(ApprovalError):
    """The user may not take this decision (views answer 404, as for a missing object)."""


def _status_label(value: str) -> str:
    return str(dict(ApprovalStatus.choices).get(value, value))


def _lock(route: Route, obj: Any) -> Any:
    return type(obj)._default_manager.select_for_update().get(pk=obj.pk)


def _copy_state(route: Route, source: Any, target: Any) -> None:
    for name in (route.status_field, route.step_field):
        setattr(target, name, getattr(source, name))


def _set_state(route: Route, obj: Any, status: str, step: str) -> None:
    setattr(obj, route.status_field, status)
    setattr(obj, route.step_field, step)
    obj.save(update_fields=[route.status_field, route.step_field])


def _record(
    *,
    route: Route,
    obj: Any,
    review: ApprovalReview,
    step: str,
    action: str,
    actor: Any,
    comment: str,
    before: tuple[str, str],
    after: tuple[str, str],
) -> ApprovalDecision:
    decision = ApprovalDecision.objects.create(
        review=review,
        content_type=review.content_type,
        object_id=review.object_id,
        route=route.name,
        step=step,
        action=action,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        comment=comment,
        status_before=before[0],
        status_after=after[0],
    )
    changes: dict[str, list[str]] = {route.status_field: [before[0], after[0]]}
    if before[1] != after[1]:
        changes[route.step_field] = [before[1], after[1]]
    audit_record(
        actor=actor,
        obj=obj,
        action=f"approval.{action}",
        changes=changes,
        comment=comment,
    )
    return decision


def approval_submit(
    *, obj: Any, route: Route | str | None = None, actor: Any, comment: str = ""
) -> ApprovalDecision:
    """Send a draft (or a document returned for rework) to the route's first step."""
    route = resolve_route(obj, route)
    comment = comment.strip()
    with transaction.atomic():
        locked = _lock(route, obj)
        before = (route.status_of(locked), route.step_of(locked))
        if before[0] not in SUBMITTABLE:
            raise ApprovalError(
                _(
                    "Only a draft or a document returned for rework can be submitted; "
                    "this one is «%(status)s»."
                ),
                code="wrong_status",
                params={"status": _status_label(before[0])},
            )
        if not route.may_submit(actor, locked):
            raise ApprovalPermissionError(
                _("You may not submit this document for approval."), code="forbidden"
            )
        if route.before_submit is not None:
            route.before_submit(locked)
        first = route.steps[0]
        content_type = ContentType.objects.get_for_model(locked, for_concrete_model=False)
        review = ApprovalReview.objects.create(
            content_type=content_type,
            object_id=str(locked.pk),
            route=route.name,
            step=first.code,
            started_by=actor,
        )
        _set_state(route, locked, ApprovalStatus.IN_REVIEW, first.code)
        action = (
            DecisionAction.RESUBMIT
            if before[0] == ApprovalStatus.RETURNED
            else DecisionAction.SUBMIT
        )
        decision = _record(
            route=route,
            obj=locked,
            review=review,
            step="",
            action=action,
            actor=actor,
            comment=comment,
            before=before,
            after=(ApprovalStatus.IN_REVIEW, first.code),
        )
        notify_after_commit(route, locked, decision, KIND_REQUESTED)
    _copy_state(route, locked, obj)
    return decision


def approval_decide(
    *,
    obj: Any,
    route: Route | str | None = None,
    actor: Any,
    decision: str,
    comment: str = "",
    step: str | None = None,
) -> ApprovalDecision:
    """Approve, return with a comment, or reject the step now awaiting a decision.

    ``step`` is the step code the actor saw (the decision form sends it): when someone
    else has decided that step in the meantime the call fails instead of deciding the
    next step by mistake. A comment is required to return or reject.
    """
    route = resolve_route(obj, route)
    comment = comment.strip()
    if decision not in DECISIONS:
        raise ApprovalError(_("Unknown decision."), code="unknown_decision")
    if decision != DecisionAction.APPROVE and not comment:
        raise ApprovalError(
            _("Write a comment: what must be corrected, or why the document is rejected."),
            code="comment_required",
        )
    with transaction.atomic():
        locked = _lock(route, obj)
        before = (route.status_of(locked), route.step_of(locked))
        if before[0] != ApprovalStatus.IN_REVIEW:
            raise ApprovalError(
                _("The document is not under review: its status is «%(status)s»."),
                code="wrong_status",
                params={"status": _status_label(before[0])},
            )
        if step is not None and step != before[1]:
            raise ApprovalError(
                _("This step has already been decided. Reload the page to see the route."),
                code="stale",
            )
        current = route.step(before[1])
        if current is None:
            raise ApprovalError(
                _("The document stands at a step this route does not have."), code="bad_step"
            )
        if not current.may_decide(actor, locked):
            raise ApprovalPermissionError(_("You may not decide at this step."), code="forbidden")
        if decision == DecisionAction.APPROVE and route.before_approve is not None:
            route.before_approve(locked, current.code)
        review = ApprovalReview.objects.select_for_update().get(
            content_type=ContentType.objects.get_for_model(locked, for_concrete_model=False),
            object_id=str(locked.pk),
            route=route.name,
            state=ApprovalReview.State.OPEN,
        )
        after: tuple[str, str]
        following = route.next_step(current.code)
        if decision == DecisionAction.APPROVE and following is not None:
            after, review_state = (ApprovalStatus.IN_REVIEW, following.code), None
        elif decision == DecisionAction.APPROVE:
            after, review_state = (ApprovalStatus.APPROVED, ""), ApprovalReview.State.APPROVED
        elif decision == DecisionAction.RETURN:
            after, review_state = (ApprovalStatus.RETURNED, ""), ApprovalReview.State.RETURNED
        else:
            after, review_state = (ApprovalStatus.REJECTED, ""), ApprovalReview.State.REJECTED
        review.step = after[1]
        update = ["step"]
        if review_state is not None:
            review.state = review_state
            review.finished_at = timezone.now()
            update += ["state", "finished_at"]
        review.save(update_fields=update)
        _set_state(route, locked, *after)
        row = _record(
            route=route,
            obj=locked,
            review=review,
            step=current.code,
            action=decision,
            actor=actor,
            comment=comment,
            before=before,
            after=after,
        )
        hook = {
            ApprovalStatus.APPROVED: route.on_approved,
            ApprovalStatus.RETURNED: route.on_returned,
            ApprovalStatus.REJECTED: route.on_rejected,
        }.get(ApprovalStatus(after[0]))
        if hook is not None:
            hook(locked, row)
        kind = KIND_REQUESTED if after[0] == ApprovalStatus.IN_REVIEW else KIND_DECIDED
        notify_after_commit(route, locked, row, kind)
    _copy_state(route, locked, obj)
    return row
