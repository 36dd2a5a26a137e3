"""Two real web processes (the ASGI server of the scaled shape) with Redis deliver each other's chat messages
(issue #8: «works across several server processes»). Both use one file SQLite database
and a channel-layer prefix of their own on the shared Redis."""

from __future__ import annotations

import asyncio
import json
import os
from pathlib import Path
from typing import Any

import pytest
import websockets
from websockets.asyncio.client import ClientConnection, connect

from . import live


def _redis_or_fail() -> None:
    if live.redis_available():
        return
    if os.environ.get("CI") == "true" or os.environ.get("DOT_NO_SKIPS") == "1":
        pytest.fail(f"Redis is required for the cross-process chat test ({live.REDIS_URL}).")
    pytest.skip(f"Redis is not running at {live.REDIS_URL}")


async def _open(port: int, room: int, session: str, after: int | None = None) -> ClientConnection:
    query = f"?after={after}" if after else ""
    return await connect(
        f"ws://127.0.0.1:{port}/ws/chat/{room}/{query}",
        origin=f"http://127.0.0.1:{port}",  # type: ignore[arg-type]
        additional_headers={"Cookie": f"sessionid={session}"},
        open_timeout=10,
    )


async def _next(ws: ClientConnection, kind: str) -> dict[str, Any]:
    for _ in range(30):
        frame = json.loads(await asyncio.wait_for(ws.recv(), timeout=10))
        if frame["type"] == kind:
            return dict(frame)
    raise AssertionError(f"no {kind} frame")


def test_two_asgi_processes_deliver_each_others_messages(
    live_template: Path, tmp_path: Path
) -> None:
    _redis_or_fail()
    db = live.fresh_db(live_template, tmp_path)
    env = live.environment(db, redis=True)
    data = live.seed(env)
    room = data["room"]

    async def scenario(ports: list[int]) -> None:
        teacher = await _open(ports[0], room, data["teacher"]["session"])
        hello = await _next(teacher, "hello")
        assert hello["me"]["id"] == data["teacher"]["id"]
        history = await _next(teacher, "history")
        assert [m["id"] for m in history["messages"]] == [data["first_message"]]

        student = await _open(ports[1], room, data["student"]["session"])
        student_hello = await _next(student, "hello")
        # Presence is shared: the student's process sees the teacher on the other one.
        assert {u["id"] for u in student_hello["presence"]} == {
            data["teacher"]["id"],
            data["student"]["id"],
        }

        await teacher.send(json.dumps({"type": "message", "text": "Сообщение с порта A"}))
        got = await _next(student, "message")
        assert got["message"]["text"] == "Сообщение с порта A"
        assert got["message"]["author"]["id"] == data["teacher"]["id"]

        await student.send(json.dumps({"type": "typing"}))
        assert (await _next(teacher, "typing"))["user"]["id"] == data["student"]["id"]
        await student.send(json.dumps({"type": "message", "text": "Ответ с порта B"}))
        back = await _next(teacher, "message")
        assert back["message"]["text"] == "Ответ с порта B"

        # The student drops off; the teacher writes; the student comes back to the
        # other process with its last seen id and gets what it missed.
        await student.close()
        await teacher.send(json.dumps({"type": "message", "text": "Пока вас не было"}))
        await _next(teacher, "message")
        again = await _open(ports[0], room, data["student"]["session"], after=back["message"]["id"])
        missed = await _next(again, "missed")
        assert [m["text"] for m in missed["messages"]] == ["Пока вас не было"]

        # Without a session the handshake is refused.
        with pytest.raises(websockets.exceptions.InvalidStatus):
            await _open(ports[1], room, "no-such-session")
        await again.close()
        await teacher.close()

    with live.asgi_servers(env, count=2) as ports:
        asyncio.run(scenario(ports))
