"""Reads of the forums: lists with "new since the last visit" counts in constant queries,
the posts of a thread as the reader may see them, search, and the п. 4.9 data."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import (
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    FilteredRelation,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from dot.content.models import Course

from . import permissions
from .models import Attachment, Forum, ForumScope, Post, Thread

# What the permission checks and the pages read of a forum: one join, no further queries.
FORUM_RELATED = (
    "course__discipline",
    "course__semester__academic_year",
    "module",
    "group__programme__faculty",
    "programme__faculty",
    "unit",
)
POSTS_PER_PAGE = 25
THREADS_PER_PAGE = 30


def _threads_shown(user: Any, moderator: bool) -> Q:
    return Q() if moderator else Q(is_hidden=False)


def threads_with_marks(qs: QuerySet[Thread], user: Any) -> QuerySet[Thread]:
    """Threads annotated with ``read_number`` and ``new_posts`` for the user (one join)."""
    return qs.annotate(
        mark=FilteredRelation("read_marks", condition=Q(read_marks__user=user)),
        read_number=Coalesce(F("mark__last_read_number"), Value(0)),
        new_posts=ExpressionWrapper(
            F("post_count") - Coalesce(F("mark__last_read_number"), Value(0)),
            output_field=IntegerField(),
        ),
    )


def forums_with_counts(qs: QuerySet[Forum], user: Any) -> QuerySet[Forum]:
    """Forums annotated with ``thread_total`` and ``new_posts`` (posts the user has not
    seen in the forum's shown threads): one query whatever the number of forums."""
    per_forum = (
        Thread.objects.filter(forum=OuterRef("pk"), is_hidden=False)
        .annotate(mark=FilteredRelation("read_marks", condition=Q(read_marks__user=user)))
        .order_by()
        .values("forum")
    )
    new = per_forum.annotate(
        s=Sum(F("post_count") - Coalesce(F("mark__last_read_number"), Value(0)))
    ).values("s")
    total = per_forum.annotate(c=Count("pk")).values("c")
    return qs.annotate(
        new_posts=Coalesce(Subquery(new, output_field=IntegerField()), Value(0)),
        thread_total=Coalesce(Subquery(total, output_field=IntegerField()), Value(0)),
    ).select_related("module")


def course_forums(course: Course, user: Any) -> list[Forum]:
    return list(
        forums_with_counts(Forum.objects.filter(course=course), user).order_by(
            "-is_default", "kind", "module__order", "title", "pk"
        )
    )


def org_forums(user: Any) -> list[Forum]:
    """Group, programme, faculty and university forums the user belongs to."""
    qs = permissions.forums_visible_to(user).exclude(scope=ForumScope.COURSE)
    return list(
        forums_with_counts(qs, user)
        .select_related("group", "programme__direction", "unit")
        .order_by("scope", "title", "pk")
    )


def user_courses(user: Any) -> list[Course]:
    ids = list(permissions.viewer(user).course_roles)
    return list(
        Course.objects.filter(pk__in=ids)
        .select_related("discipline", "semester__academic_year")
        .annotate(forum_total=Count("forums"))
        .order_by("discipline__name", "-semester__start")
    )


def thread_list(forum: Forum, user: Any, moderator: bool) -> QuerySet[Thread]:
    qs = Thread.objects.filter(forum=forum).filter(_threads_shown(user, moderator))
    return threads_with_marks(qs, user).select_related("author", "answered_by")


def has_posted(user: Any, thread: Thread) -> bool:
    """Whether the user has replied in the thread (the questions-and-answers rule)."""
    return Post.objects.filter(thread=thread, author=user, number__gt=1).exists()


def thread_posts(thread: Thread, user: Any, has_posted: bool, moderator: bool) -> QuerySet[Post]:
    return (
        Post.objects.filter(permissions.visible_posts_q(user, thread, has_posted, moderator))
        .select_related("author", "quote_of__author")
        .prefetch_related(Prefetch("attachments", queryset=Attachment.objects.order_by("pk")))
        .order_by("number")
    )


def page_of_post(posts: QuerySet[Post], post_id: int) -> int:
    """The page (1-based) of the thread where a post is shown."""
    number = posts.filter(pk=post_id).values_list("number", flat=True).first()
    if number is None:
        return 1
    before = posts.filter(number__lt=number).count()
    return before // POSTS_PER_PAGE + 1


def search(course: Course, user: Any, query: str) -> list[Post]:
    """Posts of the course's forums that match the words, as the user may read them."""
    words = [w for w in query.split() if len(w) >= 2][:6]
    if not words:
        return []
    match = Q()
    for word in words:
        match &= Q(body__icontains=word) | Q(thread__title__icontains=word)
    if permissions.can_create_course_forum(user, course):
        readable = Q(is_hidden=False, thread__is_hidden=False)
    else:
        readable = permissions.search_posts_q(user)
    qs = Post.objects.filter(thread__forum__course=course).filter(readable)
    return list(
        qs.filter(match)
        .select_related("author", "thread__forum")
        .order_by("-created_at", "-pk")[:50]
    )


def move_targets(thread: Thread) -> list[Forum]:
    if thread.forum.course_id is None:
        return []
    return list(Forum.objects.filter(course_id=thread.forum.course_id).exclude(pk=thread.forum_id))


def is_subscribed(user: Any, *, forum: Forum | None = None, thread: Thread | None = None) -> bool:
    from .models import Subscription

    return Subscription.objects.filter(user=user, forum=forum, thread=thread).exists()


# --- п. 4.9: response-time data ----------------------------------------------------------


def _question_rows() -> QuerySet[Thread]:
    return Thread.objects.filter(is_question=True).select_related(
        "author",
        "answered_by",
        "forum__course__discipline",
        "forum__course__semester__academic_year",
    )


def open_questions_for_teacher(user: Any) -> list[dict[str, Any]]:
    """Students' questions in the forums of the teacher's courses that no teacher of the
    course has answered yet, the oldest first (п. 4.9). One query."""
    if not getattr(user, "is_authenticated", False):
        return []
    taught = Course.teachers.through.objects.filter(user=user).values("course_id")
    rows = (
        _question_rows()
        .filter(answered_at__isnull=True, is_hidden=False, forum__course_id__in=taught)
        .order_by("asked_at", "pk")
    )
    return [
        {
            "asked_at": t.asked_at,
            "student": t.author,
            "title": t.title,
            "url": t.reply_url,
            "course": str(t.forum.course),
            "source": "forum",
        }
        for t in rows
    ]


def response_records(
    *, since: datetime.datetime | None = None, until: datetime.datetime | None = None
) -> QuerySet[Thread]:
    """Every student question in course forums asked in [since, until): ``asked_at``,
    ``answered_at``, ``answered_by``, the student (``author``), the course
    (``forum.course``) and ``response_time`` (a duration, None while unanswered)."""
    qs = _question_rows()
    if since is not None:
        qs = qs.filter(asked_at__gte=since)
    if until is not None:
        qs = qs.filter(asked_at__lt=until)
    return qs.annotate(
        response_time=ExpressionWrapper(
            F("answered_at") - F("asked_at"), output_field=DurationField()
        )
    ).order_by("asked_at", "pk")
