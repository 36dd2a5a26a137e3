"""Reads of users and role assignments for the management screens and the API."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from dot.org.models import OrgUnit

from . import permissions
from .models import RoleAssignment, User


@dataclass(frozen=True)
class UserFilters:
    q: str = ""
    role: str = ""
    unit: OrgUnit | None = None
    active: str = ""  # "", "yes", "no"


def with_assignments(qs: QuerySet[User]) -> QuerySet[User]:
    """Prefetch every role assignment with its unit (one extra query for a whole page)."""
    return qs.prefetch_related(
        Prefetch(
            "role_assignments",
            queryset=RoleAssignment.objects.select_related("unit").order_by(
                "unit__path", "role", "valid_from"
            ),
        )
    )


def user_list(*, actor: Any, filters: UserFilters) -> QuerySet[User]:
    """Users the actor may see, searched and filtered, ordered by surname."""
    qs = permissions.visible_to(actor)
    q = filters.q.strip()
    if q:
        # SQLite folds case for ASCII only: also try the capitalised form of Cyrillic input.
        cond = Q()
        for term in {q, q.capitalize()}:
            cond |= (
                Q(last_name__icontains=term)
                | Q(first_name__icontains=term)
                | Q(patronymic__icontains=term)
                | Q(username__icontains=term)
                | Q(email__icontains=term)
            )
        qs = qs.filter(cond)
    if filters.role or filters.unit is not None:
        held = RoleAssignment.objects.current().filter(user=OuterRef("pk"))
        if filters.role:
            held = held.filter(role=filters.role)
        if filters.unit is not None:
            held = held.filter(unit__path__startswith=filters.unit.path)
        qs = qs.filter(Exists(held))
    if filters.active == "yes":
        qs = qs.filter(is_active=True)
    elif filters.active == "no":
        qs = qs.filter(is_active=False)
    return with_assignments(qs.order_by("last_name", "first_name", "patronymic", "pk"))


def user_assignments(user: User) -> list[RoleAssignment]:
    """All the user's assignments, current first, then future, then ended."""
    today = timezone.localdate()
    rows = list(user.role_assignments.select_related("unit").order_by("unit__path", "role"))

    def rank(a: RoleAssignment) -> int:
        if a.is_current(today):
            return 0
        return 1 if a.valid_from and a.valid_from > today else 2

    return sorted(rows, key=rank)


def assignment_status(assignment: RoleAssignment) -> str:
    """ "current", "future" or "ended"."""
    today = timezone.localdate()
    if assignment.is_current(today):
        return "current"
    if assignment.valid_from and assignment.valid_from > today:
        return "future"
    return "ended"
