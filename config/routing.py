"""WebSocket routes of all apps: each app with live parts lists its routes in ``<app>/routing.py``."""

from typing import Any

from dot.chat.routing import websocket_urlpatterns as chat_routes

websocket_urlpatterns: list[Any] = [*chat_routes]
