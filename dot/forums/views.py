"""Pages of the forums: thin views over ``permissions``, ``selectors`` and ``services``.

A forum, thread, post or file the caller may not see answers 404, like a missing one.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dot.content.files import INLINE_TYPES, content_type
from dot.content.models import Course

from . import permissions, selectors, services
from .forms import (
    CourseForumForm,
    EditForm,
    MoveForm,
    OrgForumForm,
    ReplyForm,
    SearchForm,
    ThreadForm,
)
from .models import Attachment, Forum, ForumScope, Post, Thread
from .rendering import quote_markdown, render_post

FORUM_RELATED = selectors.FORUM_RELATED


def _add_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _course(request: HttpRequest, pk: int) -> Course:
    course = get_object_or_404(
        Course.objects.select_related("discipline", "semester__academic_year"), pk=pk
    )
    if not permissions.can_view_course_forums(request.user, course):
        raise Http404
    return course


def _forum(request: HttpRequest, pk: int) -> Forum:
    forum = get_object_or_404(Forum.objects.select_related(*FORUM_RELATED), pk=pk)
    if not permissions.can_view_forum(request.user, forum):
        raise Http404
    return forum


def _thread(request: HttpRequest, pk: int) -> Thread:
    related = [f"forum__{name}" for name in FORUM_RELATED]
    thread = get_object_or_404(
        Thread.objects.select_related("author", "answered_by", *related), pk=pk
    )
    if not permissions.can_view_thread(request.user, thread):
        raise Http404
    return thread


def _post(request: HttpRequest, pk: int) -> Post:
    related = [f"thread__forum__{name}" for name in FORUM_RELATED]
    post = get_object_or_404(Post.objects.select_related("author", "thread", *related), pk=pk)
    if not permissions.can_view_thread(request.user, post.thread):
        raise Http404
    return post


# --- Lists -------------------------------------------------------------------------------


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The user's course forums and the forums of their group, programme, faculty and the
    university."""
    return render(
        request,
        "forums/index.html",
        {
            "courses": selectors.user_courses(request.user),
            "org_forums": selectors.org_forums(request.user),
            "can_create": permissions.can_create_org_forum(request.user),
            "can_see_questions": permissions.can_view_questions(request.user),
        },
    )


@login_required
def course_forums(request: HttpRequest, pk: int) -> HttpResponse:
    course = _course(request, pk)
    services.course_forums_ensure(course=course)
    return render(
        request,
        "forums/course.html",
        {
            "course": course,
            "forums": selectors.course_forums(course, request.user),
            "search_form": SearchForm(),
            "can_create": permissions.can_create_course_forum(request.user, course),
        },
    )


@login_required
def course_search(request: HttpRequest, pk: int) -> HttpResponse:
    course = _course(request, pk)
    form = SearchForm(request.GET)
    query = form.data.get("q", "").strip() if form.is_valid() else ""
    results = selectors.search(course, request.user, query) if query else []
    return render(
        request,
        "forums/search.html",
        {"course": course, "search_form": form, "query": query, "results": results},
    )


