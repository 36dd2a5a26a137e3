"""The notification centre in a real browser: read a notice, change settings; axe-clean."""

import pytest

from dot.communication.kinds import NotificationKind
from dot.communication.services import notify
from dot.testing.factories import UserFactory


@pytest.mark.browser
def test_open_a_notification_and_mute_a_kind(transactional_db, login_page, axe_check):
    user = UserFactory(username="aidai", language="ru")
    notify(
        recipients=[user],
        kind=NotificationKind.ANNOUNCEMENT,
        title="Собрание кафедры в пятницу",
        body="Аудитория 214, 14:00.",
        url="/accounts/profile/",
    )
    page = login_page("aidai")

    assert page.locator("#header-unread-count").inner_text() == "1"
    page.click("#header-notifications")
    page.wait_for_url("**/notifications/")
    assert page.locator("h1").inner_text() == "Уведомления"
    assert axe_check(page) == []

    page.click("text=Собрание кафедры в пятницу")
    page.wait_for_url("**/accounts/profile/")
    assert page.locator("#header-unread-count").count() == 0

    page.goto("/notifications/settings/")
    assert axe_check(page) == []
    page.check("input[name=delivery_announcement][value=digest]")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert "Настройки уведомлений сохранены." in page.content()
    assert page.is_checked("input[name=delivery_announcement][value=digest]") is True
