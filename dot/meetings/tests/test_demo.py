"""The demo: lessons past and upcoming with attendance and a recording, calendars filled."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from dot.academics import demo as academics_demo
from dot.content import demo as content_demo
from dot.meetings import demo
from dot.meetings.models import Attendance, Lesson, Recording
from dot.org.demo import seed_org, seed_users
from dot.schedule import demo as schedule_demo
from dot.schedule.events import events_for
from dot.schedule.models import FeedToken


def test_demo_is_complete_and_idempotent(
    db: Any, settings: Any, tmp_path: Any, client: Any
) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    units = seed_org()
    seed_users(units)
    academics_demo.seed(units)
    content_demo.seed(units)
    for _ in range(2):
        demo.seed(units)
        schedule_demo.seed(units)
    assert Lesson.objects.count() == 4
    assert Lesson.objects.filter(end__lt=timezone.now()).count() == 1
    assert Attendance.objects.count() == 2
    assert Recording.objects.count() == 1
    assert FeedToken.objects.filter(revoked_at__isnull=True).count() == 2
    now = timezone.now()
    for username in ("student", "teacher"):
        from dot.accounts.models import User

        user = User.objects.get(username=username)
        found = events_for(user, now - datetime.timedelta(days=7), now + datetime.timedelta(days=7))
        assert len([e for e in found if e.uid.startswith("meetings-")]) >= 3, username
    client.force_login(User.objects.get(username="student"))
    assert client.get("/calendar/").status_code == 200
    assert client.get("/lessons/").status_code == 200
