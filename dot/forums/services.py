"""Writes of the forums: keyword-only, atomic, audited; notifications after commit.

Permission checks live in ``permissions`` and are made by the callers (views and the API
call the same services); the services check the rules that hold whoever calls them
(a locked thread takes no replies, the edit window, a move stays within the course).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterable, Sequence
from typing import IO, Any, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.text import Truncator, format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dot.communication.services import notify
from dot.content.files import check_upload
from dot.content.models import Course
from dot.core.audit import audit_record

from . import permissions
from .models import (
    Attachment,
    Forum,
    ForumKind,
    ForumScope,
    Post,
    ReadMark,
    Subscription,
    Thread,
)
from .notifications import KIND_POST, KIND_QUESTION
from .rendering import render_post

MAX_ATTACHMENTS = 5


class ModerationAction:
    PIN, UNPIN = "pin", "unpin"
    LOCK, UNLOCK = "lock", "unlock"
    HIDE, UNHIDE = "hide", "unhide"
    MOVE = "move"
    ALL = (PIN, UNPIN, LOCK, UNLOCK, HIDE, UNHIDE, MOVE)


# --- Forums ------------------------------------------------------------------------------


def course_forums_ensure(*, course: Course) -> list[Forum]:
    """The course's default forums (a discussion and questions to the teachers), created
    on the first visit; safe when two first visits race (the unique constraint decides)."""
    existing = list(Forum.objects.filter(course=course, is_default=True))
    have = {f.kind for f in existing}
    defaults = (
        (ForumKind.QUESTIONS, gettext_lazy("Questions to the teachers")),
        (ForumKind.DISCUSSION, gettext_lazy("Course discussion")),
    )
    for kind, title in defaults:
        if kind in have:
            continue
        with translation.override(settings.LANGUAGE_CODE):
            text = str(title)
        try:
            with transaction.atomic():
                existing.append(
                    Forum.objects.create(
                        scope=ForumScope.COURSE,
                        kind=kind,
                        title=text,
                        course=course,
                        is_default=True,
                    )
                )
        except IntegrityError:
            existing.append(Forum.objects.get(course=course, kind=kind, is_default=True))
    return existing


@transaction.atomic
def forum_create(
    *,
    actor: Any,
    scope: str,
    kind: str,
    title: str,
    description: str = "",
    course: Course | None = None,
    module: Any | None = None,
    group: Any | None = None,
    programme: Any | None = None,
    unit: Any | None = None,
) -> Forum:
    """A forum of a course (or one of its modules), a group, a programme, a faculty or
    the university."""
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Give the forum a title.")})
    if module is not None and (course is None or module.discipline_id != course.discipline_id):
        raise ValidationError({"module": _("The module is not a module of this course.")})
    forum = Forum(
        scope=scope,
        kind=kind,
        title=title[:255],
        description=description.strip(),
        course=course if scope == ForumScope.COURSE else None,
        module=module if scope == ForumScope.COURSE else None,
        group=group if scope == ForumScope.GROUP else None,
        programme=programme if scope == ForumScope.PROGRAMME else None,
        unit=unit if scope in (ForumScope.FACULTY, ForumScope.UNIVERSITY) else None,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    if not (forum.course or forum.group or forum.programme or forum.unit):
        raise ValidationError(_("Choose the audience of the forum."))
    forum.save()
    audit_record(actor=actor, obj=forum, action="forum_create", changes={"kind": kind})
    return forum


# --- Threads and posts -------------------------------------------------------------------


def _check_uploads(uploads: Sequence[UploadedFile]) -> None:
    if len(uploads) > MAX_ATTACHMENTS:
        raise ValidationError(
            {"attachments": _("At most %(n)d files can be attached.") % {"n": MAX_ATTACHMENTS}}
        )
    errors: list[str] = []
    for upload in uploads:
        try:
            check_upload(cast(IO[bytes], upload), upload.name or "file", upload.size or 0)
        except ValidationError as error:
            errors.extend(error.messages)
    if errors:
        raise ValidationError({"attachments": errors})


def _store_attachments(post: Post, uploads: Sequence[UploadedFile]) -> None:
    for upload in uploads:
        name = upload.name or "file"
        kind = check_upload(cast(IO[bytes], upload), name, upload.size or 0)
        attachment = Attachment(
            post=post,
            file_type=kind,
            file_size=upload.size or 0,
            original_name=os.path.basename(name)[:255],
        )
        extension = name.rsplit(".", 1)[-1].lower()
        # A random stored name: the user's file name is kept only for the download header.
        attachment.file.save(f"{uuid.uuid4().hex}.{extension}", upload, save=False)
        attachment.save()


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write the text of the post.")})
    if len(body) > 50_000:
        raise ValidationError({"body": _("The text is too long: at most 50 000 characters.")})
    return body


def _subscribe(user: Any, thread: Thread) -> None:
    Subscription.objects.get_or_create(user=user, thread=thread)


def _add_post(*, thread: Thread, author: Any, body: str, quote_of: Post | None, now: Any) -> Post:
    locked = Thread.objects.select_for_update().get(pk=thread.pk)
    post = Post.objects.create(
        thread=locked,
        number=locked.post_count + 1,
        author=author,
        body=body,
        body_html=render_post(body),
        quote_of=quote_of,
        created_at=now,
    )
    Thread.objects.filter(pk=thread.pk).update(post_count=F("post_count") + 1, last_post_at=now)
    thread.post_count = locked.post_count + 1
    thread.last_post_at = now
    # The author has read what they wrote.
    ReadMark.objects.update_or_create(
        user=author,
        thread=thread,
        defaults={"last_read_number": thread.post_count, "read_at": now},
    )
    return post


def _course_teachers(forum: Forum) -> list[Any]:
    if forum.course_id is None:
        return []
    return list(forum.course.teachers.filter(is_active=True))  # type: ignore[union-attr]


def _subscribers(forum: Forum, thread: Thread | None) -> list[Any]:
    from django.db.models import Q

    q = Q(forum=forum)
    if thread is not None:
        q |= Q(thread=thread)
    subs = Subscription.objects.filter(q).select_related("user")
    return [s.user for s in subs]


def _notify_post(post: Post, recipients: Iterable[Any], kind: str, title: Any) -> None:
    thread = post.thread
    excerpt = Truncator(post.body).chars(400)
    notify(
        recipients=[u for u in recipients if u.pk != post.author_id],
        kind=kind,
        title=title,
        body=format_lazy(
            "{author} — «{thread}» ({forum}):\n\n{text}",
            author=post.author.full_name or post.author.username,
            thread=thread.title,
            forum=thread.forum.title,
            text=excerpt,
        ),
        url=thread.reply_url,
        actor=post.author,
    )


def _readers_of(users: list[Any], thread: Thread) -> list[Any]:
    """Followers who still see the thread (a moved or hidden thread, a student who left
    the course or the group): a notification never links to a page that answers 404.
    The audience is read in a few queries whatever the number of followers."""
    unique = list({u.pk: u for u in users}.values())
    allowed = permissions.audience_user_ids(thread.forum, hidden=thread.is_hidden)
    if allowed is None:
        return unique
    return [u for u in unique if u.pk in allowed or u.is_superuser]


@transaction.atomic
def thread_create(
    *,
    forum: Forum,
    author: Any,
    title: str,
    body: str,
    uploads: Sequence[UploadedFile] = (),
) -> Thread:
    """Start a thread. A student's thread in a course forum is a question (п. 4.9): its
    time is recorded and the course's teachers are told."""
    title = (title or "").strip()
    errors: dict[str, Any] = {}
    if not title:
        errors["title"] = _("Give the thread a title.")
    try:
        body = _clean_body(body)
    except ValidationError as error:
        errors.update(error.message_dict)
    try:
        _check_uploads(uploads)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    question = (
        forum.scope == ForumScope.COURSE
        and forum.kind != ForumKind.ANNOUNCEMENTS
        and permissions.course_role(author, forum.course_id) == permissions.STUDENT
    )
    thread = Thread.objects.create(
        forum=forum,
        title=title[:255],
        author=author,
        created_at=now,
        last_post_at=now,
        is_question=question,
        asked_at=now if question else None,
    )
    post = _add_post(thread=thread, author=author, body=body, quote_of=None, now=now)
    _store_attachments(post, uploads)
    _subscribe(author, thread)
    teachers = _course_teachers(forum) if question else []
    if teachers:
        _notify_post(
            post,
            teachers,
            KIND_QUESTION,
            format_lazy(gettext_lazy("A student's question: «{title}»"), title=thread.title),
        )
    taught = {t.pk for t in teachers}
    others = [u for u in _subscribers(forum, None) if u.pk not in taught]
    if others:
        _notify_post(
            post,
            _readers_of(others, thread),
            KIND_POST,
            format_lazy(
                gettext_lazy("New thread in «{forum}»: {title}"),
                forum=forum.title,
                title=thread.title,
            ),
        )
    return thread


