"""REST API of online lessons: /api/meetings/… with the pages' permissions.

``lessons/`` lists and schedules (the same validation as the form, conflicts answered
400 unless ``confirm`` is true); ``lessons/{id}/join/`` gives the caller's link into the
meeting — only to its teachers and audience (anyone else: 404, like a missing lesson);
``lessons/{id}/attendance/`` is for the lesson's teachers.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, QueryDict
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from . import permissions, selectors, services
from .forms import LessonForm
from .models import Lesson
from .providers import ProviderError


class LessonSerializer(serializers.ModelSerializer):
    course = serializers.CharField(source="course.discipline.name", default=None, read_only=True)
    course_id = serializers.IntegerField(allow_null=True, read_only=True)
    group = serializers.CharField(source="group.name", default=None, read_only=True)
    teachers = serializers.SerializerMethodField()
    url = serializers.CharField(source="get_absolute_url", read_only=True)
    is_open = serializers.SerializerMethodField()

    class Meta:
        model = Lesson
        fields = [
            "id",
            "kind",
            "title",
            "description",
            "start",
            "end",
            "duration",
            "course",
            "course_id",
            "group",
            "teachers",
            "provider",
            "record",
            "cancelled_at",
            "ended_at",
            "is_open",
            "url",
        ]

    def get_teachers(self, obj: Lesson) -> list[str]:
        return [t.short_name for t in obj.teachers.all()]

    def get_is_open(self, obj: Lesson) -> bool:
        return obj.is_open()


class LessonCreateSerializer(serializers.Serializer):
    """Fields of the schedule form (ids for course, group, student, teachers, invitees)."""

    kind = serializers.CharField()
    title = serializers.CharField()
    start = serializers.DateTimeField()
    duration = serializers.IntegerField()
    course = serializers.IntegerField(required=False, allow_null=True)
    group = serializers.IntegerField(required=False, allow_null=True)
    student = serializers.IntegerField(required=False, allow_null=True)
    teachers = serializers.ListField(child=serializers.IntegerField(), required=False)
    invitees = serializers.ListField(child=serializers.IntegerField(), required=False)
    provider = serializers.CharField(required=False)
    record = serializers.BooleanField(required=False)
    welcome = serializers.CharField(required=False, allow_blank=True)
    description = serializers.CharField(required=False, allow_blank=True)
    confirm = serializers.BooleanField(required=False, help_text="schedule despite overlaps")


class AttendanceSerializer(serializers.Serializer):
    user_id = serializers.IntegerField(source="user.pk")
    name = serializers.CharField(source="user.full_name")
    is_teacher = serializers.BooleanField()
    joined = serializers.SerializerMethodField()
    first_joined_at = serializers.DateTimeField(source="record.first_joined_at", default=None)
    last_joined_at = serializers.DateTimeField(source="record.last_joined_at", default=None)
    joins = serializers.IntegerField(source="record.joins", default=0)

    def get_joined(self, obj: Any) -> bool:
        return obj.record is not None


def _form_data(data: Any) -> QueryDict:
    """The API's JSON (or form) body as the schedule form's data."""
    query = QueryDict(mutable=True)
    for key in data:
        if key in ("teachers", "invitees"):
            values = data.getlist(key) if isinstance(data, QueryDict) else data.get(key) or []
            query.setlist(key, [str(v) for v in values])
            continue
        value = data.get(key)
        if value is True:
            query[key] = "on"
        elif value not in (None, False):
            query[key] = str(value)
    if "provider" not in query:
        query["provider"] = services.default_provider()
    return query


class LessonViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Online lessons, consultations and webinars the caller teaches or is invited to."""

    serializer_class = LessonSerializer

    def get_queryset(self) -> QuerySet[Lesson]:
        qs = permissions.visible_to(self.request.user)
        return selectors.with_related(qs).order_by("-start", "pk")

    @extend_schema(request=LessonCreateSerializer, responses={201: LessonSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not permissions.can_schedule(request.user):
            return Response({"detail": "Not found."}, status=status.HTTP_404_NOT_FOUND)
        form = LessonForm(_form_data(request.data), user=request.user)
        if not form.is_valid():
            return Response(
                {
                    "errors": {k: [str(e) for e in v] for k, v in form.errors.items()},
                    "conflicts": [c.reason for c in form.conflicts],
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        try:
            lesson = services.lesson_schedule(actor=request.user, **form.lesson_kwargs())
        except ValidationError as exc:
            return Response({"errors": {"__all__": exc.messages}}, status=400)
        return Response(LessonSerializer(lesson).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=None,
        responses={
            200: inline_serializer("JoinLink", {"url": serializers.URLField()}),
            409: inline_serializer("JoinClosed", {"detail": serializers.CharField()}),
        },
    )
    @action(detail=True, methods=["post"])
    def join(self, request: Request, pk: str | None = None) -> Response:
        """The caller's link into the meeting; records attendance. 404 outside the audience,
        409 outside the time window, 502 when the platform refuses."""
        lesson = self.get_object()
        if not permissions.can_join(request.user, lesson):
            raise Http404
        try:
            url = services.lesson_join(
                lesson=lesson,
                user=request.user,
                logout_url=request.build_absolute_uri(lesson.get_absolute_url()),
            )
        except ValidationError as exc:
            return Response({"detail": exc.messages[0]}, status=status.HTTP_409_CONFLICT)
        except ProviderError as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_502_BAD_GATEWAY)
        return Response({"url": url})

    @extend_schema(responses=AttendanceSerializer(many=True))
    @action(detail=True)
    def attendance(self, request: Request, pk: str | None = None) -> Response:
        """Who joined (first and last time) and who did not: for the lesson's teachers."""
        lesson = self.get_object()
        if not permissions.can_manage(request.user, lesson):
            raise Http404
        rows = selectors.attendance_rows(lesson)
        return Response(AttendanceSerializer(rows, many=True).data)
