"""WebSocket routes of the chat (mounted under /ws/ by config/routing.py)."""

from typing import Any

websocket_urlpatterns: list[Any] = []
