"""The demo seed: course forums with questions waiting for days, a faculty announcements
forum; idempotent; the demo teacher sees the waiting questions oldest first."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from dot.academics import demo as academics_demo
from dot.accounts.models import User
from dot.content import demo as content_demo
from dot.forums import demo
from dot.forums.models import Forum, ForumKind, ForumScope, Thread
from dot.forums.selectors import open_questions_for_teacher
from dot.org.demo import seed_org, seed_users


def test_demo_forums(db: Any, settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    units = seed_org()
    seed_users(units)
    academics_demo.seed(units)
    content_demo.seed(units)
    demo.seed(units)
    counts = (Forum.objects.count(), Thread.objects.count())
    demo.seed(units)
    assert (Forum.objects.count(), Thread.objects.count()) == counts
    teacher = User.objects.get(username="teacher")
    waiting = open_questions_for_teacher(teacher)
    assert len(waiting) >= 3
    assert waiting == sorted(waiting, key=lambda r: r["asked_at"])
    assert (waiting[-1]["asked_at"] - waiting[0]["asked_at"]).days >= 3
    assert Thread.objects.filter(is_question=True, answered_at__isnull=False).exists()
    faculty = Forum.objects.get(scope=ForumScope.FACULTY, kind=ForumKind.ANNOUNCEMENTS)
    assert faculty.threads.count() == 1
    client = Client()
    client.force_login(User.objects.get(username="student"))
    assert client.get(reverse("forums:index")).status_code == 200
    assert client.get(reverse("forums:forum", args=[faculty.pk])).status_code == 200
    client.force_login(teacher)
    page = client.get(reverse("forums:questions")).content.decode()
    assert waiting[0]["title"] in page
