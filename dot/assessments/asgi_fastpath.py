"""The asynchronous fast path of the exam session's hot request: saving one answer.

In the scaled shape the load balancer sends ``POST /api/assessments/attempts/<id>/answers/``
to the ASGI server (bin/run-scaled; bench/nginx.conf.in). This ASGI middleware answers
the *ordinary* save there on the event loop, with no thread per request: the session from
Redis (``redis.asyncio``, the key and serialisation of Django's cache session engine), the
slot from PostgreSQL (an ``asyncpg`` pool, prepared statements) and the
same rules as the WSGI fast path and the API (``fastpath.SaveRules``,
``services.check_save``): one SELECT and one conditional UPDATE in autocommit, so the answer
is durable before the 200 is written.

A worker process holds hundreds of concurrent saves with a few database connections and no
GIL contention between threads; measured in bench/exam_session.py (README, Benchmarks).

Everything that is not the ordinary case goes to Django's ASGI application untouched (the
body replayed) and is answered there exactly as before: no or foreign session, token
authentication, a CSRF failure, another student's attempt (404), a closed or overdue
attempt (409, finalised there), an address outside the test's networks, a malformed body or
answer (400), a lost race, a database or Redis error. Nothing is written before the path
decides to answer, and a repeated save changes nothing, so handing over is always safe.

Active only with sessions in Redis (``SESSION_ENGINE`` = the cache engine on the Redis
cache) and PostgreSQL; ``DOT_FAST_ANSWER_SAVE=false`` turns it off.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from django.conf import settings
from django.core.handlers.wsgi import WSGIRequest
from django.db import DEFAULT_DB_ALIAS, connections

from . import services
from .fastpath import MAX_BODY, PATH, SaveRules

log = logging.getLogger(__name__)

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

SESSION_CACHE_ENGINE = "django.contrib.sessions.backends.cache"
POOL_SIZE = 8  # database connections per worker process (saves are a few ms each)


async def _init_connection(conn: Any) -> None:
    await conn.set_type_codec("jsonb", encoder=json.dumps, decoder=json.loads, schema="pg_catalog")
    await conn.set_type_codec("json", encoder=json.dumps, decoder=json.loads, schema="pg_catalog")


async def _create_pool() -> Any:
    import asyncpg

    params = connections[DEFAULT_DB_ALIAS].settings_dict
    return await asyncpg.create_pool(
        host=params.get("HOST") or None,
        port=int(params["PORT"]) if params.get("PORT") else None,
        user=params.get("USER") or None,
        password=params.get("PASSWORD") or None,
        database=params["NAME"],
        min_size=POOL_SIZE,
        max_size=POOL_SIZE,
        init=_init_connection,
        server_settings={"TimeZone": "UTC"},
    )


def _numbered(sql: str) -> str:
    """%s placeholders (Django's) as $1, $2, ... (PostgreSQL's own)."""
    parts = sql.split("%s")
    return parts[0] + "".join(f"${i}{part}" for i, part in enumerate(parts[1:], start=1))


class AsyncAnswerSave(SaveRules):
    """ASGI middleware in front of Django's ASGI application (see the module docstring)."""

    def __init__(self, app: Any) -> None:
        super().__init__()
        self.app = app
        self._pools: dict[int, Any] = {}
        self._sql: tuple[str, str] | None = None
        self.statements = 0  # SQL statements sent (the tests hold the count per save)
        self._redis: dict[int, Any] = {}
        self._session_cache: Any = None
        self.enabled = self._supported()

    @staticmethod
    def _supported() -> bool:
        if not getattr(settings, "DOT_FAST_ANSWER_SAVE", True):
            return False
        cache = settings.CACHES.get(getattr(settings, "SESSION_CACHE_ALIAS", "default"), {})
        return (
            settings.SESSION_ENGINE == SESSION_CACHE_ENGINE
            and "redis" in str(cache.get("BACKEND", "")).lower()
            and connections[DEFAULT_DB_ALIAS].vendor == "postgresql"
        )

    # --- ASGI ----------------------------------------------------------------------

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            not self.enabled
            or scope.get("type") != "http"
            or scope.get("method") != "POST"
            or (match := PATH.fullmatch(scope.get("path", ""))) is None
        ):
            await self.app(scope, receive, send)
            return
        read = await self._read_body(scope, receive)
        if read is None:  # the client went away before sending the whole body
            return
        body, ours, more = read
        if not ours:  # too large, empty or not JSON: Django reads (and refuses) it
            await self.app(scope, _replay(body, receive, more=more), send)
            return
        reply = None
        try:
            reply = await self.answer(scope, int(match.group(1)), body)
        except Exception:  # any surprise: Django answers (and logs) it the usual way
            log.debug("asynchronous answer fast path handed over", exc_info=True)
        if reply is None:
            await self.app(scope, _replay(body, receive, more=False), send)
            return
        payload, secure = reply
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(payload)).encode()),
        ]
        headers += [
            (name.lower().encode(), value.encode())
            for name, value in self._security_headers(secure)
        ]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": payload})

    @staticmethod
    async def _read_body(scope: Scope, receive: Receive) -> tuple[bytes, bool, bool] | None:
        """(the body read, whether it is a save's, whether more of it is to come), or None
        when the client disconnected; at most MAX_BODY + one chunk is read, the rest is
        left for Django."""
        content_type = b""
        for name, value in scope.get("headers", ()):
            if name == b"content-type":
                content_type = value
        chunks: list[bytes] = []
        size = 0
        more = False
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return None
            chunk = message.get("body", b"")
            chunks.append(chunk)
            size += len(chunk)
            more = bool(message.get("more_body"))
            if size > MAX_BODY or not more:
                break
        body = b"".join(chunks)
        ours = 0 < size <= MAX_BODY and content_type.startswith(b"application/json")
        return body, ours, more

    # --- The ordinary save ---------------------------------------------------------

    async def answer(self, scope: Scope, attempt_id: int, body: bytes) -> tuple[bytes, bool] | None:
        """(the JSON reply, over HTTPS) of an ordinary save, or None to hand it to Django."""
        request = WSGIRequest(_environ(scope, body))
        session_key = self.session_key(request)
        if session_key is None:
            return None
        session = await self._session(session_key)
        admitted = None if session is None else self.admit(request, session, body)
        if admitted is None:
            return None
        pool = await self._pool()
        async with pool.acquire() as conn:
            state = await self._load(conn, attempt_id, admitted.slot, admitted.user_id)
            decision = self.decide(state, admitted, request, attempt_id)
            if state is None or decision is None:
                return None
            written = decision.response is not None and await self._write(
                conn, state.answer_id, decision.response, admitted.seq, decision.now
            )
        result = self.outcome(state, admitted, decision, written)
        if result is None:
            return None
        return self.reply(result), request.is_secure()

    # --- I/O -----------------------------------------------------------------------

    async def warm_up(self) -> None:
        """Open the worker's connections before the first save (ASGI lifespan startup):
        an exam's first burst of saves then waits for no connection."""
        if not self.enabled:
            return
        pool = await self._pool()
        async with pool.acquire() as conn:
            await conn.fetchval("SELECT 1")
        await self._redis_client().ping()

    async def close(self) -> None:
        """Close this loop's connections (ASGI lifespan shutdown)."""
        loop = id(asyncio.get_running_loop())
        pool = self._pools.pop(loop, None)
        if pool is not None and not isinstance(pool, asyncio.Future):
            await pool.close()
        client = self._redis.pop(loop, None)
        if client is not None:
            await client.aclose()

    async def _pool(self) -> Any:
        """The event loop's connection pool (each server worker has its own loop)."""
        loop = id(asyncio.get_running_loop())
        pool = self._pools.get(loop)
        if pool is None:
            pending = self._pools[loop] = asyncio.ensure_future(_create_pool())
            try:
                pool = self._pools[loop] = await pending
            except BaseException:
                self._pools.pop(loop, None)
                raise
        elif isinstance(pool, asyncio.Future):
            pool = await pool
        return pool

    def _statements(self) -> tuple[str, str]:
        if self._sql is None:
            select, update = services.slot_sql(connections[DEFAULT_DB_ALIAS])
            self._sql = (_numbered(select), _numbered(update))
        return self._sql

    def _cache(self) -> Any:
        """The session engine's cache (its key function and serializer)."""
        if self._session_cache is None:
            from django.core.cache import caches

            self._session_cache = caches[settings.SESSION_CACHE_ALIAS]
        return self._session_cache

    def _redis_client(self) -> Any:
        loop = id(asyncio.get_running_loop())
        client = self._redis.get(loop)
        if client is None:
            import redis.asyncio

            client = redis.asyncio.Redis.from_url(self._cache()._servers[0])
            self._redis[loop] = client
        return client

    async def _session(self, session_key: str) -> dict[str, Any] | None:
        """The session's data as the cache session engine would load it, or None."""
        cache = self._cache()
        # The well-formed key of ``session_key`` needs no validation (Django's make_key).
        key = cache.make_key(SESSION_CACHE_PREFIX + session_key)
        client = self._redis_client()
        raw = await client.get(key)
        if raw is None:
            return None
        data = cache._cache._serializer.loads(raw)  # type: ignore[attr-defined]
        return data if isinstance(data, dict) else None

    async def _load(self, conn: Any, attempt_id: int, slot: int, user_id: Any) -> Any:
        self.statements += 1
        row = await conn.fetchrow(self._statements()[0], attempt_id, slot, user_id)
        if row is None:
            return None
        values = services.slot_values(tuple(row), connections[DEFAULT_DB_ALIAS])
        version = services.cached_version(values[8])
        if version is None:
            self.statements += 1
            version = await _load_version(conn, values[8])
        return services.slot_state(values, version)

    async def _write(self, conn: Any, answer_id: int, response: dict, seq: int, now: Any) -> bool:
        self.statements += 1
        status = await conn.execute(
            self._statements()[1], response, seq, now, answer_id, seq, False
        )
        return str(status).endswith(" 1")


