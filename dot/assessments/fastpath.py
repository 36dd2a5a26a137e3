"""The WSGI fast path of the exam session's hot request: saving one answer.

``POST /api/assessments/attempts/<id>/answers/`` is most of an exam session's traffic
(every answer is saved the moment it is given). Going through Django's URL resolver, the
eleven middlewares and DRF's request, parsers, authentication, serializer and renderer
cost several times the save itself (bench/exam_session.py; PERFORMANCE.md). This WSGI
middleware answers the *ordinary* save directly, with the same pieces Django would use:

* the session from the configured session engine, the user from it as
  ``django.contrib.auth.get_user`` does (backend listed in settings, the session's auth
  hash checked against the user's password hash, the user active);
* the CSRF check of ``CsrfViewMiddleware`` itself (origin, referer over HTTPS, token) on
  Django's own ``WSGIRequest``, as DRF's ``SessionAuthentication`` does;
* the save rules of ``services.save_loaded_slot`` on the row read by
  ``services.load_slot`` (one SELECT) and one conditional UPDATE in autocommit: the
  answer is durable before the 200 is written.

Everything that is not the ordinary case is handed to Django untouched and answered there
exactly as before: no or foreign session, token authentication, a CSRF failure, another
student's attempt (404), a closed or overdue attempt (409, finalised there), an address
outside the test's networks, a malformed body or answer (400), a lost race, any error.
The fast path writes nothing before it decides to answer, so handing over is always safe.
It is on by default in the scaled shape (``config/wsgi.py``); ``DOT_FAST_ANSWER_SAVE=false``
turns it off.
"""

from __future__ import annotations

import io
import json
import logging
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.handlers.wsgi import WSGIRequest
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.crypto import constant_time_compare
from django.utils.module_loading import import_string

from . import clock, services
from .net import client_ip

log = logging.getLogger(__name__)

PATH = re.compile(r"/api/assessments/attempts/(\d{1,18})/answers/")
MAX_BODY = 256 * 1024  # a save is a few hundred bytes; larger bodies go to Django

StartResponse = Callable[..., Any]


def _no_view(request: Any) -> HttpResponse:  # the CSRF middleware wants a view
    return HttpResponse()


@dataclass(frozen=True)
class Admitted:
    """A save request that passed the checks needing no database: whose, and what."""

    user_id: Any
    session_hash: str
    slot: int
    seq: int
    fields: dict[str, list[str]]


@dataclass(frozen=True)
class Decision:
    """What to do with a loaded slot: store ``response`` (None: an older or repeated
    ``seq``, nothing to write) at ``now``."""

    response: dict | None
    now: Any


