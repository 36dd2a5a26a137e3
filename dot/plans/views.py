"""Pages of section V: thin views over ``services`` / ``selectors`` / ``permissions``.

Anything a user may not see (or may not act on) answers 404, like a missing object.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dot.academics.models import Programme, Student
from dot.core.approvals.selectors import timeline
from dot.core.approvals.services import ApprovalPermissionError
from dot.core.models import ApprovalStatus, DecisionAction

from . import approval, compliance, forms, permissions, selectors, services
from .models import (
    ApplicationDocument,
    DotApplication,
    DotOrder,
    DotOrderItem,
    StudyPlan,
    StudyPlanRow,
)

# --- helpers ------------------------------------------------------------------------------


def _get(model: Any, pk: Any, **related: Any) -> Any:
    try:
        obj = model.objects.filter(pk=pk).first()
    except (ValueError, TypeError):
        obj = None
    if obj is None:
        raise Http404
    return obj


def _application(request: HttpRequest, pk: Any) -> DotApplication:
    app = _get(DotApplication, pk)
    if not permissions.can_view_application(request.user, app):
        raise Http404
    return app


def _plan(request: HttpRequest, pk: Any) -> StudyPlan:
    plan = selectors.plan_detail(pk)
    if plan is None or not permissions.can_view_plan(request.user, plan):
        raise Http404
    return plan


def _order(request: HttpRequest, pk: Any) -> DotOrder:
    order = _get(DotOrder, pk)
    if not permissions.can_view_order(request.user, order):
        raise Http404
    return order


def _fail(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _waits(request: HttpRequest, blocked: list[str]) -> None:
    """Your part is recorded, but the compliance check holds the step: say why."""
    for message in blocked:
        messages.warning(
            request, _("Your part is recorded; the step waits: %(why)s") % {"why": message}
        )


def _timeline(obj: Any, route: Any) -> dict[str, Any]:
    return {
        "timeline": timeline(obj, route),
        "route": route,
        "dom_id": f"approval-{route.name}-{obj.pk}",
        "may_decide": False,
        "may_submit": False,
    }


# --- Home: what awaits me -----------------------------------------------------------------


def _versions(plan: StudyPlan, user: Any) -> list[StudyPlan]:
    """The plan's own chain of versions (linked by ``previous``) that the user may open."""
    same = list(
        StudyPlan.objects.filter(student=plan.student, semester=plan.semester)
        .filter(pk__in=permissions.plans_visible_to(user).values("pk"))
        .only("pk", "version", "previous_id")
        .order_by("version")
    )
    chain = {plan.pk}
    changed = True
    while changed:
        changed = False
        for other in same:
            linked = other.previous_id in chain or (
                other.pk in {p.previous_id for p in same if p.pk in chain}
            )
            if other.pk not in chain and linked:
                chain.add(other.pk)
                changed = True
    return [p for p in same if p.pk in chain] if len(chain) > 1 else []


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    student = selectors.student_of(user)
    context: dict[str, Any] = {
        "queues": selectors.queues(user),
        "student": student,
        "sees_lists": permissions.sees_plan_lists(user),
    }
    if student is not None:
        context["applications"] = list(
            DotApplication.objects.filter(student=student)
            .select_related("semester__academic_year")
            .order_by("-created_at")
        )
        context["my_plans"] = selectors.plans_of_student(student)
        context["deadlines"] = selectors.deadlines_of_student(student)
    if permissions.is_teacher(user):
        context["teaching"] = selectors.plans_of_teacher(user)
    return render(request, "plans/home.html", context)


@login_required
def deadlines(request: HttpRequest) -> HttpResponse:
    student = selectors.student_of(request.user)
    if student is None:
        raise Http404
    return render(
        request,
        "plans/deadlines.html",
        {"rows": selectors.deadlines_of_student(student), "student": student},
    )


# --- Applications -------------------------------------------------------------------------


