"""Who keeps programmes and the academic calendar (п. 4.5, 5.1).

Only the academic office (УО) of the university creates and edits directions,
programmes, academic years, semesters and exam sessions. An "academic office" role held
in an office inside a faculty does not reach them.
"""

from __future__ import annotations

from typing import Any

from dot.accounts.models import Role
from dot.accounts.roles import held_roles
from dot.org.models import UnitKind


def _university_wide(unit_kind: str, unit_path: str) -> bool:
    # "/1/" is the university, "/1/5/" an office directly under it.
    depth = unit_path.count("/") - 2
    return unit_kind == UnitKind.UNIVERSITY or (unit_kind == UnitKind.OFFICE and depth == 1)


def can_manage_setup(user: Any) -> bool:
    """May create and edit programmes, directions and the academic calendar."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    return any(
        h.role == Role.ACADEMIC_OFFICE and _university_wide(h.unit_kind, h.unit_path)
        for h in held_roles(user)
    )