class SaveRules:
    """What the WSGI and the asynchronous fast paths share: everything of an ordinary
    save that needs no I/O (the request's checks, the session's user, CSRF, the body, the
    reply). Each path does its own reads and writes."""

    def __init__(self) -> None:
        self._backends: dict[str, bool] = {}
        self._headers: list[tuple[str, str]] | None = None
        self._csrf = CsrfViewMiddleware(_no_view)  # keeps no state between requests

    def session_key(self, request: WSGIRequest) -> str | None:
        """The session cookie of a request the fast path may answer, or None."""
        if "HTTP_AUTHORIZATION" in request.META:
            return None  # token authentication: DRF decides
        if settings.SECURE_SSL_REDIRECT and not request.is_secure():
            return None
        key = request.COOKIES.get(settings.SESSION_COOKIE_NAME) or ""
        # Django's session keys are 32 letters and digits; anything else is Django's to
        # refuse (and never reaches the session store from here).
        if not (8 <= len(key) <= 64 and key.isascii() and key.isalnum()):
            return None
        return key

    def session_user(self, session: Any) -> tuple[Any, str] | None:
        """(user id, auth hash) of a session logged in through a ModelBackend, or None."""
        try:
            user_id = get_user_model()._meta.pk.to_python(session[SESSION_KEY])
            backend = session[BACKEND_SESSION_KEY]
        except Exception:  # no user in the session, or a malformed one
            return None
        session_hash = session.get(HASH_SESSION_KEY)
        if not session_hash or not self._model_backend(backend):
            return None
        return user_id, session_hash

    def csrf_ok(self, request: WSGIRequest) -> bool:
        """Django's own CSRF check, as DRF's SessionAuthentication runs it."""
        self._csrf.process_request(request)
        return self._csrf.process_view(request, _no_view, (), {}) is None

    def admit(self, request: WSGIRequest, session: Any, body: bytes) -> Admitted | None:
        """The session's user, Django's CSRF check and the body, or None (Django's turn)."""
        who = self.session_user(session)
        if who is None or not self.csrf_ok(request):
            return None
        fields = self._parse(body)
        if fields is None:
            return None
        return Admitted(who[0], who[1], *fields)

    def decide(
        self,
        state: services.SlotState | None,
        admitted: Admitted,
        request: WSGIRequest,
        attempt_id: int,
    ) -> Decision | None:
        """The save's rules on the loaded slot (``services.check_save``), or None: not the
        ordinary case (another's attempt, the owner's session no longer valid, closed or
        overdue — Django answers 409 and finalises —, outside the networks, bad input)."""
        if state is None or not self.owner_ok(state, admitted.user_id, admitted.session_hash):
            return None
        now = clock.now()
        if not state.is_open(now):
            return None
        try:
            response = services.check_save(
                state,
                attempt_id=attempt_id,
                slot=admitted.slot,
                seq=admitted.seq,
                fields=admitted.fields,
                ip=client_ip(request),
                now=now,
            )
        except Exception:  # network refused, malformed answer: Django words the reply
            return None
        return Decision(response, now)

    @staticmethod
    def outcome(
        state: services.SlotState, admitted: Admitted, decision: Decision, written: bool
    ) -> services.SaveResult | None:
        """The reply's result; None when the write lost a race (Django reads the row
        again and answers)."""
        if decision.response is None:
            return services.SaveResult(
                admitted.slot, admitted.seq, False, state.saved_at, state.deadline
            )
        if not written:
            return None
        return services.SaveResult(admitted.slot, admitted.seq, True, decision.now, state.deadline)

    @staticmethod
    def owner_ok(state: services.SlotState, user_id: Any, session_hash: str) -> bool:
        """The owner is active and the session's auth hash matches their password."""
        if not state.user_active:
            return False
        # A changed password or a fallback secret: Django decides.
        return constant_time_compare(session_hash, _auth_hash(user_id, state.user_password))

    @staticmethod
    def reply(result: services.SaveResult) -> bytes:
        return json.dumps(
            {
                "slot": result.slot,
                "seq": result.seq,
                "saved": result.saved,
                "saved_at": _iso(result.saved_at),
                "deadline": _iso(result.deadline),
            },
            separators=(",", ":"),
        ).encode()

    @staticmethod
    def _parse(body: bytes) -> tuple[int, int, dict[str, list[str]]] | None:
        """The body as the API's SaveSerializer accepts it, or None (Django words the 400)."""
        try:
            data = json.loads(body)
        except ValueError:
            return None
        if not isinstance(data, dict):
            return None
        slot, seq, fields = data.get("slot"), data.get("seq"), data.get("fields")
        if type(slot) is not int or type(seq) is not int or not isinstance(fields, dict):
            return None
        if not 1 <= slot <= 32767 or not 1 <= seq <= 2**31 - 1:
            return None
        clean: dict[str, list[str]] = {}
        for name, values in fields.items():
            if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
                return None
            clean[str(name)] = values
        return slot, seq, clean

    def _model_backend(self, path: str) -> bool:
        """The session's backend is configured and is a ModelBackend (active users only)."""
        known = self._backends.get(path)
        if known is None:
            known = path in settings.AUTHENTICATION_BACKENDS and issubclass(
                import_string(path), ModelBackend
            )
            self._backends[path] = known
        return known

    def _security_headers(self, secure: bool) -> list[tuple[str, str]]:
        """The headers Django's middleware would add to this JSON reply."""
        if self._headers is None:
            headers = [("Vary", "Accept, Cookie"), ("Cache-Control", "no-store")]
            if settings.SECURE_CONTENT_TYPE_NOSNIFF:
                headers.append(("X-Content-Type-Options", "nosniff"))
            if settings.SECURE_REFERRER_POLICY:
                headers.append(("Referrer-Policy", str(settings.SECURE_REFERRER_POLICY)))
            if settings.SECURE_CROSS_ORIGIN_OPENER_POLICY:
                headers.append(
                    ("Cross-Origin-Opener-Policy", settings.SECURE_CROSS_ORIGIN_OPENER_POLICY)
                )
            headers.append(("X-Frame-Options", getattr(settings, "X_FRAME_OPTIONS", "DENY")))
            self._headers = headers
        headers = list(self._headers)
        if settings.SECURE_HSTS_SECONDS and secure:
            hsts = f"max-age={settings.SECURE_HSTS_SECONDS}"
            if settings.SECURE_HSTS_INCLUDE_SUBDOMAINS:
                hsts += "; includeSubDomains"
            if settings.SECURE_HSTS_PRELOAD:
                hsts += "; preload"
            headers.append(("Strict-Transport-Security", hsts))
        return headers