@transaction.atomic
def post_reply(
    *,
    thread: Thread,
    author: Any,
    body: str,
    quote_of: Post | None = None,
    uploads: Sequence[UploadedFile] = (),
) -> Post:
    """Reply in a thread; the first reply by a teacher of the course answers a question."""
    errors: dict[str, Any] = {}
    try:
        body = _clean_body(body)
    except ValidationError as error:
        errors.update(error.message_dict)
    try:
        _check_uploads(uploads)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    if Thread.objects.filter(pk=thread.pk, is_locked=True).exists() and not (
        permissions.can_moderate(author, thread.forum)
    ):
        raise ValidationError(_("The thread is closed: no new replies."), code="locked")
    if quote_of is not None and quote_of.thread_id != thread.pk:
        quote_of = None
    now = timezone.now()
    post = _add_post(thread=thread, author=author, body=body, quote_of=quote_of, now=now)
    _store_attachments(post, uploads)
    if (
        thread.is_question
        and permissions.course_role(author, thread.forum.course_id) == permissions.TEACHER
    ):
        updated = Thread.objects.filter(pk=thread.pk, answered_at__isnull=True).update(
            answered_at=now, answered_by=author
        )
        if updated:
            thread.answered_at, thread.answered_by = now, author
    recipients = _readers_of(_subscribers(thread.forum, thread), thread)
    _subscribe(author, thread)
    if recipients:
        _notify_post(
            post,
            recipients,
            KIND_POST,
            format_lazy(gettext_lazy("New reply in «{title}»"), title=thread.title),
        )
    return post


