"""End to end in a real browser with a real SMTP server (issue #7): a student asks in the
course's questions forum; the teacher is notified in the portal and by e-mail (Russian
subject and body), follows the e-mailed link, signs in and lands on the reply form,
answers; the student is notified and replies by the e-mailed link. Pages axe-checked."""

from __future__ import annotations

import re
from typing import Any

import pytest

from dot.communication.models import Notification
from dot.communication.testing import text_of
from dot.forums.models import Thread

from .conftest import World

pytestmark = pytest.mark.browser

LINK = re.compile(r"http://[^\s]+/forums/threads/\d+/\?reply=1#reply")


def _letter_to(smtp: Any, page: Any, address: str) -> Any:
    # The letter is sent after the request's commit; wait until the server has it.
    for _ in range(50):
        letters = [m for m in smtp.messages if address in str(m["To"])]
        if letters:
            return letters[-1]
        page.wait_for_timeout(100)
    raise AssertionError(f"no letter to {address}")


def _sign_in_by_link(page: Any, link: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(link)
    page.fill("#id_username", username)
    page.fill("#id_password", "pass12345")
    page.click("main button[type=submit]")
    page.wait_for_load_state()


def test_ask_notify_answer_and_reply_by_the_emailed_link(
    transactional_db: Any,
    world: World,
    settings: Any,
    live_server: Any,
    smtp_server: Any,
    eager_tasks: Any,
    page: Any,
    login_page: Any,
    axe_check: Any,
) -> None:
    settings.SITE_URL = live_server.url
    from playwright.sync_api import expect

    # The student asks in the questions forum of the course
    login_page("student")
    page.goto(f"/forums/course/{world.course.pk}/")
    assert (v := axe_check(page)) == [], [n["html"] for x in v for n in x["nodes"]]
    page.get_by_role("link", name="Вопросы преподавателям").click()
    assert (v := axe_check(page)) == [], [n["html"] for x in v for n in x["nodes"]]
    page.locator(f"a[href='/forums/{world.qa.pk}/new/']").click()
    page.fill("#id_title", "Где взять атлас?")
    page.fill("#id_body", "Подскажите, где взять **атлас** Синельникова?")
    page.locator("main button[name=preview]").click()
    expect(page.locator(".forum-post strong")).to_have_text("атлас")
    page.locator("main button[type=submit]:not([name=preview])").click()
    expect(page.locator("h1")).to_have_text("Где взять атлас?")
    assert (v := axe_check(page)) == [], [n["html"] for x in v for n in x["nodes"]]
    thread = Thread.objects.get(title="Где взять атлас?")
    assert thread.is_question
    assert thread.asked_at is not None

    # The teacher: a portal notification and a letter in Russian with the link
    assert Notification.objects.filter(recipient=world.teacher, kind="forums.question").exists()
    letter = _letter_to(smtp_server, page, "t@example.kg")
    assert letter["Subject"].strip() == "Вопрос студента: «Где взять атлас?»"
    text = text_of(letter)
    assert "Синельникова" in text
    assert "Здравствуйте" in text
    link = LINK.search(text)
    assert link is not None

    # ...follows it, signs in and lands on the reply form, answers
    _sign_in_by_link(page, link.group(0), "teacher")
    # ...on the thread, scrolled to the reply form
    assert f"/forums/threads/{thread.pk}/?reply=1" in page.url
    expect(page.locator("#id_body")).to_be_in_viewport()
    page.fill("#id_body", "Атлас есть в библиотеке, ауд. 204.")
    page.locator("#reply button[type=submit]:not([name=preview])").click()
    expect(page.get_by_text("Атлас есть в библиотеке, ауд. 204.")).to_be_visible()
    thread.refresh_from_db()
    assert thread.answered_by == world.teacher
    assert thread.answered_at is not None

    # The student is notified and replies by the e-mailed link
    letter = _letter_to(smtp_server, page, "student@example.kg")
    assert letter["Subject"].strip() == "Новый ответ в теме «Где взять атлас?»"
    link = LINK.search(text_of(letter))
    assert link is not None
    _sign_in_by_link(page, link.group(0), "student")
    # ...on the thread, scrolled to the reply form
    assert f"/forums/threads/{thread.pk}/?reply=1" in page.url
    expect(page.locator("#id_body")).to_be_in_viewport()
    page.fill("#id_body", "Спасибо!")
    page.locator("#reply button[type=submit]:not([name=preview])").click()
    expect(page.get_by_text("Спасибо!", exact=True)).to_be_visible()
    assert thread.posts.count() == 3
    assert (v := axe_check(page)) == [], [n["html"] for x in v for n in x["nodes"]]
