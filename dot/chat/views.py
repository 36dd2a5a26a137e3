"""Pages of the live chat: the user's rooms, a room, and the plain-form fallbacks of the
live actions (post, delete, mute) for a browser without JavaScript. Thin views over
``permissions``, ``selectors`` and ``services``; a room the user is not in answers 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from dot.accounts.models import User

from . import permissions, selectors, services, widget
from .models import Message, Room


def _room(request: HttpRequest, pk: int) -> Room:
    return get_object_or_404(selectors.with_subject(permissions.visible_to(request.user)), pk=pk)


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


@login_required
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    services.rooms_sync_for(user=user)
    return render(
        request,
        "chat/index.html",
        {
            "rooms": list(selectors.my_rooms(user)),
            "teachers": list(permissions.consultation_teachers(user)),
        },
    )


@login_required
def room(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    chat_room = _room(request, pk)
    ctx = widget.context(user, chat_room, before=_int(request.GET.get("before")))
    if ctx["moderator"]:
        ctx["members"] = list(
            selectors.members(chat_room).exclude(pk=user.pk).order_by("last_name", "first_name")
        )
        ctx["mute_choices"] = services.MUTE_CHOICES
    return render(request, "chat/room.html", ctx)


@login_required
@require_POST
def post(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    chat_room = _room(request, pk)
    try:
        services.message_post(room=chat_room, author=user, text=request.POST.get("text", ""))
    except services.ChatRefused as refused:
        messages.error(request, refused.message)
    return redirect(chat_room)


@login_required
@require_POST
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    message = get_object_or_404(
        Message.objects.filter(room__in=permissions.visible_to(user)).select_related("room"), pk=pk
    )
    try:
        services.message_delete(message=message, actor=user)
    except services.ChatRefused as refused:
        raise Http404 from refused
    return redirect(message.room)


@login_required
@require_POST
def mute(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    chat_room = _room(request, pk)
    if not permissions.can_moderate(user, chat_room):
        raise Http404
    target = get_object_or_404(User, pk=_int(request.POST.get("user")) or 0)
    try:
        services.member_mute(
            room=chat_room, user=target, actor=user, minutes=_int(request.POST.get("minutes")) or 0
        )
    except services.ChatRefused as refused:
        messages.error(request, refused.message)
    return redirect(chat_room)


@login_required
@require_POST
def consultation(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    teacher = get_object_or_404(
        permissions.consultation_teachers(user), pk=_int(request.POST.get("teacher")) or 0
    )
    chat_room = services.consultation_open(student=user, teacher=teacher)
    return redirect(chat_room)