@transaction.atomic
def post_edit(*, post: Post, actor: Any, body: str) -> Post:
    """The author corrects a post within the edit window (``DOT_FORUM_EDIT_MINUTES``)."""
    body = _clean_body(body)
    if not permissions.can_edit_post(actor, post):
        raise ValidationError(
            _("A post can be edited only by its author within %(n)d minutes of posting.")
            % {"n": int(permissions.edit_window().total_seconds() // 60)},
            code="window",
        )
    old = post.body
    post.body = body
    post.body_html = render_post(body)
    post.edited_at = timezone.now()
    post.save(update_fields=["body", "body_html", "edited_at"])
    audit_record(actor=actor, obj=post, action="post_edit", changes={"body": [old, body]})
    return post


@transaction.atomic
def post_set_hidden(*, post: Post, actor: Any, hidden: bool) -> Post:
    """A moderator hides a post (or shows it again); hidden posts stay visible to the
    forum's moderators, marked."""
    post.is_hidden = hidden
    post.hidden_by = actor if hidden else None
    post.save(update_fields=["is_hidden", "hidden_by"])
    audit_record(actor=actor, obj=post, action="post_hide" if hidden else "post_unhide")
    return post


@transaction.atomic
def thread_moderate(
    *, thread: Thread, actor: Any, action: str, target: Forum | None = None
) -> Thread:
    """Pin, lock, hide a thread (or undo), or move it to another forum of the same course."""
    fields: dict[str, Any]
    if action == ModerationAction.MOVE:
        if (
            target is None
            or target.pk == thread.forum_id
            or thread.forum.scope != ForumScope.COURSE
            or target.course_id != thread.forum.course_id
        ):
            raise ValidationError(
                {"target": _("A thread can be moved only to another forum of the same course.")}
            )
        fields = {"forum": target}
    elif action in (ModerationAction.PIN, ModerationAction.UNPIN):
        fields = {"is_pinned": action == ModerationAction.PIN}
    elif action in (ModerationAction.LOCK, ModerationAction.UNLOCK):
        fields = {"is_locked": action == ModerationAction.LOCK}
    elif action in (ModerationAction.HIDE, ModerationAction.UNHIDE):
        fields = {"is_hidden": action == ModerationAction.HIDE}
    else:
        raise ValidationError(_("Unknown moderation action."))
    changes = {name: [str(getattr(thread, name)), str(value)] for name, value in fields.items()}
    for name, value in fields.items():
        setattr(thread, name, value)
    thread.save(update_fields=list(fields))
    audit_record(actor=actor, obj=thread, action=f"thread_{action}", changes=changes)
    return thread


def thread_mark_read(*, thread: Thread, user: Any) -> None:
    """Remember the last post the user has seen (one upsert)."""
    ReadMark.objects.update_or_create(
        user=user,
        thread=thread,
        defaults={"last_read_number": thread.post_count, "read_at": timezone.now()},
    )


def subscription_set(
    *, user: Any, on: bool, forum: Forum | None = None, thread: Thread | None = None
) -> bool:
    """Follow (or stop following) a forum or a thread; returns the new state."""
    if (forum is None) == (thread is None):
        raise ValueError("subscribe to a forum or to a thread")
    lookup = {"user": user, "forum": forum, "thread": thread}
    if on:
        try:
            with transaction.atomic():
                Subscription.objects.get_or_create(**lookup)
        except IntegrityError:
            pass
    else:
        Subscription.objects.filter(**lookup).delete()
    return on
