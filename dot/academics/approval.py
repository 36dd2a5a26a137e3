"""The approval route of a РУП, declared on the core approval-route engine.

п. 4.8: the department drafts the РУП (the head of the owning department submits it);
п. 4.5: the academic office agrees it (controls how departments form and approve РУП);
п. 4.1: the vice-rector for academic work, who coordinates the academic process,
approves it. Approval puts the РУП in force and takes the previous version of the same
programme and intake out of force.

This is the only module that talks to the engine; services call ``submit`` and
``decide`` here, pages use the engine's own timeline component and decision page.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dot.accounts.models import Role
from dot.accounts.roles import has_role
from dot.core.approvals.routes import Route, Step
from dot.core.approvals.services import ApprovalError, approval_decide, approval_submit

from . import permissions
from .models import Curriculum

ROUTE_NAME = "curriculum"  # a URL slug: [-a-zA-Z0-9_]
STEP_ACADEMIC_OFFICE = "academic_office"
STEP_APPROVAL = "vice_rector"


def _may_submit(user: Any, curriculum: Curriculum) -> bool:
    return has_role(user, permissions.CURRICULUM_EDITORS, curriculum.programme.department)


def _may_view(user: Any, curriculum: Curriculum) -> bool:
    return permissions.can_view_curriculum(user, curriculum)


def _before_submit(curriculum: Curriculum) -> None:
    if not curriculum.lines.exists():
        raise ApprovalError(_("The curriculum has no lines: add disciplines before submitting."))


def _on_approved(curriculum: Curriculum, decision: Any) -> None:
    """Put the approved РУП in force; the previous version stays approved, out of force."""
    (
        Curriculum.objects.select_for_update()
        .filter(programme_id=curriculum.programme_id, intake_year=curriculum.intake_year)
        .exclude(pk=curriculum.pk)
        .filter(in_force=True)
        .update(in_force=False)
    )
    curriculum.in_force = True
    curriculum.approved_at = timezone.now()
    curriculum.save(update_fields=["in_force", "approved_at"])


ROUTE = Route(
    name=ROUTE_NAME,
    model="academics.Curriculum",
    label=_("Working curriculum (РУП)"),
    steps=[
        Step(STEP_ACADEMIC_OFFICE, _("Agreement by the academic office"), Role.ACADEMIC_OFFICE),
        Step(STEP_APPROVAL, _("Approval by the vice-rector for academic work"), Role.VICE_RECTOR),
    ],
    may_submit=_may_submit,
    may_view=_may_view,
    before_submit=_before_submit,
    on_approved=_on_approved,
)


def submit(*, curriculum: Curriculum, actor: Any, comment: str = "") -> None:
    approval_submit(obj=curriculum, route=ROUTE, actor=actor, comment=comment)


def decide(
    *, curriculum: Curriculum, actor: Any, decision: str, comment: str = "", step: str | None = None
) -> None:
    approval_decide(
        obj=curriculum, route=ROUTE, actor=actor, decision=decision, comment=comment, step=step
    )


def pending_for(user: Any) -> Any:
    from dot.core.approvals.selectors import pending_for as engine_pending_for

    return engine_pending_for(user, ROUTE)


def step_label(curriculum: Curriculum) -> str:
    step = ROUTE.step(curriculum.approval_step)
    return str(step.label) if step else ""


__all__ = ["ROUTE", "ApprovalError", "ValidationError", "decide", "pending_for", "submit"]
