"""Every user-facing string is translated into Russian (default) and Kyrgyz.

Two checks: the catalogues are complete (no empty or fuzzy entry), and they are current
(extracting the strings again finds nothing that the catalogues lack).
"""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[3]
APPS = sorted(p.parent for p in (ROOT / "dot").glob("*/apps.py"))


def _catalogue(app: Path, lang: str) -> polib.POFile:
    return polib.pofile(str(app / "locale" / lang / "LC_MESSAGES" / "django.po"))


@pytest.mark.parametrize("lang", ["ru", "ky"])
@pytest.mark.parametrize("app", APPS, ids=lambda p: p.name)
def test_catalogue_is_complete(app, lang):
    po = _catalogue(app, lang)
    missing = [e.msgid for e in po.untranslated_entries() + po.fuzzy_entries()]
    assert missing == [], f"{app.name}/{lang}: untranslated {missing[:10]}"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="gettext is installed by make test")
@pytest.mark.parametrize("app", APPS, ids=lambda p: p.name)
def test_catalogue_is_current(app, tmp_path):
    copy = tmp_path / app.name
    shutil.copytree(app, copy, ignore=shutil.ignore_patterns("locale", "__pycache__"))
    (copy / "locale").mkdir()
    subprocess.run(
        [
            str(Path(sys.executable).parent / "django-admin"),
            "makemessages",
            "-l",
            "ru",
            "--ignore=tests/*",
            "--ignore=migrations/*",
            "-v",
            "0",
        ],
        cwd=copy,
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "PYTHONPATH": str(ROOT),
            "DOT_VAR_DIR": str(tmp_path / "var"),
        },
        check=True,
    )
    extracted = {e.msgid for e in polib.pofile(str(copy / "locale/ru/LC_MESSAGES/django.po"))}
    have = {e.msgid for e in _catalogue(app, "ru") if not e.obsolete}
    assert extracted - have == set(), f"run bin/makemessages: new strings in {app.name}"


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext is installed by make test")
@pytest.mark.parametrize("lang", ["ru", "ky", "en"])
@pytest.mark.parametrize("app", APPS, ids=lambda p: p.name)
def test_catalogue_compiles(app, lang):
    """compilemessages (make run) must not fail: formats and plural forms are checked."""
    po = app / "locale" / lang / "LC_MESSAGES" / "django.po"
    result = subprocess.run(
        ["msgfmt", "--check", "-o", "/dev/null", str(po)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
