"""A small asyncio HTTP/1.1 load generator (no dependencies): one simulated user per task.

Each ``Client`` keeps its cookies (session, CSRF) and one keep-alive connection, reopened
when the server closes it. Latencies are measured from writing the request to reading the
whole response, on the generator's monotonic clock.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
import urllib.parse
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes
    ms: float

    def json(self) -> Any:
        return json.loads(self.body)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


@dataclass
class Client:
    host: str
    port: int
    cookies: dict[str, str] = field(default_factory=dict)
    timeout: float = 60.0
    _reader: asyncio.StreamReader | None = None
    _writer: asyncio.StreamWriter | None = None

    async def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            try:
                await self._writer.wait_closed()
            except (OSError, ConnectionError):
                pass
        self._reader = self._writer = None

    async def _connect(self) -> None:
        self._reader, self._writer = await asyncio.open_connection(self.host, self.port)

    async def request(
        self,
        method: str,
        path: str,
        *,
        body: bytes = b"",
        headers: dict[str, str] | None = None,
    ) -> Response:
        """Send one request; a connection the server closed under us is retried once."""
        for attempt in (1, 2):
            if self._writer is None:
                await self._connect()
            try:
                return await asyncio.wait_for(
                    self._send(method, path, body, headers or {}), self.timeout
                )
            except (ConnectionError, asyncio.IncompleteReadError, OSError):
                await self.close()
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    async def _send(self, method: str, path: str, body: bytes, headers: dict[str, str]) -> Response:
        assert self._reader is not None
        assert self._writer is not None
        head = {
            "Host": f"{self.host}:{self.port}",
            "Connection": "keep-alive",
            "Content-Length": str(len(body)),
            "Accept-Language": "ru",
            **headers,
        }
        if self.cookies:
            head["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        raw = f"{method} {path} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in head.items())
        t0 = time.perf_counter()
        self._writer.write(raw.encode("latin-1") + b"\r\n" + body)
        await self._writer.drain()
        status_line = await self._reader.readuntil(b"\r\n")
        status = int(status_line.split()[1])
        resp_headers: dict[str, str] = {}
        while True:
            line = await self._reader.readuntil(b"\r\n")
            if line == b"\r\n":
                break
            name, _, value = line.decode("latin-1").partition(":")
            name, value = name.strip().lower(), value.strip()
            if name == "set-cookie":
                cookie = value.split(";", 1)[0]
                cname, _, cval = cookie.partition("=")
                self.cookies[cname.strip()] = cval.strip()
            resp_headers[name] = value
        if resp_headers.get("transfer-encoding", "").lower() == "chunked":
            chunks = []
            while True:
                size = int((await self._reader.readuntil(b"\r\n")).strip().split(b";")[0], 16)
                if size == 0:
                    await self._reader.readuntil(b"\r\n")
                    break
                chunks.append(await self._reader.readexactly(size))
                await self._reader.readexactly(2)
            data = b"".join(chunks)
        elif "content-length" in resp_headers:
            data = await self._reader.readexactly(int(resp_headers["content-length"]))
        else:
            data = await self._reader.read()
            await self.close()
        ms = (time.perf_counter() - t0) * 1000
        if resp_headers.get("connection", "").lower() == "close":
            await self.close()
        return Response(status, resp_headers, data, ms)

    async def get(self, path: str) -> Response:
        return await self.request("GET", path)

    async def post_json(self, path: str, payload: Any) -> Response:
        return await self.request(
            "POST",
            path,
            body=json.dumps(payload).encode(),
            headers={
                "Content-Type": "application/json",
                "X-CSRFToken": self.cookies.get("csrftoken", ""),
                "Referer": f"http://{self.host}:{self.port}/",
            },
        )

    async def login(self, username: str, password: str) -> Response:
        page = await self.get("/accounts/login/")
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        if not match:
            raise RuntimeError(f"no CSRF token on the login page (HTTP {page.status})")
        form = urllib.parse.urlencode(
            {"username": username, "password": password, "csrfmiddlewaretoken": match.group(1)}
        ).encode()
        resp = await self.request(
            "POST",
            "/accounts/login/",
            body=form,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"http://{self.host}:{self.port}/accounts/login/",
            },
        )
        if "sessionid" not in self.cookies:
            raise RuntimeError(f"login of {username} failed (HTTP {resp.status})")
        return resp


def percentiles(values: list[float]) -> dict[str, float]:
    if not values:
        return {"n": 0}
    ordered = sorted(values)

    def pick(p: float) -> float:
        idx = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))
        return round(ordered[idx], 1)

    return {
        "n": len(ordered),
        "p50_ms": pick(50),
        "p95_ms": pick(95),
        "p99_ms": pick(99),
        "max_ms": round(ordered[-1], 1),
    }
