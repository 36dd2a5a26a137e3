"""A student takes a test in a real browser: answers by keyboard, loses the connection
(the banner, answers kept), comes back (answers delivered in order), reloads with an
unacknowledged answer (restored and sent), resumes, submits; axe-checked."""

from __future__ import annotations

import json
from typing import Any

import pytest

from dot.assessments.factories import make_test_with_questions
from dot.assessments.models import Attempt, AttemptAnswer, AttemptState

pytestmark = pytest.mark.browser


def _pending(page: Any, attempt_id: int) -> int:
    raw = page.evaluate(f"() => window.localStorage.getItem('dot-attempt-{attempt_id}')")
    return len(json.loads(raw)["pending"]) if raw else 0


def _wait_acknowledged(page: Any, attempt_id: int) -> None:
    page.wait_for_function(
        f"""() => {{
            const raw = window.localStorage.getItem('dot-attempt-{attempt_id}');
            return raw && Object.keys(JSON.parse(raw).pending).length === 0;
        }}"""
    )


def _choose(page: Any, slot: int, option: str) -> None:
    """Select an option by keyboard: focus the radio and press Space."""
    page.locator(f"#q{slot}-choice-{option}").focus()
    page.keyboard.press("Space")


def test_student_takes_a_test_through_a_dropped_connection(
    transactional_db: Any, world: Any, page: Any, login_page: Any, axe_check: Any
) -> None:
    test = make_test_with_questions(
        course=world.course, count=3, questions_per_page=0, shuffle_questions=False, time_limit=30
    )
    login_page("student")
    page.goto(f"/tests/{test.pk}/")
    assert axe_check(page) == []
    page.locator(f"form[action='/tests/{test.pk}/start/'] button[type=submit]").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/tests/attempts/*/")
    attempt = Attempt.objects.get(test=test, user=world.student)
    assert page.locator("#attempt-timer").inner_text().startswith(("30:00", "29:5"))
    assert axe_check(page) == []

    # Online: the answer is in the database as soon as it is acknowledged.
    _choose(page, 1, "2")
    _wait_acknowledged(page, attempt.pk)
    assert AttemptAnswer.objects.get(attempt=attempt, slot=1).response == {"choice": "2"}

    # Offline: the banner says the answers are kept; nothing reaches the server.
    page.context.set_offline(True)
    _choose(page, 2, "3")
    _choose(page, 3, "1")
    banner = page.locator("#attempt-offline")
    banner.wait_for(state="visible")
    assert banner.inner_text().strip()
    assert page.locator("#attempt-status[role=status]").count() == 1
    assert _pending(page, attempt.pk) == 2
    assert AttemptAnswer.objects.get(attempt=attempt, slot=2).seq == 0

    # Back online: both delivered, in the order they were given.
    page.context.set_offline(False)
    page.evaluate("() => window.dispatchEvent(new Event('online'))")
    _wait_acknowledged(page, attempt.pk)
    banner.wait_for(state="hidden")
    two = AttemptAnswer.objects.get(attempt=attempt, slot=2)
    three = AttemptAnswer.objects.get(attempt=attempt, slot=3)
    assert two.response == {"choice": "3"}
    assert three.response == {"choice": "1"}
    assert two.saved_at is not None
    assert three.saved_at is not None
    assert two.saved_at <= three.saved_at

    # The server is unreachable for saves; the student changes an answer and reloads.
    page.route("**/api/assessments/attempts/*/answers/", lambda route: route.abort())
    _choose(page, 1, "4")
    banner.wait_for(state="visible")
    page.reload()
    # Restored from the device into the input, and still waiting to be sent.
    assert page.locator("#q1-choice-4").is_checked()
    assert AttemptAnswer.objects.get(attempt=attempt, slot=1).response == {"choice": "2"}
    page.unroute("**/api/assessments/attempts/*/answers/")
    _wait_acknowledged(page, attempt.pk)
    assert AttemptAnswer.objects.get(attempt=attempt, slot=1).response == {"choice": "4"}

    # Reopening the test resumes the same attempt.
    page.goto(f"/tests/{test.pk}/")
    page.locator(f"a[href='/tests/attempts/{attempt.pk}/']").first.click()
    page.wait_for_url(f"**/tests/attempts/{attempt.pk}/")
    assert page.locator("#q3-choice-1").is_checked()
    assert Attempt.objects.filter(test=test).count() == 1

    # Finish by keyboard only.
    page.locator("button[name=go][value=finish]").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/summary/")
    assert axe_check(page) == []
    page.locator(f"form[action='/tests/attempts/{attempt.pk}/submit/'] button").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/result/")
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.FINISHED
    assert axe_check(page) == []


