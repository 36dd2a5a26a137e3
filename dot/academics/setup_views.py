"""Screens of the academic office for programmes and the academic calendar (п. 4.5, 5.1).

Only the university's academic office reaches them (``setup_permissions``); for anyone
else they answer 404. The forms edit a copy of the object, so that the service sees
the old values for the audit row.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import setup_services as services
from .models import AcademicYear, Direction, ExamSession, Programme, Semester
from .setup_forms import (
    AcademicYearForm,
    DirectionForm,
    ExamSessionForm,
    ProgrammeForm,
    SemesterForm,
)
from .setup_permissions import can_manage_setup

TEMPLATE = "academics/setup/form.html"


def _require_manager(request: HttpRequest) -> None:
    if not can_manage_setup(request.user):
        raise Http404


def _apply_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _form_page(request: HttpRequest, form: Any, context: dict[str, Any]) -> HttpResponse:
    return render(request, TEMPLATE, {"form": form, **context}, status=400 if form.errors else 200)


def _copy(model: Any, pk: int) -> Any:
    return model.objects.get(pk=pk) if pk else None


# --- Directions and programmes ------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def direction_edit(request: HttpRequest, pk: int = 0) -> HttpResponse:
    _require_manager(request)
    direction = get_object_or_404(Direction, pk=pk) if pk else None
    form = DirectionForm(request.POST or None, instance=_copy(Direction, pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.direction_save(actor=request.user, direction=direction, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The direction is saved."))
            return redirect("academics:programme_create")
    title = _("Edit the direction") if direction else _("New direction")
    return _form_page(
        request,
        form,
        {"title": title, "back_url": "academics:programme_list", "back": _("Programmes")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def programme_edit(request: HttpRequest, pk: int = 0) -> HttpResponse:
    _require_manager(request)
    programme = get_object_or_404(Programme, pk=pk) if pk else None
    form = ProgrammeForm(request.POST or None, instance=_copy(Programme, pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.programme_save(
                actor=request.user, programme=programme, values=form.cleaned_data
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The programme is saved."))
            return redirect("academics:programme_list")
    title = _("Edit the programme") if programme else _("New programme")
    return _form_page(
        request,
        form,
        {
            "title": title,
            "back_url": "academics:programme_list",
            "back": _("Programmes"),
            "direction_link": True,
        },
    )


# --- The academic calendar ----------------------------------------------------------------


@login_required
def calendar(request: HttpRequest) -> HttpResponse:
    """Academic years with their semesters and exam sessions (three queries)."""
    _require_manager(request)
    years = AcademicYear.objects.prefetch_related(
        Prefetch(
            "semesters",
            queryset=Semester.objects.order_by("number").prefetch_related(
                Prefetch("sessions", queryset=ExamSession.objects.order_by("start"))
            ),
        )
    ).order_by("-start")
    return render(request, "academics/setup/calendar.html", {"years": years})


@login_required
@require_http_methods(["GET", "POST"])
def year_edit(request: HttpRequest, pk: int = 0) -> HttpResponse:
    _require_manager(request)
    year = get_object_or_404(AcademicYear, pk=pk) if pk else None
    form = AcademicYearForm(request.POST or None, instance=_copy(AcademicYear, pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.academic_year_save(actor=request.user, year=year, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The academic year is saved."))
            return redirect("academics:calendar")
    title = _("Edit the academic year") if year else _("New academic year")
    return _form_page(
        request, form, {"title": title, "back_url": "academics:calendar", "back": _("Calendar")}
    )


@login_required
@require_http_methods(["GET", "POST"])
def semester_edit(request: HttpRequest, year_pk: int, pk: int = 0) -> HttpResponse:
    _require_manager(request)
    year = get_object_or_404(AcademicYear, pk=year_pk)
    semester = get_object_or_404(Semester, pk=pk, academic_year=year) if pk else None
    form = SemesterForm(request.POST or None, instance=_copy(Semester, pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.semester_save(
                actor=request.user, academic_year=year, semester=semester, **form.cleaned_data
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The semester is saved."))
            return redirect("academics:calendar")
    title = _("Edit the semester") if semester else _("New semester")
    return _form_page(
        request,
        form,
        {
            "title": f"{title}: {year.title}",
            "back_url": "academics:calendar",
            "back": _("Calendar"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_edit(request: HttpRequest, semester_pk: int, pk: int = 0) -> HttpResponse:
    _require_manager(request)
    semester = get_object_or_404(Semester.objects.select_related("academic_year"), pk=semester_pk)
    session = get_object_or_404(ExamSession, pk=pk, semester=semester) if pk else None
    form = ExamSessionForm(request.POST or None, instance=_copy(ExamSession, pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.exam_session_save(
                actor=request.user, semester=semester, session=session, **form.cleaned_data
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The exam session is saved."))
            return redirect("academics:calendar")
    title = _("Edit the exam session") if session else _("New exam session")
    return _form_page(
        request,
        form,
        {"title": f"{title}: {semester}", "back_url": "academics:calendar", "back": _("Calendar")},
    )
