"""The notification centre: list, mark read, e-mail preferences."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from dot.accounts.models import User

from . import selectors, services
from .forms import EmailPreferencesForm
from .kinds import get_kind
from .permissions import visible_to
from .unsubscribe import read_token

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
        services.notification_preferences_set(
            user=request.user, delivery_by_kind=form.delivery_by_kind()
        )
        messages.success(request, _("Your notification settings are saved."))
        return redirect("communication:preferences")
    return render(
        request,
        "communication/preferences.html",
        {"form": form, "mandatory": [p for p in prefs if p.mandatory]},
    )


# The token in the link is the authority (signed for one user and kinds): no login, and
# no CSRF token, because mail clients post RFC 8058 one-click requests without one.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """A letter's unsubscribe link: GET asks to confirm, POST switches the kinds off."""
    data = read_token(token)
    user = User.objects.filter(pk=data[0], is_active=True).first() if data else None
    if data is None or user is None:
        return render(request, "communication/unsubscribe.html", {"invalid": True}, status=404)
    kinds = [get_kind(k) for k in data[1]]
    done = False
    if request.method == "POST":
        services.unsubscribe(user=user, kinds=data[1])
        done = True
    return render(
        request,
        "communication/unsubscribe.html",
        {"kinds": kinds, "done": done, "for_user": user},
    )
