"""Writes to the organisational structure."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dot.core.audit import audit_record, snapshot_changes

from .models import ALLOWED_PARENTS, OrgUnit, UnitKind


def _check_parent(kind: str, parent: OrgUnit | None) -> None:
    allowed = ALLOWED_PARENTS[kind]
    parent_kind = parent.kind if parent else None
    if parent_kind not in allowed:
        raise ValidationError(
            {"parent": _("A unit of this kind cannot be placed under the chosen parent.")}
        )


def _refresh_path(unit: OrgUnit) -> None:
    prefix = unit.parent.path if unit.parent_id and unit.parent else "/"
    unit.path = f"{prefix}{unit.pk}/"
    unit.depth = unit.path.count("/") - 2


@transaction.atomic
def org_unit_create(*, actor: Any, kind: str, parent: OrgUnit | None, **fields: Any) -> OrgUnit:
    _check_parent(kind, parent)
    unit = OrgUnit(kind=kind, parent=parent, **fields)
    unit.full_clean(exclude=["path"])
    unit.save()
    _refresh_path(unit)
    unit.save(update_fields=["path", "depth"])
    audit_record(actor=actor, obj=unit, action="create", changes={"name": [None, unit.name]})
    return unit


@transaction.atomic
def org_unit_update(*, actor: Any, unit: OrgUnit, **fields: Any) -> OrgUnit:
    unit = OrgUnit.objects.select_for_update().get(pk=unit.pk)
    old_path = unit.path
    changes = snapshot_changes(unit, fields)
    for name, value in fields.items():
        setattr(unit, name, value)
    if "parent" in fields:
        _check_parent(unit.kind, unit.parent)
        if unit.parent and unit.parent.is_within(unit):
            raise ValidationError({"parent": _("A unit cannot be placed under itself.")})
    unit.full_clean(exclude=["path"])
    _refresh_path(unit)
    unit.save()
    if unit.path != old_path:
        for child in OrgUnit.objects.filter(path__startswith=old_path).exclude(pk=unit.pk):
            child.path = unit.path + child.path[len(old_path) :]
            child.depth = child.path.count("/") - 2
            child.save(update_fields=["path", "depth"])
    if changes:
        audit_record(actor=actor, obj=unit, action="update", changes=changes)
    return unit


def university() -> OrgUnit | None:
    return OrgUnit.objects.filter(kind=UnitKind.UNIVERSITY).first()


@transaction.atomic
def org_unit_deactivate(*, actor: Any, unit: OrgUnit, comment: str = "") -> OrgUnit:
    """Close a unit. Its sub-units are closed first; the university cannot be closed."""
    unit = OrgUnit.objects.select_for_update().get(pk=unit.pk)
    if unit.kind == UnitKind.UNIVERSITY:
        raise ValidationError(_("The university cannot be deactivated."))
    if not unit.is_active:
        return unit
    if OrgUnit.objects.filter(parent=unit, is_active=True).exists():
        raise ValidationError(_("Deactivate the units inside this one first."))
    unit.is_active = False
    unit.save(update_fields=["is_active", "updated_at"])
    audit_record(
        actor=actor,
        obj=unit,
        action="deactivate",
        changes={"is_active": [True, False]},
        comment=comment,
    )
    return unit


@transaction.atomic
def org_unit_reactivate(*, actor: Any, unit: OrgUnit, comment: str = "") -> OrgUnit:
    unit = OrgUnit.objects.select_for_update().get(pk=unit.pk)
    if unit.is_active:
        return unit
    if unit.parent is not None and not unit.parent.is_active:
        raise ValidationError(_("Reactivate the parent unit first."))
    unit.is_active = True
    unit.save(update_fields=["is_active", "updated_at"])
    audit_record(
        actor=actor,
        obj=unit,
        action="reactivate",
        changes={"is_active": [False, True]},
        comment=comment,
    )
    return unit
