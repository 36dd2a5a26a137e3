"""Pages of private messages, announcements, reports and unanswered questions. Thin: forms
validate, services write, selectors read; anything not the user's answers 404."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dot.accounts.models import User
from dot.content.files import content_type

from . import permissions, selectors, services
from .forms import AnnouncementForm, ComposeForm, ReplyForm, ReportForm, ResolveForm
from .models import Block, Conversation, ReportStatus
from .rendering import render_text

INBOX_PAGE = 30
MESSAGES_PAGE = 50
DELIVERY_PAGE = 100


def _apply_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.inbox(user=request.user), INBOX_PAGE).get_page(
        request.GET.get("page")
    )
    for row in page.object_list:
        # The other people of each conversation (from the prefetched participants).
        row.others = [  # type: ignore[attr-defined]
            p.user for p in row.conversation.participants.all() if p.user_id != request.user.pk
        ]
    return render(request, "messaging/inbox.html", {"page": page})


@login_required
def compose(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    initial = {}
    if request.GET.get("to", "").isdigit():
        initial["recipients"] = [request.GET["to"]]
    form = ComposeForm(
        request.POST or None, request.FILES or None, user=request.user, query=query, initial=initial
    )
    preview = None
    if request.method == "POST" and form.is_valid():
        if "preview" in request.POST:
            preview = render_text(form.cleaned_data["body"])
        else:
            try:
                conversation = services.conversation_start(
                    sender=request.user,
                    recipients=list(form.cleaned_data["recipients"]),
                    subject=form.cleaned_data["subject"],
                    body=form.cleaned_data["body"],
                    attachment=form.cleaned_data.get("attachment"),
                )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("Your message is sent."))
                return redirect(conversation)
    return render(
        request,
        "messaging/compose.html",
        {"form": form, "preview": preview, "query": query},
    )


def _conversation_for(request: HttpRequest, pk: int) -> Conversation:
    return get_object_or_404(permissions.conversations_visible_to(request.user), pk=pk)


@login_required
def conversation(request: HttpRequest, pk: int) -> HttpResponse:
    conv = _conversation_for(request, pk)
    form = ReplyForm(request.POST or None, request.FILES or None)
    preview = None
    if request.method == "POST" and form.is_valid():
        if "preview" in request.POST:
            preview = render_text(form.cleaned_data["body"])
        else:
            try:
                message = services.message_send(
                    sender=request.user,
                    conversation=conv,
                    body=form.cleaned_data["body"],
                    attachment=form.cleaned_data.get("attachment"),
                )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("Your reply is sent."))
                return redirect(f"{conv.get_absolute_url()}?page=last#message-{message.pk}")
    paginator = Paginator(selectors.conversation_messages(conversation=conv), MESSAGES_PAGE)
    page = paginator.get_page(request.GET.get("page") or paginator.num_pages)
    participants = selectors.conversation_participants(conversation=conv)
    others = [p.user for p in participants if p.user_id != request.user.pk]
    blocked_ids = set(
        Block.objects.filter(blocker_id=request.user.pk, blocked__in=others).values_list(
            "blocked_id", flat=True
        )
    )
    services.conversation_mark_read(user=request.user, conversation=conv)
    return render(
        request,
        "messaging/conversation.html",
        {
            "conversation": conv,
            "page": page,
            "participants": participants,
            "others": others,
            "blocked_ids": blocked_ids,
            "form": form,
            "preview": preview,
        },
    )


@login_required
@require_GET
def attachment(request: HttpRequest, pk: int) -> FileResponse:
    message = get_object_or_404(
        permissions.messages_visible_to(request.user).exclude(attachment=""), pk=pk
    )
    response = FileResponse(
        message.attachment.open("rb"),
        as_attachment=True,
        filename=message.attachment_name or "file",
        content_type=content_type(message.attachment_type),
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def report(request: HttpRequest, pk: int) -> HttpResponse:
    message = get_object_or_404(
        permissions.messages_visible_to(request.user).select_related("author", "conversation"),
        pk=pk,
    )
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.message_report(
                reporter=request.user, message=message, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request,
                _("The message is reported to the IT office and the dean's office."),
            )
            return redirect(message.conversation)
    return render(request, "messaging/report.html", {"form": form, "message": message})


@login_required
def report_queue(request: HttpRequest) -> HttpResponse:
    if not permissions.can_handle_reports(request.user):
        raise Http404
    status = request.GET.get("status", ReportStatus.OPEN)
    reports = (
        permissions.reports_visible_to(request.user)
        .filter(status=status if status in ReportStatus.values else ReportStatus.OPEN)
        .select_related("message", "message__author", "reporter", "resolved_by")
        .order_by("created_at")
    )
    page = Paginator(reports, INBOX_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "messaging/report_queue.html",
        {"page": page, "status": status, "form": ResolveForm()},
    )


@login_required
@require_POST
def report_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    report_obj = get_object_or_404(permissions.reports_visible_to(request.user), pk=pk)
    form = ResolveForm(request.POST)
    if form.is_valid():
        services.report_resolve(
            user=request.user, report=report_obj, resolution=form.cleaned_data["resolution"]
        )
        messages.success(request, _("The report is marked as resolved."))
    return redirect("messaging:reports")


@login_required
def blocked(request: HttpRequest) -> HttpResponse:
    blocks = Block.objects.filter(blocker_id=request.user.pk).select_related("blocked")
    return render(request, "messaging/blocked.html", {"blocks": blocks})


def _known_person(request: HttpRequest, user_id: int) -> User:
    """Someone the user shares a conversation with or may write to (else 404)."""
    shared = Q(conversation_memberships__conversation__participants__user_id=request.user.pk)
    person = (
        User.objects.filter(pk=user_id)
        .filter(shared | Q(pk__in=permissions.contacts(request.user).values("pk")))
        .exclude(pk=request.user.pk or 0)
        .first()
    )
    if person is None:
        raise Http404
    return person


@login_required
@require_POST
def block(request: HttpRequest, user_id: int) -> HttpResponse:
    person = _known_person(request, user_id)
    services.user_block(user=request.user, blocked=person)
    messages.success(
        request, _("%(name)s can no longer write to you.") % {"name": person.short_name}
    )
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("messaging:blocked")


@login_required
@require_POST
def unblock(request: HttpRequest, user_id: int) -> HttpResponse:
    block_obj = get_object_or_404(
        Block.objects.select_related("blocked"), blocker_id=request.user.pk, blocked_id=user_id
    )
    person = block_obj.blocked
    services.user_unblock(user=request.user, blocked=person)
    messages.success(request, _("%(name)s can write to you again.") % {"name": person.short_name})
    return redirect("messaging:blocked")


@login_required
def unanswered(request: HttpRequest) -> HttpResponse:
    """п. 4.9: the teacher's own unanswered questions, oldest first."""
    if not permissions.can_see_unanswered(request.user):
        raise Http404
    items = selectors.unanswered_questions(teacher=request.user)
    return render(request, "messaging/unanswered.html", {"items": items})


