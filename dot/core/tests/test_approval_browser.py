"""The decision page and the audit screen in a real browser, checked by axe-core."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.urls import reverse

from dot.core.approval import approval_submit

from .approvaltest.models import MEMO_ROUTE, Memo

pytestmark = pytest.mark.browser


@pytest.fixture
def _memo_rows_removed(approvaltest: None) -> Iterator[None]:
    # The live server's database is flushed between tests, but the test-only table is
    # outside the app registry: empty it ourselves.
    yield
    Memo.objects.all().delete()


@pytest.mark.usefixtures("_memo_rows_removed")
def test_return_for_rework_in_the_browser(page, login_page, axe_check, people, memo):
    # given a memo waiting for the head of КД, who opens its decision page
    approval_submit(obj=memo, route=MEMO_ROUTE, actor=people["author"])
    url = reverse("core:approval_decide", args=["test_memo", memo.pk])
    login_page("head_kd")
    page.goto(f"{url}?next={url}")

    assert page.locator("h1").inner_text() == "Согласование: Служебная записка о ДОТ"
    assert page.locator('[aria-current="step"]').inner_text().startswith("1. Кафедра")
    assert axe_check(page) == []

    # when they return it without a comment, the error stands beside the field
    page.get_by_role("button", name="Вернуть на доработку").click()
    page.wait_for_load_state()
    error = page.locator("#approval_comment_error")
    assert error.inner_text() == (
        "Укажите комментарий: что необходимо исправить или по какой причине документ отклонён."
    )
    assert page.get_by_label("Комментарий").get_attribute("aria-invalid") == "true"
    assert axe_check(page) == []

    # when they write the comment and return it
    page.get_by_label("Комментарий").fill("Нет подписи заведующего")
    page.get_by_role("button", name="Вернуть на доработку").click()
    page.wait_for_load_state()

    # then the page shows the returned memo and the comment on the department step
    assert page.get_by_role("alert").inner_text() == "Документ возвращён на доработку."
    assert (
        page.locator(".approval-step-returned").inner_text().count("«Нет подписи заведующего»") == 1
    )
    assert page.get_by_role("button", name="Согласовать").count() == 0
    memo.refresh_from_db()
    assert memo.status == "returned"


def test_audit_screen_in_the_browser(page, login_page, axe_check, it_staff):
    login_page("it")
    page.goto(reverse("core:audit_list"))

    assert page.locator("h1").inner_text() == "Журнал изменений"
    assert axe_check(page) == []
    page.get_by_label("Действие").select_option("")
    page.get_by_role("button", name="Показать").click()
    page.wait_for_load_state()
    assert axe_check(page) == []
