"""REST API of messages and announcements: /api/messaging/… with the pages' permissions.

* ``conversations/`` — the user's conversations (list, start one: ``recipients``,
  ``subject``, ``body``), ``conversations/{id}/`` (404 for anyone else's),
  ``conversations/{id}/messages/`` (GET list, POST reply), ``conversations/{id}/read/``;
* ``contacts/?q=`` — the people the user may write to;
* ``announcements/`` — sent and received (list, create with an audience),
  ``announcements/count/`` (POST an audience → recipient count),
  ``announcements/{id}/deliveries/`` (the sender: status per recipient).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from dot.academics.models import Programme, StudentGroup
from dot.accounts.models import Role, User
from dot.content.models import Course
from dot.org.models import OrgUnit

from . import permissions, selectors, services
from .models import Announcement, AudienceKind, Conversation, Message, Participant
from .selectors import Audience


def _raise(error: DjangoValidationError) -> None:
    if hasattr(error, "error_dict"):
        raise ApiValidationError(error.message_dict) from error
    raise ApiValidationError({"detail": error.messages}) from error


class Page(PageNumberPagination):
    page_size = 50


class PersonSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="full_name", read_only=True)

    class Meta:
        model = User
        fields = ["id", "username", "name"]


class MessageSerializer(serializers.ModelSerializer):
    author = PersonSerializer(read_only=True)
    attachment_url = serializers.SerializerMethodField()

    class Meta:
        model = Message
        fields = ["id", "author", "body", "created_at", "attachment_name", "attachment_url"]
        read_only_fields = fields

    def get_attachment_url(self, obj: Message) -> str:
        from django.urls import reverse

        return reverse("messaging:attachment", args=[obj.pk]) if obj.attachment else ""


class ConversationSerializer(serializers.ModelSerializer):
    participants = serializers.SerializerMethodField()
    unread = serializers.SerializerMethodField()
    last_message = MessageSerializer(read_only=True)

    class Meta:
        model = Conversation
        fields = ["id", "subject", "participants", "unread", "last_message", "last_message_at"]

    def get_participants(self, obj: Conversation) -> list[dict[str, Any]]:
        return [PersonSerializer(p.user).data for p in obj.participants.all()]

    def get_unread(self, obj: Conversation) -> int:
        me = self.context["request"].user.pk
        return next((p.unread for p in obj.participants.all() if p.user_id == me), 0)


class ConversationStartSerializer(serializers.Serializer):
    recipients = serializers.ListField(child=serializers.IntegerField(), min_length=1)
    subject = serializers.CharField(max_length=200, required=False, allow_blank=True)
    body = serializers.CharField()


class ConversationReplySerializer(serializers.Serializer):
    body = serializers.CharField()


class ConversationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    permission_classes = [IsAuthenticated]
    serializer_class = ConversationSerializer
    pagination_class = Page

    def get_queryset(self) -> QuerySet[Conversation]:
        from django.db.models import Prefetch

        return (
            permissions.conversations_visible_to(self.request.user)
            .select_related("last_message", "last_message__author")
            .prefetch_related(
                Prefetch("participants", queryset=Participant.objects.select_related("user"))
            )
            .order_by("-last_message_at", "-id")
        )

    @extend_schema(request=ConversationStartSerializer, responses=ConversationSerializer)
    def create(self, request: Request) -> Response:
        data = ConversationStartSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        ids = data.validated_data["recipients"]
        # Unknown ids and people the user may not write to get the same answer.
        people = list(User.objects.filter(pk__in=ids, is_active=True))
        if len(people) != len(set(ids)):
            raise ApiValidationError(
                {
                    "recipients": [
                        _(
                            "You cannot write to this person: choose from the list of your "
                            "teachers, tutors, students, colleagues and offices."
                        )
                    ]
                }
            )
        try:
            conv = services.conversation_start(
                sender=request.user,
                recipients=people,
                subject=data.validated_data.get("subject", ""),
                body=data.validated_data["body"],
            )
        except DjangoValidationError as error:
            _raise(error)
        conv = self.get_queryset().get(pk=conv.pk)
        return Response(self.get_serializer(conv).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ConversationReplySerializer, responses=MessageSerializer(many=True))
    @action(detail=True, methods=["get", "post"])
    def messages(self, request: Request, pk: str | None = None) -> Response:
        conv = self.get_object()
        if request.method == "POST":
            data = ConversationReplySerializer(data=request.data)
            data.is_valid(raise_exception=True)
            try:
                message = services.message_send(
                    sender=request.user, conversation=conv, body=data.validated_data["body"]
                )
            except DjangoValidationError as error:
                _raise(error)
            return Response(MessageSerializer(message).data, status=status.HTTP_201_CREATED)
        qs = selectors.conversation_messages(conversation=conv)
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(MessageSerializer(page, many=True).data)

    @extend_schema(request=None, responses={204: None})
    @action(detail=True, methods=["post"])
    def read(self, request: Request, pk: str | None = None) -> Response:
        services.conversation_mark_read(user=request.user, conversation=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


class ContactViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    permission_classes = [IsAuthenticated]
    serializer_class = PersonSerializer
    pagination_class = Page

    def get_queryset(self) -> QuerySet[User]:
        return selectors.contacts(user=self.request.user, query=self.request.GET.get("q", ""))


class AudienceSerializer(serializers.Serializer):
    audience = serializers.ChoiceField(choices=AudienceKind.choices)
    course = serializers.IntegerField(required=False, allow_null=True)
    group = serializers.IntegerField(required=False, allow_null=True)
    programme = serializers.IntegerField(required=False, allow_null=True)
    faculty = serializers.IntegerField(required=False, allow_null=True)
    role = serializers.ChoiceField(choices=Role.choices, required=False, allow_blank=True)

    def to_audience(self) -> Audience:
        data = self.validated_data

        def pick(model: Any, name: str) -> Any:
            pk = data.get(name)
            if pk is None:
                return None
            obj = model.objects.filter(pk=pk).first()
            if obj is None:
                raise ApiValidationError({name: [_("Choose where the announcement goes.")]})
            return obj

        return Audience(
            kind=data["audience"],
            course=pick(Course, "course"),
            group=pick(StudentGroup, "group"),
            programme=pick(Programme, "programme"),
            faculty=pick(OrgUnit, "faculty"),
            role=data.get("role") or "",
        )


class AnnouncementCreateSerializer(AudienceSerializer):
    title = serializers.CharField(max_length=200)
    body = serializers.CharField()
    mandatory = serializers.BooleanField(default=False)


class AnnouncementSerializer(serializers.ModelSerializer):
    sender = PersonSerializer(read_only=True)

    class Meta:
        model = Announcement
        fields = [
            "id",
            "title",
            "body",
            "mandatory",
            "sender",
            "audience",
            "audience_label",
            "recipient_count",
            "sent_at",
        ]
        read_only_fields = fields


class DeliverySerializer(serializers.Serializer):
    recipient = PersonSerializer()
    read_at = serializers.DateTimeField(source="notification.read_at", allow_null=True)
    email_status = serializers.CharField(source="notification.email_status", allow_null=True)
    emailed_at = serializers.DateTimeField(source="notification.emailed_at", allow_null=True)


class AnnouncementViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    permission_classes = [IsAuthenticated]
    serializer_class = AnnouncementSerializer
    pagination_class = Page

    def get_queryset(self) -> QuerySet[Announcement]:
        return selectors.announcements_for(user=self.request.user)

    def _sender_only(self) -> None:
        if not permissions.can_send_announcements(self.request.user):
            raise NotFound

    @extend_schema(request=AnnouncementCreateSerializer, responses=AnnouncementSerializer)
    def create(self, request: Request) -> Response:
        self._sender_only()
        data = AnnouncementCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            announcement = services.announcement_send(
                sender=request.user,
                audience=data.to_audience(),
                title=data.validated_data["title"],
                body=data.validated_data["body"],
                mandatory=data.validated_data["mandatory"],
            )
        except DjangoValidationError as error:
            _raise(error)
        return Response(AnnouncementSerializer(announcement).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=AudienceSerializer,
        responses={200: {"type": "object", "properties": {"count": {"type": "integer"}}}},
    )
    @action(detail=False, methods=["post"])
    def count(self, request: Request) -> Response:
        self._sender_only()
        data = AudienceSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            count = services.recipient_count(sender=request.user, audience=data.to_audience())
        except DjangoValidationError as error:
            _raise(error)
        return Response({"count": count})

    @extend_schema(responses=DeliverySerializer(many=True))
    @action(detail=True, methods=["get"])
    def deliveries(self, request: Request, pk: str | None = None) -> Response:
        announcement = get_object_or_404(self.get_queryset(), pk=pk)
        if not permissions.can_see_delivery_status(request.user, announcement):
            raise NotFound
        page = self.paginate_queryset(selectors.delivery_rows(announcement=announcement))
        return self.get_paginated_response(DeliverySerializer(page, many=True).data)