@login_required
def application_list(request: HttpRequest) -> HttpResponse:
    apps = (
        permissions.applications_visible_to(request.user)
        .select_related("student__user", "student__programme", "semester__academic_year")
        .order_by("-created_at")[:200]
    )
    students = (
        Student.objects.filter(
            permissions._faculty_q(request.user, "programme__faculty__path"),
            status="studying",
        )
        .select_related("user", "group")
        .order_by("group__name", "user__last_name")[:500]
        if permissions.can_create_order(request.user)
        else []
    )
    return render(
        request, "plans/application_list.html", {"applications": apps, "students": students}
    )


def _applicant(request: HttpRequest) -> Student:
    """The student applying: the user, or ``?student=`` for the dean's office."""
    raw = request.GET.get("student") or request.POST.get("student_id")
    if raw:
        student = _get(Student, raw)
    else:
        student = selectors.student_of(request.user)
    if student is None or not permissions.can_apply(request.user, student):
        raise Http404
    return student


@login_required
def application_new(request: HttpRequest) -> HttpResponse:
    student = _applicant(request)
    semesters = selectors.open_semesters()
    chosen = next(
        (
            s
            for s in semesters
            if str(s.pk) == (request.POST.get("semester") or request.GET.get("semester"))
        ),
        semesters[0] if semesters else None,
    )
    lines = selectors.semester_lines(student, chosen) if chosen else []
    form = forms.ApplicationForm(
        request.POST or None,
        request.FILES or None,
        semesters=semesters,
        lines=lines,
        initial={"semester": chosen},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            app = services.application_create(
                actor=request.user,
                student=student,
                semester=data["semester"],
                period=data["period"],
                month=data.get("month"),
                reason_kind=data["reason_kind"],
                reason_text=data.get("reason_text") or "",
                lines=form.chosen(),
                files=data.get("documents") or [],
            )
        except ApprovalPermissionError as exc:
            raise Http404 from exc
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("The application is saved as a draft: check the findings and submit it."),
            )
            return redirect("plans:application_detail", app.pk)
    return render(
        request,
        "plans/application_form.html",
        {
            "form": form,
            "student": student,
            "semesters": semesters,
            "chosen": chosen,
            "lines": lines,
        },
    )


def _application_context(request: HttpRequest, app: DotApplication, **extra: Any) -> dict[str, Any]:
    user = request.user
    editable = permissions.can_edit_application(user, app)
    step = app.approval_step if app.status == ApprovalStatus.IN_REVIEW else ""
    may_decide = False
    if step == approval.TEACHERS:
        may_decide = app.lines.filter(teacher_id=user.pk).exists()
    elif step:
        current = approval.APPLICATION_ROUTE.step(step)
        may_decide = bool(current and current.may_decide(user, app))
    context = {
        "app": app,
        "lines": list(app.lines.select_related("discipline", "module", "teacher")),
        "documents": list(app.documents.all()),
        "findings": compliance.check_application(app),
        "editable": editable,
        "can_decide": may_decide,
        "teacher_step": step == approval.TEACHERS,
        "decision_form": extra.pop("decision_form", None)
        or forms.DecisionForm(initial={"step": step}),
        "reason_form": extra.pop("reason_form", None)
        or forms.ReasonForm(
            initial={"reason_kind": app.reason_kind, "reason_text": app.reason_text}
        ),
        "documents_form": extra.pop("documents_form", None) or forms.DocumentsForm(),
        "can_create_plan": permissions.can_create_plan(user, app),
        "plans": list(app.study_plans.order_by("version")),
        **_timeline(app, approval.APPLICATION_ROUTE),
    }
    context.update(extra)
    return context


@login_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    app = _application(request, pk)
    return render(request, "plans/application_detail.html", _application_context(request, app))


