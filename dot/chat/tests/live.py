"""Real web processes for the chat's cross-process and browser tests.

Django's live server speaks WSGI only, so these tests start the scaled shape's ASGI
server (granian, as bin/run-scaled runs it) themselves: a
file SQLite database (a copy of a migrated template, made once per set of migrations), a
seed run
in a subprocess with the same environment (so sessions land where the servers look for
them: the Redis cache, with ``REDIS_URL``), then one or more ASGI server processes.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[3]
PYTHON = sys.executable
GRANIAN = str(Path(PYTHON).parent / "granian")
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


def migrate_into(path: Path) -> None:
    """Create a database file with the schema by running the migrations."""
    env = environment(path, redis=False)
    subprocess.run(  # noqa: S603
        [PYTHON, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True, timeout=300
    )


def schema_template() -> Path:
    """A migrated empty database, kept in the temporary directory under the hash of every
    migration file: made once (per set of migrations), reused by later runs."""
    digest = hashlib.sha256()
    for path in sorted(ROOT.glob("dot/*/migrations/*.py")):
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    folder = Path(tempfile.gettempdir()) / "dot-chat-live"
    folder.mkdir(exist_ok=True)
    template = folder / f"{digest.hexdigest()[:16]}.sqlite3"
    if not template.exists():
        partial = folder / f"{uuid.uuid4().hex}.partial.sqlite3"
        migrate_into(partial)
        os.replace(partial, template)
    return template


def fresh_db(template: Path, tmp: Path) -> Path:
    db = tmp / f"live-{uuid.uuid4().hex[:8]}.sqlite3"
    shutil.copy(template, db)
    return db


def seed(env: dict[str, str]) -> dict[str, Any]:
    """Run ``live_seed`` in the servers' environment; returns what it printed (JSON)."""
    out = subprocess.run(  # noqa: S603
        [PYTHON, "-m", "dot.chat.tests.live_seed"],
        cwd=ROOT,
        env=env,
        check=False,
        timeout=120,
        capture_output=True,
        text=True,
    )
    if out.returncode:
        raise RuntimeError(f"seeding the live database failed:\n{out.stderr[-3000:]}")
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def _wait_for_port(port: int, proc: subprocess.Popen[bytes], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the ASGI server on port {port} exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"the ASGI server did not listen on port {port}")


@contextmanager
def asgi_servers(env: dict[str, str], count: int = 1) -> Iterator[list[int]]:
    """Start ``count`` ASGI server processes on free ports; stop them afterwards."""
    procs: list[subprocess.Popen[bytes]] = []
    ports: list[int] = []
    try:
        for _ in range(count):
            port = free_port()
            proc = subprocess.Popen(  # noqa: S603
                [
                    GRANIAN,
                    "--interface",
                    "asgi",
                    "--loop",
                    "uvloop",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(port),
                    "--log-level",
                    "warning",
                    "config.asgi:application",
                ],
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
