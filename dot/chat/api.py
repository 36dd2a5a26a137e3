"""REST API of the live chat: /api/chat/rooms/ (the user's rooms with unread counts),
/api/chat/rooms/<id>/messages/ (history, paged backwards by ``before``; POST sends a
message, delivered live to the room's sockets like one typed in the page) and
/api/chat/rooms/<id>/read/ (move the read mark). Rooms the caller is not in answer 404.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from dot.accounts.models import User

from . import selectors, services
from .models import MAX_MESSAGE_LENGTH, Room

REFUSAL_STATUS = {
    "rate_limited": status.HTTP_429_TOO_MANY_REQUESTS,
    "muted": status.HTTP_403_FORBIDDEN,
}


class ChatRoomSerializer(serializers.ModelSerializer):
    title = serializers.CharField(read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    unread = serializers.IntegerField(read_only=True)
    last_id = serializers.IntegerField(read_only=True)
    websocket = serializers.SerializerMethodField()

    class Meta:
        model = Room
        fields = [
            "id",
            "kind",
            "kind_label",
            "title",
            "course",
            "group",
            "unread",
            "last_id",
            "websocket",
        ]

    def get_websocket(self, obj: Room) -> str:
        """The path of the room's WebSocket (add ``?after=<id>`` to get what you missed)."""
        return f"/ws/chat/{obj.pk}/"


class ChatAuthorSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class ChatMessageSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    room = serializers.IntegerField(read_only=True)
    author = ChatAuthorSerializer(read_only=True, allow_null=True)
    text = serializers.CharField(max_length=MAX_MESSAGE_LENGTH, help_text="Plain text.")
    deleted = serializers.BooleanField(read_only=True)
    created = serializers.DateTimeField(read_only=True)


class ChatHistorySerializer(serializers.Serializer):
    results = ChatMessageSerializer(many=True)
    has_more = serializers.BooleanField()
    next_before = serializers.IntegerField(
        allow_null=True, help_text="Pass as ?before= for the earlier page."
    )


class ChatReadSerializer(serializers.Serializer):
    last_read = serializers.IntegerField(min_value=1)


class ChatRefusalSerializer(serializers.Serializer):
    code = serializers.CharField()
    detail = serializers.CharField()


def _int(value: Any) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


class RoomViewSet(viewsets.ReadOnlyModelViewSet):
    """The caller's chat rooms; each with the count of unread messages."""

    serializer_class = ChatRoomSerializer
    pagination_class = None

    def get_queryset(self) -> QuerySet[Room]:
        if getattr(self, "swagger_fake_view", False):  # the OpenAPI schema generator
            return Room.objects.none()
        return selectors.my_rooms(self.request.user)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = request.user
        assert isinstance(user, User)
        services.rooms_sync_for(user=user)
        return super().list(request, *args, **kwargs)

    @extend_schema(
        methods=["GET"],
        parameters=[
            OpenApiParameter("before", int, description="Messages older than this id."),
            OpenApiParameter("limit", int, description="Page size, 1–100 (30 by default)."),
        ],
        responses=ChatHistorySerializer,
    )
    @extend_schema(
        methods=["POST"],
        request=ChatMessageSerializer,
        responses={
            201: ChatMessageSerializer,
            400: ChatRefusalSerializer,
            403: ChatRefusalSerializer,
            429: ChatRefusalSerializer,
        },
    )
    @action(detail=True, methods=["get", "post"])
    def messages(self, request: Request, pk: str | None = None) -> Response:
        room = self.get_object()
        user = request.user
        assert isinstance(user, User)
        if request.method == "POST":
            data = ChatMessageSerializer(data=request.data)
            if not data.is_valid():
                return Response(data.errors, status=status.HTTP_400_BAD_REQUEST)
            try:
                message = services.message_post(
                    room=room, author=user, text=data.validated_data["text"]
                )
            except services.ChatRefused as refused:
                return Response(
                    {"code": refused.code, "detail": refused.message},
                    status=REFUSAL_STATUS.get(refused.code, status.HTTP_400_BAD_REQUEST),
                )
            return Response(selectors.message_payload(message), status=status.HTTP_201_CREATED)
        limit = min(max(_int(request.query_params.get("limit")) or selectors.PAGE_SIZE, 1), 100)
        page = selectors.history(room, before=_int(request.query_params.get("before")), limit=limit)
        return Response(
            {
                "results": [selectors.message_payload(m) for m in page.messages],
                "has_more": page.has_more,
                "next_before": page.first_id if page.has_more else None,
            }
        )

    @extend_schema(request=ChatReadSerializer, responses={204: None})
    @action(detail=True, methods=["post"])
    def read(self, request: Request, pk: str | None = None) -> Response:
        room = self.get_object()
        user = request.user
        assert isinstance(user, User)
        data = ChatReadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.room_mark_read(room=room, user=user, message_id=data.validated_data["last_read"])
        return Response(status=status.HTTP_204_NO_CONTENT)
