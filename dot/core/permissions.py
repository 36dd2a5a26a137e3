"""Who may do what in core: the audit trail and the approval-route guards.

The approval guards take an optional ``route`` (a ``Route``, its name, or ``None`` when
the object's model has only one route). They answer from the object as loaded; the
services check again under a row lock.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from dot.accounts.models import Role
from dot.accounts.roles import held_roles
from dot.org.models import UnitKind

from .approvals.routes import Route, resolve_route
from .models import ApprovalStatus, AuditLog

# The audit trail is university-wide: the IT office, and the rector and vice-rectors
# when they hold the role for the whole university.
AUDIT_ROLES = (Role.IT_OFFICE, Role.RECTOR, Role.VICE_RECTOR)


def can_view_audit(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    for held in held_roles(user):
        if held.role == Role.IT_OFFICE:
            return True
        if held.role in (Role.RECTOR, Role.VICE_RECTOR) and held.unit_kind == UnitKind.UNIVERSITY:
            return True
    return False


def audit_visible_to(user: Any) -> QuerySet[AuditLog]:
    if can_view_audit(user):
        return AuditLog.objects.all()
    return AuditLog.objects.none()


def can_submit(user: Any, obj: Any, route: Route | str | None = None) -> bool:
    """May ``user`` submit ``obj`` (a draft or a returned document) to its route?"""
    r = resolve_route(obj, route)
    if r.status_of(obj) not in (ApprovalStatus.DRAFT, ApprovalStatus.RETURNED):
        return False
    # Anonymous users never submit, whatever a route's hook says.
    return bool(getattr(user, "is_authenticated", False)) and r.may_submit(user, obj)


def can_decide(user: Any, obj: Any, route: Route | str | None = None) -> bool:
    """May ``user`` decide the step at which ``obj`` now waits?"""
    r = resolve_route(obj, route)
    if r.status_of(obj) != ApprovalStatus.IN_REVIEW:
        return False
    step = r.step(r.step_of(obj))
    return step is not None and step.may_decide(user, obj)


def can_view_route(user: Any, obj: Any, route: Route | str | None = None) -> bool:
    """May ``user`` see the route of ``obj`` and open its decision page?"""
    if not getattr(user, "is_authenticated", False):
        return False
    r = resolve_route(obj, route)
    if r.may_view is not None:
        return r.may_view(user, obj)
    if r.may_submit(user, obj):
        return True
    return any(step.may_decide(user, obj) for step in r.steps)


__all__ = [
    "AUDIT_ROLES",
    "audit_visible_to",
    "can_decide",
    "can_submit",
    "can_view_audit",
    "can_view_route",
]
