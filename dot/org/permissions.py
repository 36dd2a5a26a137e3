"""Who may see and change the organisational structure (п. 4.9).

The IT office manages the structure within its management scope (see
``dot.accounts.permissions.manage_scope_paths``): university-level ОИТЦ the whole tree, an
IT officer of a faculty that faculty's subtree. Views and the API use only these checks;
units outside the scope answer 404.
"""

from __future__ import annotations

from typing import Any

from dot.accounts import permissions as account_permissions

from .models import OrgUnit, OrgUnitQuerySet, UnitKind


def can_manage_units(user: Any) -> bool:
    return account_permissions.is_manager(user)


def visible_to(user: Any) -> OrgUnitQuerySet:
    """Units the user may see on the structure-management screens."""
    if not account_permissions.is_manager(user):
        return OrgUnit.objects.none()
    return OrgUnit.objects.filter(account_permissions.units_q(user, "path"))


def can_view_unit(user: Any, unit: OrgUnit) -> bool:
    return account_permissions.in_scope(user, unit)


def can_create_unit(user: Any, parent: OrgUnit | None) -> bool:
    """Add a unit under ``parent`` (the root university only by a superuser)."""
    if parent is None:
        return bool(getattr(user, "is_superuser", False))
    return account_permissions.in_scope(user, parent)


def _is_scope_root(user: Any, unit: OrgUnit) -> bool:
    paths = account_permissions.manage_scope_paths(user)
    return unit.kind == UnitKind.UNIVERSITY or unit.path in paths


def can_change_unit(user: Any, unit: OrgUnit) -> bool:
    return account_permissions.in_scope(user, unit)


def can_move_unit(user: Any, unit: OrgUnit) -> bool:
    """Change the parent: not the unit that is the root of the user's own scope."""
    return can_change_unit(user, unit) and not _is_scope_root(user, unit)


def can_deactivate_unit(user: Any, unit: OrgUnit) -> bool:
    return unit.is_active and can_change_unit(user, unit) and not _is_scope_root(user, unit)


def can_reactivate_unit(user: Any, unit: OrgUnit) -> bool:
    return not unit.is_active and can_change_unit(user, unit)