@login_required
def course_forum_new(request: HttpRequest, pk: int) -> HttpResponse:
    course = _course(request, pk)
    if not permissions.can_create_course_forum(request.user, course):
        raise Http404
    form = CourseForumForm(request.POST or None, discipline_id=course.discipline_id)
    if request.method == "POST" and form.is_valid():
        try:
            forum = services.forum_create(
                actor=request.user,
                scope=ForumScope.COURSE,
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                course=course,
                module=form.cleaned_data["module"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The forum is created."))
            return redirect(forum)
    return render(request, "forums/forum_form.html", {"course": course, "form": form})


@login_required
def org_forum_new(request: HttpRequest) -> HttpResponse:
    """п. 4.8: the dean's office (its faculty) and the academic office (all) open forums
    for a group, a programme, a faculty or the university."""
    if not permissions.can_create_org_forum(request.user):
        raise Http404
    v = permissions.viewer(request.user)
    form = OrgForumForm(
        request.POST or None,
        moderator_paths=v.moderator_paths,
        everywhere=v.university_moderator or request.user.is_superuser,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        unit = data["faculty"]
        if data["scope"] == ForumScope.UNIVERSITY:
            from dot.org.models import OrgUnit, UnitKind

            unit = OrgUnit.objects.filter(kind=UnitKind.UNIVERSITY).first()
        try:
            forum = services.forum_create(
                actor=request.user,
                scope=data["scope"],
                kind=data["kind"],
                title=data["title"],
                description=data["description"],
                group=data["group"],
                programme=data["programme"],
                unit=unit,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The forum is created."))
            return redirect(forum)
    return render(request, "forums/forum_form.html", {"course": None, "form": form})


@login_required
def forum_detail(request: HttpRequest, pk: int) -> HttpResponse:
    forum = _forum(request, pk)
    moderator = permissions.can_moderate(request.user, forum)
    threads = selectors.thread_list(forum, request.user, moderator)
    page = Paginator(threads, selectors.THREADS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "forums/forum.html",
        {
            "forum": forum,
            "page": page,
            "moderator": moderator,
            "can_start": permissions.can_start_thread(request.user, forum),
            "subscribed": selectors.is_subscribed(request.user, forum=forum),
        },
    )


@login_required
def questions(request: HttpRequest) -> HttpResponse:
    """п. 4.9: the teacher's unanswered student questions, the oldest first."""
    if not permissions.can_view_questions(request.user):
        raise Http404
    return render(
        request,
        "forums/questions.html",
        {"questions": selectors.open_questions_for_teacher(request.user)},
    )


# --- Threads and posts --------------------------------------------------------------------


def _uploads(request: HttpRequest) -> list[Any]:
    return request.FILES.getlist("attachments")


@login_required
def thread_new(request: HttpRequest, pk: int) -> HttpResponse:
    forum = _forum(request, pk)
    if not permissions.can_start_thread(request.user, forum):
        raise Http404
    form = ThreadForm(request.POST or None, request.FILES or None)
    preview = None
    if request.method == "POST" and form.is_valid():
        if "preview" in request.POST:
            preview = render_post(form.cleaned_data["body"])
        else:
            try:
                thread = services.thread_create(
                    forum=forum,
                    author=request.user,
                    title=form.cleaned_data["title"],
                    body=form.cleaned_data["body"],
                    uploads=_uploads(request),
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("The thread is published."))
                return redirect(thread)
    return render(
        request, "forums/thread_form.html", {"forum": forum, "form": form, "preview": preview}
    )


def _thread_page(
    request: HttpRequest,
    thread: Thread,
    reply_form: ReplyForm | None = None,
    preview: str | None = None,
) -> HttpResponse:
    user = request.user
    moderator = permissions.can_moderate(user, thread.forum)
    posted = selectors.has_posted(user, thread)
    posts = selectors.thread_posts(thread, user, posted, moderator)
    paginator = Paginator(posts, selectors.POSTS_PER_PAGE)
    wanted: Any = request.GET.get("page")
    if request.GET.get("post", "").isdigit():
        wanted = selectors.page_of_post(posts, int(request.GET["post"]))
    elif wanted == "last" or request.GET.get("reply") or reply_form is not None:
        wanted = paginator.num_pages
    page = paginator.get_page(wanted)
    can_reply = permissions.can_reply(user, thread)
    if reply_form is None and can_reply:
        initial: dict[str, Any] = {}
        quoted = request.GET.get("quote", "")
        if quoted.isdigit():
            source = posts.filter(pk=int(quoted)).select_related("author").first()
            if source is not None:
                initial = {
                    "body": quote_markdown(source.author.full_name, source.body),
                    "quote_of": source.pk,
                }
        reply_form = ReplyForm(initial=initial)
    if reply_form is not None and (request.GET.get("reply") or request.GET.get("quote")):
        reply_form.fields["body"].widget.attrs["autofocus"] = True
    services.thread_mark_read(thread=thread, user=user)
    return render(
        request,
        "forums/thread.html",
        {
            "thread": thread,
            "forum": thread.forum,
            "page": page,
            "moderator": moderator,
            "can_reply": can_reply,
            "reply_form": reply_form,
            "preview": preview,
            "focus_reply": bool(request.GET.get("reply") or request.GET.get("quote")),
            "sees_all": permissions.sees_all_answers(user, thread, posted),
            "subscribed": selectors.is_subscribed(user, thread=thread),
            "moderation_actions": _moderation_actions(thread) if moderator else [],
            "move_targets": selectors.move_targets(thread) if moderator else [],
            "edit_window": int(permissions.edit_window().total_seconds() // 60),
            "editable": permissions.editable_post_ids(user, thread, list(page.object_list)),
        },
    )


def _moderation_actions(thread: Thread) -> list[tuple[str, str]]:
    act = services.ModerationAction
    return [
        (act.UNPIN, _("Unpin")) if thread.is_pinned else (act.PIN, _("Pin")),
        (act.UNLOCK, _("Reopen")) if thread.is_locked else (act.LOCK, _("Close")),
        (act.UNHIDE, _("Show the thread"))
        if thread.is_hidden
        else (act.HIDE, _("Hide the thread")),
    ]


@login_required
def thread_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _thread_page(request, _thread(request, pk))


@login_required
@require_POST
def thread_reply(request: HttpRequest, pk: int) -> HttpResponseBase:
    thread = _thread(request, pk)
    if not permissions.can_reply(request.user, thread):
        raise Http404
    form = ReplyForm(request.POST, request.FILES)
    if not form.is_valid():
        return _thread_page(request, thread, reply_form=form)
    if "preview" in request.POST:
        return _thread_page(
            request, thread, reply_form=form, preview=render_post(form.cleaned_data["body"])
        )
    quote = None
    if form.cleaned_data.get("quote_of"):
        quote = Post.objects.filter(pk=form.cleaned_data["quote_of"], thread=thread).first()
    try:
        post = services.post_reply(
            thread=thread,
            author=request.user,
            body=form.cleaned_data["body"],
            quote_of=quote,
            uploads=_uploads(request),
        )
    except ValidationError as error:
        _add_errors(form, error)
        return _thread_page(request, thread, reply_form=form)
    messages.success(request, _("Your reply is published."))
    return redirect(post.get_absolute_url())


@login_required
def post_edit(request: HttpRequest, pk: int) -> HttpResponse:
    post = _post(request, pk)
    if not permissions.can_edit_post(request.user, post):
        raise Http404
    form = EditForm(request.POST or None, initial={"body": post.body})
    preview = None
    if request.method == "POST" and form.is_valid():
        if "preview" in request.POST:
            preview = render_post(form.cleaned_data["body"])
        else:
            try:
                services.post_edit(post=post, actor=request.user, body=form.cleaned_data["body"])
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("The post is corrected."))
                return redirect(post.get_absolute_url())
    return render(
        request, "forums/post_edit.html", {"post": post, "form": form, "preview": preview}
    )


@login_required
@require_POST
def post_hide(request: HttpRequest, pk: int) -> HttpResponse:
    post = _post(request, pk)
    if not permissions.can_moderate(request.user, post.thread.forum):
        raise Http404
    hidden = request.POST.get("hidden") == "1"
    services.post_set_hidden(post=post, actor=request.user, hidden=hidden)
    messages.success(request, _("The post is hidden.") if hidden else _("The post is shown again."))
    return redirect(post.get_absolute_url())


@login_required
@require_POST
def thread_moderate(request: HttpRequest, pk: int) -> HttpResponse:
    thread = _thread(request, pk)
    if not permissions.can_moderate(request.user, thread.forum):
        raise Http404
    action = request.POST.get("action", "")
    target = None
    if action == services.ModerationAction.MOVE:
        form = MoveForm(request.POST, targets=selectors.move_targets(thread))
        if not form.is_valid():
            messages.error(request, _("Choose another forum of the course."))
            return redirect(thread)
        target = form.cleaned_data["target"]
        if not permissions.can_moderate(request.user, target):
            raise Http404
    try:
        services.thread_moderate(thread=thread, actor=request.user, action=action, target=target)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Done."))
    return redirect(thread)


@login_required
@require_POST
def forum_subscribe(request: HttpRequest, pk: int) -> HttpResponse:
    forum = _forum(request, pk)
    on = request.POST.get("on") == "1"
    services.subscription_set(user=request.user, forum=forum, on=on)
    messages.success(
        request,
        _("You follow the forum: new threads come to your notifications.")
        if on
        else _("You no longer follow the forum."),
    )
    return redirect(forum)


@login_required
@require_POST
def thread_subscribe(request: HttpRequest, pk: int) -> HttpResponse:
    thread = _thread(request, pk)
    on = request.POST.get("on") == "1"
    services.subscription_set(user=request.user, thread=thread, on=on)
    messages.success(
        request,
        _("You follow the thread: new replies come to your notifications.")
        if on
        else _("You no longer follow the thread."),
    )
    return redirect(thread)


@login_required
def attachment(request: HttpRequest, pk: int) -> HttpResponseBase:
    """An attached file, permission-checked; only PDF and media open in the browser."""
    related = [f"post__thread__forum__{name}" for name in FORUM_RELATED]
    item = get_object_or_404(Attachment.objects.select_related("post__thread", *related), pk=pk)
    if not permissions.can_open_attachment(request.user, item):
        raise Http404
    try:
        handle = item.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle,
        content_type=content_type(item.file_type),
        as_attachment=item.file_type not in INLINE_TYPES,
        filename=item.original_name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response
