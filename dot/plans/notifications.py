"""Notices of section V: who must act next on the steps decided by several people (the
teachers of each line or row, the student, the heads of each department concerned, the
programme leader) — the engine's own notices reach roles held in a unit, these name
the people themselves."""

from __future__ import annotations

from typing import Any

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from dot.accounts.models import Role, RoleAssignment, User
from dot.core.models import ApprovalStatus

KIND_ACTION = "plans.action_needed"


def register() -> None:
    from dot.communication.kinds import register_kind

    register_kind(
        KIND_ACTION,
        _("DOT plans: your part is awaited"),
        _(
            "a DOT application or an individual study plan waits for your permission, hours, "
            "acknowledgement or agreement (п. 5.4.1, 5.5.1)"
        ),
    )


def _heads(plan: Any) -> list[User]:
    paths = set(
        plan.rows.filter(department_agreed_at__isnull=True).values_list(
            "curriculum_line__discipline__department__path", flat=True
        )
    )
    ancestors = {
        "/" + "/".join(p.strip("/").split("/")[: i + 1]) + "/"
        for p in paths
        for i in range(len(p.strip("/").split("/")))
    }
    ids = (
        RoleAssignment.objects.current()
        .filter(role=Role.HEAD_OF_DEPARTMENT, unit__path__in=ancestors)
        .values("user_id")
    )
    return list(User.objects.filter(pk__in=ids))


def _leaders(programme: Any) -> list[User]:
    ids = set(
        RoleAssignment.objects.current()
        .filter(role=Role.PROGRAMME_LEADER, unit=programme.department)
        .values_list("user_id", flat=True)
    )
    if programme.leader_id:
        ids.add(programme.leader_id)
    return list(User.objects.filter(pk__in=ids))


def notify_waiting(obj: Any, actor: Any = None) -> None:
    """Tell the people the object now waits for (only on the steps of several people)."""
    from dot.communication.services import notify

    from . import approval
    from .models import DotApplication, StudyPlan

    if obj.status != ApprovalStatus.IN_REVIEW:
        return
    step = obj.approval_step
    recipients: list[User] = []
    if isinstance(obj, DotApplication):
        what = format_lazy(_("DOT application of {student}"), student=obj.student.user.short_name)
        if step == approval.TEACHERS:
            recipients = [
                ln.teacher
                for ln in obj.lines.select_related("teacher")
                if ln.teacher and not ln.teacher_permission
            ]
        elif step == approval.LEADER:
            recipients = _leaders(obj.student.programme)
    elif isinstance(obj, StudyPlan):
        what = format_lazy(
            _("Individual study plan of {student}"), student=obj.student.user.short_name
        )
        if step == approval.TEACHERS:
            recipients = [
                r.teacher
                for r in obj.rows.select_related("teacher")
                if r.teacher and not r.classroom_hours_set
            ]
        elif step == approval.STUDENT:
            recipients = [obj.student.user]
        elif step == approval.DEPARTMENT:
            recipients = _heads(obj)
    else:
        return
    if not recipients:
        return
    label = obj.step_label
    notify(
        recipients=recipients,
        kind=KIND_ACTION,
        title=format_lazy("{what}: {step}", what=what, step=label),
        body=_("Your part is awaited on this step of the route."),
        url=obj.get_absolute_url(),
        actor=actor,
    )
