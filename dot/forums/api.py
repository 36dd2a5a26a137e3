"""REST API of the forums: /api/forums/… with the pages' permissions and the same services.

* ``forums/`` — the forums the user belongs to, with thread and new-post counts;
  ``forums/{id}/threads/`` lists threads (GET) or starts one (POST).
* ``threads/{id}/`` — a thread; ``threads/{id}/posts/`` lists the posts the user may read
  (GET; the questions-and-answers rule applies) or replies (POST); ``threads/{id}/moderate/``
  pins, locks, hides or moves it (teachers of the course, the dean's office).
* ``posts/{id}/`` — a post; PATCH edits it within the edit window (its author);
  ``posts/{id}/hide/`` hides or shows it (moderators).

Whatever the caller may not see answers 404.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from . import permissions, selectors, services
from .models import Forum, Post, Thread
from .selectors import FORUM_RELATED


def _api_error(error: ValidationError) -> ApiValidationError:
    if hasattr(error, "error_dict"):
        return ApiValidationError(error.message_dict)
    return ApiValidationError({"non_field_errors": error.messages})


class ForumSerializer(serializers.ModelSerializer):
    course = serializers.IntegerField(source="course_id", allow_null=True, read_only=True)
    threads = serializers.IntegerField(source="thread_total", read_only=True)
    new_posts = serializers.IntegerField(read_only=True)

    class Meta:
        model = Forum
        fields = ["id", "title", "description", "scope", "kind", "course", "threads", "new_posts"]


class ThreadSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author.full_name", read_only=True)
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Thread
        fields = [
            "id",
            "forum",
            "title",
            "author",
            "created_at",
            "last_post_at",
            "post_count",
            "is_pinned",
            "is_locked",
            "is_hidden",
            "is_question",
            "asked_at",
            "answered_at",
            "url",
        ]
        read_only_fields = fields


class ThreadCreateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=255)
    body = serializers.CharField()


class PostSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author.full_name", read_only=True)
    html = serializers.CharField(source="body_html", read_only=True)

    class Meta:
        model = Post
        fields = [
            "id",
            "thread",
            "number",
            "author",
            "body",
            "html",
            "quote_of",
            "created_at",
            "edited_at",
            "is_hidden",
        ]
        read_only_fields = [f for f in fields if f != "body"]


class ReplySerializer(serializers.Serializer):
    body = serializers.CharField()
    quote_of = serializers.IntegerField(required=False, allow_null=True)


class ModerateSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=services.ModerationAction.ALL)
    target = serializers.IntegerField(required=False, allow_null=True)


class PostHideSerializer(serializers.Serializer):
    hidden = serializers.BooleanField()


def _thread_for(request: Request, pk: Any) -> Thread:
    related = [f"forum__{name}" for name in FORUM_RELATED]
    thread = get_object_or_404(Thread.objects.select_related("author", *related), pk=pk)
    if not permissions.can_view_thread(request.user, thread):
        raise Http404
    return thread


class ForumViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ForumSerializer
    lookup_value_regex = r"\d+"

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):  # OpenAPI schema generation
            return Forum.objects.none()
        user = self.request.user
        return selectors.forums_with_counts(permissions.forums_visible_to(user), user).order_by(
            "scope", "title", "pk"
        )

    @extend_schema(request=ThreadCreateSerializer, responses=ThreadSerializer(many=True))
    @action(detail=True, methods=["get", "post"])
    def threads(self, request: Request, pk: Any = None) -> Response:
        forum = self.get_object()
        if request.method == "POST":
            if not permissions.can_start_thread(request.user, forum):
                raise Http404
            data = ThreadCreateSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            try:
                thread = services.thread_create(
                    forum=forum,
                    author=request.user,
                    title=data.validated_data["title"],
                    body=data.validated_data["body"],
                )
            except ValidationError as error:
                raise _api_error(error) from error
            return Response(ThreadSerializer(thread).data, status=status.HTTP_201_CREATED)
        moderator = permissions.can_moderate(request.user, forum)
        qs = selectors.thread_list(forum, request.user, moderator)
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(ThreadSerializer(page, many=True).data)


class ThreadViewSet(viewsets.GenericViewSet):
    serializer_class = ThreadSerializer
    queryset = Thread.objects.none()

    def retrieve(self, request: Request, pk: Any = None) -> Response:
        return Response(ThreadSerializer(_thread_for(request, pk)).data)

    @extend_schema(request=ReplySerializer, responses=PostSerializer(many=True))
    @action(detail=True, methods=["get", "post"])
    def posts(self, request: Request, pk: Any = None) -> Response:
        thread = _thread_for(request, pk)
        user = request.user
        if request.method == "POST":
            if not permissions.can_reply(user, thread):
                raise Http404
            data = ReplySerializer(data=request.data)
            data.is_valid(raise_exception=True)
            quote_id = data.validated_data.get("quote_of")
            quote = Post.objects.filter(pk=quote_id, thread=thread).first() if quote_id else None
            try:
                post = services.post_reply(
                    thread=thread, author=user, body=data.validated_data["body"], quote_of=quote
                )
            except ValidationError as error:
                raise _api_error(error) from error
            return Response(PostSerializer(post).data, status=status.HTTP_201_CREATED)
        moderator = permissions.can_moderate(user, thread.forum)
        qs = selectors.thread_posts(thread, user, selectors.has_posted(user, thread), moderator)
        page = self.paginate_queryset(qs)
        services.thread_mark_read(thread=thread, user=user)
        return self.get_paginated_response(PostSerializer(page, many=True).data)

    @extend_schema(request=ModerateSerializer, responses=ThreadSerializer)
    @action(detail=True, methods=["post"])
    def moderate(self, request: Request, pk: Any = None) -> Response:
        thread = _thread_for(request, pk)
        if not permissions.can_moderate(request.user, thread.forum):
            raise Http404
        data = ModerateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        target = None
        if data.validated_data.get("target"):
            target = Forum.objects.filter(pk=data.validated_data["target"]).first()
            if target is None or not permissions.can_moderate(request.user, target):
                raise ApiValidationError({"target": ["Unknown forum."]})
        try:
            services.thread_moderate(
                thread=thread,
                actor=request.user,
                action=data.validated_data["action"],
                target=target,
            )
        except ValidationError as error:
            raise _api_error(error) from error
        return Response(ThreadSerializer(thread).data)


class PostViewSet(viewsets.GenericViewSet):
    serializer_class = PostSerializer
    queryset = Post.objects.none()

    def _post(self, request: Request, pk: Any) -> Post:
        related = [f"thread__forum__{name}" for name in FORUM_RELATED]
        post = get_object_or_404(Post.objects.select_related("author", "thread", *related), pk=pk)
        thread = post.thread
        if not permissions.can_view_thread(request.user, thread):
            raise Http404
        moderator = permissions.can_moderate(request.user, thread.forum)
        posted = selectors.has_posted(request.user, thread)
        q = permissions.visible_posts_q(request.user, thread, posted, moderator)
        if not Post.objects.filter(q, pk=post.pk).exists():
            raise Http404
        return post

    def retrieve(self, request: Request, pk: Any = None) -> Response:
        return Response(PostSerializer(self._post(request, pk)).data)

    def partial_update(self, request: Request, pk: Any = None) -> Response:
        post = self._post(request, pk)
        if post.author_id != request.user.pk:
            raise Http404
        data = PostSerializer(post, data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        try:
            services.post_edit(
                post=post, actor=request.user, body=data.validated_data.get("body", post.body)
            )
        except ValidationError as error:
            raise _api_error(error) from error
        return Response(PostSerializer(post).data)

    @extend_schema(request=PostHideSerializer, responses=PostSerializer)
    @action(detail=True, methods=["post"])
    def hide(self, request: Request, pk: Any = None) -> Response:
        post = self._post(request, pk)
        if not permissions.can_moderate(request.user, post.thread.forum):
            raise Http404
        data = PostHideSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.post_set_hidden(
            post=post, actor=request.user, hidden=data.validated_data["hidden"]
        )
        return Response(PostSerializer(post).data)
