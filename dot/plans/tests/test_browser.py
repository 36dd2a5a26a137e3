"""The main flow in a real browser, with axe checks of the main pages: the student applies,
each teacher permits, the programme leader permits, the dean's office agrees and drafts
the ИУП, which then goes through all five steps (п. 5.4.1, 5.5.1)."""

from __future__ import annotations

from typing import Any

import pytest

from dot.plans.factories import route_world
from dot.plans.models import DotApplication, StudyPlan

pytestmark = pytest.mark.browser


def _as(page: Any, login_page: Any, user: Any) -> Any:
    page.context.clear_cookies()
    return login_page(user.username)


def _decide(page: Any, url: str) -> None:
    page.goto(url)
    if page.locator('form[action$="/decide/"]').count() == 0:
        raise AssertionError(page.url + " " + page.locator("main").inner_text()[:1500])
    page.click('form[action$="/decide/"] button[type=submit]')
    page.wait_for_load_state()


def test_apply_teachers_leader_dean_then_the_plan_through_every_step(
    live_server: Any, page: Any, login_page: Any, axe_check: Any, transactional_db: Any
) -> None:
    w = route_world()
    # The student applies for one discipline and one whole other discipline
    _as(page, login_page, w.student_user)
    page.goto("/plans/applications/new/")
    assert axe_check(page) == []
    page.check(f'input[name=items][value="d{w.line_a.discipline_id}"]')
    page.check(f'input[name=items][value="d{w.line_b.discipline_id}"]')
    page.select_option("#id_reason_kind", "other")
    page.click("main form button[type=submit]")
    # «other» without its text: the message next to the field, nothing saved
    assert "5.4.2" in page.locator("#id_reason_text_error").inner_text()
    assert not DotApplication.objects.exists()
    page.fill("#id_reason_text", "Уход за больным родственником")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/plans/applications/*/")
    app = DotApplication.objects.get()
    assert axe_check(page) == []
    page.click('form[action$="/submit/"] button[type=submit]')
    page.wait_for_load_state()
    app.refresh_from_db()
    assert app.approval_step == "teachers"

    url = f"/plans/applications/{app.pk}/"
    for user in (w.teacher_a, w.teacher_b, w.leader, w.deans_office):
        _as(page, login_page, user)
        _decide(page, url)
    app.refresh_from_db()
    assert app.status == "approved"

    # The dean's office drafts the plan and submits it
    page.goto(url)
    page.click('form[action$="/plan/"] button[type=submit]')
    page.wait_for_url("**/plans/*/")
    plan = StudyPlan.objects.get()
    assert axe_check(page) == []
    page.click('form[action$="/submit/"] button[type=submit]')
    page.wait_for_load_state()
    plan_url = f"/plans/{plan.pk}/"

    # Each teacher sets the classroom hours of their row (п. 5.5.1)
    for teacher in (w.teacher_a, w.teacher_b):
        _as(page, login_page, teacher)
        page.goto(plan_url)
        row = plan.rows.get(teacher=teacher)
        prefix = f"#id_h{row.pk}-"
        page.fill(prefix + "lecture_hours", "10")
        page.fill(prefix + "lab_hours", "0")
        page.fill(prefix + "practice_hours", "10")
        page.fill(prefix + "dot_hours", "30")
        page.click(f'form[action$="/rows/{row.pk}/hours/"] button[type=submit]')
        page.wait_for_load_state()
    plan.refresh_from_db()
    assert plan.approval_step == "student"

    # «С ИУП ознакомлен», the academic office, both heads of department, the dean
    for user in (w.student_user, w.academic_office, w.head_a, w.head_b, w.dean):
        _as(page, login_page, user)
        _decide(page, plan_url)
    plan.refresh_from_db()
    assert plan.status == "approved"
    page.goto(plan_url)
    assert page.locator(f'a[href="/plans/{plan.pk}/appendix1.pdf"]').count() == 1
    assert page.locator(".approval-step-approved").count() == 5
    assert axe_check(page) == []

    # The dean's lists: every plan with its DOT share
    page.goto("/plans/list/")
    assert page.locator("td.share").count() == 1
    assert axe_check(page) == []
