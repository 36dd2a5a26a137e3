"""Writes of section V: every one keyword-only, atomic and audited.

A caller without the right gets ``ApprovalPermissionError`` (pages and the API answer
404); a rule broken gets ``ValidationError`` with a translated message citing the clause.
Route transitions go through the engine (``approval.py`` declares the routes); the steps
decided by several people record each person's part and approve the step on the engine
when the last part is in.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Sequence
from decimal import Decimal
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dot.academics.models import Discipline, DisciplineModule, Programme, Semester, Student
from dot.content.files import check_upload
from dot.core.approvals.services import (
    ApprovalError,
    ApprovalPermissionError,
    approval_decide,
    approval_submit,
)
from dot.core.audit import audit_record, snapshot_changes
from dot.core.models import ApprovalStatus, DecisionAction

from . import approval, permissions, selectors
from .models import (
    ApplicationDocument,
    DotApplication,
    DotApplicationLine,
    DotOrder,
    DotOrderItem,
    Period,
    StudyPlan,
    StudyPlanRow,
)
from .notifications import notify_waiting

MAX_DOCUMENTS = 5


def _forbid(allowed: bool) -> None:
    if not allowed:
        raise ApprovalPermissionError(_("You may not do this."), code="forbidden")


def _lock(obj: Any) -> Any:
    return type(obj)._default_manager.select_for_update().get(pk=obj.pk)


def _try_step(*, obj: Any, route: Any, actor: Any, step: str, comment: str = "") -> list[str]:
    """Approve a step of several people once the last part is in. When the compliance
    check blocks it, the parts recorded stay and the step waits: the messages say why."""
    try:
        with transaction.atomic():
            approval_decide(
                obj=obj,
                route=route,
                actor=actor,
                decision=DecisionAction.APPROVE,
                comment=comment,
                step=step,
            )
    except ApprovalPermissionError:
        raise
    except ApprovalError as exc:
        return list(exc.messages)
    return []


# --- DOT orders (п. 5.4.4) ---------------------------------------------------------------


def order_create(
    *,
    actor: Any,
    programme: Programme,
    valid_from: datetime.date,
    valid_to: datetime.date | None = None,
    intake_year: int | None = None,
    master_dot_share_percent: Decimal | None = None,
    note: str = "",
) -> DotOrder:
    _forbid(permissions.can_create_order(actor, programme))
    order = DotOrder(
        programme=programme,
        valid_from=valid_from,
        valid_to=valid_to,
        intake_year=intake_year,
        master_dot_share_percent=master_dot_share_percent,
        note=note,
        created_by=actor,
    )
    order.full_clean()
    with transaction.atomic():
        order.save()
        audit_record(actor=actor, obj=order, action="plans.order_create")
    return order


def order_update(*, actor: Any, order: DotOrder, **values: Any) -> DotOrder:
    allowed = {"valid_from", "valid_to", "intake_year", "master_dot_share_percent", "note"}
    values = {k: v for k, v in values.items() if k in allowed}
    with transaction.atomic():
        locked = _lock(order)
        _forbid(permissions.can_edit_order(actor, locked))
        changes = snapshot_changes(locked, values)
        for name, value in values.items():
            setattr(locked, name, value)
        locked.full_clean()
        locked.save()
        audit_record(actor=actor, obj=locked, action="plans.order_update", changes=changes)
    return locked


def order_item_add(
    *,
    actor: Any,
    order: DotOrder,
    discipline: Discipline,
    module: DisciplineModule | None = None,
    max_hours: Decimal | None = None,
    max_percent: Decimal | None = None,
) -> DotOrderItem:
    with transaction.atomic():
        locked = _lock(order)
        _forbid(permissions.can_edit_order(actor, locked))
        if DotOrderItem.objects.filter(order=locked, discipline=discipline, module=module).exists():
            raise ValidationError(
                {"discipline": _("This discipline (module) is already in the order.")}
            )
        item = DotOrderItem(
            order=locked,
            discipline=discipline,
            module=module,
            max_hours=max_hours,
            max_percent=max_percent,
        )
        item.full_clean()
        item.save()
        audit_record(
            actor=actor,
            obj=locked,
            action="plans.order_item_add",
            changes={"item": [None, str(item)]},
        )
    return item


def order_item_remove(*, actor: Any, item: DotOrderItem) -> None:
    with transaction.atomic():
        order = _lock(item.order)
        _forbid(permissions.can_edit_order(actor, order))
        label = str(item)
        item.delete()
        audit_record(
            actor=actor,
            obj=order,
            action="plans.order_item_remove",
            changes={"item": [label, None]},
        )


def order_submit(*, actor: Any, order: DotOrder, comment: str = "") -> None:
    approval_submit(obj=order, route=approval.ORDER_ROUTE, actor=actor, comment=comment)


def order_decide(
    *, actor: Any, order: DotOrder, decision: str, comment: str = "", step: str | None = None
) -> None:
    approval_decide(
        obj=order,
        route=approval.ORDER_ROUTE,
        actor=actor,
        decision=decision,
        comment=comment,
        step=step,
    )


# --- Applications (п. 5.4.1, 5.4.2) ------------------------------------------------------


def period_dates(
    *, period: str, semester: Semester, month: datetime.date | None = None
) -> tuple[datetime.date, datetime.date]:
    """п. 5.5.1: a month (within the semester), the semester, or its academic year."""
    if period == Period.MONTH:
        if month is None:
            raise ValidationError({"month": _("Choose the month of the individual study.")})
        start = month.replace(day=1)
        end = month.replace(day=calendar.monthrange(month.year, month.month)[1])
        if end < semester.start or start > semester.end:
            raise ValidationError({"month": _("The month must fall within the semester.")})
        return max(start, semester.start), min(end, semester.end)
    if period == Period.ACADEMIC_YEAR:
        year = semester.academic_year
        return year.start, year.end
    return semester.start, semester.end


def _store_documents(
    *, application: DotApplication, files: Sequence[Any], actor: Any
) -> list[ApplicationDocument]:
    stored = []
    for upload in files:
        name = getattr(upload, "name", "document")
        kind = check_upload(upload, name, upload.size)
        doc = ApplicationDocument(
            application=application,
            name=name[:255],
            file_type=kind,
            size=upload.size,
            uploaded_by=actor,
        )
        doc.file.save(name, File(upload), save=False)
        doc.save()
        stored.append(doc)
    return stored


def check_documents(files: Sequence[IO[bytes]]) -> None:
    """Content and size of every upload (п. 5.4.2 documents), before anything is written."""
    if len(files) > MAX_DOCUMENTS:
        raise ValidationError(
            _("At most %(count)s documents can be attached.") % {"count": MAX_DOCUMENTS}
        )
    for upload in files:
        check_upload(upload, getattr(upload, "name", "document"), upload.size)  # type: ignore[attr-defined]


def application_create(
    *,
    actor: Any,
    student: Student,
    semester: Semester,
    period: str,
    reason_kind: str,
    reason_text: str = "",
    lines: Sequence[tuple[Discipline, DisciplineModule | None]],
    month: datetime.date | None = None,
    files: Sequence[Any] = (),
) -> DotApplication:
    """A draft application; the teacher of each line is found from the assignments."""
    _forbid(permissions.can_apply(actor, student))
    if not lines:
        raise ValidationError(
            {"lines": _("п. 5.4.1: choose at least one discipline or module to study by DOT.")}
        )
    if semester.pk not in {s.pk for s in selectors.open_semesters()}:
        raise ValidationError({"semester": _("Apply for the current or the next semester only.")})
    start, end = period_dates(period=period, semester=semester, month=month)
    check_documents(files)
    app = DotApplication(
        student=student,
        semester=semester,
        period=period,
        period_start=start,
        period_end=end,
        reason_kind=reason_kind,
        reason_text=reason_text.strip(),
        created_by=actor,
    )
    app.full_clean(exclude=["document"])
    with transaction.atomic():
        app.save()
        seen = set()
        for discipline, module in lines:
            key = (discipline.pk, module.pk if module else None)
            if key in seen:
                continue
            seen.add(key)
            line = DotApplicationLine(
                application=app,
                discipline=discipline,
                module=module,
                teacher=selectors.line_teacher(student, semester, discipline),
            )
            line.full_clean()
            line.save()
        _store_documents(application=app, files=files, actor=actor)
        audit_record(
            actor=actor,
            obj=app,
            action="plans.application_create",
            changes={"lines": [None, [str(k) for k in seen]]},
        )
    return app


def application_add_documents(
    *, actor: Any, application: DotApplication, files: Sequence[Any]
) -> list[ApplicationDocument]:
    check_documents(files)
    with transaction.atomic():
        locked = _lock(application)
        _forbid(permissions.can_edit_application(actor, locked))
        if locked.documents.count() + len(files) > MAX_DOCUMENTS:
            raise ValidationError(
                _("At most %(count)s documents can be attached.") % {"count": MAX_DOCUMENTS}
            )
        stored = _store_documents(application=locked, files=files, actor=actor)
        audit_record(
            actor=actor,
            obj=locked,
            action="plans.application_documents",
            changes={"documents": [None, [d.name for d in stored]]},
        )
    return stored


def application_update_reason(
    *, actor: Any, application: DotApplication, reason_kind: str, reason_text: str = ""
) -> DotApplication:
    with transaction.atomic():
        locked = _lock(application)
        _forbid(permissions.can_edit_application(actor, locked))
        values = {"reason_kind": reason_kind, "reason_text": reason_text.strip()}
        changes = snapshot_changes(locked, values)
        for k, v in values.items():
            setattr(locked, k, v)
        locked.full_clean(exclude=["document"])
        locked.save(update_fields=["reason_kind", "reason_text", "updated_at"])
        audit_record(actor=actor, obj=locked, action="plans.application_update", changes=changes)
    return locked


def application_submit(*, actor: Any, application: DotApplication, comment: str = "") -> None:
    """Send the application to the teachers (п. 5.4.1); their permissions start afresh."""
    with transaction.atomic():
        if application.status in permissions.EDITABLE:
            application.lines.update(teacher_permission=False, teacher_permission_at=None)
        approval_submit(
            obj=application, route=approval.APPLICATION_ROUTE, actor=actor, comment=comment
        )
        notify_waiting(application, actor)


def application_teacher_decide(
    *, actor: Any, application: DotApplication, decision: str, comment: str = ""
) -> list[str]:
    """п. 5.4.1: a teacher permits the lines they teach, or returns / rejects the whole
    application; the step passes when every line has its teacher's permission."""
    blocked: list[str] = []
    with transaction.atomic():
        locked = _lock(application)
        _forbid(
            locked.status == ApprovalStatus.IN_REVIEW
            and locked.approval_step == approval.TEACHERS
            and locked.lines.filter(teacher=actor).exists()
        )
        if decision != DecisionAction.APPROVE:
            approval_decide(
                obj=locked,
                route=approval.APPLICATION_ROUTE,
                actor=actor,
                decision=decision,
                comment=comment,
                step=approval.TEACHERS,
            )
        else:
            now = timezone.now()
            mine = locked.lines.filter(teacher=actor, teacher_permission=False)
            names = [str(line) for line in mine]
            mine.update(teacher_permission=True, teacher_permission_at=now)
            audit_record(
                actor=actor,
                obj=locked,
                action="plans.application_teacher_permission",
                changes={"lines": [None, names]},
                comment=comment,
            )
            if not locked.lines.filter(teacher_permission=False).exists():
                blocked = _try_step(
                    obj=locked,
                    route=approval.APPLICATION_ROUTE,
                    actor=actor,
                    step=approval.TEACHERS,
                    comment=comment,
                )
    application.refresh_from_db()
    notify_waiting(application, actor)
    return blocked


