"""ASGI entry point: pages and API over HTTP, live parts over WebSockets under /ws/.

In the scaled shape the load balancer sends /ws/ and the exam session's answer saves here;
the saves are answered by an asynchronous fast path in front of Django
(dot/assessments/asgi_fastpath.py), everything else by Django as usual."""

import os
from typing import Any

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from config.routing import websocket_urlpatterns  # noqa: E402
from dot.assessments.asgi_fastpath import lifespan, wrap  # noqa: E402

http_application = wrap(django_asgi_app)
router = ProtocolTypeRouter(
    {
        "http": http_application,
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
        ),
    }
)


async def application(scope: dict, receive: Any, send: Any) -> None:
    if scope["type"] == "lifespan":  # granian; daphne sends none
        await lifespan(http_application, receive, send)
    else:
        await router(scope, receive, send)
