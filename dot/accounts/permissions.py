"""Who may manage users and their role assignments (п. 4.9: the IT office defines access).

The IT office (``Role.IT_OFFICE``) manages accounts. Its *management scope* is derived
from the unit where the role is held:

- held in the university, or in an office directly under it (the ОИТЦ itself): the whole
  university — every user, including users who hold no role yet;
- held in a faculty, or in an office of a faculty: that faculty and everything below it;
- held in a department or an access point: that unit only.

A user "belongs" to the units of their role assignments (current, past or future). A
user is visible to a manager when one of those units lies within the manager's scope; a
user without any role is visible only to university-level managers. A manager may change
an account (names, e-mail, activity) only when *all* of the user's units lie within the
scope, so an IT officer of faculty A cannot lock out someone who also works elsewhere.

The dean and the dean's office may look at the people of their faculty (read-only).
Views and the API call only these functions. Forbidden and missing objects answer 404.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from dot.org.models import OrgUnit, OrgUnitQuerySet

from .models import Role, RoleAssignment, User
from .roles import held_roles

MANAGER_ROLES: tuple[str, ...] = (Role.IT_OFFICE,)
# May look at the people of their faculty, change nothing.
VIEWER_ROLES: tuple[str, ...] = (Role.DEAN, Role.DEANS_OFFICE)


def _parent_path(path: str) -> str:
    parts = [p for p in path.strip("/").split("/") if p]
    return "/" + "".join(f"{p}/" for p in parts[:-1]) if len(parts) > 1 else path


def _scope_paths(user: Any, roles: tuple[str, ...]) -> list[str]:
    if not getattr(user, "is_authenticated", False):
        return []
    if user.is_superuser:
        return ["/"]
    paths: set[str] = set()
    for held in held_roles(user):
        if held.role not in roles:
            continue
        # An office serves the unit it belongs to: the ОИТЦ under the university manages
        # the whole university, an IT office of a faculty manages that faculty.
        path = _parent_path(held.unit_path) if held.unit_kind == "office" else held.unit_path
        if path.count("/") == 2:  # the root unit: the university
            path = "/"
        paths.add(path)
    if "/" in paths:
        return ["/"]
    # Drop paths covered by another one.
    return sorted(p for p in paths if not any(p != q and p.startswith(q) for q in paths))


def manage_scope_paths(user: Any) -> list[str]:
    """Paths of the units whose people and structure ``user`` manages ("/" = everything)."""
    return _scope_paths(user, MANAGER_ROLES)


def view_scope_paths(user: Any) -> list[str]:
    """Paths of the units whose people ``user`` may see: the managed ones, and for the
    dean and the dean's office their faculty (read-only)."""
    return _scope_paths(user, MANAGER_ROLES + VIEWER_ROLES)


def is_manager(user: Any) -> bool:
    """May use the user- and structure-management screens at all."""
    return bool(manage_scope_paths(user))


def is_university_manager(user: Any) -> bool:
    return manage_scope_paths(user) == ["/"]


def in_scope(user: Any, unit: Any) -> bool:
    """True when ``unit`` lies within the user's management scope."""
    return unit is not None and any(unit.path.startswith(p) for p in manage_scope_paths(user))


def _paths_q(paths: list[str], field: str) -> Q:
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(**{f"{field}__startswith": path})
    return q


def units_q(user: Any, field: str = "path") -> Q:
    """A filter on units (or on a lookup to a unit path) within the user's scope."""
    paths = manage_scope_paths(user)
    if paths == ["/"]:
        return Q()
    return _paths_q(paths, field)


def visible_to(user: Any) -> QuerySet[User]:
    """Users whose accounts ``user`` may see on the user screens."""
    paths = view_scope_paths(user)
    if not paths:
        return User.objects.none()
    if paths == ["/"]:
        return User.objects.all()
    inside = RoleAssignment.objects.filter(_paths_q(paths, "unit__path"), user=OuterRef("pk"))
    return User.objects.filter(Exists(inside))


def viewable_units(user: Any) -> OrgUnitQuerySet:
    """Units whose people ``user`` may see (for the list's unit filter)."""
    paths = view_scope_paths(user)
    if paths == ["/"]:
        return OrgUnit.objects.all()
    return OrgUnit.objects.filter(_paths_q(paths, "path"))


def assignments_visible_to(user: Any) -> QuerySet[RoleAssignment]:
    """Role assignments held in units within the user's scope."""
    if not is_manager(user):
        return RoleAssignment.objects.none()
    return RoleAssignment.objects.filter(units_q(user, "unit__path"))


def can_manage_users(user: Any) -> bool:
    """Create, import, change accounts and roles (within the scope)."""
    return is_manager(user)


def can_view_users(user: Any) -> bool:
    """Open the list of users (IT office; dean and dean's office read-only)."""
    return bool(view_scope_paths(user))


def can_view_user(user: Any, target: User) -> bool:
    return visible_to(user).filter(pk=target.pk).exists()


def can_create_user(user: Any) -> bool:
    return is_manager(user)


def must_give_initial_role(user: Any) -> bool:
    """A manager below the university must place a new user in a unit of their scope,
    otherwise the new account would be invisible to them."""
    return is_manager(user) and not is_university_manager(user)


def can_change_user(user: Any, target: User) -> bool:
    """Edit, deactivate, reactivate, send a set-password link."""
    if not is_manager(user):
        return False
    if target.is_superuser and not user.is_superuser:
        return False
    if is_university_manager(user):
        return True
    units = list(RoleAssignment.objects.filter(user=target).values_list("unit__path", flat=True))
    paths = manage_scope_paths(user)
    return bool(units) and all(any(u.startswith(p) for p in paths) for u in units)


def can_deactivate_user(user: Any, target: User) -> bool:
    return target.pk != user.pk and target.is_active and can_change_user(user, target)


def can_reactivate_user(user: Any, target: User) -> bool:
    return not target.is_active and can_change_user(user, target)


def can_assign_roles_to(user: Any, target: User) -> bool:
    """Open the role-assignment form for ``target``."""
    if not is_manager(user) or not target.is_active:
        return False
    if target.is_superuser and not user.is_superuser:
        return False
    return is_university_manager(user) or _manages_someone_of(user, target)


def _manages_someone_of(user: Any, target: User) -> bool:
    paths = manage_scope_paths(user)
    return RoleAssignment.objects.filter(_paths_q(paths, "unit__path"), user=target).exists()


def can_assign_role(user: Any, target: User, unit: Any) -> bool:
    """Give ``target`` a role in ``unit``."""
    return in_scope(user, unit) and can_assign_roles_to(user, target)


def can_revoke_role(user: Any, assignment: RoleAssignment) -> bool:
    return in_scope(user, assignment.unit) and assignment.user_id != getattr(user, "pk", None)


def can_import_users(user: Any) -> bool:
    return is_manager(user)