def application_decide(
    *,
    actor: Any,
    application: DotApplication,
    decision: str,
    comment: str = "",
    step: str | None = None,
) -> None:
    """The programme leader's permission or the dean's office's agreement (or a return)."""
    approval_decide(
        obj=application,
        route=approval.APPLICATION_ROUTE,
        actor=actor,
        decision=decision,
        comment=comment,
        step=step,
    )
    notify_waiting(application, actor)


# --- Study plans (п. 5.5.1, 5.5.2) -------------------------------------------------------


def _decision_time(app: DotApplication, step: str) -> datetime.datetime | None:
    from dot.core.approvals.selectors import decisions_for

    row = (
        decisions_for(app, approval.APPLICATION_ROUTE)
        .filter(step=step, action=DecisionAction.APPROVE)
        .order_by("-created_at")
        .first()
    )
    return row.created_at if row else None


def plan_create_from_application(*, actor: Any, application: DotApplication) -> StudyPlan:
    """The ИУП of an approved application: one row per discipline (module) applied for,
    with the permissions given on the application's route (п. 5.4.1). The DOT hours start
    at 0: the teacher sets them with the classroom hours (п. 5.4.1, 5.5.1)."""
    from dot.academics.selectors import approved_curriculum

    from .compliance import _intake_year

    with transaction.atomic():
        app = _lock(application)
        _forbid(permissions.can_create_plan(actor, app))
        student = app.student
        curriculum = approved_curriculum(student.programme, _intake_year(student, None) or 0)
        if curriculum is None:
            raise ValidationError(
                _("There is no approved curriculum (РУП) in force for the student's programme.")
            )
        number = app.semester.curriculum_semester(curriculum.intake_year)
        lines = {ln.discipline_id: ln for ln in curriculum.lines.filter(semester_number=number)}
        leader_at = _decision_time(app, approval.LEADER)
        plan = StudyPlan.objects.create(
            student=student, semester=app.semester, application=app, created_by=actor
        )
        for line in app.lines.select_related("discipline", "module"):
            rup = lines.get(line.discipline_id)
            if rup is None:
                raise ValidationError(
                    _("«%(discipline)s» is not in the student's РУП for this semester.")
                    % {"discipline": line.discipline}
                )
            StudyPlanRow.objects.create(
                plan=plan,
                curriculum_line=rup,
                module=line.module,
                deadline=app.period_end or app.semester.end,
                teacher=line.teacher,
                teacher_permission=line.teacher_permission,
                teacher_permission_at=line.teacher_permission_at,
                leader_permission=leader_at is not None,
                leader_permission_at=leader_at,
            )
        audit_record(actor=actor, obj=plan, action="plans.plan_create")
    return plan