SESSION_CACHE_PREFIX = "django.contrib.sessions.cache"


async def _load_version(conn: Any, version_id: int) -> Any:
    from dot.questions.models import QuestionVersion

    q = connections[DEFAULT_DB_ALIAS].ops.quote_name
    row = await conn.fetchrow(
        f"SELECT {q('qtype')}, {q('data')} FROM {q(QuestionVersion._meta.db_table)}"  # noqa: S608
        f" WHERE {q('id')} = $1",
        version_id,
    )
    if row is None:
        raise LookupError(version_id)
    version = QuestionVersion(id=version_id, qtype=row[0], data=row[1])
    services.remember_version(version)
    return version


def _replay(body: bytes, receive: Receive, *, more: bool) -> Receive:
    """A ``receive`` that gives the body read so far, then the client's own messages
    (the rest of the body when ``more``)."""
    sent = False

    async def replay() -> dict[str, Any]:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": more}
        return await receive()

    return replay


def _environ(scope: Scope, body: bytes) -> dict[str, Any]:
    """The WSGI environ of an ASGI request (what Django's request and CSRF check read)."""
    import io

    server = scope.get("server") or ("localhost", 80)
    client = scope.get("client") or ("", 0)
    environ: dict[str, Any] = {
        "REQUEST_METHOD": scope["method"],
        "SCRIPT_NAME": scope.get("root_path", ""),
        "PATH_INFO": scope["path"],
        "QUERY_STRING": scope.get("query_string", b"").decode("latin-1"),
        "SERVER_NAME": str(server[0]),
        "SERVER_PORT": str(server[1]),
        "REMOTE_ADDR": str(client[0]),
        "wsgi.url_scheme": scope.get("scheme", "http"),
        "wsgi.input": io.BytesIO(body),
        "CONTENT_LENGTH": str(len(body)),
    }
    for raw_name, raw_value in scope.get("headers", ()):
        name = raw_name.decode("latin-1").upper().replace("-", "_")
        value = raw_value.decode("latin-1")
        if name == "CONTENT_TYPE":
            environ["CONTENT_TYPE"] = value
            continue
        if name == "CONTENT_LENGTH":
            continue
        key = "HTTP_" + name
        environ[key] = f"{environ[key]},{value}" if key in environ else value
    return environ


async def lifespan(app: AsyncAnswerSave, receive: Receive, send: Send) -> None:
    """The ASGI lifespan protocol: warm the fast path up at startup, close at shutdown."""
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            try:
                await app.warm_up()
            except Exception:  # the database is not up yet: connections open on demand
                log.warning("answer fast path: warm-up failed", exc_info=True)
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            try:
                await app.close()
            finally:
                await send({"type": "lifespan.shutdown.complete"})
            return


def wrap(app: Any) -> AsyncAnswerSave:
    """``config/asgi.py``: the fast path in front of Django's HTTP application."""
    return AsyncAnswerSave(app)
