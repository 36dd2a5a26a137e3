"""The configured cache, sessions, channel layer and broker really work in this run.

The suite runs twice in CI: embedded (no REDIS_URL: locmem, database sessions, in-memory
channel layer, eager tasks) and scaled (PostgreSQL + REDIS_URL). Each test checks the
backend that the current environment selects, then round-trips real data through it.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from importlib import import_module

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.cache import cache, caches
from django.db import connection

REDIS_URL = os.environ.get("REDIS_URL", "")


def test_ci_scaled_run_really_has_redis(db):
    # In CI the PostgreSQL run is the scaled shape: it must not silently fall back.
    scaled_ci = os.environ.get("CI") == "true" and connection.vendor == "postgresql"

    assert bool(REDIS_URL) or not scaled_ci
    assert settings.REDIS_URL == REDIS_URL


def test_cache_backend_follows_redis_url_and_round_trips():
    expected = (
        "dot.core.redis_cache.RedisCache"
        if REDIS_URL
        else "django.core.cache.backends.locmem.LocMemCache"
    )
    key = f"probe-{uuid.uuid4().hex}"

    cache.set(key, {"answer": 42, "text": "проверка"}, timeout=30)

    assert settings.CACHES["default"]["BACKEND"] == expected
    backend = caches["default"]
    assert f"{type(backend).__module__}.{type(backend).__name__}" == expected
    assert cache.get(key) == {"answer": 42, "text": "проверка"}
    if REDIS_URL:
        # The value is really in Redis, under this run's key prefix.
        import redis

        assert redis.Redis.from_url(REDIS_URL).exists(cache.make_key(key)) == 1
    assert cache.add(f"{key}-n", 0) is True
    assert cache.incr(f"{key}-n") == 1
    cache.delete(key)
    assert cache.get(key) is None


def test_login_session_is_stored_by_the_configured_engine(client, make_user):
    expected = (
        "django.contrib.sessions.backends.cache"
        if REDIS_URL
        else "django.contrib.sessions.backends.db"
    )
    user = make_user(username="sess")

    client.force_login(user)
    session_key = client.cookies[settings.SESSION_COOKIE_NAME].value

    assert settings.SESSION_ENGINE == expected
    store = import_module(settings.SESSION_ENGINE).SessionStore(session_key=session_key)
    assert store.exists(session_key) is True
    assert store.load()["_auth_user_id"] == str(user.pk)
    assert Session.objects.filter(session_key=session_key).exists() is (not REDIS_URL)
    assert client.get("/").status_code == 200


def test_channel_layer_delivers_to_a_channel_and_to_a_group():
    expected = (
        "channels_redis.core.RedisChannelLayer"
        if REDIS_URL
        else "channels.layers.InMemoryChannelLayer"
    )
    layer = get_channel_layer()
    assert layer is not None
    group = f"probe-{uuid.uuid4().hex}"

    async def round_trip() -> tuple[dict, dict]:
        channel = await layer.new_channel()
        await layer.send(channel, {"type": "probe.direct", "text": "привет"})
        direct = await asyncio.wait_for(layer.receive(channel), timeout=5)
        await layer.group_add(group, channel)
        await layer.group_send(group, {"type": "probe.group", "n": 7})
        grouped = await asyncio.wait_for(layer.receive(channel), timeout=5)
        await layer.group_discard(group, channel)
        return direct, grouped

    direct, grouped = async_to_sync(round_trip)()

    assert f"{type(layer).__module__}.{type(layer).__name__}" == expected
    assert direct == {"type": "probe.direct", "text": "привет"}
    assert grouped == {"type": "probe.group", "n": 7}


def test_celery_broker_follows_redis_url_and_carries_a_message():
    from config.celery import app

    queue_name = f"dot-probe-{uuid.uuid4().hex}"

    with app.connection_for_write() as conn:
        queue = conn.SimpleQueue(queue_name)
        queue.put({"probe": "сообщение"})
        message = queue.get(timeout=5)
        message.ack()
        body = message.payload
        queue.clear()
        queue.close()

    assert app.conf.broker_url == (REDIS_URL or "memory://")
    assert body == {"probe": "сообщение"}
