"""WebSocket routes of all apps (chat and other live parts register here)."""

from typing import Any

websocket_urlpatterns: list[Any] = []
