"""The IT office's screens in a real browser: the whole flow and axe-core."""

from __future__ import annotations

import pytest

from dot.accounts.models import Role, User
from dot.org.models import OrgUnit

pytestmark = pytest.mark.browser


@pytest.fixture
def it_and_people(uni, make_user):
    it = make_user(Role.IT_OFFICE, uni["oitc"], username="it_browser")
    make_user(Role.TEACHER, uni["kd"], username="teacher_kd", last_name="Иванов")
    return it


def test_it_office_creates_a_user_and_assigns_a_role(it_and_people, uni, login_page, axe_check):
    page = login_page("it_browser")

    # The IT office's sections sit in the header's «Управление» dropdown.
    page.click("nav >> text=Управление")
    page.click("nav >> text=Пользователи")
    page.wait_for_url("**/manage/users/")
    assert page.locator("h1").inner_text() == "Пользователи"
    assert axe_check(page) == []

    page.click("text=Добавить пользователя")
    page.fill("#id_last_name", "Асанова")
    page.fill("#id_first_name", "Айгерим")
    page.fill("#id_username", "aasanova")
    page.fill("#id_email", "aasanova@example.org")
    assert axe_check(page) == []
    page.click("main button[type=submit]")
    page.wait_for_url("**/manage/users/*/")
    assert "Асанова Айгерим" in page.locator("h1").inner_text()
    assert axe_check(page) == []

    page.click("text=Назначить роль")
    page.select_option("#id_role", Role.HEAD_OF_DEPARTMENT.value)
    page.select_option("#id_unit", str(uni["med"].pk))  # a faculty: refused
    page.click("main button[type=submit]")
    assert "к ним не относится" in page.locator("#id_unit_error").inner_text()
    assert axe_check(page) == []

    page.select_option("#id_unit", str(uni["kd"].pk))
    page.click("main button[type=submit]")
    page.wait_for_url("**/manage/users/*/")
    assert "Заведующий кафедрой" in page.locator("main table").inner_text()
    user = User.objects.get(username="aasanova")
    assert user.role_assignments.get().unit == uni["kd"]


def test_import_page_and_org_tree_are_accessible(it_and_people, uni, login_page, axe_check):
    page = login_page("it_browser")

    page.goto("/manage/users/import/")
    assert page.locator("h1").inner_text() == "Импорт пользователей из файла"
    assert axe_check(page) == []

    page.goto("/org/units/")
    assert "Кафедра КД" in page.locator("main").inner_text()
    assert axe_check(page) == []

    page.click("text=Кафедра КД")
    page.wait_for_url(f"**/org/units/{uni['kd'].pk}/")
    assert axe_check(page) == []
    page.click("main >> text=Изменить")
    page.fill("#id_short_name", "КД-1")
    assert axe_check(page) == []
    page.click("main button[type=submit]")
    page.wait_for_url(f"**/org/units/{uni['kd'].pk}/")
    assert OrgUnit.objects.get(pk=uni["kd"].pk).short_name == "КД-1"
