"""Delivery of approval-route events (dot.core.approvals) as notifications.

Named by ``settings.DOT_APPROVAL_NOTIFIER``; the engine calls it after the decision's
transaction commits. Texts are lazy so each recipient reads them in their own language.
"""

from __future__ import annotations

from typing import Any

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .kinds import NotificationKind
from .services import notify

_DECIDED_TITLES = {
    "approve": _("«{obj}» is approved"),
    "return": _("«{obj}» is returned for rework"),
    "reject": _("«{obj}» is rejected"),
}


def notify_approval(event: Any) -> None:
    """Turn an ``ApprovalEvent`` into notifications for its recipients."""
    if not event.recipients:
        return
    decision = event.decision
    obj = str(event.obj)
    url = event.url if str(event.url).startswith("/") else ""
    actor = getattr(decision, "actor", None)
    who = actor.short_name if actor is not None else ""
    if event.kind == NotificationKind.APPROVAL_REQUESTED:
        step = event.route.step(event.route.step_of(event.obj))
        title = format_lazy(_("«{obj}» waits for your decision"), obj=obj)
        body = format_lazy(
            _("Route: {route}; step: {step}; submitted by {who}"),
            route=event.route,
            step=step.label if step else "—",
            who=who or "—",
        )
    else:
        title = format_lazy(
            _DECIDED_TITLES.get(decision.action, _("«{obj}»: a decision is recorded")), obj=obj
        )
        body = format_lazy(
            _("Route: {route}; decided by {who}; comment: {comment}"),
            route=event.route,
            who=who or "—",
            comment=decision.comment or "—",
        )
    notify(
        recipients=event.recipients,
        kind=event.kind,
        title=title,
        body=body,
        url=url,
        actor=actor,
    )