@login_required
@require_POST
def application_submit(request: HttpRequest, pk: int) -> HttpResponse:
    app = _application(request, pk)
    try:
        services.application_submit(
            actor=request.user, application=app, comment=request.POST.get("comment", "")
        )
    except ApprovalPermissionError as exc:
        raise Http404 from exc
    except ValidationError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("The application is sent to the teachers (п. 5.4.1)."))
    return redirect("plans:application_detail", app.pk)


@login_required
@require_POST
def application_decide(request: HttpRequest, pk: int) -> HttpResponse:
    app = _application(request, pk)
    form = forms.DecisionForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "plans/application_detail.html",
            _application_context(request, app, decision_form=form),
            status=400,
        )
    data = form.cleaned_data
    blocked: list[str] = []
    try:
        if app.approval_step == approval.TEACHERS:
            blocked = services.application_teacher_decide(
                actor=request.user,
                application=app,
                decision=data["decision"],
                comment=data["comment"],
            )
        else:
            services.application_decide(
                actor=request.user,
                application=app,
                decision=data["decision"],
                comment=data["comment"],
                step=data.get("step") or None,
            )
    except ApprovalPermissionError as exc:
        raise Http404 from exc
    except ValidationError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("Your decision is recorded."))
        _waits(request, blocked)
    return redirect("plans:application_detail", app.pk)


@login_required
@require_POST
def application_reason(request: HttpRequest, pk: int) -> HttpResponse:
    app = _application(request, pk)
    if not permissions.can_edit_application(request.user, app):
        raise Http404
    form = forms.ReasonForm(request.POST)
    if form.is_valid():
        services.application_update_reason(
            actor=request.user,
            application=app,
            reason_kind=form.cleaned_data["reason_kind"],
            reason_text=form.cleaned_data["reason_text"],
        )
        messages.success(request, _("The reason is saved."))
        return redirect("plans:application_detail", app.pk)
    return render(
        request,
        "plans/application_detail.html",
        _application_context(request, app, reason_form=form),
        status=400,
    )


@login_required
@require_POST
def application_documents(request: HttpRequest, pk: int) -> HttpResponse:
    app = _application(request, pk)
    if not permissions.can_edit_application(request.user, app):
        raise Http404
    form = forms.DocumentsForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.application_add_documents(
                actor=request.user, application=app, files=form.cleaned_data["documents"]
            )
        except ValidationError as exc:
            form.add_error("documents", exc)
        else:
            messages.success(request, _("The documents are attached."))
            return redirect("plans:application_detail", app.pk)
    return render(
        request,
        "plans/application_detail.html",
        _application_context(request, app, documents_form=form),
        status=400,
    )


@login_required
def application_document(request: HttpRequest, pk: int, doc: int) -> FileResponse:
    app = _application(request, pk)
    document = ApplicationDocument.objects.filter(pk=doc, application=app).first()
    if document is None:
        raise Http404
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.name)


@login_required
@require_POST
def plan_create(request: HttpRequest, pk: int) -> HttpResponse:
    app = _application(request, pk)
    try:
        plan = services.plan_create_from_application(actor=request.user, application=app)
    except ApprovalPermissionError as exc:
        raise Http404 from exc
    except ValidationError as exc:
        _fail(request, exc)
        return redirect("plans:application_detail", app.pk)
    messages.success(request, _("The individual study plan is drafted from the application."))
    return redirect("plans:plan_detail", plan.pk)


# --- Plans --------------------------------------------------------------------------------


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    if not permissions.sees_plan_lists(request.user):
        raise Http404
    form = forms.PlanFilterForm(request.GET or None)
    filters = selectors.PlanFilters()
    if form.is_valid():
        data = form.cleaned_data
        filters = selectors.PlanFilters(
            state=data.get("state") or "",
            programme=data["programme"].pk if data.get("programme") else None,
            group=data["group"].pk if data.get("group") else None,
            semester=data["semester"].pk if data.get("semester") else None,
        )
    items = selectors.plan_list(request.user, filters)
    return render(request, "plans/plan_list.html", {"form": form, "items": items})


