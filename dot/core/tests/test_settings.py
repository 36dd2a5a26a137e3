"""Settings come only from the environment, with safe defaults (issue 2, «Project and set-up»).

Settings are read once per process, so each case loads them in a fresh interpreter with
exactly the environment it describes and compares the values that matter.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[3]

_DUMP = """
import json
from django.conf import settings
db = settings.DATABASES["default"]
print(json.dumps({
    "SECRET_KEY": settings.SECRET_KEY,
    "DEBUG": settings.DEBUG,
    "DB_ENGINE": db["ENGINE"],
    "DB_NAME": str(db["NAME"]),
    "DB_HOST": db.get("HOST", ""),
    "DB_PORT": str(db.get("PORT", "")),
    "DB_USER": db.get("USER", ""),
    "DB_OPTIONS": {k: str(v) for k, v in db.get("OPTIONS", {}).items()},
    "DB_TEST_NAME": db.get("TEST", {}).get("NAME"),
    "CONN_MAX_AGE": db.get("CONN_MAX_AGE"),
    "CACHE_BACKEND": settings.CACHES["default"]["BACKEND"],
    "CACHE_LOCATION": settings.CACHES["default"].get("LOCATION", ""),
    "SESSION_ENGINE": settings.SESSION_ENGINE,
    "CHANNEL_BACKEND": settings.CHANNEL_LAYERS["default"]["BACKEND"],
    "CHANNEL_HOSTS": settings.CHANNEL_LAYERS["default"].get("CONFIG", {}).get("hosts", []),
    "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
    "CELERY_TASK_ALWAYS_EAGER": settings.CELERY_TASK_ALWAYS_EAGER,
    "CELERY_APP_BROKER": __import__("config.celery").celery.app.conf.broker_url,
    "EMAIL_BACKEND": settings.EMAIL_BACKEND,
    "EMAIL_HOST": getattr(settings, "EMAIL_HOST", ""),
    "EMAIL_PORT": getattr(settings, "EMAIL_PORT", 0),
    "EMAIL_HOST_USER": getattr(settings, "EMAIL_HOST_USER", ""),
    "EMAIL_HOST_PASSWORD": getattr(settings, "EMAIL_HOST_PASSWORD", ""),
    "EMAIL_USE_TLS": getattr(settings, "EMAIL_USE_TLS", False),
    "SESSION_COOKIE_SECURE": settings.SESSION_COOKIE_SECURE,
    "SECURE_SSL_REDIRECT": settings.SECURE_SSL_REDIRECT,
    "SECURE_HSTS_SECONDS": settings.SECURE_HSTS_SECONDS,
    "ALLOWED_HOSTS": settings.ALLOWED_HOSTS,
}))
"""


def _settings(tmp_path: Path, **env: str) -> dict[str, Any]:
    """The settings a process started with exactly ``env`` (plus PATH) would have."""
    full_env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DOT_VAR_DIR": str(tmp_path / "var"),
        **env,
    }
    done = subprocess.run(
        [sys.executable, "-c", _DUMP],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_secret_key_is_generated_into_var_once_and_reused(tmp_path):
    first = _settings(tmp_path)
    second = _settings(tmp_path)

    key_file = tmp_path / "var" / "secret_key"
    assert key_file.read_text().strip() == first["SECRET_KEY"]
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert len(first["SECRET_KEY"]) >= 50
    assert second["SECRET_KEY"] == first["SECRET_KEY"]


def test_secret_key_from_the_environment_wins_and_nothing_is_written(tmp_path):
    values = _settings(tmp_path, SECRET_KEY="k" * 60)

    assert values["SECRET_KEY"] == "k" * 60
    assert not (tmp_path / "var" / "secret_key").exists()


def test_two_var_dirs_get_different_secret_keys(tmp_path):
    one = _settings(tmp_path / "one")
    two = _settings(tmp_path / "two")

    assert one["SECRET_KEY"] != two["SECRET_KEY"]


def test_debug_is_off_unless_asked(tmp_path):
    assert _settings(tmp_path)["DEBUG"] is False
    assert _settings(tmp_path, DEBUG="true")["DEBUG"] is True
    assert _settings(tmp_path, DEBUG="false")["DEBUG"] is False


def test_default_database_is_sqlite_under_var_in_wal_mode(tmp_path):
    values = _settings(tmp_path)

    assert values["DB_ENGINE"] == "django.db.backends.sqlite3"
    assert values["DB_NAME"] == str(tmp_path / "var" / "dot.sqlite3")
    assert "PRAGMA journal_mode=WAL" in values["DB_OPTIONS"]["init_command"]
    assert values["DB_OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_database_url_selects_postgresql(tmp_path):
    values = _settings(
        tmp_path, DATABASE_URL="postgres://dot:s3cret@db.example:5433/dotdb", CONN_MAX_AGE="30"
    )

    assert values["DB_ENGINE"] == "django.db.backends.postgresql"
    assert (values["DB_NAME"], values["DB_HOST"], values["DB_PORT"], values["DB_USER"]) == (
        "dotdb",
        "db.example",
        "5433",
        "dot",
    )
    assert values["CONN_MAX_AGE"] == 30
    assert values["DB_TEST_NAME"] == "test_dot"


def test_test_database_name_comes_from_the_environment(tmp_path):
    values = _settings(
        tmp_path,
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/postgres",
        TEST_DATABASE_NAME="test_dot_other",
    )

    assert values["DB_TEST_NAME"] == "test_dot_other"


def test_without_redis_everything_runs_in_process(tmp_path):
    values = _settings(tmp_path)

    assert values["CACHE_BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    assert values["SESSION_ENGINE"] == "django.contrib.sessions.backends.db"
    assert values["CHANNEL_BACKEND"] == "channels.layers.InMemoryChannelLayer"
    assert values["CELERY_BROKER_URL"] == "memory://"
    assert values["CELERY_TASK_ALWAYS_EAGER"] is True


def test_redis_url_switches_cache_sessions_channel_layer_and_broker(tmp_path):
    url = "redis://redis.example:6380/2"

    values = _settings(tmp_path, REDIS_URL=url)

    assert values["CACHE_BACKEND"] == "dot.core.redis_cache.RedisCache"
    assert values["CACHE_LOCATION"] == url
    assert values["SESSION_ENGINE"] == "django.contrib.sessions.backends.cache"
    assert values["CHANNEL_BACKEND"] == "channels_redis.core.RedisChannelLayer"
    assert values["CHANNEL_HOSTS"] == [url]
    assert values["CELERY_BROKER_URL"] == url
    assert values["CELERY_APP_BROKER"] == url
    assert values["CELERY_TASK_ALWAYS_EAGER"] is False


def test_email_defaults_to_the_console(tmp_path):
    values = _settings(tmp_path)

    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"


def test_email_url_configures_smtp(tmp_path):
    values = _settings(tmp_path, EMAIL_URL="smtp+tls://mailer:pa55@mail.example:587")

    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (values["EMAIL_HOST"], values["EMAIL_PORT"]) == ("mail.example", 587)
    assert (values["EMAIL_HOST_USER"], values["EMAIL_HOST_PASSWORD"]) == ("mailer", "pa55")
    assert values["EMAIL_USE_TLS"] is True


def test_https_switch_turns_on_secure_cookies_redirect_and_hsts(tmp_path):
    plain = _settings(tmp_path)
    https = _settings(tmp_path, DOT_HTTPS="true", ALLOWED_HOSTS="portal.example")

    assert (plain["SESSION_COOKIE_SECURE"], plain["SECURE_SSL_REDIRECT"]) == (False, False)
    assert plain["SECURE_HSTS_SECONDS"] == 0
    assert (https["SESSION_COOKIE_SECURE"], https["SECURE_SSL_REDIRECT"]) == (True, True)
    assert https["SECURE_HSTS_SECONDS"] == 31536000
    assert https["ALLOWED_HOSTS"] == ["portal.example"]


def test_redis_cache_keeps_one_client_per_pool() -> None:
    """dot/core/redis_cache.py: one redis.Redis per pool instead of one per operation (the
    round trip through Redis is tested in test_settings_services.py on CI's Redis run)."""
    from dot.core.redis_cache import RedisCache

    cache = RedisCache("redis://127.0.0.1:6379/0", {"KEY_PREFIX": "dot-test-pool"})
    client = cache._cache.get_client("k")
    assert cache._cache.get_client("k", write=True) is client
    assert client.connection_pool is cache._cache._pools[0]  # type: ignore[attr-defined]
