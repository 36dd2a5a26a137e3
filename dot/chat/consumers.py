"""The chat's WebSocket: ``/ws/chat/<room id>/?after=<last seen message id>``.

Client → server (JSON): ``{"type": "message", "text"}``, ``{"type": "typing"}``,
``{"type": "heartbeat"}``, ``{"type": "read", "id"}``, ``{"type": "history", "before"}``,
``{"type": "delete", "id"}`` and ``{"type": "mute", "user", "minutes"}`` (moderators).

Server → client: ``hello`` (me, moderator, presence), ``history`` (the recent page or an
earlier one), ``missed`` (after a reconnect: everything after ``after``), ``message``,
``typing``, ``presence``, ``deleted``, ``muted`` (to the muted member, with the text
to show), ``error`` (``code`` and a translated ``message``).

Outsiders (not logged in, or not members of the room) are refused before the handshake
completes. Every database access runs in a thread (``database_sync_to_async``).
"""

from __future__ import annotations

import datetime
from typing import Any
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.utils import translation
from django.utils.translation import gettext as _

from dot.accounts.models import User

from . import permissions, presence, selectors, services
from .models import Message, Room


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class ChatConsumer(AsyncJsonWebsocketConsumer):
    room: Room
    user: User
    moderator: bool

    async def connect(self) -> None:
        user = self.scope.get("user")
        room_id = _int(self.scope["url_route"]["kwargs"].get("room_id"))
        found = await self._load(user, room_id) if room_id is not None else None
        if found is None:
            await self.close(code=4404)
            return
        self.user = user
        self.room, self.moderator = found
        await self.channel_layer.group_add(self.room.group_name, self.channel_name)
        await self.accept()
        online = await database_sync_to_async(presence.touch)(
            self.room.pk, self.user, self.channel_name
        )
        await self.send_json(
            {
                "type": "hello",
                "room": self.room.pk,
                "me": {"id": self.user.pk, "name": self.user.short_name},
                "moderator": self.moderator,
                "presence": online,
            }
        )
        await self.channel_layer.group_send(
            self.room.group_name, {"type": "chat.presence", "users": online}
        )
        query = parse_qs(self.scope.get("query_string", b"").decode())
        after = _int((query.get("after") or [None])[0])
        if after:
            messages, complete = await self._missed(after)
            await self.send_json({"type": "missed", "messages": messages, "complete": complete})
        else:
            await self.send_json(await self._history(None))

    async def disconnect(self, code: int) -> None:
        if not hasattr(self, "room"):
            return
        await self.channel_layer.group_discard(self.room.group_name, self.channel_name)
        online = await database_sync_to_async(presence.leave)(
            self.room.pk, self.user, self.channel_name
        )
        await self.channel_layer.group_send(
            self.room.group_name, {"type": "chat.presence", "users": online}
        )

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        if not isinstance(content, dict):
            return
        kind = content.get("type")
        if kind == "message":
            text = content.get("text")
            await self._call(
                services.message_post, room=self.room, author=self.user, text=str(text or "")
            )
        elif kind == "typing":
            await self.channel_layer.group_send(
                self.room.group_name,
                {"type": "chat.typing", "user": {"id": self.user.pk, "name": self.user.short_name}},
            )
        elif kind == "heartbeat":
            online = await database_sync_to_async(presence.touch)(
                self.room.pk, self.user, self.channel_name
            )
            await self.send_json({"type": "presence", "users": online})
        elif kind == "read" and (pk := _int(content.get("id"))):
            await database_sync_to_async(services.room_mark_read)(
                room=self.room, user=self.user, message_id=pk
            )
        elif kind == "history":
            await self.send_json(await self._history(_int(content.get("before"))))
        elif kind == "delete" and (pk := _int(content.get("id"))):
            await self._moderate_delete(pk)
        elif kind == "mute":
            await self._moderate_mute(_int(content.get("user")), _int(content.get("minutes")))

    # --- group events --------------------------------------------------------------------

    async def chat_message(self, event: dict[str, Any]) -> None:
        await self.send_json({"type": "message", "message": event["message"]})

    async def chat_typing(self, event: dict[str, Any]) -> None:
        if event["user"]["id"] != self.user.pk:
            await self.send_json({"type": "typing", "user": event["user"]})

    async def chat_presence(self, event: dict[str, Any]) -> None:
        await self.send_json({"type": "presence", "users": event["users"]})

    async def chat_deleted(self, event: dict[str, Any]) -> None:
        await self.send_json({"type": "deleted", "id": event["id"]})

    async def chat_muted(self, event: dict[str, Any]) -> None:
        if event["user"] == self.user.pk:
            with translation.override(self.user.language or "ru"):
                until = services.format_moment(datetime.datetime.fromisoformat(event["until"]))
                text = _("A moderator has muted you in this chat until %(until)s.") % {
                    "until": until
                }
            await self.send_json({"type": "muted", "until": event["until"], "message": text})
        elif self.moderator:
            with translation.override(self.user.language or "ru"):
                text = _("%(name)s is muted until %(until)s.") % {
                    "name": event["name"],
                    "until": event["until_text"],
                }
            await self.send_json({"type": "notice", "message": text})

    # --- helpers -------------------------------------------------------------------------

    @database_sync_to_async
    def _load(self, user: Any, room_id: int) -> tuple[Room, bool] | None:
        room = selectors.with_subject(permissions.visible_to(user)).filter(pk=room_id).first()
        if room is None:
            return None
        return room, permissions.can_moderate(user, room)

    @database_sync_to_async
    def _history(self, before: int | None) -> dict[str, Any]:
        page = selectors.history(self.room, before=before)
        return {
            "type": "history",
            "before": before,
            "messages": [selectors.message_payload(m) for m in page.messages],
            "has_more": page.has_more,
        }

    @database_sync_to_async
    def _missed(self, after: int) -> tuple[list[dict[str, Any]], bool]:
        rows, complete = selectors.missed(self.room, after=after)
        return [selectors.message_payload(m) for m in rows], complete

    async def _call(self, service: Any, **kwargs: Any) -> Any:
        """Run a service in a thread in the user's language; a refusal goes back as an error."""

        def run() -> Any:
            with translation.override(self.user.language or "ru"):
                try:
                    return service(**kwargs)
                except services.ChatRefused as refused:
                    return refused

        result = await database_sync_to_async(run)()
        if isinstance(result, services.ChatRefused):
            await self.send_json({"type": "error", "code": result.code, "message": result.message})
        return result

    async def _moderate_delete(self, pk: int) -> None:
        message = await database_sync_to_async(
            lambda: Message.objects.filter(pk=pk, room=self.room).select_related("room").first()
        )()
        if message is None:
            return
        await self._call(services.message_delete, message=message, actor=self.user)

    async def _moderate_mute(self, user_id: int | None, minutes: int | None) -> None:
        target = await database_sync_to_async(
            lambda: User.objects.filter(pk=user_id).first() if user_id else None
        )()
        if target is None or minutes is None:
            return
        await self._call(
            services.member_mute, room=self.room, user=target, actor=self.user, minutes=minutes
        )