def test_teacher_monitors_the_session(
    transactional_db: Any, world: Any, page: Any, login_page: Any, axe_check: Any
) -> None:
    from dot.assessments import services

    test = make_test_with_questions(course=world.course, count=2)
    services.attempt_start(test=test, user=world.student)
    login_page("teacher")
    page.goto(f"/tests/{test.pk}/monitor/")
    assert page.locator("#monitor-rows tbody tr").count() == 1
    assert axe_check(page) == []
    for url in ("edit/", "questions/", "accommodations/", ""):
        page.goto(f"/tests/{test.pk}/{url}")
        assert page.locator("h1").count() == 1
        assert axe_check(page) == [], url
    page.goto("/tests/")
    assert axe_check(page) == []


def test_student_attaches_a_file_to_an_essay(
    transactional_db: Any,
    world: Any,
    page: Any,
    login_page: Any,
    settings: Any,
    tmp_path: Any,
) -> None:
    from dot.assessments import services
    from dot.content.samples import pdf_bytes

    settings.MEDIA_ROOT = str(tmp_path / "media")
    test = make_test_with_questions(course=world.course, count=1, qtypes=("essay",))
    attempt, _ = services.attempt_start(test=test, user=world.student)
    login_page("student")
    page.goto(f"/tests/attempts/{attempt.pk}/")
    page.fill("#q1-text", "Ответ с приложением")
    page.set_input_files(
        "#q1-file-upload",
        files=[{"name": "отчёт.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}],
    )
    page.locator("input[type=hidden][name='q1-file']").wait_for(state="attached")
    _wait_acknowledged(page, attempt.pk)
    answer = AttemptAnswer.objects.get(attempt=attempt)
    assert answer.response["file"].startswith(f"assessments/answers/{attempt.pk}/1/")
    assert "Ответ с приложением" in answer.response["text"]


def test_time_runs_out_and_the_server_closes_the_attempt(
    transactional_db: Any, world: Any, page: Any, login_page: Any
) -> None:
    """The page counts down the server's remaining time (not the device clock), tells
    screen readers, and when it is over the attempt is closed with the saved answers."""
    import datetime

    from django.utils import timezone

    from dot.assessments import services

    test = make_test_with_questions(course=world.course, count=1, grace_seconds=0)
    attempt, _ = services.attempt_start(test=test, user=world.student)
    login_page("student")
    Attempt.objects.filter(pk=attempt.pk).update(
        deadline=timezone.now() + datetime.timedelta(seconds=6)
    )
    # The device's clock is a day off: it does not matter.
    page.add_init_script("Date.now = () => 86400000 + new Date().getTime();")
    page.goto(f"/tests/attempts/{attempt.pk}/")
    _choose(page, 1, "1")
    _wait_acknowledged(page, attempt.pk)
    assert page.locator("#attempt-timer").inner_text().startswith("0:0")
    page.wait_for_url(f"**/tests/attempts/{attempt.pk}/result/", timeout=20_000)
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.FINISHED
    assert attempt.finished_by == "deadline"
    assert AttemptAnswer.objects.get(attempt=attempt).response == {"choice": "1"}
