"""A head of department creates a numeric question with a formula in a real browser, sees
the validation message beside the field, previews it with the formula rendered by KaTeX,
answers and sees the grade (axe-checked pages)."""

from __future__ import annotations

from typing import Any

import pytest

from dot.questions import services
from dot.questions.models import Question

pytestmark = pytest.mark.browser


def test_create_and_preview_with_formula(
    transactional_db: Any, bank: Any, head: Any, page: Any, login_page: Any, axe_check: Any
) -> None:
    services.top_category(bank)
    login_page("head")
    page.goto(f"/questions/banks/{bank.pk}/")
    assert page.locator("h1").count() == 1
    assert axe_check(page) == []

    page.goto(f"/questions/banks/{bank.pk}/new/numeric/")
    page.fill("#id_name", "Квадрат")
    page.fill("#id_text", "<p>Чему равно \\( x^2 \\) при \\( x = 3 \\)?</p>")
    page.fill("#ans-1-value", "девять")
    page.locator("button[type=submit].btn-primary").click()
    page.wait_for_load_state()
    error = page.locator(".invalid-feedback").first
    error.wait_for()
    assert "девять" in error.inner_text()
    assert axe_check(page) == []

    page.fill("#ans-1-value", "9")
    page.locator("button[type=submit].btn-primary").click()
    page.wait_for_load_state()
    question = Question.objects.get()
    assert page.url.endswith(f"/questions/q/{question.pk}/")
    page.locator(".q-text .katex").first.wait_for()
    assert page.locator(".q-text .katex").count() == 2
    assert axe_check(page) == []

    page.fill("#p-value", "9")
    page.locator("#preview-form button[type=submit]").click()
    page.wait_for_load_state()
    result = page.locator("#preview-result")
    result.wait_for()
    assert "1" in result.inner_text()
    assert axe_check(page) == []


def test_every_editor_and_widget_is_accessible(
    transactional_db: Any, bank: Any, head: Any, page: Any, login_page: Any, axe_check: Any
) -> None:
    from dot.questions import qtypes
    from dot.questions.factories import make_question

    top = services.top_category(bank)
    login_page("head")
    for qtype in qtypes.TYPES:
        page.goto(f"/questions/banks/{bank.pk}/new/{qtype}/")
        assert axe_check(page) == [], qtype
        question = make_question(category=top, qtype=qtype)
        page.goto(f"/questions/q/{question.pk}/")
        page.locator("#preview-form .q-widget").wait_for()
        assert axe_check(page) == [], qtype
