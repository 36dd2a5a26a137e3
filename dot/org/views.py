"""The IT office's screens for the university's structure (п. 2.2, 4.2–4.9).

Thin views over ``services`` and ``permissions``; units outside the caller's scope and
screens the caller may not use answer 404.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dot.core.audit import audit_for

from . import permissions, selectors, services
from .forms import OrgUnitForm
from .models import OrgUnit

View = Callable[..., HttpResponse]
FORM_FIELDS = [
    "office_type",
    "parent",
    "name",
    "name_ky",
    "name_en",
    "short_name",
    "code",
    "head_title",
    "description",
    "address",
    "phone",
    "email",
]


def manager_required(view: View) -> View:
    @wraps(view)
    @login_required
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not permissions.can_manage_units(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def _unit(request: HttpRequest, pk: int) -> OrgUnit:
    return get_object_or_404(permissions.visible_to(request.user), pk=pk)


def _form_errors(form: OrgUnitForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@manager_required
def unit_tree(request: HttpRequest) -> HttpResponse:
    show_inactive = request.GET.get("inactive") == "1"
    units = permissions.visible_to(request.user)
    if not show_inactive:
        units = units.active()
    return render(
        request,
        "org/tree.html",
        {"tree": selectors.unit_tree(units), "show_inactive": show_inactive},
    )


@manager_required
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _unit(request, pk)
    children = permissions.visible_to(request.user).filter(parent=unit).order_by("path")
    return render(
        request,
        "org/detail.html",
        {
            "unit": unit,
            "children": children,
            "can_change": permissions.can_change_unit(request.user, unit),
            "can_deactivate": permissions.can_deactivate_unit(request.user, unit),
            "can_reactivate": permissions.can_reactivate_unit(request.user, unit),
            "history": audit_for(unit)[:50],
        },
    )


@manager_required
def unit_create(request: HttpRequest) -> HttpResponse:
    parents = permissions.visible_to(request.user)
    initial = {}
    if parent_pk := request.GET.get("parent", "").strip():
        if parent_pk.isdigit():
            initial["parent"] = parents.filter(pk=int(parent_pk)).first()
    form = OrgUnitForm(request.POST or None, initial=initial, parents=parents)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not permissions.can_create_unit(request.user, data["parent"]):
            raise Http404
        try:
            unit = services.org_unit_create(
                actor=request.user,
                kind=data["kind"],
                **{name: data[name] for name in FORM_FIELDS},
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The unit has been created."))
            return redirect("org:detail", pk=unit.pk)
    return render(request, "org/form.html", {"form": form, "creating": True})


@manager_required
def unit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _unit(request, pk)
    if not permissions.can_change_unit(request.user, unit):
        raise Http404
    form = OrgUnitForm(
        request.POST or None,
        instance=unit,
        parents=permissions.visible_to(request.user),
        can_move=permissions.can_move_unit(request.user, unit),
    )
    if request.method == "POST" and form.is_valid():
        fields = {
            name: form.cleaned_data[name]
            for name in FORM_FIELDS
            if name in form.fields and not form.fields[name].disabled
        }
        try:
            services.org_unit_update(actor=request.user, unit=unit, **fields)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect("org:detail", pk=unit.pk)
    return render(request, "org/form.html", {"form": form, "creating": False, "unit": unit})


@require_POST
@manager_required
def unit_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _unit(request, pk)
    if not permissions.can_deactivate_unit(request.user, unit):
        raise Http404
    try:
        services.org_unit_deactivate(actor=request.user, unit=unit)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The unit has been deactivated."))
    return redirect("org:detail", pk=unit.pk)


@require_POST
@manager_required
def unit_reactivate(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _unit(request, pk)
    if not permissions.can_reactivate_unit(request.user, unit):
        raise Http404
    try:
        services.org_unit_reactivate(actor=request.user, unit=unit)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The unit has been reactivated."))
    return redirect("org:detail", pk=unit.pk)
