"""Two real browsers in one course chat (issue #8): each sees the other's messages live,
typing and presence; one is cut off (``context.set_offline``), misses messages, and on
reconnect gets them; axe finds no serious or critical problems on the chat pages.

Django's live server is WSGI only, so the chat runs in a real ASGI server process (granian) on a
file SQLite database seeded in a subprocess (see ``live.py``)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from . import live

pytestmark = pytest.mark.browser


@pytest.fixture
def chat_server(live_template: Path, tmp_path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    db = live.fresh_db(live_template, tmp_path)
    env = live.environment(db, redis=False)
    data = live.seed(env)
    with live.asgi_servers(env, count=1) as ports:
        yield f"http://127.0.0.1:{ports[0]}", data


@pytest.fixture
def contexts(browser: Any) -> Iterator[Callable[[str, str], Any]]:
    """Browser contexts logged in by a session cookie; the Playwright loop is marked
    running only for this test (see the root conftest)."""
    made: list[Any] = []
    asyncio._set_running_loop(browser._loop)

    def _new(base_url: str, session: str) -> Any:
        context = browser.new_context(locale="ru-RU", base_url=base_url)
        context.add_cookies([{"name": "sessionid", "value": session, "url": base_url}])
        made.append(context)
        return context

    try:
        yield _new
    finally:
        for context in made:
            context.close()
        asyncio._set_running_loop(None)


def _connected(page: Any) -> None:
    page.wait_for_selector("[data-chat-room][data-connected='1']")


def test_two_browsers_chat_live_and_the_cut_off_one_catches_up(
    chat_server: tuple[str, dict[str, Any]],
    contexts: Callable[[str, str], Any],
    axe_check: Callable[[Any], list[dict[str, Any]]],
) -> None:
    base, data = chat_server
    teacher_ctx = contexts(base, data["teacher"]["session"])
    student_ctx = contexts(base, data["student"]["session"])
    teacher = teacher_ctx.new_page()
    student = student_ctx.new_page()
    for p in (teacher, student):
        p.set_default_timeout(15_000)
        p.goto(f"/chat/{data['room']}/")
        _connected(p)
    teacher_log = teacher.locator("[data-chat-log]")
    student_log = student.locator("[data-chat-log]")
    assert "Добро пожаловать в чат курса." in student_log.inner_text()

    # Presence: each sees the other online.
    teacher.wait_for_function(
        "document.querySelector('[data-chat-online]').textContent.includes('Бекова')"
    )

    # Typing, then a message: it appears in the other browser without a reload.
    student.fill("textarea[name=text]", "Здравствуйте! Когда консультация?")
    teacher.wait_for_function(
        "document.querySelector('[data-chat-typing]').textContent.includes('печатает')"
    )
    student.press("textarea[name=text]", "Enter")
    teacher_log.get_by_text("Здравствуйте! Когда консультация?").wait_for()
    assert student.input_value("textarea[name=text]") == ""

    teacher.fill("textarea[name=text]", "<b>В четверг</b> в 15:00")
    teacher.click("[data-chat-form] button[type=submit]")
    student_log.get_by_text("<b>В четверг</b> в 15:00").wait_for()
    # Shown as text, not markup.
    assert student_log.locator("b").count() == 0

    # The student is cut off; the teacher writes twice meanwhile.
    student_ctx.set_offline(True)
    student.wait_for_selector("[data-chat-room]:not([data-connected='1'])")
    teacher.fill("textarea[name=text]", "Пока вас не было: аудитория 204")
    teacher.press("textarea[name=text]", "Enter")
    teacher_log.get_by_text("Пока вас не было: аудитория 204").wait_for()
    teacher.fill("textarea[name=text]", "И возьмите конспект")
    teacher.press("textarea[name=text]", "Enter")
    teacher_log.get_by_text("И возьмите конспект").wait_for()
    assert "аудитория 204" not in student_log.inner_text()
    assert "Нет сети" in student.locator("[data-chat-status]").inner_text()

    # Back online: it reconnects by itself and fetches what it missed, in order.
    student_ctx.set_offline(False)
    _connected(student)
    student_log.get_by_text("И возьмите конспект").wait_for()
    texts = student_log.locator(".chat-text").all_inner_texts()
    assert texts[-2:] == ["Пока вас не было: аудитория 204", "И возьмите конспект"]
    assert len(texts) == len(set(texts)) == 5

    # The connection drops (as when a server restarts): it comes back with back-off.
    student.evaluate("document.querySelector('[data-chat-room]').chatWidget.socket.close()")
    student.wait_for_selector("[data-chat-room]:not([data-connected='1'])")
    assert "Повторное подключение" in student.locator("[data-chat-status]").inner_text()
    _connected(student)
    teacher.fill("textarea[name=text]", "Снова на связи?")
    teacher.press("textarea[name=text]", "Enter")
    student_log.get_by_text("Снова на связи?").wait_for()

    # Accessibility of the chat pages.
    assert axe_check(student) == []
    student.goto("/chat/")
    assert student.get_by_role("link", name="Анатомия").count() == 1
    assert axe_check(student) == []
