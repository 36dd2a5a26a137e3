"""The main flows in a real browser, each page axe-checked: a student writes to their
teacher, the teacher sees the unread count and replies, the student answers by the link in
the e-mail (real loopback SMTP server); the dean's office builds a group
announcement, sees the recipient count before sending, and the delivery status after."""

import re

import pytest

from dot.communication.testing import text_of
from dot.messaging.models import Announcement, Conversation


def _relogin(page, login_page, username):
    page.context.clear_cookies()
    return login_page(username)


@pytest.mark.browser
def test_student_writes_teacher_replies_and_dean_office_announces(
    transactional_db, school, login_page, axe_check, smtp_server, settings, live_server
):
    settings.SITE_URL = live_server.url
    page = login_page("student")

    page.goto("/messages/new/")
    assert axe_check(page) == []
    page.select_option("#id_recipients", [str(school.teacher.pk)])
    page.fill("#id_subject", "Вопрос о зачёте")
    page.fill("#id_body", "Здравствуйте! Когда будет **зачёт**?")
    page.click("button[name=preview]")
    page.wait_for_load_state()
    assert page.locator("#message-preview strong").inner_text() == "зачёт"
    page.click("#compose-form button[name=send]")
    page.wait_for_load_state()
    conversation = Conversation.objects.get()
    assert page.url.endswith(f"/messages/{conversation.pk}/")
    assert axe_check(page) == []
    page.goto("/messages/")
    assert "Вопрос о зачёте" in page.locator("#conversation-list").inner_text()
    assert axe_check(page) == []

    page = _relogin(page, login_page, "teacher")
    page.wait_for_selector("#header-unread-messages")
    assert page.locator("#header-unread-messages").inner_text() == "1"
    page.click("#header-messages")
    page.wait_for_url("**/messages/")
    page.click("text=Вопрос о зачёте")
    page.wait_for_load_state()
    assert "Когда будет" in page.locator("#messages").inner_text()
    page.fill("#id_body", "В пятницу в 10:00.")
    page.click("#reply-form button[name=send]")
    page.wait_for_load_state()
    assert "В пятницу в 10:00." in page.locator("#messages").inner_text()
    page.goto("/messages/questions/")
    assert "Вопрос о зачёте" not in page.content()
    assert axe_check(page) == []

    # The student answers by the link in the e-mail (received by the loopback SMTP server).
    letter = next(m for m in smtp_server.messages if m["To"] == "student@example.kg")
    match = re.search(r"Ответить: (\S+)", text_of(letter))
    assert match is not None
    link = match.group(1)
    assert link == f"{live_server.url}/messages/{conversation.pk}/#reply"
    page = _relogin(page, login_page, "student")
    page.goto(link)
    page.fill("#id_body", "Спасибо!")
    page.click("#reply-form button[name=send]")
    page.wait_for_load_state()
    assert "Спасибо!" in page.locator("#messages").inner_text()

    page = _relogin(page, login_page, "deanoffice")
    page.goto("/messages/announcements/new/")
    assert axe_check(page) == []
    page.select_option("#id_audience", "group")
    page.select_option("#id_group", str(school.group.pk))
    page.wait_for_function("document.querySelector('#recipient-count-value') !== null")
    assert page.locator("#recipient-count-value").inner_text() == "2 получателя"
    page.fill("#id_title", "Собрание группы")
    page.fill("#id_body", "Собрание в пятницу в 14:00.")
    page.click("#send-announcement")
    page.wait_for_load_state()
    announcement = Announcement.objects.get()
    assert page.url.endswith(f"/messages/announcements/{announcement.pk}/")
    assert "2 получателя" in page.locator("#delivery-total").inner_text()
    assert page.locator("#deliveries tbody tr").count() == 2
    assert axe_check(page) == []

    page = _relogin(page, login_page, "student")
    page.goto("/messages/announcements/")
    page.click("text=Собрание группы")
    page.wait_for_load_state()
    assert "Собрание в пятницу в 14:00." in page.locator("#announcement-body").inner_text()
    assert axe_check(page) == []
