"""The checker's path in a real browser: draft, bad import, fixed import, submit, agree."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from dot.academics import xlsx
from dot.academics.models import Curriculum

pytestmark = pytest.mark.browser

ROWS = [
    [1, "KD-101", "Пропедевтика", "kd", 5, 6, 36, 0, 54, 90, "экзамен", "нет", ""],
    [2, "KD-555", "Общая хирургия", "kd", 5, 5, 30, 0, 45, 75, "зачёт", "нет", ""],
]


def _file(tmp_path, rows, name):
    wb = Workbook()
    wb.active.append(xlsx.HEADERS)
    for row in rows:
        wb.active.append(row)
    path = tmp_path / name
    buf = io.BytesIO()
    wb.save(buf)
    path.write_bytes(buf.getvalue())
    return str(path)


def test_department_drafts_imports_and_submits_then_uo_agrees(
    programme, discipline, people, login_page, axe_check, tmp_path
):
    page = login_page("head_kd")
    page.goto("/academics/curricula/")
    assert axe_check(page) == []
    page.click("text=Новый проект")
    page.select_option("#id_programme", str(programme.pk))
    page.fill("#id_intake_year", "2027")
    page.click("main button[type=submit]")
    page.wait_for_url("**/academics/curricula/*/")
    curriculum = Curriculum.objects.get(programme=programme, intake_year=2027)

    page.click("text=Загрузить из XLSX")
    bad = [list(r) for r in ROWS]
    bad[1][10] = "коллоквиум"
    page.set_input_files("#id_file", _file(tmp_path, bad, "bad.xlsx"))
    page.click("main button[type=submit]")
    assert "Строка 3, столбец «Форма контроля»" in page.locator("#import-errors").inner_text()
    assert curriculum.lines.count() == 0
    assert axe_check(page) == []

    page.set_input_files("#id_file", _file(tmp_path, ROWS, "good.xlsx"))
    page.click("main button[type=submit]")
    page.wait_for_url(f"**/academics/curricula/{curriculum.pk}/**")
    assert "KD-555" in page.locator("#lines ~ div table").first.inner_text()
    assert page.locator("#plan-totals").inner_text().count("11") >= 1
    assert axe_check(page) == []
    page.click("text=Направить на согласование")
    page.wait_for_load_state()
    curriculum.refresh_from_db()
    assert (curriculum.status, curriculum.approval_step) == ("in_review", "academic_office")

    page.context.clear_cookies()
    page = login_page("uo")
    page.goto("/academics/curricula/queue/")
    page.click(f"a[href='/academics/curricula/{curriculum.pk}/']")
    page.wait_for_url(f"**/academics/curricula/{curriculum.pk}/")
    assert axe_check(page) == []
    page.click("button[value=approve]")
    page.wait_for_load_state()
    curriculum.refresh_from_db()
    assert (curriculum.status, curriculum.approval_step) == ("in_review", "vice_rector")
