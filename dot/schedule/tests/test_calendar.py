"""The calendar: pages (month, week, list, filters), the iCalendar feed by secret
address, .ics of one event, the API; four callers; query counts."""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Iterator
from typing import Any

import icalendar
import pytest
from django.utils import timezone

from dot.academics.models import ExamSession
from dot.meetings.factories import World, make_lesson
from dot.schedule import events, services
from dot.schedule.events import CalendarEvent
from dot.schedule.models import FeedToken

BISHKEK = zoneinfo.ZoneInfo("Asia/Bishkek")
# 10:00 in Bishkek is 04:00 UTC
LESSON_START = datetime.datetime(2026, 12, 3, 4, 0, tzinfo=datetime.UTC)
DEADLINE = datetime.datetime(2026, 12, 4, 17, 59, tzinfo=datetime.UTC)  # 23:59 in Bishkek


@pytest.fixture
def deadline_source(world: World) -> Iterator[None]:
    """A deadline from another app's source (plans/assessments write theirs the same way)."""

    def source(user: Any, start: datetime.datetime, end: datetime.datetime) -> list[CalendarEvent]:
        if user.pk != world.student.pk:
            return []
        return [
            CalendarEvent(
                uid="assessments-test-1-close", title="Тест по анатомии: срок сдачи",
                start=DEADLINE, kind="deadline", course="Анатомия", url="/tests/1/",
            )
        ]  # fmt: skip

    real = events._sources()
    events._sources.cache_clear()
    original = events._sources
    events._sources = lambda: (*real, source)  # type: ignore[assignment]
    yield
    events._sources = original  # type: ignore[assignment]


def _future_lesson(world: World) -> Any:
    from dot.meetings.models import Lesson

    lesson = make_lesson(
        world, start=timezone.now() + datetime.timedelta(days=400), title="Лекция: сердце"
    )
    Lesson.objects.filter(pk=lesson.pk).update(
        start=LESSON_START, end=LESSON_START + datetime.timedelta(minutes=80)
    )
    lesson.refresh_from_db()
    return lesson


def test_events_for_student_include_lessons_and_exam_sessions(world: World) -> None:
    lesson = _future_lesson(world)
    ExamSession.objects.create(
        semester=world.semester, start=datetime.date(2027, 1, 5), end=datetime.date(2027, 1, 25)
    )
    found = events.events_for(
        world.student,
        datetime.datetime(2026, 12, 1, tzinfo=BISHKEK),
        datetime.datetime(2027, 2, 1, tzinfo=BISHKEK),
    )
    kinds = {e.uid: e.kind for e in found}
    assert kinds[f"meetings-lesson-{lesson.pk}"] == "lesson"
    session = next(e for e in found if e.kind == "exam_session")
    assert session.all_day
    assert session.start == datetime.datetime(2027, 1, 5, tzinfo=BISHKEK)
    # an outsider's calendar has none of it
    assert (
        events.events_for(
            world.outsider,
            datetime.datetime(2026, 12, 1, tzinfo=BISHKEK),
            datetime.datetime(2027, 2, 1, tzinfo=BISHKEK),
        )
        == []
    )


def test_feed_parses_in_bishkek_time(
    client: Any, world: World, deadline_source: None, settings: Any
) -> None:
    settings.DOT_CALENDAR_TIME_ZONE = "Asia/Bishkek"
    start = (timezone.now() + datetime.timedelta(days=2)).replace(microsecond=0)
    lesson = make_lesson(world, start=start, title="Лекция: сердце")
    token = services.feed_get_or_create(user=world.student)
    response = client.get(f"/calendar/feed/{token.token}.ics")  # no login
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    cal = icalendar.Calendar.from_ical(response.content)
    [tz] = list(cal.walk("VTIMEZONE"))
    assert str(tz["TZID"]) == "Asia/Bishkek"
    items = {str(e["UID"]): e for e in cal.walk("VEVENT")}
    lesson_item = items[f"meetings-lesson-{lesson.pk}@dot"]
    assert str(lesson_item["SUMMARY"]) == "Лекция: сердце"
    start = lesson_item.decoded("DTSTART")
    assert start.tzinfo is not None
    assert str(start.tzinfo) == "Asia/Bishkek"
    assert start == lesson.start
    assert start.utcoffset() == datetime.timedelta(hours=6)
    assert "DTSTART;TZID=Asia/Bishkek:" in response.content.decode()
    deadline = items["assessments-test-1-close@dot"]
    assert deadline.decoded("DTSTART") == datetime.datetime(2026, 12, 4, 23, 59, tzinfo=BISHKEK)
    assert str(deadline.decoded("DTSTART").tzinfo) == "Asia/Bishkek"
    assert "Анатомия" in str(deadline["DESCRIPTION"])
    # Russian category labels
    assert "Срок" in response.content.decode() or "срок" in response.content.decode()


def test_feed_zone_is_configurable(client: Any, world: World, settings: Any) -> None:
    settings.DOT_CALENDAR_TIME_ZONE = "Asia/Almaty"
    make_lesson(world, start=timezone.now() + datetime.timedelta(days=2))
    token = services.feed_get_or_create(user=world.student)
    cal = icalendar.Calendar.from_ical(client.get(f"/calendar/feed/{token.token}.ics").content)
    assert [str(t["TZID"]) for t in cal.walk("VTIMEZONE")] == ["Asia/Almaty"]


