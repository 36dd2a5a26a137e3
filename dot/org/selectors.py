"""Reads of the organisational structure."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from .models import OrgUnit, OrgUnitQuerySet

INDENT = "\u00a0\u00a0\u00a0"


@dataclass
class TreeNode:
    unit: OrgUnit
    children: list[TreeNode] = field(default_factory=list)


def build_tree(units: QuerySet[OrgUnit] | list[OrgUnit]) -> list[TreeNode]:
    """Nest units by parent; units whose parent is not in the set become roots."""
    ordered = sorted(units, key=lambda u: u.path)
    nodes = {u.pk: TreeNode(u) for u in ordered}
    roots: list[TreeNode] = []
    for unit in ordered:
        parent = nodes.get(unit.parent_id) if unit.parent_id else None
        (parent.children if parent else roots).append(nodes[unit.pk])
    return roots


def unit_tree(units: QuerySet[OrgUnit]) -> list[TreeNode]:
    """The tree with each unit's number of current role holders (one query)."""
    from django.utils import timezone

    today = timezone.localdate()
    current = (
        Q(role_assignments__valid_from__isnull=True) | Q(role_assignments__valid_from__lte=today)
    ) & (Q(role_assignments__valid_to__isnull=True) | Q(role_assignments__valid_to__gte=today))
    annotated = units.annotate(
        people=Count("role_assignments__user", filter=current, distinct=True)
    ).order_by("path")
    return build_tree(list(annotated))


def unit_choices(units: OrgUnitQuerySet, *, active_only: bool = True) -> list[tuple[int, str]]:
    """Choices for a select showing the tree by indentation."""
    qs = units.active() if active_only else units
    rows = list(qs.order_by("path").only("pk", "name", "name_ky", "name_en", "depth", "path"))
    base = min((u.depth for u in rows), default=0)
    return [(u.pk, f"{INDENT * (u.depth - base)}{u.display_name}") for u in rows]


def unit_by_code(code: str) -> OrgUnit | None:
    return OrgUnit.objects.filter(code=code).first()
