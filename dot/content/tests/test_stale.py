"""п. 4.8: an ЭУМК not revised for ``DOT_UMK_STALE_DAYS`` is flagged to the head of its
department and its teachers — once per revision, by a command run daily by Celery beat."""

from __future__ import annotations

import datetime
from io import StringIO
from typing import Any

from django.conf import settings as django_settings
from django.core.management import call_command
from django.utils import timezone

from dot.communication.models import Notification
from dot.content import services, tasks
from dot.content.models import Umk

from .conftest import World, published_umk


def _age(umk: Umk, days: int) -> None:
    Umk.objects.filter(pk=umk.pk).update(
        last_revised_at=timezone.now() - datetime.timedelta(days=days)
    )


def test_a_stale_umk_is_flagged_once_to_the_head_and_the_teachers(
    db: Any, world: World, settings: Any
) -> None:
    # Given a published ЭУМК last revised 400 days ago (limit 365) and a fresh one
    settings.DOT_UMK_STALE_DAYS = 365
    umk = published_umk(world)
    _age(umk, 400)

    # When the command runs twice
    out = StringIO()
    call_command("content_flag_stale", stdout=out)
    call_command("content_flag_stale", stdout=StringIO())

    # Then the head of «Кафедра КД» and the teacher got exactly one notice each
    assert out.getvalue().strip() == "1 out-of-date ЭУМК flagged."
    notices = Notification.objects.filter(kind="system", url=f"/content/umk/{umk.pk}/")
    assert sorted(notices.values_list("recipient__username", flat=True)) == ["head", "teacher"]
    assert "«Анатомия»" in notices.get(recipient=world.head).title
    # the head of another department and the student are not told
    assert not notices.filter(recipient__in=[world.other_head, world.student]).exists()
    umk.refresh_from_db()
    assert umk.stale_notified_at is not None


def test_a_fresh_umk_is_not_flagged_and_a_revised_one_is_flagged_again(
    db: Any, world: World, settings: Any
) -> None:
    settings.DOT_UMK_STALE_DAYS = 365
    umk = published_umk(world)
    _age(umk, 30)
    assert services.umk_flag_stale() == []

    # Stale: flagged; then revised (published again) and stale again: flagged again
    _age(umk, 400)
    assert [u.pk for u in services.umk_flag_stale()] == [umk.pk]
    Umk.objects.filter(pk=umk.pk).update(
        stale_notified_at=timezone.now() - datetime.timedelta(days=500)
    )
    _age(umk, 400)  # revised after the notice, and out of date again
    assert tasks.flag_stale_umk.apply().get() == 1
    assert services.umk_flag_stale() == []
    assert Notification.objects.filter(kind="system", recipient=world.head).count() == 2


def test_the_beat_schedule_runs_the_task_daily() -> None:
    entry = django_settings.CELERY_BEAT_SCHEDULE["content-flag-stale-umk"]
    assert entry == {"task": "content.flag_stale_umk", "schedule": 86400}
