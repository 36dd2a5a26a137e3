"""Scoped role checks: the primitives every app's ``permissions.py`` is built from.

A user's current role assignments are loaded once per request (one query) and cached on
the user object. A role held in a unit covers that unit and every unit below it
(university → faculty → department), so "may X act on this object" is "does X hold one
of these roles in a unit whose path is a prefix of the object's unit path".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from .models import Role, RoleAssignment

_CACHE_ATTR = "_dot_role_cache"


@dataclass(frozen=True)
class HeldRole:
    role: str
    unit_id: int
    unit_path: str
    unit_name: str
    unit_kind: str

    @property
    def role_label(self) -> str:
        return str(dict(Role.choices).get(self.role, self.role))


def held_roles(user: Any) -> list[HeldRole]:
    """The user's current role assignments (cached on the user object)."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = [
            HeldRole(a.role, a.unit_id, a.unit.path, a.unit.display_name, a.unit.kind)
            for a in RoleAssignment.objects.current()
            .filter(user=user)
            .select_related("unit")
            .order_by("role", "unit__path")
        ]
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_roles(user: Any) -> None:
    """Drop the cached roles (after the user's assignments change)."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def _as_set(roles: Iterable[str] | str) -> set[str]:
    return {roles} if isinstance(roles, str) else set(roles)


def has_role(user: Any, roles: Iterable[str] | str, unit: Any | None = None) -> bool:
    """True when the user holds one of ``roles`` in ``unit`` or above it.

    With ``unit=None``: in any unit. Superusers hold every role everywhere.
    """
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    wanted = _as_set(roles)
    for held in held_roles(user):
        if held.role in wanted and (unit is None or unit.path.startswith(held.unit_path)):
            return True
    return False


def role_paths(user: Any, roles: Iterable[str] | str) -> list[str]:
    """Paths of the units where the user holds one of ``roles``."""
    wanted = _as_set(roles)
    return [h.unit_path for h in held_roles(user) if h.role in wanted]


def scope_q(user: Any, roles: Iterable[str] | str, path_field: str = "unit__path") -> Q:
    """A filter: objects whose unit lies within a unit where the user holds ``roles``.

    ``path_field`` names the lookup to the object's unit path, e.g.
    ``"department__path"`` or ``"group__programme__department__path"``.
    Returns a filter matching nothing when the user holds none of the roles.
    """
    if getattr(user, "is_superuser", False):
        return Q()
    q = Q(pk__in=[])
    for path in role_paths(user, roles):
        q |= Q(**{f"{path_field}__startswith": path})
    return q


def role_labels(user: Any) -> list[str]:
    """Human labels «Role — Unit» of the user's current roles."""
    labels = dict(Role.choices)
    return [f"{labels.get(h.role, h.role)} — {h.unit_name}" for h in held_roles(user)]


def role_codes(user: Any) -> set[str]:
    if getattr(user, "is_superuser", False):
        return {r.value for r in Role}
    return {h.role for h in held_roles(user)}


__all__ = [
    "HeldRole",
    "Role",
    "forget_roles",
    "has_role",
    "held_roles",
    "role_codes",
    "role_labels",
    "role_paths",
    "scope_q",
]