def plan_update(*, actor: Any, plan: StudyPlan, individual_schedule: str) -> StudyPlan:
    """п. 5.5.2: the individual schedule agreed with the teacher and the programme leader."""
    with transaction.atomic():
        locked = _lock(plan)
        _forbid(permissions.can_edit_plan(actor, locked))
        changes = snapshot_changes(locked, {"individual_schedule": individual_schedule})
        locked.individual_schedule = individual_schedule
        locked.save(update_fields=["individual_schedule", "updated_at"])
        audit_record(actor=actor, obj=locked, action="plans.plan_update", changes=changes)
    return locked


ROW_FIELDS = ("place_and_time", "deadline", "teacher", "note", "dot_hours")


def plan_row_update(*, actor: Any, row: StudyPlanRow, **values: Any) -> StudyPlanRow:
    """The dean's office or the leader fills in place and time, deadline, teacher, note."""
    values = {k: v for k, v in values.items() if k in ROW_FIELDS}
    with transaction.atomic():
        plan = _lock(row.plan)
        _forbid(permissions.can_edit_plan(actor, plan))
        locked = _lock(row)
        changes = snapshot_changes(locked, values)
        if "teacher" in values and values["teacher"] != locked.teacher:
            # A new teacher gives their own permission (п. 5.4.1).
            locked.teacher_permission = False
            locked.teacher_permission_at = None
        for k, v in values.items():
            setattr(locked, k, v)
        locked.full_clean()
        locked.save()
        audit_record(actor=actor, obj=plan, action="plans.row_update", changes=changes)
    return locked


