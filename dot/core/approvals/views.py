"""Generic pages of the engine: the decision page (GET/POST) and submission (POST).

Every workflow reuses them: the timeline component posts here and the user is sent
back to ``next`` (the object's page). An object the user may not see answers 404,
exactly like a missing one.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from dot.core.models import DecisionAction
from dot.core.permissions import can_decide, can_view_route

from .forms import DecisionForm, SubmitForm
from .routes import Route, get_route
from .selectors import approval_queue
from .services import ApprovalPermissionError, approval_decide, approval_submit

DONE_MESSAGES = {
    DecisionAction.APPROVE: gettext_lazy("The step is approved."),
    DecisionAction.RETURN: gettext_lazy("The document is returned for rework."),
    DecisionAction.REJECT: gettext_lazy("The document is rejected."),
}


def _object_or_404(request: HttpRequest, route_name: str, pk: str) -> tuple[Route, Any]:
    route = get_route(route_name)
    if route is None:
        raise Http404
    try:
        obj = route.model_class._default_manager.filter(pk=pk).first()
    except (ValueError, TypeError, ValidationError):
        obj = None
    if obj is None or not can_view_route(request.user, obj, route):
        raise Http404
    return route, obj


def _back(request: HttpRequest, route: Route, obj: Any) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return route.return_url(obj) or reverse("core:approval_decide", args=[route.name, obj.pk])


def _page(request: HttpRequest, route: Route, obj: Any, form: DecisionForm | None) -> HttpResponse:
    context = {
        "route": route,
        "obj": obj,
        "form": form,
        "back_url": _back(request, route, obj),
    }
    return render(request, "core/approval_page.html", context)


@login_required
def approval_queue_view(request: HttpRequest) -> HttpResponse:
    """Everything awaiting the user's decision, on every route."""
    return render(request, "core/approval_queue.html", {"sections": approval_queue(request.user)})


@login_required
@require_http_methods(["GET", "POST"])
def approval_decide_view(request: HttpRequest, route: str, pk: str) -> HttpResponse:
    """The object's route with the decision form; POST takes the decision."""
    r, obj = _object_or_404(request, route, pk)
    if request.method == "GET":
        return _page(request, r, obj, None)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        if not can_decide(request.user, obj, r):
            raise Http404
        return _page(request, r, obj, form)
    decision = form.cleaned_data["decision"]
    try:
        approval_decide(
            obj=obj,
            route=r,
            actor=request.user,
            decision=decision,
            comment=form.cleaned_data["comment"],
            step=form.cleaned_data["step"],
        )
    except ApprovalPermissionError as exc:
        raise Http404 from exc
    except ValidationError as exc:  # ApprovalError, or a route hook's own validation
        for message in exc.messages:
            messages.error(request, message)
        return HttpResponseRedirect(_back(request, r, obj))
    messages.success(request, DONE_MESSAGES[DecisionAction(decision)])
    return HttpResponseRedirect(_back(request, r, obj))


@login_required
@require_POST
def approval_submit_view(request: HttpRequest, route: str, pk: str) -> HttpResponse:
    """Submit (or resubmit after rework) the object to its route."""
    r, obj = _object_or_404(request, route, pk)
    form = SubmitForm(request.POST)
    if not form.is_valid():
        for message in form.errors.get("comment", []):
            messages.error(request, str(message))
        return HttpResponseRedirect(_back(request, r, obj))
    try:
        approval_submit(obj=obj, route=r, actor=request.user, comment=form.cleaned_data["comment"])
    except ApprovalPermissionError as exc:
        raise Http404 from exc
    except ValidationError as exc:  # ApprovalError, or a route hook's own validation
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The document is submitted for approval."))
    return HttpResponseRedirect(_back(request, r, obj))