@login_required
def teaching(request: HttpRequest) -> HttpResponse:
    if not permissions.is_teacher(request.user):
        raise Http404
    return render(
        request,
        "plans/teaching.html",
        {
            "items": selectors.plans_of_teacher(request.user),
            "queues": selectors.queues(request.user),
        },
    )


def _plan_context(request: HttpRequest, plan: StudyPlan, **extra: Any) -> dict[str, Any]:
    user = request.user
    rows = list(plan.rows.all())
    step = plan.approval_step if plan.status == ApprovalStatus.IN_REVIEW else ""
    current = approval.PLAN_ROUTE.step(step) if step else None
    may_decide = bool(current and current.may_decide(user, plan))
    bound_hours = extra.pop("hours_forms", {})
    bound_results = extra.pop("result_forms", {})
    bound_rows = extra.pop("row_forms", {})
    editable = permissions.can_edit_plan(user, plan)
    row_items = []
    for row in rows:
        row.plan = plan
        item: dict[str, Any] = {"row": row}
        if permissions.can_set_hours(user, row):
            item["hours_form"] = bound_hours.get(row.pk) or forms.HoursForm(
                line=row.curriculum_line,
                initial={
                    "lecture_hours": row.lecture_hours,
                    "lab_hours": row.lab_hours,
                    "practice_hours": row.practice_hours,
                    "dot_hours": row.dot_hours,
                },
                prefix=f"h{row.pk}",
            )
        if permissions.can_record_result(user, row):
            item["result_form"] = bound_results.get(row.pk) or forms.ResultForm(
                initial={"result": row.result}, prefix=f"r{row.pk}"
            )
        if editable:
            item["row_form"] = bound_rows.get(row.pk) or forms.RowForm(
                initial={
                    "dot_hours": row.dot_hours,
                    "place_and_time": row.place_and_time,
                    "deadline": row.deadline,
                    "note": row.note,
                },
                prefix=f"e{row.pk}",
            )
            item["may_permit"] = row.teacher_id == user.pk and not row.teacher_permission
        row_items.append(item)
    findings = compliance.check_plan(plan)
    context = {
        "plan": plan,
        "row_items": row_items,
        "findings": findings,
        "blocked": compliance.blocks(findings),
        "step": step,
        "can_decide": may_decide,
        "editable": editable,
        "can_submit": editable,
        "decision_form": extra.pop("decision_form", None)
        or forms.DecisionForm(initial={"step": step}),
        "schedule_form": extra.pop("schedule_form", None)
        or forms.ScheduleForm(initial={"individual_schedule": plan.individual_schedule}),
        "can_amend": permissions.can_amend(user, plan),
        "can_archive": permissions.can_archive(user, plan),
        "can_download": permissions.can_download(user, plan),
        "agreements": selectors.department_agreements(plan),
        "versions": _versions(plan, user),
        **_timeline(plan, approval.PLAN_ROUTE),
    }
    context.update(extra)
    return context


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    return render(request, "plans/plan_detail.html", _plan_context(request, plan))


def _plan_action(request: HttpRequest, plan: StudyPlan, call: Any, done: str) -> HttpResponse:
    try:
        call()
    except ApprovalPermissionError as exc:
        raise Http404 from exc
    except ValidationError as exc:
        _fail(request, exc)
    else:
        messages.success(request, done)
    return redirect("plans:plan_detail", plan.pk)


@login_required
@require_POST
def plan_submit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    return _plan_action(
        request,
        plan,
        lambda: services.plan_submit(
            actor=request.user, plan=plan, comment=request.POST.get("comment", "")
        ),
        _("The plan is sent to the teachers to set the classroom hours (п. 5.5.1)."),
    )


