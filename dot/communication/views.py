"""The notification centre: list, mark read, e-mail preferences."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import selectors, services
from .forms import EmailPreferencesForm
from .permissions import visible_to

PAGE_SIZE = 20


def _safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.notification_list(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "communication/notification_list.html", {"page": page})


@require_POST
@login_required
def notification_read(request: HttpRequest, pk: int) -> HttpResponseRedirect:
    """Mark one notification read; with ``next``, go on to the notification's page."""
    notification = get_object_or_404(visible_to(request.user), pk=pk)
    services.notification_mark_read(notification=notification)
    return redirect(_safe_next(request, "communication:list"))


@require_POST
@login_required
def notification_read_all(request: HttpRequest) -> HttpResponseRedirect:
    count = services.notifications_mark_all_read(user=request.user)
    if count:
        messages.success(request, _("All notifications are marked as read."))
    return redirect("communication:list")


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    prefs = selectors.email_preferences(user=request.user)
    form = EmailPreferencesForm(request.POST or None, preferences=prefs)
    if request.method == "POST" and form.is_valid():
        services.notification_preferences_set(user=request.user, email_by_kind=form.email_by_kind())
        messages.success(request, _("Your notification settings are saved."))
        return redirect("communication:preferences")
    return render(
        request,
        "communication/preferences.html",
        {"form": form, "mandatory": [p for p in prefs if p.mandatory]},
    )
