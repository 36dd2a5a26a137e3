"""Warm a web server process up before it serves requests.

A fresh process pays, on its first requests, for importing the views of every URL
module, compiling each template it renders and loading the message catalogues: measured
about 1 s of CPU per process (bench/exam_session.py's open/start/submit cost 68 ms per
student on fresh workers, 49 ms on warm ones). An exam session that starts right after a
deployment or a worker restart would pay it in its first minute. ``warm_up`` does that
work at boot instead (``config/wsgi.py``; with gunicorn's ``--preload`` once, in the
master, before the workers fork). It opens no database connection.
"""

from __future__ import annotations

import logging
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.template.loader import get_template
from django.urls import get_resolver
from django.utils import translation

log = logging.getLogger(__name__)


def template_names() -> list[str]:
    """The names of the project's own templates (``dot/<app>/templates/**.html``)."""
    names = []
    for config in apps.get_app_configs():
        if not config.name.startswith("dot."):
            continue
        root = Path(config.path) / "templates"
        names += sorted(str(p.relative_to(root)) for p in root.rglob("*.html"))
    return names


def warm_up() -> int:
    """Import every view, compile every template of the project, load the catalogues;
    returns how many templates were compiled."""
    get_resolver().url_patterns  # noqa: B018 (imports every URL module and its views)
    get_resolver()._populate()  # type: ignore[attr-defined]
    compiled = 0
    for name in template_names():
        try:
            get_template(name)
        except (TemplateDoesNotExist, TemplateSyntaxError):  # partials of other engines
            log.debug("warm-up skipped %s", name, exc_info=True)
            continue
        compiled += 1
    current = translation.get_language()
    for code, _name in settings.LANGUAGES:
        translation.activate(code)
        translation.gettext("Log in")
    translation.activate(current or settings.LANGUAGE_CODE)
    return compiled
