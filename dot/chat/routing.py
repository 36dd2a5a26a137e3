"""WebSocket routes of the chat (mounted under /ws/ by config/routing.py)."""

from typing import Any

from django.urls import path

from .consumers import ChatConsumer

websocket_urlpatterns: list[Any] = [
    path("ws/chat/<int:room_id>/", ChatConsumer.as_asgi()),
]
