"""``{% audit_history obj %}``: an object's history, and labels for audit actions."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

from dot.core.audit import audit_for
from dot.core.models import DecisionAction

register = template.Library()


@register.filter
def action_label(action: str) -> str:
    """A readable label for an audit action code (approval actions are translated)."""
    if action.startswith("approval."):
        code = action.removeprefix("approval.")
        labels = dict(DecisionAction.choices)
        if code in labels:
            return str(labels[code])
    return action


@register.filter
def audit_change(value: Any) -> str:
    """``[old, new]`` as «old → new»; anything else as it is."""
    if isinstance(value, list | tuple) and len(value) == 2:
        old, new = ("—" if v in (None, "") else v for v in value)
        return f"{old} → {new}"
    return "—" if value in (None, "") else str(value)


@register.inclusion_tag("components/audit_history.html")
def audit_history(obj: Any, limit: int = 20) -> dict[str, Any]:
    """The latest ``limit`` audit rows of ``obj`` (one query)."""
    rows = list(audit_for(obj)[: limit + 1])
    return {
        "rows": rows[:limit],
        "more": len(rows) > limit,
        "empty_text": _("No changes recorded yet."),
    }
