"""Reading routes: a user's queue, and the timeline of one object."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.urls import reverse

from dot.accounts.roles import has_role, scope_q
from dot.core.models import ApprovalDecision, ApprovalStatus, DecisionAction

from .routes import Route, Step, all_routes, resolve_route


def _step_q(user: Any, route: Route, step: Step) -> Q:
    """Objects waiting at ``step`` that ``user`` may decide."""
    at_step = Q(**{route.status_field: ApprovalStatus.IN_REVIEW, route.step_field: step.code})
    if step.unit is None:
        return at_step if has_role(user, step.roles) else Q(pk__in=[])
    if isinstance(step.unit, str):
        return at_step & scope_q(user, step.roles, f"{step.unit}__path")
    # A computed unit: decide among the objects waiting at this step.
    if not has_role(user, step.roles):
        return Q(pk__in=[])
    waiting = route.model_class._default_manager.filter(at_step)
    if step.related:
        waiting = waiting.select_related(*step.related)
    return Q(pk__in=[o.pk for o in waiting if step.may_decide(user, o)])


def pending_for(user: Any, route: Route | str) -> QuerySet[Any]:
    """The route's objects now awaiting ``user``'s decision (a queryset of the model).

    Steps whose unit is an ORM path filter in SQL; steps with a computed unit evaluate
    it for the objects waiting at that step.
    """
    r = route if isinstance(route, Route) else resolve_route(None, route)
    manager = r.model_class._default_manager
    if not getattr(user, "is_authenticated", False):
        return manager.none()
    q = Q(pk__in=[])
    for step in r.steps:
        q |= _step_q(user, r, step)
    return manager.filter(q)


QUEUE_LIMIT = 100


@dataclass(frozen=True)
class QueueItem:
    obj: Any
    step: Step | None  # the step awaiting the user's decision
    url: str  # the object's page, else its decision page


@dataclass(frozen=True)
class QueueSection:
    route: Route
    items: list[QueueItem]
    more: bool


def is_approver(user: Any) -> bool:
    """Does the user hold a role that decides some step of some declared route?"""
    return any(has_role(user, step.roles) for r in all_routes() for step in r.steps)


def approval_queue(user: Any) -> list[QueueSection]:
    """What awaits ``user``'s decision, route by route (one query per route)."""
    sections = []
    for r in all_routes():
        if not any(has_role(user, step.roles) for step in r.steps):
            continue
        rows = list(pending_for(user, r).order_by("pk")[: QUEUE_LIMIT + 1])
        if rows:
            items = [
                QueueItem(
                    obj=obj,
                    step=r.step(r.step_of(obj)),
                    url=r.return_url(obj) or reverse("core:approval_decide", args=[r.name, obj.pk]),
                )
                for obj in rows[:QUEUE_LIMIT]
            ]
            sections.append(QueueSection(route=r, items=items, more=len(rows) > QUEUE_LIMIT))
    return sections


def decisions_for(obj: Any, route: Route | str | None = None) -> QuerySet[ApprovalDecision]:
    """Every submission and decision of ``obj`` on the route, oldest first."""
    r = resolve_route(obj, route)
    return ApprovalDecision.objects.filter(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
        route=r.name,
    ).select_related("actor")


STATUS_CLASSES: dict[str, str] = {
    ApprovalStatus.DRAFT: "text-bg-secondary",
    ApprovalStatus.IN_REVIEW: "text-bg-primary",
    ApprovalStatus.RETURNED: "text-bg-warning",
    ApprovalStatus.APPROVED: "text-bg-success",
    ApprovalStatus.REJECTED: "text-bg-danger",
}


@dataclass(frozen=True)
class StepState:
    """A step as the timeline shows it in the current pass.

    ``state``: ``"approved"``, ``"returned"``, ``"rejected"`` (decided in this pass),
    ``"current"`` (awaiting a decision) or ``"pending"`` (not reached).
    """

    step: Step
    number: int
    state: str
    decision: ApprovalDecision | None

    @property
    def is_current(self) -> bool:
        return self.state == "current"

    @property
    def is_done(self) -> bool:
        return self.decision is not None


@dataclass(frozen=True)
class Timeline:
    route: Route
    status: str
    steps: list[StepState]
    history: list[ApprovalDecision]

    @property
    def status_label(self) -> str:
        return str(dict(ApprovalStatus.choices).get(self.status, self.status))

    @property
    def status_class(self) -> str:
        """The Bootstrap badge class of the status."""
        return STATUS_CLASSES.get(self.status, "text-bg-secondary")

    @property
    def current(self) -> StepState | None:
        return next((s for s in self.steps if s.is_current), None)

    @property
    def entries(self) -> list[tuple[ApprovalDecision, Step | None]]:
        """The history with each row's step (``None`` for submissions)."""
        return [(row, self.route.step(row.step) if row.step else None) for row in self.history]


def timeline(obj: Any, route: Route | str | None = None) -> Timeline:
    """The route of ``obj``: past decisions, the current step, the steps still ahead.

    One query whatever the number of decisions.
    """
    r = resolve_route(obj, route)
    history = list(decisions_for(obj, r).order_by("created_at", "id"))
    # The current pass starts at the last submission.
    start = 0
    for i, entry in enumerate(history):
        if entry.action in (DecisionAction.SUBMIT, DecisionAction.RESUBMIT):
            start = i
    decided: dict[str, ApprovalDecision] = {d.step: d for d in history[start:] if d.step}
    status, current = r.status_of(obj), r.step_of(obj)
    steps = []
    for number, step in enumerate(r.steps, start=1):
        row = decided.get(step.code)
        if row is not None:
            state = {
                DecisionAction.APPROVE: "approved",
                DecisionAction.RETURN: "returned",
                DecisionAction.REJECT: "rejected",
            }.get(DecisionAction(row.action), "approved")
        elif status == ApprovalStatus.IN_REVIEW and step.code == current:
            state = "current"
        else:
            state = "pending"
        steps.append(StepState(step=step, number=number, state=state, decision=row))
    return Timeline(route=r, status=status, steps=steps, history=history)
