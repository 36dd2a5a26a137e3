"""Screens of the working curricula (РУП), disciplines and time norms.

Thin views: parse input, check ``permissions``, call one service, render. Objects the
user may not see answer 404, exactly like missing ones.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from dot.org.models import OrgUnit, UnitKind

from . import approval, permissions, selectors, services, xlsx
from .forms import (
    CurriculumCopyForm,
    CurriculumCreateForm,
    CurriculumFilterForm,
    CurriculumImportForm,
    CurriculumLineForm,
    DisciplineFilterForm,
    DisciplineForm,
    DisciplineModuleForm,
    TimeNormForm,
)
from .models import Curriculum, CurriculumLine, Discipline, DisciplineModule, TimeNorm

PAGE_SIZE = 25


def _apply_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _page(request: HttpRequest, qs: QuerySet[Any]) -> Any:
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))


def _curriculum(request: HttpRequest, pk: int) -> Curriculum:
    return get_object_or_404(
        permissions.visible_to(request.user).select_related(
            "programme",
            "programme__direction",
            "programme__department",
            "programme__faculty",
            "copied_from",
        ),
        pk=pk,
    )


def _editable_curriculum(request: HttpRequest, pk: int) -> Curriculum:
    curriculum = _curriculum(request, pk)
    if not permissions.can_edit_curriculum(request.user, curriculum):
        raise Http404
    return curriculum


def _xlsx_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=xlsx.XLSX_MIME)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- РУП lists ---------------------------------------------------------------------------


@login_required
def curriculum_list(request: HttpRequest) -> HttpResponse:
    """All РУП the user may see, with search, filters and pagination."""
    user = request.user
    if not permissions.can_list_curricula(user):
        raise Http404
    visible = permissions.visible_to(user)
    programmes = permissions.programmes_visible_to(user).select_related("direction")
    form = CurriculumFilterForm(request.GET or None, programmes=programmes)
    qs = visible.select_related("programme", "programme__direction", "programme__department")
    qs = qs.annotate(line_count=Count("lines"))
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            qs = qs.filter(
                Q(programme__name__icontains=data["q"])
                | Q(programme__direction__code__icontains=data["q"])
                | Q(programme__direction__name__icontains=data["q"])
            )
        if data["programme"]:
            qs = qs.filter(programme=data["programme"])
        if data["department"]:
            qs = qs.filter(programme__department=data["department"])
        if data["intake_year"]:
            qs = qs.filter(intake_year=data["intake_year"])
        if data["status"]:
            qs = qs.filter(status=data["status"])
    page = _page(request, qs.order_by("-intake_year", "programme__name", "-version"))
    return render(
        request,
        "academics/curriculum_list.html",
        {
            "page": page,
            "form": form,
            "can_create": permissions.can_create_curriculum(user),
            "can_see_queue": permissions.can_see_queue(user),
        },
    )


@login_required
def curriculum_queue(request: HttpRequest) -> HttpResponse:
    """РУП awaiting the user's decision: agreement (УО) or approval (vice-rector)."""
    if not permissions.can_see_queue(request.user):
        raise Http404
    qs = (
        approval.pending_for(request.user)
        .select_related("programme", "programme__direction", "programme__department")
        .annotate(line_count=Count("lines"))
        .order_by("updated_at")
    )
    return render(request, "academics/curriculum_queue.html", {"page": _page(request, qs)})


@login_required
def programme_list(request: HttpRequest) -> HttpResponse:
    """Programmes with their licensed forms of study (п. 5.4.3) and РУП in force."""
    if not permissions.can_list_curricula(request.user):
        raise Http404
    form = DisciplineFilterForm(request.GET or None)
    qs = (
        permissions.programmes_visible_to(request.user)
        .select_related("direction", "faculty", "department", "leader")
        .annotate(
            in_force_count=Count("curricula", filter=Q(curricula__in_force=True), distinct=True)
        )
    )
    if form.is_valid() and form.cleaned_data["q"]:
        q = form.cleaned_data["q"]
        qs = qs.filter(
            Q(name__icontains=q) | Q(direction__code__icontains=q) | Q(direction__name__icontains=q)
        )
    page = _page(request, qs.order_by("direction__code", "name"))
    return render(request, "academics/programme_list.html", {"page": page, "form": form})


