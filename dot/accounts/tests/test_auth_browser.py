"""Login, profile and lockout pages in a real browser, checked with axe-core."""

import pytest

from dot.testing.factories import UserFactory


@pytest.mark.browser
def test_wrong_password_then_login_then_profile(transactional_db, page, login_page, axe_check):
    UserFactory(username="teacher", language="ru")

    login_page("teacher", "wrong")
    assert "Неверный логин или пароль" in page.locator("#id_password_error").inner_text()
    assert axe_check(page) == []

    login_page("teacher")
    page.goto("/accounts/profile/")
    assert axe_check(page) == []
    page.select_option("#id_language", "en")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Your profile is saved." in page.content()


@pytest.mark.browser
def test_lockout_page_is_accessible(transactional_db, page, login_page, axe_check):
    UserFactory(username="student")
    for _ in range(5):
        login_page("student", "wrong")

    assert "Слишком много неудачных попыток входа" in page.content()
    assert axe_check(page) == []
