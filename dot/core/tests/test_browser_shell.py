"""The shell in a real browser: landing, login, home per role, language switch, axe-core.

Headless Chromium through Playwright against pytest-django's live server (a transactional
database, so the same tests run on SQLite and on PostgreSQL).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import resolve
from django.utils import translation

from dot.accounts.models import Role

pytestmark = pytest.mark.browser


def _login_form_text(lang: str) -> dict[str, str]:
    """The login form's own texts in ``lang``, whatever form class the login view uses."""
    form_class: Any = resolve("/accounts/login/").func.view_class.form_class  # type: ignore[attr-defined]
    with translation.override(lang):
        form = form_class(data={})
        return {
            "username": str(form.fields["username"].label),
            "invalid_login": str(form.get_invalid_login_error().messages[0]),
        }


def _switch_language(page: Any, code: str) -> None:
    # The header's select submits its form on change (a button does it without JS).
    with page.expect_navigation():
        page.select_option("#lang-select", code)


def test_landing_offers_login_and_public_information(page, axe_check, db):
    page.goto("/")

    assert page.locator("html").get_attribute("lang") == "ru"
    assert page.locator("h1").inner_text() == "Портал ДОТ"
    assert page.get_by_role("link", name="Войти", exact=True).count() >= 1
    assert page.get_by_role("link", name="О ДОТ в университете").is_visible()
    # Bootstrap and the portal's styles are served and applied.
    skip_link = page.locator("a.visually-hidden-focusable")
    assert skip_link.evaluate("e => getComputedStyle(e).position") == "absolute"
    navbar_bg = page.locator("header .navbar").evaluate("e => getComputedStyle(e).backgroundColor")
    assert navbar_bg == "rgb(10, 88, 202)"
    assert axe_check(page) == []


def test_login_page_is_accessible(page, axe_check, db):
    page.goto("/accounts/login/")

    assert page.locator("h1").inner_text() == "Вход на портал"
    assert page.get_by_label(_login_form_text("ru")["username"]).is_visible()
    assert axe_check(page) == []


def test_wrong_password_shows_a_russian_error_beside_the_form(page, uni, make_user, axe_check):
    make_user(Role.DEAN, uni["med"], username="dean1")

    page.goto("/accounts/login/")
    page.fill("#id_username", "dean1")
    page.fill("#id_password", "not-the-password")
    page.click("main button[type=submit]")
    page.wait_for_load_state()

    ru, en = _login_form_text("ru"), _login_form_text("en")
    form = page.locator("main form")
    assert page.url.endswith("/accounts/login/")
    assert ru["invalid_login"] != en["invalid_login"]  # really translated
    assert ru["invalid_login"] in form.inner_text()
    assert form.get_by_text(ru["invalid_login"]).is_visible()
    assert page.locator("#id_username").input_value() == "dean1"
    assert axe_check(page) == []


def test_login_leads_to_home_with_the_role_card(login_page, uni, make_user, axe_check):
    make_user(Role.DEAN, uni["med"], username="dean1", last_name="Асанова", first_name="Айгуль")

    page = login_page("dean1")

    card = page.locator("main .card").filter(has_text="Декан")
    assert page.url.rstrip("/").endswith(page.url.split("/")[2])  # back on the home page
    assert page.locator("h1").inner_text().startswith("Добро пожаловать")
    assert card.count() == 1
    assert "Медфак" in card.inner_text()
    assert page.locator("#user-menu").inner_text().startswith("Асанова А.")
    # The header wraps rather than pushing the user menu past the window's edge.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth") is True
    assert axe_check(page) == []


def test_language_switch_changes_the_interface(page, db):
    page.goto("/accounts/login/")
    assert page.locator("h1").inner_text() == "Вход на портал"

    _switch_language(page, "ky")
    assert page.locator("html").get_attribute("lang") == "ky"
    assert page.locator("h1").inner_text() == "Порталга кирүү"
    assert page.locator("main button[type=submit]").inner_text() == "Кирүү"

    _switch_language(page, "en")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Log in to the portal"

    page.goto("/")  # the choice sticks for the next page
    assert page.get_by_role("link", name="About DOT at the university").is_visible()


def test_home_in_kyrgyz_after_login(login_page, uni, make_user, axe_check):
    make_user(Role.TEACHER, uni["kd"], username="teacher1")
    page = login_page("teacher1")

    _switch_language(page, "ky")

    assert page.locator("html").get_attribute("lang") == "ky"
    assert page.locator("h1").inner_text().startswith("Кош келиңиз")
    assert page.locator("main .card").filter(has_text="Окутуучу").count() == 1
    assert axe_check(page) == []


def test_axe_check_reports_serious_violations(page, axe_check):
    # The clean results above mean something: the same check flags a broken page.
    page.set_content('<html><body><img src="x.png"><input type="text"></body></html>')

    rules = {v["id"] for v in axe_check(page)}

    assert {"image-alt", "label", "html-has-lang"} <= rules
