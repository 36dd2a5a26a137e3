"""WSGI entry point (gunicorn) for pages and API in the scaled shape.

The exam session's answer saves are served by a fast path in front of Django
(dot/assessments/fastpath.py); everything else, and every save that is not the ordinary
case, goes through Django as usual. The process is warmed up at import
(dot/core/warmup.py; with gunicorn's ``--preload``, once in the master).
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django_application = get_wsgi_application()

from dot.assessments.fastpath import wrap  # noqa: E402  (needs the settings loaded)
from dot.core.warmup import warm_up  # noqa: E402

application = wrap(django_application)
if os.environ.get("DOT_WARM_UP", "true").lower() not in ("0", "false", "no", "off"):
    warm_up()  # views, templates, catalogues: before the first request (dot/core/warmup.py)
