"""Calendar pages: month, week and list views of ``events_for``; the iCalendar feed by
secret address; ``.ics`` of one event."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import permissions, selectors, services
from .calendar import zone
from .events import events_for
from .ical import to_ical

VIEWS = ("month", "week", "list")
FEED_DAYS_BACK = 60
FEED_DAYS_AHEAD = 366


def _date(value: str | None) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value or "")
    except ValueError:
        return datetime.datetime.now(zone()).date()


def _add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    return datetime.date(day.year + month // 12, month % 12 + 1, 1)


@login_required
def index(request: HttpRequest) -> HttpResponse:
    view = request.GET.get("view", "month")
    if view not in VIEWS:
        view = "month"
    day = _date(request.GET.get("date"))
    kind = request.GET.get("kind", "")
    course = request.GET.get("course", "")
    context: dict[str, Any] = {"view": view, "day": day, "kind": kind, "course": course}
    if view == "month":
        weeks, all_events = selectors.month_grid(request.user, day.year, day.month, kind, course)
        context.update(
            weeks=weeks,
            prev=_add_months(day, -1),
            next=_add_months(day, 1),
            period=datetime.date(day.year, day.month, 1),
        )
    elif view == "week":
        monday = day - datetime.timedelta(days=day.weekday())
        days, all_events = selectors.week_days(request.user, monday, kind, course)
        context.update(
            days=days,
            prev=monday - datetime.timedelta(days=7),
            next=monday + datetime.timedelta(days=7),
            period=monday,
            period_end=monday + datetime.timedelta(days=6),
        )
    else:
        days, all_events = selectors.list_days(request.user, day, 30, kind, course)
        context.update(
            days=days,
            prev=day - datetime.timedelta(days=30),
            next=day + datetime.timedelta(days=30),
            period=day,
            period_end=day + datetime.timedelta(days=29),
        )
    kinds, courses = selectors.filter_choices(all_events)
    feed = selectors.live_feed(request.user)
    context.update(
        kinds=kinds,
        courses=courses,
        feed_url=request.build_absolute_uri(feed.get_absolute_url()) if feed else "",
        today=datetime.datetime.now(zone()).date(),
        weekdays=[_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")],
    )
    # Dates on the page in the calendar's zone (DOT_CALENDAR_TIME_ZONE), like the feed.
    with timezone.override(zone()):
        return render(request, "schedule/calendar.html", context)


@login_required
@require_POST
def feed_action(request: HttpRequest) -> HttpResponse:
    action = request.POST.get("action")
    if action == "create":
        services.feed_get_or_create(user=request.user)
        messages.success(request, _("Your calendar feed address is ready."))
    elif action == "regenerate":
        services.feed_regenerate(user=request.user)
        messages.success(request, _("A new address is issued; the old one no longer works."))
    elif action == "revoke":
        services.feed_revoke(user=request.user)
        messages.success(request, _("The calendar feed address is revoked."))
    else:
        messages.error(request, _("Unknown action."))
    return redirect(reverse("schedule:index") + "#feed")


def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The user's events for calendar programs: no login, the address is the secret."""
    user = permissions.feed_owner(token)
    if user is None:
        raise Http404
    now = datetime.datetime.now(zone())
    events = events_for(
        user,
        now - datetime.timedelta(days=FEED_DAYS_BACK),
        now + datetime.timedelta(days=FEED_DAYS_AHEAD),
    )
    body = to_ical(
        events,
        name=f"DOT: {user.full_name or user.username}",
        base_url=request.build_absolute_uri("/"),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
def event_ics(request: HttpRequest, uid: str) -> HttpResponse:
    event = selectors.find_event(request.user, uid)
    if event is None:
        raise Http404
    body = to_ical([event], name=event.title, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, f"{uid}.ics")
    return response