def plan_row_permit(*, actor: Any, row: StudyPlanRow) -> StudyPlanRow:
    """п. 5.4.1: the row's teacher gives the permission (a teacher named after the
    application was decided)."""
    with transaction.atomic():
        plan = _lock(row.plan)
        _forbid(
            plan.status in permissions.EDITABLE and row.teacher_id == getattr(actor, "pk", None)
        )
        locked = _lock(row)
        locked.teacher_permission = True
        locked.teacher_permission_at = timezone.now()
        locked.save(update_fields=["teacher_permission", "teacher_permission_at"])
        audit_record(
            actor=actor, obj=plan, action="plans.row_permission", changes={"row": [None, str(row)]}
        )
    return locked


def plan_submit(*, actor: Any, plan: StudyPlan, comment: str = "") -> None:
    """Send the plan along its route; after a return the teachers set the hours and the
    heads agree again (the earlier values stay in the audit trail)."""
    with transaction.atomic():
        if plan.status == ApprovalStatus.RETURNED:
            for row in plan.rows.all():
                audit_record(
                    actor=actor,
                    obj=plan,
                    action="plans.row_reset",
                    changes={
                        "row": [str(row), str(row)],
                        "hours": [
                            [str(row.lecture_hours), str(row.lab_hours), str(row.practice_hours)],
                            None,
                        ],
                    },
                )
            plan.rows.update(
                lecture_hours=None,
                lab_hours=None,
                practice_hours=None,
                department_agreed_by=None,
                department_agreed_at=None,
            )
        approval_submit(obj=plan, route=approval.PLAN_ROUTE, actor=actor, comment=comment)
        notify_waiting(plan, actor)