# --- РУП create, view, copy, delete ------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def curriculum_create(request: HttpRequest) -> HttpResponse:
    programmes = permissions.programmes_editable_by(request.user)
    if not programmes.exists():
        raise Http404
    form = CurriculumCreateForm(request.POST or None, programmes=programmes)
    if request.method == "POST" and form.is_valid():
        curriculum = services.curriculum_create(
            programme=form.cleaned_data["programme"],
            intake_year=form.cleaned_data["intake_year"],
            note=form.cleaned_data["note"],
            actor=request.user,
        )
        messages.success(request, _("The draft curriculum is created. Add its lines."))
        return redirect(curriculum)
    return render(request, "academics/curriculum_form.html", {"form": form})


@login_required
def curriculum_detail(request: HttpRequest, pk: int) -> HttpResponse:
    curriculum = _curriculum(request, pk)
    can_edit = permissions.can_edit_curriculum(request.user, curriculum)
    context: dict[str, Any] = {
        "curriculum": curriculum,
        "summary": selectors.curriculum_summary(curriculum),
        "can_edit": can_edit,
        "can_copy": permissions.can_copy_curriculum(request.user, curriculum),
        "step_label": approval.step_label(curriculum),
        "route": approval.ROUTE,
    }
    if can_edit:
        context["line_form"] = CurriculumLineForm(
            disciplines=Discipline.objects.filter(is_active=True).select_related("department"),
            prefix="line",
        )
        context["import_form"] = CurriculumImportForm()
    if context["can_copy"]:
        context["copy_form"] = CurriculumCopyForm(
            initial={"intake_year": curriculum.intake_year + 1}
        )
    return render(request, "academics/curriculum_detail.html", context)


@login_required
@require_POST
def curriculum_copy(request: HttpRequest, pk: int) -> HttpResponse:
    source = _curriculum(request, pk)
    if not permissions.can_copy_curriculum(request.user, source):
        raise Http404
    form = CurriculumCopyForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, str(message))
        return redirect(source)
    copy = services.curriculum_copy(
        source=source, intake_year=form.cleaned_data["intake_year"], actor=request.user
    )
    messages.success(request, _("The curriculum is copied into a new draft."))
    return redirect(copy)