class AnswerSaveFastPath(SaveRules):
    """WSGI middleware in front of Django's application (see the module docstring)."""

    def __init__(self, app: Callable[[dict, StartResponse], Iterable[bytes]]) -> None:
        super().__init__()
        self.app = app
        self._session_store: Any = None

    # --- WSGI ----------------------------------------------------------------------

    def __call__(self, environ: dict, start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("REQUEST_METHOD") != "POST":
            return self.app(environ, start_response)
        match = PATH.fullmatch(environ.get("PATH_INFO", ""))
        if match is None:
            return self.app(environ, start_response)
        body = self._read_body(environ)
        if body is None:
            return self.app(environ, start_response)
        # Django's request_started/finished signals are not sent: they would check the
        # database connection with an extra round trip on every save. A connection in
        # doubt (an earlier error, past CONN_MAX_AGE) is checked or closed as those
        # signals would; a query that fails on a broken one raises below and Django
        # answers the request with a fresh connection.
        reply = None
        if self._connection_ok():
            try:
                reply = self.answer(environ, int(match.group(1)), body)
            except Exception:  # any surprise: Django answers (and logs) it the usual way
                log.debug("answer fast path handed over", exc_info=True)
        if reply is None:
            environ["wsgi.input"] = io.BytesIO(body)
            return self.app(environ, start_response)
        payload, secure = reply
        start_response(
            "200 OK",
            [
                ("Content-Type", "application/json"),
                ("Content-Length", str(len(payload))),
                *self._security_headers(secure),
            ],
        )
        return [payload]

    @staticmethod
    def _connection_ok() -> bool:
        """Prepare the connection as Django's request_started would, without its health
        check round trip; False inside a transaction (the UPDATE would not be committed
        before the reply)."""
        conn = connections[DEFAULT_DB_ALIAS]
        if conn.in_atomic_block:
            return False
        if conn.connection is not None and (
            conn.errors_occurred
            or conn.get_autocommit() != conn.settings_dict["AUTOCOMMIT"]
            or (conn.close_at is not None and time.monotonic() >= conn.close_at)
        ):
            conn.close_if_unusable_or_obsolete()  # rare, or every time with CONN_MAX_AGE=0
        return True

    @staticmethod
    def _read_body(environ: dict) -> bytes | None:
        """Read the JSON body (then give Django a fresh stream of it); None: not ours."""
        if not environ.get("CONTENT_TYPE", "").startswith("application/json"):
            return None
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return None
        if length <= 0 or length > MAX_BODY:
            return None
        body = environ["wsgi.input"].read(length)
        environ["wsgi.input"] = io.BytesIO(body)
        return body

    # --- The ordinary save ---------------------------------------------------------

    def answer(self, environ: dict, attempt_id: int, body: bytes) -> tuple[bytes, bool] | None:
        """(the JSON reply, over HTTPS) of an ordinary save, or None to hand the request
        to Django."""
        request = WSGIRequest(environ)
        session_key = self.session_key(request)
        if session_key is None:
            return None
        admitted = self.admit(request, self._store()(session_key), body)
        if admitted is None:
            return None
        state = services.load_slot(
            attempt_id=attempt_id, slot=admitted.slot, user_id=admitted.user_id
        )
        decision = self.decide(state, admitted, request, attempt_id)
        if state is None or decision is None:
            return None
        written = decision.response is not None and bool(
            services.write_answer(
                answer_id=state.answer_id,
                response=decision.response,
                seq=admitted.seq,
                now=decision.now,
            )
        )
        result = self.outcome(state, admitted, decision, written)
        if result is None:
            return None
        return self.reply(result), request.is_secure()

    def _store(self) -> Any:
        if self._session_store is None:
            from importlib import import_module

            self._session_store = import_module(settings.SESSION_ENGINE).SessionStore
        return self._session_store


# The session auth hash is an HMAC of the password hash (which carries its own salt):
# computed once per password hash and process, not on every save.
_AUTH_HASHES: dict[str, str] = {}


def _auth_hash(user_id: Any, password: str) -> str:
    known = _AUTH_HASHES.get(password)
    if known is None:
        known = get_user_model()(pk=user_id, password=password).get_session_auth_hash()
        if len(_AUTH_HASHES) >= 10000:
            _AUTH_HASHES.clear()
        _AUTH_HASHES[password] = known
    return known


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def wrap(app: Any) -> Any:
    """``config/wsgi.py``: the fast path in front of Django unless turned off."""
    if getattr(settings, "DOT_FAST_ANSWER_SAVE", True):
        return AnswerSaveFastPath(app)
    return app
