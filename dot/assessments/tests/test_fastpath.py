"""The WSGI fast path of the answer save (dot/assessments/fastpath.py).

The ordinary save is answered in front of Django with the same contract as the API view;
everything else must reach Django untouched and get Django's answer. The tests run with
real transactions (``transaction=True``): the fast path only answers in autocommit, where
its UPDATE is committed before the reply — inside a test's wrapping transaction it would
hand every request over.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable
from typing import Any

import pytest
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils.crypto import get_random_string
from rest_framework.authtoken.models import Token

from dot.assessments import fastpath
from dot.assessments.factories import make_test_with_questions
from dot.assessments.models import Attempt, AttemptAnswer, AttemptState, FinishedBy

pytestmark = pytest.mark.django_db(transaction=True)

SESSION = 0 if settings.SESSION_ENGINE.endswith(".cache") else 1


class Spy:
    """Django's WSGI application, counting the requests the fast path handed over."""

    def __init__(self) -> None:
        self.app = WSGIHandler()
        self.calls = 0

    def __call__(self, environ: dict, start_response: Any) -> Iterable[bytes]:
        self.calls += 1
        return self.app(environ, start_response)


class Reply:
    def __init__(self, status: str, headers: list[tuple[str, str]], body: bytes) -> None:
        self.status_code = int(status.split()[0])
        self.headers = dict(headers)
        self.body = body

    def json(self) -> Any:
        return json.loads(self.body)


class Browser:
    """A logged-in student as the attempt page talks to the server: session and CSRF
    cookies, the token in ``X-CSRFToken``, JSON bodies."""

    def __init__(self, user: Any = None) -> None:
        self.client = Client()
        if user is not None:
            self.client.force_login(user)
        self.csrf = get_random_string(32)
        self.spy = Spy()
        self.app = fastpath.AnswerSaveFastPath(self.spy)

    def post(self, path: str, body: Any, **extra: Any) -> Reply:
        cookies = [f"csrftoken={self.csrf}"]
        if "sessionid" in self.client.cookies:
            cookies.append(f"sessionid={self.client.cookies['sessionid'].value}")
        raw = body if isinstance(body, bytes) else json.dumps(body).encode()
        headers: dict[str, Any] = {
            "HTTP_COOKIE": "; ".join(cookies),
            "HTTP_X_CSRFTOKEN": self.csrf,
        }
        headers.update(extra)
        request = RequestFactory().generic(
            "POST", path, raw, content_type="application/json", **headers
        )
        got: dict[str, Any] = {}

        def start_response(status: str, response_headers: list, exc_info: Any = None) -> None:
            got["status"], got["headers"] = status, response_headers

        result = self.app(request.environ, start_response)
        body_out = b"".join(result)
        if hasattr(result, "close"):
            result.close()
        return Reply(got["status"], got["headers"], body_out)

    def save(self, attempt_id: int, slot: int, seq: int, fields: Any, **extra: Any) -> Reply:
        return self.post(
            f"/api/assessments/attempts/{attempt_id}/answers/",
            {"slot": slot, "seq": seq, "fields": fields},
            **extra,
        )