@login_required
@require_POST
def plan_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """The decision at the current step: the student's acknowledgement, a head of
    department's agreement, the academic office's and the dean's decisions, or a return."""
    plan = _plan(request, pk)
    current = approval.PLAN_ROUTE.step(plan.approval_step)
    if current is None or not current.may_decide(request.user, plan):
        raise Http404
    form = forms.DecisionForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "plans/plan_detail.html",
            _plan_context(request, plan, decision_form=form),
            status=400,
        )
    data = form.cleaned_data
    decision, comment = data["decision"], data["comment"]
    step = plan.approval_step
    if data.get("step") and data["step"] != step:
        messages.error(
            request, _("This step has already been decided. Reload the page to see the route.")
        )
        return redirect("plans:plan_detail", plan.pk)
    approve = decision == DecisionAction.APPROVE

    def call() -> None:
        if approve and step == approval.STUDENT:
            services.plan_acknowledge(actor=request.user, plan=plan, comment=comment)
        elif approve and step == approval.DEPARTMENT:
            _waits(
                request,
                services.plan_department_agree(actor=request.user, plan=plan, comment=comment),
            )
        elif approve and step == approval.TEACHERS:
            raise ValidationError(_("п. 5.5.1: set the classroom hours of your rows instead."))
        else:
            services.plan_decide(
                actor=request.user, plan=plan, decision=decision, comment=comment, step=step
            )

    return _plan_action(request, plan, call, _("Your decision is recorded."))


def _row(request: HttpRequest, pk: int, row_pk: int) -> tuple[StudyPlan, StudyPlanRow]:
    plan = _plan(request, pk)
    row = (
        StudyPlanRow.objects.select_related("curriculum_line", "teacher")
        .filter(pk=row_pk, plan=plan)
        .first()
    )
    if row is None:
        raise Http404
    row.plan = plan
    return plan, row


@login_required
@require_POST
def row_hours(request: HttpRequest, pk: int, row_pk: int) -> HttpResponse:
    plan, row = _row(request, pk, row_pk)
    if not permissions.can_set_hours(request.user, row):
        raise Http404
    form = forms.HoursForm(request.POST, line=row.curriculum_line, prefix=f"h{row.pk}")
    if form.is_valid():
        data = form.cleaned_data
        try:
            blocked = services.plan_set_hours(
                actor=request.user,
                row=row,
                lecture_hours=data["lecture_hours"],
                lab_hours=data["lab_hours"],
                practice_hours=data["practice_hours"],
                dot_hours=data.get("dot_hours"),
            )
        except ApprovalPermissionError as exc:
            raise Http404 from exc
        except ValidationError as exc:
            _fail(request, exc)
        else:
            messages.success(request, _("The classroom hours are set."))
            _waits(request, blocked)
        return redirect("plans:plan_detail", plan.pk)
    return render(
        request,
        "plans/plan_detail.html",
        _plan_context(request, plan, hours_forms={row.pk: form}),
        status=400,
    )


@login_required
@require_POST
def row_result(request: HttpRequest, pk: int, row_pk: int) -> HttpResponse:
    plan, row = _row(request, pk, row_pk)
    if not permissions.can_record_result(request.user, row):
        raise Http404
    form = forms.ResultForm(request.POST, prefix=f"r{row.pk}")
    if form.is_valid():
        return _plan_action(
            request,
            plan,
            lambda: services.plan_record_result(
                actor=request.user, row=row, result=form.cleaned_data["result"]
            ),
            _("The result is recorded."),
        )
    return render(
        request,
        "plans/plan_detail.html",
        _plan_context(request, plan, result_forms={row.pk: form}),
        status=400,
    )


@login_required
@require_POST
def row_edit(request: HttpRequest, pk: int, row_pk: int) -> HttpResponse:
    plan, row = _row(request, pk, row_pk)
    if not permissions.can_edit_plan(request.user, plan):
        raise Http404
    form = forms.RowForm(request.POST, prefix=f"e{row.pk}")
    if form.is_valid():
        return _plan_action(
            request,
            plan,
            lambda: services.plan_row_update(actor=request.user, row=row, **form.cleaned_data),
            _("The row is saved."),
        )
    return render(
        request,
        "plans/plan_detail.html",
        _plan_context(request, plan, row_forms={row.pk: form}),
        status=400,
    )


