"""In a real browser: a teacher schedules a lesson, is warned of a conflict and confirms;
the student sees it on the calendar and opens its page with the join button (axe-checked)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from dot.meetings.factories import World, make_lesson
from dot.meetings.models import Lesson

pytestmark = pytest.mark.browser


def test_schedule_with_conflict_then_student_joins_from_calendar(
    transactional_db: Any, world: World, page: Any, login_page: Any, axe_check: Any
) -> None:
    start = (timezone.now() + datetime.timedelta(minutes=10)).replace(second=0, microsecond=0)
    make_lesson(world, start=start, title="Уже запланировано", duration=60)

    login_page("teacher")
    page.goto("/lessons/new/")
    assert axe_check(page) == []
    page.fill("#id_title", "Онлайн-лекция: сердце")
    page.select_option("#id_course", str(world.course.pk))
    page.fill("#id_start", timezone.localtime(start).strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_duration", "45")
    page.click("#lesson-form button[type=submit]")
    warning = page.locator("#conflicts")
    warning.wait_for()
    assert "Уже запланировано" in warning.inner_text()
    assert page.locator("#id_confirm_error").is_visible()
    assert axe_check(page) == []
    assert not Lesson.objects.filter(title="Онлайн-лекция: сердце").exists()
    page.check("#id_confirm")
    page.click("#lesson-form button[type=submit]")
    page.locator("h1", has_text="Онлайн-лекция: сердце").wait_for()
    lesson = Lesson.objects.get(title="Онлайн-лекция: сердце")
    assert page.locator("#attendance").is_visible()

    page.context.clear_cookies()
    login_page("student")
    page.goto("/calendar/")
    link = page.locator(f"a[href='/lessons/{lesson.pk}/']").first
    link.wait_for()
    assert axe_check(page) == []
    page.goto("/calendar/?view=week")
    assert page.locator(f"a[href='/lessons/{lesson.pk}/']").count() == 1
    page.goto("/calendar/?view=list")
    page.locator(f"a[href='/lessons/{lesson.pk}/']").focus()
    page.keyboard.press("Enter")
    page.locator("h1", has_text="Онлайн-лекция: сердце").wait_for()
    assert page.locator("#join").is_visible()
    assert axe_check(page) == []
