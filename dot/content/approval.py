"""The quality review of an ЭУМК version on the core approval engine (п. 4.6, 4.8, 5.4.5).

Route: the department (its head, or the reviewer the head appointed for this ЭУМК)
→ the editorial office (РИО) → approved. Any step may return the version with comments
attached to its components; the teacher fixes it and resubmits, and the reviewers see
what changed since the return. Publication is a separate act of the faculty
teaching-methods council (``services.umk_version_publish``): п. 5.4.5 makes the council
responsible for the presence of ЭОР on the portal.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dot.accounts.models import Role
from dot.core.approvals.routes import Route, Step
from dot.core.approvals.services import ApprovalError

from . import permissions
from .models import UmkVersion

ROUTE_NAME = "content.umk"
STEP_DEPARTMENT = "department"
STEP_EDITORIAL = "editorial"


@dataclass(frozen=True)
class DepartmentStep(Step):
    """The head of the owning department, or the reviewer appointed for the ЭУМК (п. 4.8)."""

    def may_decide(self, user: Any, obj: Any) -> bool:
        reviewer = obj.umk.reviewer_id
        if reviewer is not None and getattr(user, "pk", None) == reviewer:
            return True
        return super().may_decide(user, obj)


def _before_submit(version: UmkVersion) -> None:
    from .selectors import checklist

    missing = [row.label for row in checklist(version) if row.required and not row.present]
    if missing:
        raise ApprovalError(
            _(
                "The ЭУМК lacks required components (п. 4.6): %(missing)s. "
                "Add them before submitting."
            ),
            code="incomplete",
            params={"missing": ", ".join(str(m) for m in missing)},
        )


def _on_returned(version: UmkVersion, decision: Any) -> None:
    from .selectors import version_snapshot

    version.returned_snapshot = version_snapshot(version)
    version.save(update_fields=["returned_snapshot"])


def _on_approved(version: UmkVersion, decision: Any) -> None:
    version.approved_at = timezone.now()
    version.save(update_fields=["approved_at"])


UMK_ROUTE = Route(
    name=ROUTE_NAME,
    model="content.UmkVersion",
    label=_("ЭУМК quality review"),
    steps=[
        DepartmentStep(
            STEP_DEPARTMENT,
            _("Department"),
            role=Role.HEAD_OF_DEPARTMENT,
            unit="umk__discipline__department",
        ),
        Step(STEP_EDITORIAL, _("Editorial office (РИО)"), role=Role.EDITORIAL_OFFICE),
    ],
    may_submit=lambda user, version: permissions.can_create_umk(user, version.umk.discipline),
    may_view=lambda user, version: permissions.can_view_umk(user, version.umk),
    before_submit=_before_submit,
    on_returned=_on_returned,
    on_approved=_on_approved,
)
