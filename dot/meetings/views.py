"""Pages of online lessons: thin views over ``permissions``, ``selectors``, ``services``.

A lesson the caller may not see answers 404, exactly like a missing one — also its join
link (п. 2.3: only the audience and the teachers enter the meeting).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import permissions, selectors, services
from .forms import LessonForm, RecordingLinkForm
from .models import Lesson
from .providers import ProviderError


def _visible_lesson(request: HttpRequest, pk: int) -> Lesson:
    lesson = get_object_or_404(
        selectors.with_related(Lesson.objects.all()).select_related("created_by"), pk=pk
    )
    if not permissions.can_view(request.user, lesson):
        raise Http404
    return lesson


@login_required
def lesson_list(request: HttpRequest) -> HttpResponse:
    upcoming = list(selectors.user_lessons(request.user)[:50])
    past = Paginator(selectors.user_lessons(request.user, past=True), 20).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "meetings/lesson_list.html",
        {
            "upcoming": upcoming,
            "past": past,
            "can_schedule": permissions.can_schedule(request.user),
        },
    )


@login_required
def lesson_create(request: HttpRequest) -> HttpResponse:
    if not permissions.can_schedule(request.user):
        raise Http404
    initial = {}
    if request.GET.get("course", "").isdigit():
        initial["course"] = request.GET["course"]
    form = LessonForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            lesson = services.lesson_schedule(actor=request.user, **form.lesson_kwargs())
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("The lesson is scheduled."))
            return redirect(lesson)
    return render(request, "meetings/lesson_form.html", {"form": form})


@login_required
def lesson_detail(request: HttpRequest, pk: int) -> HttpResponse:
    lesson = _visible_lesson(request, pk)
    manage = permissions.can_manage(request.user, lesson)
    return render(
        request,
        "meetings/lesson_detail.html",
        {
            "lesson": lesson,
            "can_manage": manage,
            "can_join": permissions.can_join(request.user, lesson),
            "is_open": lesson.is_open(),
            "attendance": selectors.attendance_rows(lesson) if manage else [],
            "recordings": list(lesson.recordings.filter(published=True)),
            "recording_form": RecordingLinkForm() if manage else None,
        },
    )


@login_required
@require_POST
def lesson_join(request: HttpRequest, pk: int) -> HttpResponse:
    lesson = _visible_lesson(request, pk)
    if not permissions.can_join(request.user, lesson):
        raise Http404
    try:
        url = services.lesson_join(
            lesson=lesson,
            user=request.user,
            logout_url=request.build_absolute_uri(lesson.get_absolute_url()),
        )
    except (ValidationError, ProviderError) as exc:
        messages.error(request, exc.messages[0] if isinstance(exc, ValidationError) else str(exc))
        return redirect(lesson)
    return redirect(url)


@login_required
@require_POST
def lesson_action(request: HttpRequest, pk: int) -> HttpResponse:
    lesson = _visible_lesson(request, pk)
    if not permissions.can_manage(request.user, lesson):
        raise Http404
    action = request.POST.get("action")
    try:
        if action == "cancel":
            services.lesson_cancel(lesson=lesson, actor=request.user)
            messages.success(request, _("The lesson is cancelled."))
        elif action == "end":
            services.lesson_end(lesson=lesson, actor=request.user)
            messages.success(request, _("The meeting is ended."))
        elif action == "sync":
            found = services.recordings_sync(lesson=lesson, actor=request.user)
            messages.success(
                request, _("Recordings linked to the lesson: %(count)s.") % {"count": len(found)}
            )
        elif action == "recording":
            form = RecordingLinkForm(request.POST)
            if not form.is_valid():
                for error in form.errors.get("url", []):
                    messages.error(request, str(error))
                return redirect(lesson)
            services.recording_add(lesson=lesson, actor=request.user, url=form.cleaned_data["url"])
            messages.success(request, _("The recording is linked to the lesson."))
        else:
            messages.error(request, _("Unknown action."))
    except ProviderError as exc:
        messages.error(request, str(exc))
    return redirect(lesson)
