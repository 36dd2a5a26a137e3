"""`manage.py check --deploy` is clean with production variables (issue 2, «Project and set-up»)."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def _check_deploy(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "DOT_VAR_DIR": str(tmp_path / "var"),
            **env,
        },
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def _production(**extra: str) -> dict[str, str]:
    return {
        "DEBUG": "false",
        "DOT_HTTPS": "true",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "portal.example",
        "DATABASE_URL": "postgres://dot:dot@db.example:5432/dot",
        **extra,
    }


def test_check_deploy_is_clean_with_production_variables(tmp_path):
    done = _check_deploy(tmp_path, **_production())

    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues (0 silenced)." in done.stdout
    assert "WARNING" not in done.stderr


def test_check_deploy_is_clean_in_the_scaled_shape_with_redis_and_smtp(tmp_path):
    done = _check_deploy(
        tmp_path,
        **_production(
            REDIS_URL="redis://redis.example:6379/0",
            EMAIL_URL="smtp+tls://portal:pw@mail.example:587",
        ),
    )

    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues (0 silenced)." in done.stdout


def test_check_deploy_warns_without_the_https_switch(tmp_path):
    # The clean result above means something: the same check flags a plain-HTTP set-up.
    production = _production()
    del production["DOT_HTTPS"]

    done = _check_deploy(tmp_path, **production)

    assert done.returncode == 1
    for code in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert code in done.stderr


def test_collectstatic_builds_a_manifest_with_the_vendored_assets(tmp_path):
    # `make run` serves static files through WhiteNoise from the hashed manifest; a file
    # the templates name but collectstatic misses is a 500 on every page.
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DOT_VAR_DIR": str(tmp_path / "var"),
    }

    done = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )

    assert done.returncode == 0, done.stderr
    manifest = json.loads((tmp_path / "var" / "static" / "staticfiles.json").read_text())
    for name in (
        "vendor/bootstrap/bootstrap.min.css",
        "vendor/bootstrap/bootstrap.bundle.min.js",
        "vendor/htmx/htmx.min.js",
        "core/portal.css",
    ):
        assert name in manifest["paths"], name
        assert (tmp_path / "var" / "static" / manifest["paths"][name]).is_file()