def started(
    world: Any, ip: str = "127.0.0.1", count: int = 3, **test_fields: Any
) -> tuple[Any, Attempt]:
    test = make_test_with_questions(course=world.course, count=count, **test_fields)
    client = Client(REMOTE_ADDR=ip)
    client.force_login(world.student)
    response = client.post(
        f"/api/assessments/tests/{test.pk}/attempts/", {}, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    return test, Attempt.objects.get(pk=response.json()["id"])


def option(attempt: Attempt, slot: int, right: bool = True) -> str:
    answer = AttemptAnswer.objects.get(attempt=attempt, slot=slot)
    options = answer.question_version.data["options"]
    return str(next(o["id"] for o in options if (o["fraction"] == "1") == right))


def test_the_ordinary_save_is_answered_in_front_of_django(world: Any) -> None:
    _test, attempt = started(world)
    browser = Browser(world.student)
    choice = option(attempt, 2)

    with CaptureQueriesContext(connection) as queries:
        reply = browser.save(attempt.pk, 2, 1, {"q2-choice": [choice]})

    assert browser.spy.calls == 0
    assert reply.status_code == 200
    body = reply.json()
    assert body["slot"] == 2
    assert body["seq"] == 1
    assert body["saved"] is True
    assert attempt.deadline is not None
    assert body["deadline"] == attempt.deadline.isoformat()
    assert datetime.datetime.fromisoformat(body["saved_at"])
    # Session (in the database in the embedded shape), one SELECT, one UPDATE.
    assert len(queries) == 2 + SESSION
    row = AttemptAnswer.objects.get(attempt=attempt, slot=2)
    assert row.response == {"choice": choice}
    assert row.seq == 1
    assert reply.headers["Content-Type"] == "application/json"
    assert reply.headers["X-Content-Type-Options"] == "nosniff"
    assert reply.headers["X-Frame-Options"] == "DENY"
    assert "Set-Cookie" not in reply.headers


def test_a_repeated_or_older_save_changes_nothing(world: Any) -> None:
    _test, attempt = started(world)
    browser = Browser(world.student)
    right, wrong = option(attempt, 1), option(attempt, 1, right=False)
    assert browser.save(attempt.pk, 1, 5, {"q1-choice": [right]}).json()["saved"] is True

    with CaptureQueriesContext(connection) as queries:
        older = browser.save(attempt.pk, 1, 4, {"q1-choice": [wrong]})
    again = browser.save(attempt.pk, 1, 5, {"q1-choice": [wrong]})

    assert browser.spy.calls == 0
    assert len(queries) == 1 + SESSION  # no UPDATE at all
    assert older.status_code == 200
    assert older.json()["saved"] is False
    assert again.json()["saved"] is False
    row = AttemptAnswer.objects.get(attempt=attempt, slot=1)
    assert row.response == {"choice": right}
    assert row.seq == 5


def test_it_gives_the_same_reply_as_the_api_view(world: Any) -> None:
    _test, attempt = started(world)
    browser = Browser(world.student)
    fast = browser.save(attempt.pk, 1, 1, {"q1-choice": [option(attempt, 1)]}).json()
    view = browser.client.post(
        f"/api/assessments/attempts/{attempt.pk}/answers/",
        {"slot": 3, "seq": 1, "fields": {"q3-choice": [option(attempt, 3)]}},
        content_type="application/json",
    ).json()
    assert set(fast) == set(view) == {"slot", "seq", "saved", "saved_at", "deadline"}
    assert fast["deadline"] == view["deadline"]
    assert fast["saved"] is view["saved"] is True


def test_anonymous_and_missing_csrf_go_to_django_and_are_refused(world: Any) -> None:
    _test, attempt = started(world)
    anonymous = Browser()
    reply = anonymous.save(attempt.pk, 1, 1, {"q1-choice": [option(attempt, 1)]})
    assert anonymous.spy.calls == 1
    assert reply.status_code == 403

    browser = Browser(world.student)
    reply = browser.save(
        attempt.pk, 1, 1, {"q1-choice": [option(attempt, 1)]}, HTTP_X_CSRFTOKEN="b" * 32
    )
    assert browser.spy.calls == 1
    assert reply.status_code == 403
    assert "CSRF" in reply.json()["detail"]
    assert AttemptAnswer.objects.get(attempt=attempt, slot=1).seq == 0


def test_another_students_attempt_answers_404_from_django(world: Any) -> None:
    _test, attempt = started(world)
    browser = Browser(world.student2)
    reply = browser.save(attempt.pk, 1, 1, {"q1-choice": [option(attempt, 1)]})
    assert browser.spy.calls == 1
    assert reply.status_code == 404
    assert AttemptAnswer.objects.get(attempt=attempt, slot=1).seq == 0


def test_after_the_deadline_django_refuses_and_finalises(world: Any) -> None:
    _test, attempt = started(world)
    Attempt.objects.filter(pk=attempt.pk).update(
        deadline=attempt.started_at - datetime.timedelta(minutes=5)
    )
    browser = Browser(world.student)
    reply = browser.save(attempt.pk, 1, 1, {"q1-choice": [option(attempt, 1)]})
    assert browser.spy.calls == 1
    assert reply.status_code == 409
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.FINISHED
    assert attempt.finished_by == FinishedBy.DEADLINE
    assert AttemptAnswer.objects.get(attempt=attempt, slot=1).seq == 0


@pytest.mark.parametrize(
    "body",
    [
        b"{not json",
        {"slot": "one", "seq": 1, "fields": {}},
        {"slot": 1, "seq": 0, "fields": {}},
        {"slot": 1, "seq": 1},
        {"slot": 1, "seq": 1, "fields": {"q1-choice": "x"}},
        {"slot": 1, "seq": 1, "fields": {"q1-choice": ["no-such-option"]}},
    ],
)
def test_bad_input_is_worded_by_django(world: Any, body: Any) -> None:
    _test, attempt = started(world)
    browser = Browser(world.student)
    reply = browser.post(f"/api/assessments/attempts/{attempt.pk}/answers/", body)
    assert browser.spy.calls == 1
    assert reply.status_code == 400
    assert AttemptAnswer.objects.get(attempt=attempt, slot=1).seq == 0


def test_a_changed_password_or_an_inactive_user_ends_the_session(world: Any) -> None:
    _test, attempt = started(world)
    browser = Browser(world.student)
    world.student.set_password("another-pass-1")
    world.student.save()
    reply = browser.save(attempt.pk, 1, 1, {"q1-choice": [option(attempt, 1)]})
    assert browser.spy.calls == 1
    assert reply.status_code == 403

    browser = Browser(world.student)
    type(world.student).objects.filter(pk=world.student.pk).update(is_active=False)
    reply = browser.save(attempt.pk, 1, 1, {"q1-choice": [option(attempt, 1)]})
    assert browser.spy.calls == 1
    assert reply.status_code == 403
    assert AttemptAnswer.objects.get(attempt=attempt, slot=1).seq == 0


def test_token_authentication_is_left_to_drf(world: Any) -> None:
    _test, attempt = started(world)
    token = Token.objects.create(user=world.student)
    browser = Browser()
    reply = browser.save(
        attempt.pk,
        1,
        1,
        {"q1-choice": [option(attempt, 1)]},
        HTTP_AUTHORIZATION=f"Token {token.key}",
    )
    assert browser.spy.calls == 1
    assert reply.status_code == 200
    assert reply.json()["saved"] is True


def test_allowed_networks_are_checked_by_django(world: Any) -> None:
    _test, attempt = started(world, ip="10.1.0.7", allowed_networks="10.1.0.0/16")
    browser = Browser(world.student)
    outside = browser.save(attempt.pk, 1, 1, {"q1-choice": [option(attempt, 1)]})
    assert browser.spy.calls == 1
    assert outside.status_code == 403
    assert outside.json()["code"] == "network"

    inside = browser.save(
        attempt.pk, 1, 1, {"q1-choice": [option(attempt, 1)]}, REMOTE_ADDR="10.1.2.3"
    )
    assert browser.spy.calls == 1  # answered by the fast path
    assert inside.status_code == 200
    assert inside.json()["saved"] is True


def test_inside_a_transaction_it_hands_over(world: Any) -> None:
    """In a transaction the UPDATE would not be committed before the reply."""
    from django.db import transaction

    with transaction.atomic():
        assert fastpath.AnswerSaveFastPath._connection_ok() is False
    assert fastpath.AnswerSaveFastPath._connection_ok() is True


def test_other_requests_pass_through(world: Any) -> None:
    browser = Browser(world.student)
    reply = browser.post("/api/assessments/attempts/1/submit/", {})
    assert browser.spy.calls == 1
    assert reply.status_code == 404


def test_it_can_be_turned_off(settings: Any) -> None:
    inner = Spy()
    settings.DOT_FAST_ANSWER_SAVE = False
    assert fastpath.wrap(inner) is inner
    settings.DOT_FAST_ANSWER_SAVE = True
    assert isinstance(fastpath.wrap(inner), fastpath.AnswerSaveFastPath)


def test_the_production_wsgi_application_has_the_fast_path() -> None:
    from config.wsgi import application

    assert isinstance(application, fastpath.AnswerSaveFastPath)
    assert isinstance(application.app, WSGIHandler)
