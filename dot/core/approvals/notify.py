"""Telling people about submissions and decisions, after the transaction commits.

The engine does not know how the portal delivers notifications. It builds an
``ApprovalEvent`` and hands it to the callable named by ``settings.DOT_APPROVAL_NOTIFIER``
(a dotted path, e.g. ``"dot.communication.approvals.notify_approval"``); without the
setting nothing is sent. The notifier runs in ``transaction.on_commit(robust=True)``:
a failure there is logged and never undoes or breaks the decision.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string

from dot.accounts.models import RoleAssignment, User

if TYPE_CHECKING:
    from dot.core.models import ApprovalDecision

    from .routes import Route, Step

logger = logging.getLogger(__name__)

# Kinds match dot.communication.kinds.NotificationKind.
KIND_REQUESTED = "approval_requested"
KIND_DECIDED = "approval_decided"


@dataclass(frozen=True)
class ApprovalEvent:
    """What happened, and to whom it matters.

    ``kind`` is ``"approval_requested"`` (``recipients`` are the approvers of the step now
    awaiting a decision) or ``"approval_decided"`` (``recipients`` are the submitter of the
    review: returned, rejected or finally approved).
    """

    kind: str
    route: Route
    obj: Any
    decision: ApprovalDecision
    recipients: list[User]
    url: str


def approvers(obj: Any, step: Step) -> list[User]:
    """The active users who may decide ``step`` for ``obj`` (role held in its unit or above)."""
    assignments = RoleAssignment.objects.current().filter(role__in=step.roles)
    if step.unit is not None:
        unit = step.unit_for(obj)
        if unit is None:
            return []
        parts = [p for p in unit.path.split("/") if p]
        ancestors = ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]
        assignments = assignments.filter(unit__path__in=ancestors)
    return list(User.objects.filter(pk__in=assignments.values("user_id")).order_by("pk"))


def _notifier() -> Callable[[ApprovalEvent], Any] | None:
    path = getattr(settings, "DOT_APPROVAL_NOTIFIER", "")
    return import_string(path) if path else None


def _deliver(route: Route, obj: Any, decision: ApprovalDecision, kind: str) -> None:
    notifier = _notifier()
    if notifier is None:
        return
    if kind == KIND_REQUESTED:
        step = route.step(route.step_of(obj))
        recipients = approvers(obj, step) if step else []
    else:
        submitter = decision.review.started_by
        recipients = [submitter] if submitter else []
    notifier(
        ApprovalEvent(
            kind=kind,
            route=route,
            obj=obj,
            decision=decision,
            recipients=recipients,
            url=route.return_url(obj),
        )
    )


def notify_after_commit(route: Route, obj: Any, decision: ApprovalDecision, kind: str) -> None:
    transaction.on_commit(partial(_deliver, route, obj, decision, kind), robust=True)