@login_required
@require_POST
def row_permit(request: HttpRequest, pk: int, row_pk: int) -> HttpResponse:
    plan, row = _row(request, pk, row_pk)
    return _plan_action(
        request,
        plan,
        lambda: services.plan_row_permit(actor=request.user, row=row),
        _("Your permission is recorded (п. 5.4.1)."),
    )


@login_required
@require_POST
def plan_schedule(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    if not permissions.can_edit_plan(request.user, plan):
        raise Http404
    form = forms.ScheduleForm(request.POST)
    if form.is_valid():
        return _plan_action(
            request,
            plan,
            lambda: services.plan_update(
                actor=request.user,
                plan=plan,
                individual_schedule=form.cleaned_data["individual_schedule"],
            ),
            _("The individual schedule is saved."),
        )
    return render(
        request,
        "plans/plan_detail.html",
        _plan_context(request, plan, schedule_form=form),
        status=400,
    )


@login_required
@require_POST
def plan_amend(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    try:
        new = services.plan_amend(actor=request.user, plan=plan)
    except ApprovalPermissionError as exc:
        raise Http404 from exc
    messages.success(request, _("A new version is drafted; it goes through the whole route again."))
    return redirect("plans:plan_detail", new.pk)


@login_required
@require_POST
def plan_archive(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    return _plan_action(
        request,
        plan,
        lambda: services.plan_archive(actor=request.user, plan=plan),
        _("The plan is archived."),
    )


def _document(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    plan = _plan(request, pk)
    if not permissions.can_download(request.user, plan):
        raise Http404
    from . import documents

    language = request.GET.get("lang") or get_language() or "ru"
    language = language if language in ("ru", "ky", "en") else "ru"
    name = f"iup-{plan.student.record_book_number}-v{plan.version}"
    if kind == "pdf":
        data = documents.render_pdf(plan, language=language)
        content_type, ext = "application/pdf", "pdf"
    else:
        data = documents.render_docx(plan, language=language)
        content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        ext = "docx"
    response = HttpResponse(data, content_type=content_type)
    # RFC 6266: a Cyrillic record-book number survives as filename*=UTF-8''…
    response["Content-Disposition"] = content_disposition_header(True, f"{name}.{ext}")
    return response


@login_required
def plan_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return _document(request, pk, "pdf")


@login_required
def plan_docx(request: HttpRequest, pk: int) -> HttpResponse:
    return _document(request, pk, "docx")


# --- DOT orders ---------------------------------------------------------------------------


@login_required
def order_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "plans/order_list.html",
        {
            "orders": selectors.order_list(request.user),
            "can_create": permissions.can_create_order(request.user),
        },
    )


def _order_programmes(user: Any) -> Any:
    from dot.content.permissions import faculty_paths

    if getattr(user, "is_superuser", False):
        return Programme.objects.all()
    q = Programme.objects.none()
    for path in faculty_paths(user, permissions.FACULTY_ROLES):
        q = q | Programme.objects.filter(faculty__path__startswith=path)
    return q


@login_required
def order_new(request: HttpRequest) -> HttpResponse:
    if not permissions.can_create_order(request.user):
        raise Http404
    form = forms.OrderForm(request.POST or None, programmes=_order_programmes(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            order = services.order_create(actor=request.user, **data)
        except ApprovalPermissionError as exc:
            raise Http404 from exc
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The DOT order is drafted: add its disciplines."))
            return redirect("plans:order_detail", order.pk)
    return render(request, "plans/order_form.html", {"form": form})


def _order_context(request: HttpRequest, order: DotOrder, **extra: Any) -> dict[str, Any]:
    user = request.user
    step = order.approval_step if order.status == ApprovalStatus.IN_REVIEW else ""
    current = approval.ORDER_ROUTE.step(step) if step else None
    editable = permissions.can_edit_order(user, order)
    context = {
        "order": order,
        "items": list(order.items.select_related("discipline", "module")),
        "editable": editable,
        "item_form": extra.pop("item_form", None)
        or (forms.OrderItemForm(order=order) if editable else None),
        "order_form": extra.pop("order_form", None)
        or (forms.OrderForm(instance=order) if editable else None),
        "can_decide": bool(current and current.may_decide(user, order)),
        "decision_form": extra.pop("decision_form", None)
        or forms.DecisionForm(initial={"step": step}),
        **_timeline(order, approval.ORDER_ROUTE),
    }
    context.update(extra)
    return context


@login_required
def order_detail(request: HttpRequest, pk: int) -> HttpResponse:
    order = _order(request, pk)
    return render(request, "plans/order_detail.html", _order_context(request, order))


@login_required
@require_POST
def order_edit(request: HttpRequest, pk: int) -> HttpResponse:
    order = _order(request, pk)
    if not permissions.can_edit_order(request.user, order):
        raise Http404
    form = forms.OrderForm(request.POST, instance=DotOrder.objects.get(pk=order.pk))
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "programme"}
        try:
            services.order_update(actor=request.user, order=order, **data)
        except ValidationError as exc:
            _fail(request, exc)
        else:
            messages.success(request, _("The DOT order is saved."))
        return redirect("plans:order_detail", order.pk)
    return render(
        request,
        "plans/order_detail.html",
        _order_context(request, order, order_form=form),
        status=400,
    )


@login_required
@require_POST
def order_item_add(request: HttpRequest, pk: int) -> HttpResponse:
    order = _order(request, pk)
    if not permissions.can_edit_order(request.user, order):
        raise Http404
    form = forms.OrderItemForm(request.POST, order=order)
    if form.is_valid():
        try:
            services.order_item_add(actor=request.user, order=order, **form.cleaned_data)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, exc)
        else:
            messages.success(request, _("The discipline is added to the order."))
            return redirect("plans:order_detail", order.pk)
    return render(
        request,
        "plans/order_detail.html",
        _order_context(request, order, item_form=form),
        status=400,
    )


@login_required
@require_POST
def order_item_remove(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    order = _order(request, pk)
    found = DotOrderItem.objects.filter(pk=item, order=order).first()
    if found is None:
        raise Http404
    try:
        services.order_item_remove(actor=request.user, item=found)
    except ApprovalPermissionError as exc:
        raise Http404 from exc
    messages.success(request, _("The discipline is removed from the order."))
    return redirect("plans:order_detail", order.pk)


@login_required
@require_POST
def order_submit(request: HttpRequest, pk: int) -> HttpResponse:
    order = _order(request, pk)
    try:
        services.order_submit(
            actor=request.user, order=order, comment=request.POST.get("comment", "")
        )
    except ApprovalPermissionError as exc:
        raise Http404 from exc
    except ValidationError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("The DOT order is sent to the academic office."))
    return redirect("plans:order_detail", order.pk)


@login_required
@require_POST
def order_decide(request: HttpRequest, pk: int) -> HttpResponse:
    order = _order(request, pk)
    form = forms.DecisionForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "plans/order_detail.html",
            _order_context(request, order, decision_form=form),
            status=400,
        )
    try:
        services.order_decide(
            actor=request.user,
            order=order,
            decision=form.cleaned_data["decision"],
            comment=form.cleaned_data["comment"],
            step=form.cleaned_data.get("step") or None,
        )
    except ApprovalPermissionError as exc:
        raise Http404 from exc
    except ValidationError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("Your decision is recorded."))
    return redirect("plans:order_detail", order.pk)
