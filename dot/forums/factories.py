"""Test and demo helpers of the forums: a course with its people, threads with posts."""

from __future__ import annotations

from typing import Any

from django.db.models import F
from django.utils import timezone

from .models import Forum, Post, Thread
from .rendering import render_post


def bulk_posts(thread: Thread, authors: list[Any], count: int, text: str = "Ответ") -> None:
    """Add ``count`` posts to a thread at once (for query-count tests and the demo)."""
    start = thread.post_count
    now = timezone.now()
    Post.objects.bulk_create(
        Post(
            thread=thread,
            number=start + i + 1,
            author=authors[i % len(authors)],
            body=f"{text} {i}",
            body_html=render_post(f"{text} {i}"),
            created_at=now,
        )
        for i in range(count)
    )
    Thread.objects.filter(pk=thread.pk).update(post_count=F("post_count") + count)
    thread.refresh_from_db()


def bulk_threads(forum: Forum, author: Any, count: int) -> list[Thread]:
    now = timezone.now()
    threads = Thread.objects.bulk_create(
        Thread(forum=forum, title=f"Тема {i}", author=author, created_at=now, last_post_at=now)
        for i in range(count)
    )
    for t in threads:
        bulk_posts(t, [author], 1, "Начало")
    return threads
