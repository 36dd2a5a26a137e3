"""Who may see and edit the public part.

The information pages and normative documents are university-wide, so only the
academic office (УО) of the university edits them (п. 4.5: УО takes part in writing
the DOT rules). An "academic office" role held in a faculty-level office does not
reach university documents.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from dot.accounts.models import Role
from dot.accounts.roles import held_roles
from dot.org.models import UnitKind

from .models import InfoPage, NormativeDocument


def _university_wide(unit_kind: str, unit_path: str) -> bool:
    # "/1/" is the university, "/1/5/" an office directly under it.
    depth = unit_path.count("/") - 2
    return unit_kind == UnitKind.UNIVERSITY or (unit_kind == UnitKind.OFFICE and depth == 1)


def can_edit_public(user: Any) -> bool:
    """May create and edit information pages and normative documents."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    return any(
        h.role == Role.ACADEMIC_OFFICE and _university_wide(h.unit_kind, h.unit_path)
        for h in held_roles(user)
    )


def pages_visible_to(user: Any) -> QuerySet[InfoPage]:
    if can_edit_public(user):
        return InfoPage.objects.all()
    return InfoPage.objects.filter(is_published=True)


def documents_visible_to(user: Any) -> QuerySet[NormativeDocument]:
    if can_edit_public(user):
        return NormativeDocument.objects.all()
    return NormativeDocument.objects.filter(is_published=True)
