"""Reads of users and role assignments for the management screens and the API."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from dot.org.models import OrgUnit

from . import permissions
from .models import Role, RoleAssignment, User


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
    """Users the actor may see, searched and filtered, ordered by surname (with their roles)."""
    return with_assignments(filtered_users(actor=actor, filters=filters))


def filtered_users(*, actor: Any, filters: UserFilters) -> QuerySet[User]:
    """Users the actor may see, searched and filtered, ordered by surname.

    The order (surname, name, patronymic, id) is served by an index (migration 0002), so a
    page of the whole list does not sort every user.
    """
    qs = permissions.visible_to(actor)
    q = filters.q.strip()
    if q:
        # SQLite folds case for ASCII only: also try the capitalised form of Cyrillic input.
        # PostgreSQL's UPPER() folds every script, so there one form is enough.
        terms = {q} if connection.vendor == "postgresql" else {q, q.capitalize()}
        cond = Q()
        for term in terms:
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
    return qs.order_by("last_name", "first_name", "patronymic", "pk")


# What the users list shows of a person; nothing else is read from the user table.
LIST_FIELDS = (
    "username",
    "last_name",
    "first_name",
    "patronymic",
    "email",
    "position",
    "is_active",
)


@dataclass(frozen=True)
class UserRow:
    """One line of the users list, ready to print (built by ``user_rows``)."""

    pk: int
    url: str
    name: str
    position: str
    username: str
    email: str
    is_active: bool
    roles: tuple[str, ...]  # «Role — Unit» of each current assignment


def user_rows(users: Iterable[User]) -> list[UserRow]:
    """The list's lines for a page of users, in one pass and one query (current roles).

    Built here rather than in the template: per-row template lookups, ``get_role_display``
    (which hashes every lazy choice label on each call) and ``{% url %}`` per row were most
    of the page's time (bench/profile_lists.py).
    """
    people = list(users)
    held: dict[int, list[str]] = {}
    if people:
        today = timezone.localdate()
        labels = {value: str(label) for value, label in Role.choices}
        unit_names: dict[int, str] = {}
        current = (
            RoleAssignment.objects.filter(user_id__in=[p.pk for p in people])
            .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=today))
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
            .order_by("unit__path", "role", "valid_from")
            .values_list(
                "user_id", "role", "unit_id", "unit__name", "unit__name_ky", "unit__name_en"
            )
        )
        for user_id, role, unit_id, name, name_ky, name_en in current:
            unit = unit_names.get(unit_id)
            if unit is None:
                unit = OrgUnit(name=name, name_ky=name_ky, name_en=name_en).display_name
                unit_names[unit_id] = unit
            held.setdefault(user_id, []).append(f"{labels.get(role, role)} — {unit}")
    # One reverse() for the page: the detail URL differs only in the number.
    marker = 9_876_543_210
    head, tail = reverse("manage_users:detail", args=[marker]).split(str(marker))
    return [
        UserRow(
            pk=p.pk,
            url=f"{head}{p.pk}{tail}",
            name=p.full_name or p.username,
            position=p.position,
            username=p.username,
            email=p.email,
            is_active=p.is_active,
            roles=tuple(held.get(p.pk, ())),
        )
        for p in people
    ]


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
