"""The asynchronous fast path of the answer save (dot/assessments/asgi_fastpath.py).

It answers the ordinary save on the event loop when sessions are in Redis and the database
is PostgreSQL (the scaled shape, CI's second pass); otherwise every request goes to
Django's ASGI application. Each test checks both: with the fast path on, that it answered
(Django was not called) with the API's contract; off, that Django gave the same answer.
Everything that is not the ordinary case must reach Django untouched either way.

Real transactions (``transaction=True``): the fast path writes on its own connections.
"""

from __future__ import annotations

import asyncio
import datetime
import json
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from django.core.asgi import get_asgi_application
from django.test import Client
from django.utils.crypto import get_random_string

from dot.assessments import asgi_fastpath
from dot.assessments.models import Attempt, AttemptAnswer, AttemptState, FinishedBy
from dot.assessments.tests.test_fastpath import option, started

pytestmark = pytest.mark.django_db(transaction=True)


class Spy:
    """Django's ASGI application, counting the requests the fast path handed over."""

    def __init__(self) -> None:
        self.app = get_asgi_application()
        self.calls = 0

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        self.calls += 1
        await self.app(scope, receive, send)


class Reply:
    def __init__(self, status: int, headers: list[tuple[bytes, bytes]], body: bytes) -> None:
        self.status_code = status
        self.headers = {k.decode().lower(): v.decode() for k, v in headers}
        self.body = body

    def json(self) -> Any:
        return json.loads(self.body)