@login_required
@require_POST
def curriculum_delete(request: HttpRequest, pk: int) -> HttpResponse:
    curriculum = _editable_curriculum(request, pk)
    try:
        services.curriculum_delete(curriculum=curriculum, actor=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect(curriculum)
    messages.success(request, _("The draft is deleted."))
    return redirect("academics:curriculum_list")


# --- Lines ------------------------------------------------------------------------------------


def _line_data(form: CurriculumLineForm) -> dict[str, Any]:
    data = dict(form.cleaned_data)
    if not data.get("is_elective"):
        data["elective_group"] = ""
    return data


@login_required
@require_POST
def line_add(request: HttpRequest, pk: int) -> HttpResponse:
    curriculum = _editable_curriculum(request, pk)
    disciplines = Discipline.objects.filter(is_active=True).select_related("department")
    form = CurriculumLineForm(request.POST, disciplines=disciplines, prefix="line")
    if form.is_valid():
        try:
            services.curriculum_line_create(
                curriculum=curriculum, actor=request.user, **_line_data(form)
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The line is added."))
            return redirect(f"{curriculum.get_absolute_url()}#lines")
    return render(
        request,
        "academics/curriculum_detail.html",
        {
            "curriculum": curriculum,
            "summary": selectors.curriculum_summary(curriculum),
            "can_edit": True,
            "line_form": form,
            "import_form": CurriculumImportForm(),
            "step_label": approval.step_label(curriculum),
            "route": approval.ROUTE,
        },
        status=400,
    )


def _line(request: HttpRequest, pk: int, line_pk: int) -> CurriculumLine:
    curriculum = _editable_curriculum(request, pk)
    line = get_object_or_404(
        CurriculumLine.objects.select_related("discipline"), pk=line_pk, curriculum=curriculum
    )
    line.curriculum = curriculum
    return line


@login_required
@require_http_methods(["GET", "POST"])
def line_edit(request: HttpRequest, pk: int, line_pk: int) -> HttpResponse:
    line = _line(request, pk, line_pk)
    disciplines = Discipline.objects.filter(is_active=True).select_related("department")
    form = CurriculumLineForm(request.POST or None, instance=line, disciplines=disciplines)
    if request.method == "POST" and form.is_valid():
        try:
            services.curriculum_line_update(line=line, actor=request.user, **_line_data(form))
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The line is saved."))
            return redirect(f"{line.curriculum.get_absolute_url()}#lines")
    # htmx (progressive enhancement): the form replaces the line's row in place.
    template = (
        "academics/_line_edit_row.html"
        if getattr(request, "htmx", False) and request.method == "GET"
        else "academics/line_form.html"
    )
    return render(
        request,
        template,
        {"form": form, "line": line, "curriculum": line.curriculum},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def line_delete(request: HttpRequest, pk: int, line_pk: int) -> HttpResponse:
    line = _line(request, pk, line_pk)
    services.curriculum_line_delete(line=line, actor=request.user)
    messages.success(request, _("The line is deleted."))
    return redirect(f"{line.curriculum.get_absolute_url()}#lines")


# --- XLSX ---------------------------------------------------------------------------------------


@login_required
def curriculum_template(request: HttpRequest) -> HttpResponse:
    """The empty XLSX template of a РУП (documented in the app's README)."""
    return _xlsx_response(xlsx.template_bytes(), "rup-template.xlsx")


@login_required
def curriculum_export(request: HttpRequest, pk: int) -> HttpResponse:
    curriculum = _curriculum(request, pk)
    name = f"rup-{curriculum.programme.code}-{curriculum.intake_year}-v{curriculum.version}.xlsx"
    return _xlsx_response(xlsx.export_curriculum(curriculum), name)


@login_required
@require_http_methods(["GET", "POST"])
def curriculum_import(request: HttpRequest, pk: int) -> HttpResponse:
    curriculum = _editable_curriculum(request, pk)
    form = CurriculumImportForm(request.POST or None, request.FILES or None)
    row_errors: list[Any] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            count = services.curriculum_import_xlsx(
                curriculum=curriculum, upload=upload, actor=request.user, filename=upload.name
            )
        except xlsx.ImportFileError as exc:
            form.add_error("file", str(exc))
        except services.CurriculumImportError as exc:
            row_errors = exc.row_errors
            form.add_error(
                "file",
                _("The file has %(n)s errors; nothing is imported. Fix them and upload again.")
                % {"n": len(row_errors)},
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Imported lines: %(n)s.") % {"n": count})
            return redirect(f"{curriculum.get_absolute_url()}#lines")
    return render(
        request,
        "academics/curriculum_import.html",
        {"form": form, "curriculum": curriculum, "row_errors": row_errors},
        status=400 if form.errors else 200,
    )


# --- Disciplines and modules -----------------------------------------------------------------


@login_required
def discipline_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not permissions.can_list_curricula(user):
        raise Http404
    form = DisciplineFilterForm(request.GET or None)
    qs = (
        permissions.disciplines_visible_to(user)
        .select_related("department")
        .annotate(module_count=Count("modules", distinct=True))
    )
    if form.is_valid() and form.cleaned_data["q"]:
        q = form.cleaned_data["q"]
        qs = qs.filter(Q(name__icontains=q) | Q(code__icontains=q))
    departments = OrgUnit.objects.filter(
        permissions.scope_q(user, permissions.CURRICULUM_EDITORS, "path"),
        kind=UnitKind.DEPARTMENT,
    )
    create_form = DisciplineForm(departments=departments) if departments.exists() else None
    return render(
        request,
        "academics/discipline_list.html",
        {"page": _page(request, qs.order_by("name")), "form": form, "create_form": create_form},
    )


@login_required
@require_POST
def discipline_create(request: HttpRequest) -> HttpResponse:
    departments = OrgUnit.objects.filter(
        permissions.scope_q(request.user, permissions.CURRICULUM_EDITORS, "path"),
        kind=UnitKind.DEPARTMENT,
    )
    if not departments.exists():
        raise Http404
    form = DisciplineForm(request.POST, departments=departments)
    if form.is_valid():
        try:
            discipline = services.discipline_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The discipline is added to the catalogue."))
            return redirect("academics:discipline_detail", pk=discipline.pk)
    return render(request, "academics/discipline_form.html", {"form": form}, status=400)


def _discipline(request: HttpRequest, pk: int) -> Discipline:
    return get_object_or_404(
        permissions.disciplines_visible_to(request.user).select_related("department"), pk=pk
    )


@login_required
@require_http_methods(["GET", "POST"])
def discipline_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A discipline with its modules (п. 5.4.2); the owning department adds modules."""
    discipline = _discipline(request, pk)
    can_edit = permissions.can_edit_discipline(request.user, discipline)
    form = DisciplineModuleForm(request.POST or None) if can_edit else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            services.discipline_module_create(
                discipline=discipline, actor=request.user, **form.cleaned_data
            )
            messages.success(request, _("The module is added."))
            return redirect("academics:discipline_detail", pk=discipline.pk)
    lines = (
        CurriculumLine.objects.filter(
            discipline=discipline, curriculum__in=permissions.visible_to(request.user)
        )
        .select_related("curriculum", "curriculum__programme")
        .order_by("-curriculum__intake_year", "semester_number")[:50]
    )
    return render(
        request,
        "academics/discipline_detail.html",
        {
            "discipline": discipline,
            "modules": discipline.modules.all(),
            "form": form,
            "can_edit": can_edit,
            "lines": lines,
        },
        status=400 if form is not None and form.errors else 200,
    )


@login_required
@require_POST
def module_delete(request: HttpRequest, pk: int) -> HttpResponse:
    module = get_object_or_404(DisciplineModule.objects.select_related("discipline"), pk=pk)
    discipline = _discipline(request, module.discipline_id)
    if not permissions.can_edit_discipline(request.user, discipline):
        raise Http404
    services.discipline_module_delete(module=module, actor=request.user)
    messages.success(request, _("The module is deleted."))
    return redirect("academics:discipline_detail", pk=discipline.pk)


# --- Time norms ----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def norm_list(request: HttpRequest) -> HttpResponse:
    """Time norms of teachers' load (п. 5.4.4), kept by the academic office."""
    if not permissions.can_view_norms(request.user):
        raise Http404
    can_edit = permissions.can_edit_norms(request.user)
    form = TimeNormForm(request.POST or None) if can_edit else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                services.time_norm_save(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, _("The norm is saved."))
                return redirect("academics:norm_list")
    norms = permissions.norms_visible_to(request.user).order_by("activity", "-valid_from")
    return render(
        request,
        "academics/norm_list.html",
        {"norms": norms, "form": form, "can_edit": can_edit},
        status=400 if form is not None and form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def norm_edit(request: HttpRequest, pk: int) -> HttpResponse:
    if not permissions.can_edit_norms(request.user):
        raise Http404
    norm = get_object_or_404(TimeNorm, pk=pk)
    # The form edits a copy, so that the service sees the old values for the audit row.
    form = TimeNormForm(request.POST or None, instance=TimeNorm.objects.get(pk=norm.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.time_norm_save(actor=request.user, norm=norm, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The norm is saved."))
            return redirect("academics:norm_list")
    return render(
        request,
        "academics/norm_form.html",
        {"form": form, "norm": norm},
        status=400 if form.errors else 200,
    )
