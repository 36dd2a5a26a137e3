"""The public part and the academic office's editing screens in a real browser (axe-core)."""

import pytest

from dot.accounts.models import Role

pytestmark = pytest.mark.browser


def test_public_pages_are_accessible_in_three_languages(transactional_db, demo, page, axe_check):
    for url in ("/info/", "/info/p/who-may-study/", "/info/units/", "/info/documents/"):
        page.goto(url)
        assert page.locator("h1").count() == 1, url
        assert axe_check(page) == [], url

    with page.expect_navigation():
        page.select_option("#lang-select", "ky")
    assert page.locator("html").get_attribute("lang") == "ky"
    assert page.locator("h1").inner_text() == "Ченемдик документтер"
    assert axe_check(page) == []

    page.goto("/info/p/who-may-study/")
    with page.expect_navigation():
        page.select_option("#lang-select", "en")
    assert page.locator("h1").inner_text() == "Who may study with DOT"
    assert axe_check(page) == []


def test_academic_office_edits_a_page_and_publishes_a_document(
    transactional_db, demo, make_user, page, login_page, axe_check
):
    make_user(Role.ACADEMIC_OFFICE, demo["uo"], username="uo_b")
    login_page("uo_b")

    page.goto("/")
    page.get_by_role("link", name="Публичная информация").first.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Публичная информация"
    assert axe_check(page) == []

    page.get_by_role("link", name="Что такое ДОТ", exact=True).click()
    page.wait_for_load_state()
    assert axe_check(page) == []
    page.fill("#id_title_en", "About DOT at RMU")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert "Страница «Что такое ДОТ» сохранена." in page.content()

    row = page.locator("tr", has_text="Положение о применении")
    row.get_by_role("button", name="Снять с публикации").click()
    page.wait_for_load_state()
    assert "снят с публикации" in page.content()

    page.goto("/info/manage/documents/new/")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("#id_upload_error").inner_text() == (
        "Прикрепите файл документа или укажите ссылку на него."
    )
    assert axe_check(page) == []
