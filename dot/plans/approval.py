"""The three routes of section V on the core approval engine.

* ``dot_order`` (п. 5.4.4): drafted by the faculty → the academic office agrees → the dean
  (the faculty) approves.
* ``dot_application`` (п. 5.4.1): the teacher of each discipline permits → the programme
  leader permits → the dean's office agrees the classroom/DOT ratio.
* ``study_plan`` (п. 5.5.1, Appendix 1): ``teachers`` (each teacher sets the ИУП classroom
  hours of their rows) → ``student`` («С ИУП ознакомлен») → ``academic_office`` (the head of
  the academic office agrees) → ``department`` (the heads of each department concerned
  agree) → ``dean`` (approves). The document of Appendix 1 reads these decisions.

Steps decided by several people (every teacher, every head of department) record each
person's part on the lines/rows; the step itself is approved, on the engine, by the last
of them (``services``). The compliance check runs before submission and before every
approval, whoever calls the engine (the route's ``before_approve`` hook): blocking
findings refuse the step with the clauses; returning or rejecting is always possible.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from dot.accounts.models import LEARNER_ROLES, Role
from dot.accounts.roles import has_role
from dot.core.approvals.routes import Route, Step
from dot.core.approvals.services import ApprovalError

from . import compliance, permissions
from .models import DotApplication, DotOrder, StudyPlan

ORDER_ROUTE_NAME = "dot_order"
APPLICATION_ROUTE_NAME = "dot_application"
PLAN_ROUTE_NAME = compliance.STUDY_PLAN_ROUTE  # "study_plan"

TEACHERS, LEADER, DEANS_OFFICE = "teachers", "leader", "deans_office"
STUDENT, ACADEMIC_OFFICE, DEPARTMENT, DEAN = "student", "academic_office", "department", "dean"
PLAN_STEPS = (TEACHERS, STUDENT, ACADEMIC_OFFICE, DEPARTMENT, DEAN)


def _no_unit(obj: Any) -> Any:
    return None


@dataclass(frozen=True)
class ApplicationTeachersStep(Step):
    """п. 5.4.1: the teacher of each discipline (module) applied for."""

    def may_decide(self, user: Any, obj: Any) -> bool:
        if not getattr(user, "is_authenticated", False):
            return False
        return bool(user.is_superuser) or obj.lines.filter(teacher=user).exists()


@dataclass(frozen=True)
class LeaderStep(Step):
    """The programme leader: named on the programme, or the role in its department."""

    def may_decide(self, user: Any, obj: Any) -> bool:
        return bool(getattr(user, "is_superuser", False)) or permissions.leads(
            user, obj.student.programme
        )


@dataclass(frozen=True)
class FacultyStep(Step):
    """The dean (or the dean's office) of the student's faculty; a role held in the
    faculty's dean's office covers the faculty."""

    def may_decide(self, user: Any, obj: Any) -> bool:
        faculty = self.unit_for(obj)
        if faculty is None:
            return bool(getattr(user, "is_superuser", False))
        if has_role(user, self.roles, faculty):
            return True
        from dot.content.permissions import faculty_paths

        return any(faculty.path.startswith(p) for p in faculty_paths(user, self.roles))


@dataclass(frozen=True)
class PlanTeachersStep(Step):
    """п. 5.5.1: the teachers named on the plan's rows."""

    def may_decide(self, user: Any, obj: Any) -> bool:
        if not getattr(user, "is_authenticated", False):
            return False
        return bool(user.is_superuser) or obj.rows.filter(teacher=user).exists()


@dataclass(frozen=True)
class StudentStep(Step):
    """The student acknowledges the plan («С ИУП ознакомлен»)."""

    def may_decide(self, user: Any, obj: Any) -> bool:
        return permissions.is_student(user, obj.student)


@dataclass(frozen=True)
class DepartmentsStep(Step):
    """п. 5.5.1: the heads of the departments of the plan's disciplines."""

    def may_decide(self, user: Any, obj: Any) -> bool:
        if not getattr(user, "is_authenticated", False):
            return False
        return bool(user.is_superuser) or permissions.department_rows(user, obj).exists()


# --- DOT order ----------------------------------------------------------------------------


def _order_before_submit(order: DotOrder) -> None:
    if not order.items.exists():
        raise ApprovalError(
            _("п. 5.4.4: the order names no discipline; add the disciplines that may go by DOT."),
            code="empty",
        )


ORDER_ROUTE = Route(
    name=ORDER_ROUTE_NAME,
    model="plans.DotOrder",
    label=_("DOT order (п. 5.4.4)"),
    steps=[
        Step(ACADEMIC_OFFICE, _("Approval by the academic office"), role=Role.ACADEMIC_OFFICE),
        FacultyStep(
            DEAN, _("Approval by the faculty (dean)"), role=Role.DEAN, unit="programme__faculty"
        ),
    ],
    may_submit=lambda user, order: permissions.can_create_order(user, order.programme),
    may_view=lambda user, order: permissions.can_view_order(user, order),
    before_submit=_order_before_submit,
)


# --- Application --------------------------------------------------------------------------


def _refuse(findings: list[compliance.Finding]) -> None:
    blocking = [f for f in findings if f.blocking]
    if blocking:
        raise ApprovalError(
            _("The compliance check blocks this step: %(findings)s"),
            code="blocked",
            params={"findings": " ".join(f.text for f in blocking)},
        )


def _application_before_submit(app: DotApplication) -> None:
    _refuse(compliance.check_application(app))
    missing = [str(line) for line in app.lines.all() if line.teacher_id is None]
    if missing:
        raise ApprovalError(
            _(
                "п. 5.4.1: no teacher is assigned to %(lines)s, so nobody can give the "
                "teacher's permission; the department assigns one first."
            ),
            code="no_teacher",
            params={"lines": ", ".join(f"«{m}»" for m in missing)},
        )


APPLICATION_ROUTE = Route(
    name=APPLICATION_ROUTE_NAME,
    model="plans.DotApplication",
    label=_("DOT application (п. 5.4.1)"),
    steps=[
        ApplicationTeachersStep(
            TEACHERS, _("Permission of each discipline's teacher"), role=Role.TEACHER, unit=_no_unit
        ),
        LeaderStep(
            LEADER,
            _("Permission of the programme leader"),
            role=Role.PROGRAMME_LEADER,
            unit=_no_unit,
        ),
        FacultyStep(
            DEANS_OFFICE,
            _("Agreement of the dean's office"),
            role=(Role.DEANS_OFFICE, Role.DEAN),
            unit="student__programme__faculty",
        ),
    ],
    may_submit=lambda user, app: permissions.can_apply(user, app.student),
    may_view=lambda user, app: permissions.can_view_application(user, app),
    before_submit=_application_before_submit,
    before_approve=lambda obj, step: _before_approve(obj, step),
)


# --- Study plan ---------------------------------------------------------------------------


def _plan_before_submit(plan: StudyPlan) -> None:
    if not plan.rows.exists():
        raise ApprovalError(_("The plan has no rows."), code="empty")
    _refuse(compliance.check_plan(plan))
    missing = [str(row) for row in plan.rows.all() if row.teacher_id is None]
    if missing:
        raise ApprovalError(
            _("п. 5.5.1: name the teacher of %(rows)s: the teacher sets the classroom hours."),
            code="no_teacher",
            params={"rows": ", ".join(f"«{m}»" for m in missing)},
        )


def _plan_on_approved(plan: StudyPlan, decision: Any) -> None:
    """The approved version is in force; the version it amends is archived."""
    from django.utils import timezone

    if plan.previous_id is not None:
        StudyPlan.objects.filter(pk=plan.previous_id, archived_at__isnull=True).update(
            archived_at=timezone.now()
        )


PLAN_ROUTE = Route(
    name=PLAN_ROUTE_NAME,
    model="plans.StudyPlan",
    label=_("Individual study plan (п. 5.5.1)"),
    steps=[
        PlanTeachersStep(
            TEACHERS, _("Teachers set the classroom hours"), role=Role.TEACHER, unit=_no_unit
        ),
        StudentStep(
            STUDENT, _("The student acknowledges the plan"), role=LEARNER_ROLES, unit=_no_unit
        ),
        Step(
            ACADEMIC_OFFICE,
            _("Agreement of the head of the academic office"),
            role=Role.ACADEMIC_OFFICE,
        ),
        DepartmentsStep(
            DEPARTMENT,
            _("Agreement of the heads of department"),
            role=Role.HEAD_OF_DEPARTMENT,
            unit=_no_unit,
        ),
        FacultyStep(
            DEAN, _("Approval by the dean"), role=Role.DEAN, unit="student__programme__faculty"
        ),
    ],
    may_submit=lambda user, plan: permissions.can_manage_plan(user, plan),
    may_view=lambda user, plan: permissions.can_view_plan(user, plan),
    before_submit=_plan_before_submit,
    before_approve=lambda obj, step: _before_approve(obj, step),
    on_approved=_plan_on_approved,
)

ROUTES = {r.name: r for r in (ORDER_ROUTE, APPLICATION_ROUTE, PLAN_ROUTE)}


def _step_complete(obj: Any, route: str, step: str) -> ApprovalError | None:
    """Steps of several people: each must have done their part before the step passes."""
    if route == APPLICATION_ROUTE_NAME and step == TEACHERS:
        waiting = [str(line) for line in obj.lines.all() if not line.teacher_permission]
        if waiting:
            return ApprovalError(
                _("п. 5.4.1: the teacher's permission is still missing for %(lines)s."),
                code="waiting",
                params={"lines": ", ".join(f"«{w}»" for w in waiting)},
            )
    if route == PLAN_ROUTE_NAME and step == TEACHERS:
        waiting = [str(row) for row in obj.rows.all() if not row.classroom_hours_set]
        if waiting:
            return ApprovalError(
                _("п. 5.5.1: the teacher has not yet set the classroom hours of %(rows)s."),
                code="waiting",
                params={"rows": ", ".join(f"«{w}»" for w in waiting)},
            )
    if route == PLAN_ROUTE_NAME and step == DEPARTMENT:
        waiting = [str(row) for row in obj.rows.all() if row.department_agreed_at is None]
        if waiting:
            return ApprovalError(
                _("п. 5.5.1: the head of department has not yet agreed %(rows)s."),
                code="waiting",
                params={"rows": ", ".join(f"«{w}»" for w in waiting)},
            )
    return None


def _before_approve(obj: Any, step: str) -> None:
    """Refuse an approval that the compliance check blocks, whoever calls the engine
    (the engine's ``before_approve`` hook, under the row lock)."""
    route = APPLICATION_ROUTE_NAME if isinstance(obj, DotApplication) else PLAN_ROUTE_NAME
    problem = _step_complete(obj, route, step)
    if problem is not None:
        raise problem
    if isinstance(obj, DotApplication):
        _refuse(compliance.check_application(obj))
    else:
        _refuse(compliance.check_plan(obj))