# --- Announcements ----------------------------------------------------------------------


@login_required
def announcement_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.announcements_for(user=request.user), INBOX_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "messaging/announcement_list.html",
        {"page": page, "can_send": permissions.can_send_announcements(request.user)},
    )


@login_required
def announcement_new(request: HttpRequest) -> HttpResponse:
    if not permissions.can_send_announcements(request.user):
        raise Http404
    form = AnnouncementForm(request.POST or None, user=request.user)
    preview = None
    count = None
    if request.method == "POST" and "count" in request.POST:
        # Without JavaScript: count the audience only; the text may still be empty.
        form.is_valid()
        for name in ("title", "body", "mandatory"):
            form.errors.pop(name, None)
        if not form.errors:
            try:
                count = services.recipient_count(sender=request.user, audience=form.get_audience())
            except ValidationError as error:
                _apply_errors(form, error)
    elif request.method == "POST" and form.is_valid():
        audience = form.get_audience()
        try:
            count = services.recipient_count(sender=request.user, audience=audience)
            if "preview" in request.POST:
                preview = render_text(form.cleaned_data["body"])
            else:
                announcement = services.announcement_send(
                    sender=request.user,
                    audience=audience,
                    title=form.cleaned_data["title"],
                    body=form.cleaned_data["body"],
                    mandatory=form.cleaned_data["mandatory"],
                )
                messages.success(
                    request,
                    _("The announcement is sent to %(count)s recipients.")
                    % {"count": announcement.recipient_count},
                )
                return redirect(announcement)
        except ValidationError as error:
            _apply_errors(form, error)
    return render(
        request,
        "messaging/announcement_form.html",
        {"form": form, "preview": preview, "count": count},
    )


@login_required
@require_POST
def announcement_count(request: HttpRequest) -> HttpResponse:
    """htmx: the number of recipients of the audience being built."""
    if not permissions.can_send_announcements(request.user):
        raise Http404
    form = AnnouncementForm(request.POST, user=request.user)
    form.is_valid()  # the title and text may still be empty: only the audience matters
    count = None
    error = ""
    if not any(k in form.errors for k in ("audience", "course", "group", "programme", "faculty")):
        try:
            count = services.recipient_count(sender=request.user, audience=form.get_audience())
        except ValidationError as exc:
            error = " ".join(exc.messages)
    else:
        error = _("Choose where the announcement goes.")
    return render(request, "messaging/_recipient_count.html", {"count": count, "error": error})


@login_required
def announcement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    announcement = get_object_or_404(
        permissions.announcements_visible_to(request.user).select_related("sender"), pk=pk
    )
    services.announcement_mark_read(user=request.user, announcement=announcement)
    context: dict[str, Any] = {"announcement": announcement}
    if permissions.can_see_delivery_status(request.user, announcement):
        context["summary"] = selectors.delivery_summary(announcement=announcement)
        context["deliveries"] = Paginator(
            selectors.delivery_rows(announcement=announcement), DELIVERY_PAGE
        ).get_page(request.GET.get("page"))
    return render(request, "messaging/announcement_detail.html", context)
