"""The course page's «Question banks» panel: the discipline's banks (the assessment fund
of its ЭУМК, п. 2.3, 3.2) with question counts, for staff who may open them."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from dot.core.panels import Panel

from . import permissions, selectors


def course_banks(request: HttpRequest, course: Any) -> dict[str, Any] | None:
    user = request.user
    if not permissions.is_bank_user(user) and not getattr(user, "is_superuser", False):
        return None  # students: no query at all
    banks = list(permissions.visible_to(user).filter(discipline_id=course.discipline_id))
    if not banks:
        return None
    counts = selectors.bank_counts([b.pk for b in banks])
    rows = [{"bank": b, "total": sum(counts.get(b.pk, {}).values())} for b in banks]
    return {"rows": rows}


PANELS = [
    Panel(slot="course", template="questions/panels/course.html", context=course_banks, order=35)
]
