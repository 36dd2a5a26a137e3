"""Real web processes for the chat's cross-process and browser tests.

Django's live server speaks WSGI only, so these tests start ``daphne`` themselves: a
file SQLite database (migrated once per session in a temporary directory), a seed run
in a subprocess with the same environment (so sessions land where the servers look for
them: the Redis cache, with ``REDIS_URL``), then one or more ``daphne`` processes.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[3]
PYTHON = sys.executable
DAPHNE = str(Path(PYTHON).parent / "daphne")
REDIS_URL = os.environ.get("DOT_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def redis_available() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def environment(db_path: Path, *, redis: bool) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "REDIS_URL", "CACHE_KEY_PREFIX", "TEST_DATABASE_NAME")
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": f"sqlite:///{db_path}",
            "DEBUG": "1",
            "STATICFILES_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage",
            "PYTHONPATH": str(ROOT),
            "DJANGO_ALLOW_ASYNC_UNSAFE": "",
        }
    )
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE")
    if redis:
        env["REDIS_URL"] = REDIS_URL
        # This run's own keys and channel-layer groups on the shared Redis.
        env["CACHE_KEY_PREFIX"] = f"chat-test-{uuid.uuid4().hex[:12]}"
    return env


def migrated_template(base: Path) -> Path:
    """A migrated empty database, made once and copied for each test."""
    template = base / "template.sqlite3"
    if not template.exists():
        env = environment(template, redis=False)
        subprocess.run(  # noqa: S603
            [PYTHON, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True, timeout=180
        )
    return template


def fresh_db(base: Path, tmp: Path) -> Path:
    db = tmp / f"live-{uuid.uuid4().hex[:8]}.sqlite3"
    shutil.copy(migrated_template(base), db)
    return db


def seed(env: dict[str, str]) -> dict[str, Any]:
    """Run ``live_seed`` in the servers' environment; returns what it printed (JSON)."""
    out = subprocess.run(  # noqa: S603
        [PYTHON, "-m", "dot.chat.tests.live_seed"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=120,
        capture_output=True,
        text=True,
    )
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def _wait_for_port(port: int, proc: subprocess.Popen[bytes], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"daphne on port {port} exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"daphne did not listen on port {port}")


@contextmanager
def daphne(env: dict[str, str], count: int = 1) -> Iterator[list[int]]:
    """Start ``count`` daphne processes on free ports; stop them afterwards."""
    procs: list[subprocess.Popen[bytes]] = []
    ports: list[int] = []
    try:
        for _ in range(count):
            port = free_port()
            proc = subprocess.Popen(  # noqa: S603
                [DAPHNE, "-b", "127.0.0.1", "-p", str(port), "config.asgi:application"],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            procs.append(proc)
            ports.append(port)
        for port, proc in zip(ports, procs, strict=True):
            _wait_for_port(port, proc)
        yield ports
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