def plan_set_hours(
    *,
    actor: Any,
    row: StudyPlanRow,
    lecture_hours: Decimal,
    lab_hours: Decimal,
    practice_hours: Decimal,
    dot_hours: Decimal | None = None,
) -> list[str]:
    """п. 5.5.1: the teacher sets the ИУП classroom hours of their row (not above the
    РУП's); when every row has them, the teachers' step passes — unless the compliance
    check blocks it: the hours stay and the messages returned say why the step waits."""
    blocked: list[str] = []
    with transaction.atomic():
        plan = _lock(row.plan)
        locked = _lock(row)
        locked.plan = plan
        _forbid(permissions.can_set_hours(actor, locked))
        line = locked.curriculum_line
        errors: dict[str, Any] = {}
        for name, value, rup in (
            ("lecture_hours", lecture_hours, line.lecture_hours),
            ("lab_hours", lab_hours, line.lab_hours),
            ("practice_hours", practice_hours, line.practice_hours),
        ):
            if value is None or value < 0:
                errors[name] = _("Enter the hours (0 or more).")
            elif value > rup:
                errors[name] = _("At most %(rup)s h, as in the РУП.") % {"rup": rup}
        if dot_hours is not None and dot_hours < 0:
            errors["dot_hours"] = _("Enter the hours (0 or more).")
        if errors:
            raise ValidationError(errors)
        values: dict[str, Any] = {
            "lecture_hours": lecture_hours,
            "lab_hours": lab_hours,
            "practice_hours": practice_hours,
        }
        if dot_hours is not None:
            values["dot_hours"] = dot_hours
        changes = snapshot_changes(locked, values)
        for k, v in values.items():
            setattr(locked, k, v)
        locked.save(update_fields=list(values))
        audit_record(actor=actor, obj=plan, action="plans.set_hours", changes=changes)
        if all(r.classroom_hours_set for r in plan.rows.all()):
            blocked = _try_step(
                obj=plan, route=approval.PLAN_ROUTE, actor=actor, step=approval.TEACHERS
            )
    row.refresh_from_db()
    row.plan.refresh_from_db()
    notify_waiting(row.plan, actor)
    return blocked


def plan_acknowledge(*, actor: Any, plan: StudyPlan, comment: str = "") -> None:
    """The student signs «С ИУП ознакомлен»."""
    with transaction.atomic():
        locked = _lock(plan)
        _forbid(permissions.can_acknowledge(actor, locked))
        approval_decide(
            obj=locked,
            route=approval.PLAN_ROUTE,
            actor=actor,
            decision=DecisionAction.APPROVE,
            comment=comment,
            step=approval.STUDENT,
        )
    plan.refresh_from_db()
    notify_waiting(plan, actor)


def plan_department_agree(*, actor: Any, plan: StudyPlan, comment: str = "") -> list[str]:
    """п. 5.5.1: a head of department agrees the rows of their department; the step passes
    when every department concerned has agreed (unless the compliance check blocks it)."""
    blocked: list[str] = []
    with transaction.atomic():
        locked = _lock(plan)
        _forbid(permissions.can_agree_department(actor, locked))
        mine = permissions.department_rows(actor, locked).filter(department_agreed_at__isnull=True)
        names = [str(r) for r in mine]
        mine.update(department_agreed_by=actor, department_agreed_at=timezone.now())
        audit_record(
            actor=actor,
            obj=locked,
            action="plans.department_agree",
            changes={"rows": [None, names]},
            comment=comment,
        )
        if not locked.rows.filter(department_agreed_at__isnull=True).exists():
            blocked = _try_step(
                obj=locked,
                route=approval.PLAN_ROUTE,
                actor=actor,
                step=approval.DEPARTMENT,
                comment=comment,
            )
    plan.refresh_from_db()
    return blocked


