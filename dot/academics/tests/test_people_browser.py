"""The checker's path in a real browser: the dean's office registers a group to the
semester (electives chosen per student), the student sees the semester's disciplines;
the department's certificate page and the import report — each checked with axe."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from dot.academics.models import SemesterRegistration
from dot.accounts.models import User
from dot.org.models import OrgUnit

from .factories import DotCertificateFactory
from .people_world import World, build_world

pytestmark = pytest.mark.browser


@pytest.fixture
def w(uni: dict[str, OrgUnit], make_user: Callable[..., User]) -> World:
    return build_world(uni, make_user)


def test_dean_office_registers_the_group_and_the_student_sees_the_disciplines(
    w: World, login_page: Any, axe_check: Any
) -> None:
    page = login_page("p_deans")
    page.goto("/academics/people/groups/")
    assert axe_check(page) == []
    page.click("text=ЛД-1-24")
    page.wait_for_url(f"**/academics/people/groups/{w.group.pk}/")
    assert axe_check(page) == []

    page.click("text=Зарегистрировать на семестр")
    page.select_option("#id_semester", str(w.autumn.pk))
    page.click("text=Показать дисциплины")
    page.wait_for_load_state()
    assert "5-й семестр обучения" in page.locator("main").inner_text()
    assert axe_check(page) == []
    for student in w.students:
        page.select_option(f"#id_el_{student.pk}_0", str(w.line_el_b.pk))
    page.click("main form[method=post] button[type=submit]")
    page.wait_for_url(f"**/academics/people/groups/{w.group.pk}/")
    assert "новых записей — 9" in page.locator("main").inner_text()
    assert SemesterRegistration.objects.count() == 9

    page.context.clear_cookies()
    page = login_page("p_st1")
    page.goto("/academics/people/my/disciplines/")
    text = page.locator("main table").inner_text()
    assert "Пропедевтика" in text
    assert "Культурология" in text
    assert "Психология" not in text
    assert axe_check(page) == []


def test_department_sees_who_lacks_a_certificate(w: World, login_page: Any, axe_check: Any) -> None:
    DotCertificateFactory.create(teacher=w.u("teacher"), valid_until=None)
    page = login_page("p_head_kd")
    page.goto(f"/academics/people/departments/{w.units['kd'].pk}/certificates/")

    rows = page.locator("main tbody tr")
    assert rows.count() == 2
    assert "нет действующего сертификата" in rows.nth(0).inner_text()
    assert "бессрочно" in rows.nth(1).inner_text()
    assert axe_check(page) == []


def test_import_report_names_row_and_column(
    w: World, login_page: Any, axe_check: Any, tmp_path: Any
) -> None:
    path = tmp_path / "students.csv"
    path.write_text(
        "Группа;Программа;Год набора;Форма обучения;Группа ДОТ;Фамилия;Имя;Отчество;"
        "Номер зачётки;Логин;E-mail;Слушатель;Дата зачисления\n"
        "ЛД-1-24;ld;;;;;Айпери;;ЛД-24-0200;;;;\n",
        encoding="utf-8",
    )
    page = login_page("p_deans")
    page.goto("/academics/people/groups/import/")
    page.set_input_files("#id_file", str(path))
    page.click("main form button[type=submit]")
    page.wait_for_load_state()

    report = page.locator("main .alert-danger table").inner_text()
    assert "Фамилия" in report
    assert "укажите фамилию." in report
    assert axe_check(page) == []
