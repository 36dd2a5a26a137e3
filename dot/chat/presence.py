"""Who is online in a room, shared by every web process.

Each open socket registers itself (``user id`` + its channel name) with an expiry and
renews it by a heartbeat (the client sends one every ``HEARTBEAT`` seconds). With Redis
(``REDIS_URL``) the entries are a sorted set scored by expiry, so every process sees the
same list and the entries of a process that died vanish after ``TTL``. Without Redis the
cache is per-process memory: enough for the one process that then serves the chat.
"""

from __future__ import annotations

import json
import time
from typing import Any

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache

HEARTBEAT = 20
TTL = 60


def _key(room_id: int) -> str:
    return f"chat:presence:{room_id}"


def _redis() -> tuple[Any, Any] | None:
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        return backend._cache.get_client(write=True), backend
    return None


def _entry(user: Any, channel: str) -> str:
    return json.dumps({"id": user.pk, "name": user.short_name, "ch": channel}, sort_keys=True)


def _distinct(entries: list[str]) -> list[dict[str, Any]]:
    people: dict[int, str] = {}
    for raw in entries:
        data = json.loads(raw)
        people[data["id"]] = data["name"]
    return [{"id": pk, "name": name} for pk, name in sorted(people.items(), key=lambda p: p[1])]


def touch(room_id: int, user: Any, channel: str) -> list[dict[str, Any]]:
    """Register or renew a socket; return who is online now."""
    now = time.time()
    found = _redis()
    if found:
        client, backend = found
        key = backend.make_key(_key(room_id))
        pipe = client.pipeline()
        pipe.zremrangebyscore(key, "-inf", now)
        pipe.zadd(key, {_entry(user, channel): now + TTL})
        pipe.expire(key, TTL * 2)
        pipe.zrange(key, 0, -1)
        raw = pipe.execute()[-1]
        return _distinct([r.decode() if isinstance(r, bytes) else r for r in raw])
    cache = caches["default"]
    data = {k: v for k, v in cache.get(_key(room_id), {}).items() if v > now}
    data[_entry(user, channel)] = now + TTL
    cache.set(_key(room_id), data, TTL * 2)
    return _distinct(list(data))


def leave(room_id: int, user: Any, channel: str) -> list[dict[str, Any]]:
    """Forget a closed socket; return who is still online."""
    now = time.time()
    found = _redis()
    if found:
        client, backend = found
        key = backend.make_key(_key(room_id))
        pipe = client.pipeline()
        pipe.zrem(key, _entry(user, channel))
        pipe.zremrangebyscore(key, "-inf", now)
        pipe.zrange(key, 0, -1)
        raw = pipe.execute()[-1]
        return _distinct([r.decode() if isinstance(r, bytes) else r for r in raw])
    cache = caches["default"]
    data = {k: v for k, v in cache.get(_key(room_id), {}).items() if v > now}
    data.pop(_entry(user, channel), None)
    cache.set(_key(room_id), data, TTL * 2)
    return _distinct(list(data))
