"""Writing the audit trail: every business state change records who, when and what."""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Mapping
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import AuditLog


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    return str(value)


def snapshot_changes(obj: models.Model, new_values: Mapping[str, Any]) -> dict[str, list[Any]]:
    """``{"field": [old, new]}`` for the fields whose value would change."""
    changes: dict[str, list[Any]] = {}
    for name, new in new_values.items():
        old = getattr(obj, name, None)
        if old != new:
            changes[name] = [_jsonable(old), _jsonable(new)]
    return changes


def audit_record(
    *,
    actor: Any,
    obj: models.Model,
    action: str,
    changes: Mapping[str, Any] | None = None,
    comment: str = "",
) -> AuditLog:
    """Append one row to the audit trail (call inside the service's transaction)."""
    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    return AuditLog.objects.create(
        actor=actor_obj,
        action=action,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
        object_repr=str(obj)[:255],
        changes={k: _jsonable(v) for k, v in (changes or {}).items()},
        comment=comment,
    )


def audit_for(obj: models.Model) -> models.QuerySet[AuditLog]:
    """The audit rows of one object, newest first."""
    return AuditLog.objects.filter(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
    ).select_related("actor")