class Browser:
    """A logged-in student as the attempt page talks to the server through the ASGI port."""

    app: asgi_fastpath.AsyncAnswerSave
    spy: Spy

    def __init__(self, user: Any = None) -> None:
        self.client = Client()  # logs in here, outside the event loop
        if user is not None:
            self.client.force_login(user)
        self.csrf = get_random_string(32)

    async def post(
        self,
        path: str,
        body: Any,
        *,
        csrf: str | None = None,
        client: str = "127.0.0.1",
        headers: list[tuple[bytes, bytes]] | None = None,
    ) -> Reply:
        cookies = [f"csrftoken={self.csrf}"]
        if "sessionid" in self.client.cookies:
            cookies.append(f"sessionid={self.client.cookies['sessionid'].value}")
        raw = body if isinstance(body, bytes) else json.dumps(body).encode()
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "POST",
            "scheme": "http",
            "path": path,
            "raw_path": path.encode(),
            "query_string": b"",
            "root_path": "",
            "server": ("testserver", 80),
            "client": (client, 50000),
            "headers": [
                (b"host", b"testserver"),
                (b"content-type", b"application/json"),
                (b"content-length", str(len(raw)).encode()),
                (b"cookie", "; ".join(cookies).encode()),
                (b"x-csrftoken", (csrf or self.csrf).encode()),
                *(headers or []),
            ],
        }
        # The body in several messages, as servers may send it.
        chunks = (
            [raw[:10], raw[10:270_000], raw[270_000:]]
            if len(raw) > 270_000
            else [raw[:10], raw[10:]]
        )

        async def receive() -> dict[str, Any]:
            if chunks:
                chunk = chunks.pop(0)
                return {"type": "http.request", "body": chunk, "more_body": bool(chunks)}
            await asyncio.sleep(3600)
            return {"type": "http.disconnect"}

        got: dict[str, Any] = {"body": b""}

        async def send(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                got["status"], got["headers"] = message["status"], message.get("headers", [])
            elif message["type"] == "http.response.body":
                got["body"] += message.get("body", b"")

        await self.app(scope, receive, send)
        return Reply(got["status"], got["headers"], got["body"])

    async def save(self, attempt_id: int, slot: int, seq: int, fields: Any, **kw: Any) -> Reply:
        return await self.post(
            f"/api/assessments/attempts/{attempt_id}/answers/",
            {"slot": slot, "seq": seq, "fields": fields},
            **kw,
        )


def run(
    body: Callable[[asgi_fastpath.AsyncAnswerSave, Spy], Awaitable[None]], *browsers: Browser
) -> None:
    """Run a test body on one event loop, with a fresh fast path in front of Django."""
    spy = Spy()
    app = asgi_fastpath.AsyncAnswerSave(spy)
    for browser in browsers:
        browser.app, browser.spy = app, spy

    async def main() -> None:
        try:
            await body(app, spy)
        finally:
            await app.close()

    asyncio.run(main())


def test_the_ordinary_save(world: Any) -> None:
    _test, attempt = started(world)
    choice = option(attempt, 2)

    browser = Browser(world.student)

    async def body(app: asgi_fastpath.AsyncAnswerSave, spy: Spy) -> None:
        reply = await browser.save(attempt.pk, 2, 1, {"q2-choice": [choice]})
        assert reply.status_code == 200, reply.body
        assert spy.calls == (0 if app.enabled else 1)
        data = reply.json()
        assert data["slot"] == 2
        assert data["seq"] == 1
        assert data["saved"] is True
        assert attempt.deadline is not None
        assert datetime.datetime.fromisoformat(data["deadline"]) == attempt.deadline
        assert datetime.datetime.fromisoformat(data["saved_at"])
        assert reply.headers["content-type"] == "application/json"
        assert reply.headers["x-content-type-options"] == "nosniff"
        assert reply.headers["x-frame-options"] == "DENY"

    run(body, browser)
    row = AttemptAnswer.objects.get(attempt=attempt, slot=2)
    assert row.response == {"choice": choice}
    assert row.seq == 1
    assert row.saved_at is not None


def test_a_fixed_number_of_statements_whatever_the_questions(world: Any) -> None:
    """Opening and saving take a fixed number of queries: here, two statements per save
    (the slot's SELECT and the UPDATE), one more the first time a process meets a
    question version; Redis holds the session."""
    from dot.assessments import services

    _small, few = started(world)
    _big, many = started(world, count=12)
    services.forget_versions()

    browser = Browser(world.student)

    choices = {
        (attempt.pk, slot, right): option(attempt, slot, right=right)
        for attempt, slots in ((few, 3), (many, 12))
        for slot in range(1, slots + 1)
        for right in (True, False)
    }

    async def body(app: asgi_fastpath.AsyncAnswerSave, spy: Spy) -> None:
        for attempt, slots in ((few, 3), (many, 12)):
            for slot in range(1, slots + 1):
                choice = choices[(attempt.pk, slot, True)]
                await browser.save(attempt.pk, slot, 1, {f"q{slot}-choice": [choice]})
            before = app.statements
            for slot in range(1, slots + 1):
                choice = choices[(attempt.pk, slot, False)]
                reply = await browser.save(attempt.pk, slot, 2, {f"q{slot}-choice": [choice]})
                assert reply.json()["saved"] is True
            per_save = (app.statements - before) / slots
            assert per_save == (2 if app.enabled else 0)
        assert spy.calls == (0 if app.enabled else 30)

    run(body, browser)
    assert AttemptAnswer.objects.filter(attempt__in=[few, many], seq=2).count() == 15


def test_a_repeated_or_older_save_changes_nothing(world: Any) -> None:
    _test, attempt = started(world)
    right, wrong = option(attempt, 1), option(attempt, 1, right=False)

    browser = Browser(world.student)

    async def body(app: asgi_fastpath.AsyncAnswerSave, spy: Spy) -> None:
        assert (await browser.save(attempt.pk, 1, 5, {"q1-choice": [right]})).json()["saved"]
        before = app.statements
        older = await browser.save(attempt.pk, 1, 4, {"q1-choice": [wrong]})
        again = await browser.save(attempt.pk, 1, 5, {"q1-choice": [wrong]})
        assert older.status_code == again.status_code == 200
        assert older.json()["saved"] is False
        assert again.json()["saved"] is False
        if app.enabled:
            assert spy.calls == 0
            assert app.statements - before == 2  # two SELECTs, no UPDATE

    run(body, browser)
    row = AttemptAnswer.objects.get(attempt=attempt, slot=1)
    assert row.response == {"choice": right}
    assert row.seq == 5


def test_anonymous_and_missing_csrf_are_refused_by_django(world: Any) -> None:
    _test, attempt = started(world)
    choice = option(attempt, 1)

    browser = Browser(world.student)
    anonymous = Browser()

    async def body(app: asgi_fastpath.AsyncAnswerSave, spy: Spy) -> None:
        assert (await anonymous.save(attempt.pk, 1, 1, {"q1-choice": [choice]})).status_code == 403
        assert spy.calls == 1
        reply = await browser.save(attempt.pk, 1, 1, {"q1-choice": [choice]}, csrf="b" * 32)
        assert spy.calls == 2
        assert reply.status_code == 403
        assert "CSRF" in reply.json()["detail"]

    run(body, browser, anonymous)
    assert AttemptAnswer.objects.get(attempt=attempt, slot=1).seq == 0


def test_a_malformed_session_cookie_is_left_to_django(world: Any) -> None:
    _test, attempt = started(world)
    choice = option(attempt, 1)
    browser = Browser(world.student)
    browser.client.cookies["sessionid"] = "../../etc:" + "x" * 40

    async def body(app: asgi_fastpath.AsyncAnswerSave, spy: Spy) -> None:
        reply = await browser.save(attempt.pk, 1, 1, {"q1-choice": [choice]})
        assert spy.calls == 1
        assert reply.status_code == 403

    run(body, browser)
    assert AttemptAnswer.objects.get(attempt=attempt, slot=1).seq == 0


def test_another_students_attempt_is_404(world: Any) -> None:
    _test, attempt = started(world)
    choice = option(attempt, 1)

    other = Browser(world.student2)

    async def body(app: asgi_fastpath.AsyncAnswerSave, spy: Spy) -> None:
        reply = await other.save(attempt.pk, 1, 1, {"q1-choice": [choice]})
        assert spy.calls == 1
        assert reply.status_code == 404

    run(body, other)
    assert AttemptAnswer.objects.get(attempt=attempt, slot=1).seq == 0


def test_after_the_deadline_django_refuses_and_finalises(world: Any) -> None:
    _test, attempt = started(world)
    Attempt.objects.filter(pk=attempt.pk).update(
        deadline=attempt.started_at - datetime.timedelta(minutes=5)
    )
    choice = option(attempt, 1)

    browser = Browser(world.student)

    async def body(app: asgi_fastpath.AsyncAnswerSave, spy: Spy) -> None:
        reply = await browser.save(attempt.pk, 1, 1, {"q1-choice": [choice]})
        assert spy.calls == 1
        assert reply.status_code == 409

    run(body, browser)
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.FINISHED
    assert attempt.finished_by == FinishedBy.DEADLINE
    assert AttemptAnswer.objects.get(attempt=attempt, slot=1).seq == 0


@pytest.mark.parametrize(
    "payload",
    [
        b"{not json",
        {"slot": 1, "seq": 0, "fields": {}},
        {"slot": "one", "seq": 1, "fields": {}},
        {"slot": 1, "seq": 1, "fields": {"q1-choice": ["999999"]}},
    ],
)
def test_bad_input_is_worded_by_django(world: Any, payload: Any) -> None:
    _test, attempt = started(world)

    browser = Browser(world.student)

    async def body(app: asgi_fastpath.AsyncAnswerSave, spy: Spy) -> None:
        reply = await browser.post(f"/api/assessments/attempts/{attempt.pk}/answers/", payload)
        assert spy.calls == 1
        assert reply.status_code == 400

    run(body, browser)
    assert AttemptAnswer.objects.get(attempt=attempt, slot=1).seq == 0


def test_a_changed_password_ends_the_session(world: Any) -> None:
    _test, attempt = started(world)
    choice = option(attempt, 1)

    browser = Browser(world.student)

    async def body(app: asgi_fastpath.AsyncAnswerSave, spy: Spy) -> None:
        assert (await browser.save(attempt.pk, 1, 1, {"q1-choice": [choice]})).status_code == 200
        calls = spy.calls

        def change() -> None:
            world.student.set_password("another-secret-1")
            world.student.save()

        await asyncio.to_thread(change)
        reply = await browser.save(attempt.pk, 1, 2, {"q1-choice": [choice]})
        assert spy.calls == calls + 1
        assert reply.status_code == 403

    run(body, browser)
    assert AttemptAnswer.objects.get(attempt=attempt, slot=1).seq == 1


def test_allowed_networks_use_the_forwarded_address_only_when_trusted(
    world: Any, settings: Any
) -> None:
    _test, attempt = started(world, ip="10.1.2.3", allowed_networks="10.1.2.0/24")
    choice = option(attempt, 1)
    forwarded = [(b"x-forwarded-for", b"10.1.2.3")]

    browser = Browser(world.student)

    async def body(app: asgi_fastpath.AsyncAnswerSave, spy: Spy) -> None:
        settings.DOT_TRUST_X_FORWARDED_FOR = False
        outside = await browser.save(attempt.pk, 1, 1, {"q1-choice": [choice]}, headers=forwarded)
        assert outside.status_code == 403
        assert outside.json()["code"] == "network"
        assert spy.calls == 1
        settings.DOT_TRUST_X_FORWARDED_FOR = True  # behind the load balancer
        inside = await browser.save(attempt.pk, 1, 1, {"q1-choice": [choice]}, headers=forwarded)
        assert inside.status_code == 200
        assert inside.json()["saved"] is True
        assert spy.calls == (1 if app.enabled else 2)

    run(body, browser)


def test_other_requests_pass_through(world: Any) -> None:
    browser = Browser(world.student)

    async def body(app: asgi_fastpath.AsyncAnswerSave, spy: Spy) -> None:
        reply = await browser.post("/api/assessments/attempts/1/submit/", {})
        assert spy.calls == 1
        assert reply.status_code == 404

    run(body, browser)


def test_a_large_body_reaches_django_whole(world: Any) -> None:
    _test, attempt = started(world)
    payload = {"slot": 1, "seq": 1, "fields": {"q1-choice": ["x" * 300_000]}}

    browser = Browser(world.student)

    async def body(app: asgi_fastpath.AsyncAnswerSave, spy: Spy) -> None:
        reply = await browser.post(f"/api/assessments/attempts/{attempt.pk}/answers/", payload)
        assert spy.calls == 1
        assert reply.status_code == 400  # parsed whole by Django: not an option of the question

    run(body, browser)


def test_a_client_gone_before_the_body_ends_is_dropped_quietly() -> None:
    spy = Spy()
    app = asgi_fastpath.AsyncAnswerSave(spy)
    scope = {
        "type": "http",
        "method": "POST",
        "path": "/api/assessments/attempts/1/answers/",
        "headers": [(b"content-type", b"application/json")],
    }
    messages = [{"type": "http.request", "body": b'{"slot"', "more_body": True}]
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    assert sent == []
    assert spy.calls == (0 if app.enabled else 1)


def test_it_is_on_only_in_the_scaled_shape(settings: Any) -> None:
    from django.conf import settings as live
    from django.db import connection

    scaled = (
        live.SESSION_ENGINE == "django.contrib.sessions.backends.cache"
        and "redis" in live.CACHES["default"]["BACKEND"].lower()
        and connection.vendor == "postgresql"
    )
    assert asgi_fastpath.AsyncAnswerSave(Spy()).enabled is scaled
    settings.DOT_FAST_ANSWER_SAVE = False
    assert asgi_fastpath.AsyncAnswerSave(Spy()).enabled is False


def test_the_production_asgi_application_has_the_fast_path() -> None:
    from config import asgi

    assert isinstance(asgi.http_application, asgi_fastpath.AsyncAnswerSave)


def test_lifespan_warms_up_and_closes() -> None:
    app = asgi_fastpath.AsyncAnswerSave(Spy())
    messages = [{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}]
    sent: list[str] = []

    async def receive() -> dict[str, Any]:
        return messages.pop(0)

    async def send(message: dict[str, Any]) -> None:
        sent.append(message["type"])

    asyncio.run(asgi_fastpath.lifespan(app, receive, send))
    assert sent == ["lifespan.startup.complete", "lifespan.shutdown.complete"]
    assert app._pools == {}
    assert app._redis == {}