def test_regenerate_revokes_the_old_address(client: Any, world: World) -> None:
    old = services.feed_get_or_create(user=world.student)
    client.force_login(world.student)
    client.post("/calendar/feed/", {"action": "regenerate"})
    new = FeedToken.objects.get(user=world.student, revoked_at__isnull=True)
    assert new.token != old.token
    client.logout()
    assert client.get(f"/calendar/feed/{old.token}.ics").status_code == 404
    assert client.get(f"/calendar/feed/{new.token}.ics").status_code == 200
    assert client.get("/calendar/feed/unknown-token.ics").status_code == 404
    client.force_login(world.student)
    client.post("/calendar/feed/", {"action": "revoke"})
    client.logout()
    assert client.get(f"/calendar/feed/{new.token}.ics").status_code == 404


def test_single_event_ics_only_for_who_may_see_it(client: Any, world: World) -> None:
    lesson = make_lesson(world, start=timezone.now() + datetime.timedelta(days=2))
    url = f"/calendar/events/{lesson.uid}.ics"
    assert client.get(url).status_code == 302  # anonymous: to login
    client.force_login(world.outsider)
    assert client.get(url).status_code == 404
    client.force_login(world.other_teacher)
    assert client.get(url).status_code == 404
    client.force_login(world.student)
    response = client.get(url)
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    [item] = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert str(item["UID"]) == f"{lesson.uid}@dot"


@pytest.mark.parametrize("view", ["month", "week", "list"])
def test_views_show_the_users_events(client: Any, world: World, view: str) -> None:
    lesson = make_lesson(
        world, start=timezone.now() + datetime.timedelta(hours=2), title="Видимый урок"
    )
    day = timezone.localtime(lesson.start).date().isoformat()
    client.force_login(world.student)
    page = client.get(f"/calendar/?view={view}&date={day}").content.decode()
    assert "Видимый урок" in page
    assert lesson.get_absolute_url() in page
    client.force_login(world.other_teacher)
    assert "Видимый урок" not in client.get(f"/calendar/?view={view}&date={day}").content.decode()


def test_filters_by_kind_and_course(client: Any, world: World) -> None:
    start = timezone.now() + datetime.timedelta(hours=3)
    make_lesson(world, start=start, title="Урок курса")
    make_lesson(world, start=start, title="Вебинар курса", kind="webinar")
    make_lesson(world, start=start, title="Урок группы", course=None, group=world.group)
    day = timezone.localtime(start).date().isoformat()
    client.force_login(world.student)
    page = client.get(f"/calendar/?view=list&date={day}&kind=webinar").content.decode()
    assert "Вебинар курса" in page
    assert "Урок курса" not in page
    page = client.get(f"/calendar/?view=list&date={day}&course=Анатомия").content.decode()
    assert "Урок курса" in page
    assert "Урок группы" not in page


def test_bad_parameters_do_not_fail(client: Any, world: World) -> None:
    client.force_login(world.student)
    assert client.get("/calendar/?view=zzz&date=not-a-date").status_code == 200
    assert client.get("/api/calendar/events/?start=2026-12-10&end=2026-12-01").status_code == 400
    assert client.get("/api/calendar/events/?start=bad").status_code == 400


def test_anonymous_and_api(client: Any, world: World) -> None:
    lesson = make_lesson(world, start=timezone.now() + datetime.timedelta(days=1))
    assert client.get("/calendar/").status_code == 302
    assert client.get("/api/calendar/events/").status_code in (401, 403)
    client.force_login(world.student)
    day = timezone.localtime(lesson.start).date()
    rows = client.get(f"/api/calendar/events/?start={day}&end={day}").json()
    assert [r["uid"] for r in rows] == [lesson.uid]
    assert rows[0]["start"].endswith("+06:00")
    client.force_login(world.outsider)
    assert client.get(f"/api/calendar/events/?start={day}&end={day}").json() == []


def test_calendar_queries_do_not_grow(
    client: Any, world: World, django_assert_max_num_queries: Any
) -> None:
    base = timezone.now().replace(hour=6, minute=0) + datetime.timedelta(days=1)
    make_lesson(world, start=base)
    client.force_login(world.student)
    day = timezone.localtime(base).date().isoformat()
    client.get(f"/calendar/?date={day}")
    with django_assert_max_num_queries(30) as before:
        client.get(f"/calendar/?date={day}")
    for i in range(12):
        make_lesson(world, start=base + datetime.timedelta(hours=i + 1), title=f"L{i}")
    for view in ("month", "week", "list"):
        with django_assert_max_num_queries(len(before.captured_queries)):
            client.get(f"/calendar/?view={view}&date={day}")
    with django_assert_max_num_queries(len(before.captured_queries)):
        client.get(f"/api/calendar/events/?start={day}&end={day}")
    token = services.feed_get_or_create(user=world.student)
    with django_assert_max_num_queries(len(before.captured_queries)):
        client.get(f"/calendar/feed/{token.token}.ics")


def test_pages_show_times_in_the_calendar_zone(client: Any, world: World, settings: Any) -> None:
    lesson = _future_lesson(world)  # 04:00 UTC
    client.force_login(world.student)
    page = client.get("/calendar/?view=list&date=2026-12-03").content.decode()
    assert "10:00–11:20" in page  # Asia/Bishkek, UTC+6
    settings.DOT_CALENDAR_TIME_ZONE = "Europe/Moscow"
    page = client.get("/calendar/?view=list&date=2026-12-03").content.decode()
    assert "07:00–08:20" in page
    assert lesson.title in page