def plan_decide(
    *, actor: Any, plan: StudyPlan, decision: str, comment: str = "", step: str | None = None
) -> None:
    """Agreement of the academic office, approval of the dean, or a return / rejection at
    any step by whoever decides it."""
    approval_decide(
        obj=plan,
        route=approval.PLAN_ROUTE,
        actor=actor,
        decision=decision,
        comment=comment,
        step=step,
    )
    notify_waiting(plan, actor)


def plan_record_result(*, actor: Any, row: StudyPlanRow, result: str) -> StudyPlanRow:
    """The teacher records the row's result; the plan is completed when every row has one."""
    result = result.strip()
    if not result:
        raise ValidationError({"result": _("Write the result (grade or «passed»).")})
    with transaction.atomic():
        plan = _lock(row.plan)
        locked = _lock(row)
        locked.plan = plan
        _forbid(permissions.can_record_result(actor, locked))
        changes = snapshot_changes(locked, {"result": result})
        locked.result = result[:255]
        locked.result_at = timezone.now()
        locked.result_by = actor
        locked.save(update_fields=["result", "result_at", "result_by"])
        audit_record(actor=actor, obj=plan, action="plans.record_result", changes=changes)
        if plan.completed_at is None and not plan.rows.filter(result="").exists():
            plan.completed_at = timezone.now()
            plan.save(update_fields=["completed_at"])
            audit_record(
                actor=actor,
                obj=plan,
                action="plans.plan_completed",
                changes={"completed_at": [None, plan.completed_at]},
            )
    row.refresh_from_db()
    return locked


def plan_amend(*, actor: Any, plan: StudyPlan) -> StudyPlan:
    """A new draft version of an approved plan; it goes through the whole route again and,
    once approved, archives the version it amends."""
    with transaction.atomic():
        locked = _lock(plan)
        _forbid(permissions.can_amend(actor, locked))
        new = StudyPlan.objects.create(
            student=locked.student,
            semester=locked.semester,
            application=locked.application,
            version=locked.version + 1,
            previous=locked,
            individual_schedule=locked.individual_schedule,
            created_by=actor,
        )
        for row in locked.rows.all():
            StudyPlanRow.objects.create(
                plan=new,
                curriculum_line_id=row.curriculum_line_id,
                module_id=row.module_id,
                dot_hours=row.dot_hours,
                place_and_time=row.place_and_time,
                deadline=row.deadline,
                teacher_id=row.teacher_id,
                note=row.note,
                teacher_permission=row.teacher_permission,
                teacher_permission_at=row.teacher_permission_at,
                leader_permission=row.leader_permission,
                leader_permission_at=row.leader_permission_at,
            )
        audit_record(
            actor=actor,
            obj=new,
            action="plans.plan_amend",
            changes={"previous": [None, str(locked)]},
        )
    return new


def plan_row_remove(*, actor: Any, row: StudyPlanRow) -> None:
    with transaction.atomic():
        plan = _lock(row.plan)
        _forbid(permissions.can_edit_plan(actor, plan))
        if plan.rows.count() <= 1:
            raise ValidationError(_("A plan keeps at least one row."))
        label = str(row)
        row.delete()
        audit_record(
            actor=actor, obj=plan, action="plans.row_remove", changes={"row": [label, None]}
        )


def plan_archive(*, actor: Any, plan: StudyPlan) -> StudyPlan:
    """The dean's office archives a completed plan (the student's copy handed in)."""
    with transaction.atomic():
        locked = _lock(plan)
        _forbid(permissions.can_archive(actor, locked))
        locked.archived_at = timezone.now()
        locked.save(update_fields=["archived_at"])
        audit_record(
            actor=actor,
            obj=locked,
            action="plans.plan_archive",
            changes={"archived_at": [None, locked.archived_at]},
        )
    return locked


__all__ = ["ApprovalError", "ApprovalPermissionError"]
