"""The generic decision and submission pages, and the timeline component."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dot.core.approval import ApprovalDecision, approval_decide, approval_submit

from .approvaltest.models import MEMO_ROUTE, Memo

pytestmark = pytest.mark.usefixtures("approvaltest")


def _decide_url(memo: Memo) -> str:
    return reverse("core:approval_decide", args=["test_memo", memo.pk])


def _submitted(memo: Memo, people: dict[str, Any]) -> Memo:
    approval_submit(obj=memo, route=MEMO_ROUTE, actor=people["author"])
    return memo


def _messages(response: Any) -> str:
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


def _render_timeline(memo: Memo, user: Any) -> str:
    request = RequestFactory().get("/memo/1/")
    request.user = user
    template = Template("{% load approvals %}{% approval_timeline memo 'test_memo' %}")
    return template.render(Context({"memo": memo, "request": request, "csrf_token": "t"}))


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 302), ("student", 404), ("head_em", 404), ("head_kd", 302)],
)
def test_decide_four_callers(client, memo, people, who, status):
    # given a memo of КД waiting for its head of department
    _submitted(memo, people)
    if who != "anonymous":
        client.force_login(people[who])

    # when the caller approves through the generic view
    response = client.post(
        _decide_url(memo), {"decision": "approve", "step": "department", "next": "/memo/x/"}
    )

    # then only the head of КД moved it on; the others see no such page
    assert response.status_code == status
    memo.refresh_from_db()
    if who == "head_kd":
        assert response["Location"] == "/memo/x/"
        assert memo.approval_step == "dean"
    else:
        assert memo.approval_step == "department"
    if who == "anonymous":
        assert response["Location"].startswith(reverse("accounts:login"))


def test_decision_page_shows_the_route_and_the_form(client, memo, people):
    _submitted(memo, people)
    client.force_login(people["head_kd"])

    response = client.get(_decide_url(memo))

    body = response.content.decode()
    assert response.status_code == 200
    assert 'aria-current="step"' in body
    assert 'name="decision" value="approve"' in body
    assert 'name="step" value="department"' in body
    assert f'href="/memo/{memo.pk}/"' in body  # back to the document


def test_author_sees_the_route_without_the_decision_form(client, memo, people):
    _submitted(memo, people)
    client.force_login(people["author"])

    response = client.get(_decide_url(memo))

    assert response.status_code == 200
    assert 'name="decision"' not in response.content.decode()


@pytest.mark.parametrize("decision", ["return", "reject"])
def test_return_without_comment_shows_the_error_beside_the_field(client, memo, people, decision):
    _submitted(memo, people)
    client.force_login(people["head_kd"])

    response = client.post(
        _decide_url(memo), {"decision": decision, "step": "department", "comment": ""}
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="approval_comment_error"' in body
    assert 'aria-invalid="true"' in body
    memo.refresh_from_db()
    assert memo.status == "in_review"


def test_return_with_comment_goes_back_to_the_author(client, memo, people):
    _submitted(memo, people)
    client.force_login(people["head_kd"])

    response = client.post(
        _decide_url(memo),
        {"decision": "return", "step": "department", "comment": "Нет подписи", "next": "/m/"},
    )

    assert response.status_code == 302
    memo.refresh_from_db()
    assert memo.status == "returned"
    assert ApprovalDecision.objects.get(action="return").comment == "Нет подписи"


def test_stale_decision_redirects_with_a_message(client, memo, people):
    # given the step was decided by someone else after the page was opened
    _submitted(memo, people)
    approval_decide(obj=memo, route=MEMO_ROUTE, actor=people["head_kd"], decision="approve")
    client.force_login(people["dean_med"])

    # when the dean posts a form that still names the department step
    response = client.post(_decide_url(memo), {"decision": "approve", "step": "department"})

    # then nothing is decided twice and the page explains why
    assert response.status_code == 302
    assert "уже принято решение" in _messages(response)
    memo.refresh_from_db()
    assert memo.approval_step == "dean"
    assert ApprovalDecision.objects.filter(action="approve").count() == 1


def test_csrf_is_enforced(memo, people):
    _submitted(memo, people)
    client = Client(enforce_csrf_checks=True)
    client.force_login(people["head_kd"])

    refused = client.post(_decide_url(memo), {"decision": "approve", "step": "department"})
    client.get(_decide_url(memo))  # sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    accepted = client.post(
        _decide_url(memo),
        {"decision": "approve", "step": "department", "csrfmiddlewaretoken": token},
    )

    assert (refused.status_code, accepted.status_code) == (403, 302)


def test_missing_or_invisible_objects_answer_404(client, memo, people):
    client.force_login(people["head_em"])
    assert client.get(_decide_url(memo)).status_code == 404  # another department's memo
    client.force_login(people["head_kd"])
    assert (
        client.get(reverse("core:approval_decide", args=["test_memo", 999999])).status_code == 404
    )
    assert client.get(reverse("core:approval_decide", args=["test_memo", "abc"])).status_code == 404
    assert (
        client.get(reverse("core:approval_decide", args=["no_route", memo.pk])).status_code == 404
    )


def test_next_must_stay_on_the_portal(client, memo, people):
    _submitted(memo, people)
    client.force_login(people["head_kd"])

    response = client.post(
        _decide_url(memo),
        {"decision": "approve", "step": "department", "next": "https://evil.example/"},
    )

    assert response["Location"] == f"/memo/{memo.pk}/"


@pytest.mark.parametrize(
    ("who", "status", "submitted"),
    [
        ("anonymous", 302, False),
        ("student", 404, False),
        ("head_em", 404, False),
        ("author", 302, True),
    ],
)
def test_submit_four_callers(client, memo, people, who, status, submitted):
    if who != "anonymous":
        client.force_login(people[who])

    response = client.post(
        reverse("core:approval_submit", args=["test_memo", memo.pk]), {"comment": "Прошу"}
    )

    assert response.status_code == status
    memo.refresh_from_db()
    assert (memo.status == "in_review") is submitted


def test_submit_of_an_unready_document_explains_why(client, memo, people):
    # given a memo whose route's readiness check fails (no title)
    Memo.objects.filter(pk=memo.pk).update(title=" ")
    client.force_login(people["author"])

    response = client.post(reverse("core:approval_submit", args=["test_memo", memo.pk]))

    assert response.status_code == 302
    assert _messages(response) == "The memo has no title."
    memo.refresh_from_db()
    assert memo.status == "draft"
    assert ApprovalDecision.objects.count() == 0


def test_submit_twice_explains_instead_of_failing(client, memo, people):
    client.force_login(people["author"])
    url = reverse("core:approval_submit", args=["test_memo", memo.pk])
    client.post(url)

    response = client.post(url)

    assert response.status_code == 302
    assert "«На рассмотрении»" in _messages(response)
    assert ApprovalDecision.objects.filter(action="submit").count() == 1


def test_timeline_component_for_the_approver(memo, people):
    _submitted(memo, people)
    approval_decide(
        obj=memo,
        route=MEMO_ROUTE,
        actor=people["head_kd"],
        decision="approve",
        comment="Согласовано",
    )

    html = _render_timeline(memo, people["dean_med"])

    assert "Сыдыков А. Б." in html  # who decided, as «Фамилия И. О.»
    assert "«Согласовано»" in html
    assert html.count('aria-current="step"') == 1
    assert "approval-step-approved" in html
    assert "approval-step-current" in html
    assert "approval-step-pending" in html
    assert 'name="decision" value="reject"' in html  # the dean may decide
    assert 'name="step" value="dean"' in html


def test_timeline_component_offers_submission_to_the_author(memo, people):
    html = _render_timeline(memo, people["author"])

    assert reverse("core:approval_submit", args=["test_memo", memo.pk]) in html
    assert 'name="decision"' not in html


def _queries_to_render(memo: Memo, user: Any) -> int:
    fresh = Memo.objects.get(pk=memo.pk)
    _render_timeline(fresh, user)  # warm caches (content types, roles)
    fresh = Memo.objects.get(pk=memo.pk)
    user = type(user).objects.get(pk=user.pk)
    with CaptureQueriesContext(connection) as ctx:
        _render_timeline(fresh, user)
    return len(ctx.captured_queries)


def test_timeline_query_count_does_not_grow_with_decisions(memo, people):
    # given one pass at the dean's step, then four more passes returned by the dean
    _submitted(memo, people)
    approval_decide(obj=memo, route=MEMO_ROUTE, actor=people["head_kd"], decision="approve")
    few = _queries_to_render(memo, people["head_kd"])
    for _ in range(4):
        approval_decide(
            obj=memo, route=MEMO_ROUTE, actor=people["dean_med"], decision="return", comment="Ещё"
        )
        approval_submit(obj=memo, route=MEMO_ROUTE, actor=people["author"])
        approval_decide(obj=memo, route=MEMO_ROUTE, actor=people["head_kd"], decision="approve")
    assert ApprovalDecision.objects.count() == 14

    many = _queries_to_render(memo, people["head_kd"])

    assert many == few


QUEUE = reverse("core:approval_queue")


@pytest.mark.parametrize(
    ("who", "status", "titles"),
    [
        ("anonymous", 302, None),
        ("student", 200, []),  # no approver role: an empty queue
        ("head_em", 200, []),  # the right role, another department
        ("head_kd", 200, ["Служебная записка о ДОТ"]),
    ],
)
def test_queue_shows_what_awaits_the_user(client, memo, people, who, status, titles):
    _submitted(memo, people)
    if who != "anonymous":
        client.force_login(people[who])

    response = client.get(QUEUE)

    assert response.status_code == status
    if titles is not None:
        shown = [
            str(item.obj) for section in response.context["sections"] for item in section.items
        ]
        assert shown == titles
    if who == "head_kd":
        assert f'href="/memo/{memo.pk}/"' in response.content.decode()


def test_queue_query_count_does_not_grow_with_documents(
    client, memo, people, uni, django_assert_max_num_queries
):
    _submitted(memo, people)
    client.force_login(people["dean_med"])
    approval_decide(obj=memo, route=MEMO_ROUTE, actor=people["head_kd"], decision="approve")
    client.get(QUEUE)
    with CaptureQueriesContext(connection) as few:
        client.get(QUEUE)
    for i in range(10):
        other = Memo.objects.create(
            title=f"Записка {i}", department=uni["kd"], author=people["author"]
        )
        approval_submit(obj=other, route=MEMO_ROUTE, actor=people["author"])
        approval_decide(obj=other, route=MEMO_ROUTE, actor=people["head_kd"], decision="approve")

    with django_assert_max_num_queries(len(few)):
        response = client.get(QUEUE)

    assert len(response.context["sections"][0].items) == 11


def test_queue_nav_item_for_approvers_only(memo, people, make_user):
    from dot.core.navigation import items_for

    def has_item(user: Any) -> bool:
        return any(item.url_name == "core:approval_queue" for item in items_for(user))

    # A student decides a step too: the acknowledgement of their ИУП (п. 5.5.1, route
    # "study_plan"); a user without a role in any route does not see the queue.
    nobody = make_user(username="nobody")
    assert [has_item(people[k]) for k in ("head_kd", "uo", "student")] == [True, True, True]
    assert has_item(nobody) is False
