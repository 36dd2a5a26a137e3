"""REST API of courses and ЭУМК (read-only): /api/content/… with the pages' permissions.

Courses with their modules and published materials (metadata, never a file's bytes:
files are fetched from the permission-checked page URL), ЭУМК with their status and
the п. 5.4.2 readiness answer.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from . import permissions, selectors
from .models import Course, Resource, Umk, UmkVersion


class ResourceSerializer(serializers.ModelSerializer):
    component_label = serializers.CharField(source="get_component_display", read_only=True)
    module = serializers.CharField(source="module.title", default=None, read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Resource
        fields = [
            "id",
            "title",
            "kind",
            "component",
            "component_label",
            "module",
            "order",
            "file_type",
            "file_size",
            "url",
            "revised_at",
        ]

    def get_url(self, obj: Resource) -> str:
        """Where the material opens: its page (files, text) or the external address."""
        if obj.kind in ("link", "video"):
            return obj.url
        return obj.get_absolute_url()


class ModuleSerializer(serializers.Serializer):
    title = serializers.CharField()
    materials = ResourceSerializer(source="items", many=True)


class CourseSerializer(serializers.ModelSerializer):
    discipline = serializers.CharField(source="discipline.name")
    discipline_code = serializers.CharField(source="discipline.code")
    semester = serializers.CharField(source="semester.__str__")
    groups: serializers.SlugRelatedField = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="name"
    )
    teachers = serializers.SerializerMethodField()

    class Meta:
        model = Course
        fields = ["id", "discipline", "discipline_code", "semester", "groups", "teachers"]

    def get_teachers(self, obj: Course) -> list[str]:
        return [t.short_name for t in obj.teachers.all()]


class CourseDetailSerializer(CourseSerializer):
    published_version = serializers.SerializerMethodField()
    modules = serializers.SerializerMethodField()

    class Meta(CourseSerializer.Meta):
        fields = [*CourseSerializer.Meta.fields, "published_version", "modules"]

    def _page(self, obj: Course) -> Any:
        if not hasattr(self, "_cached_page"):
            self._cached_page = selectors.course_page(obj, self.context["request"].user, None)
        return self._cached_page

    def get_published_version(self, obj: Course) -> int | None:
        version = self._page(obj).version
        return version.number if version else None

    @extend_schema(responses=ModuleSerializer(many=True))  # type: ignore[misc]
    def get_modules(self, obj: Course) -> list[dict[str, Any]]:
        return ModuleSerializer(self._page(obj).sections, many=True).data  # type: ignore[return-value]


class CourseViewSet(viewsets.ReadOnlyModelViewSet):
    """Courses the caller studies, teaches, tutors or oversees."""

    def get_queryset(self) -> QuerySet[Course]:
        return selectors.course_list(permissions.courses_visible_to(self.request.user)).order_by(
            "-semester__start", "discipline__name", "pk"
        )

    def get_serializer_class(self) -> type[serializers.BaseSerializer]:
        return CourseDetailSerializer if self.action == "retrieve" else CourseSerializer


class UmkVersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = UmkVersion
        fields = ["id", "number", "status", "approval_step", "approved_at", "published_at"]


class ReadinessSerializer(serializers.Serializer):
    ready = serializers.BooleanField()
    reasons = serializers.ListField(child=serializers.CharField())


class UmkSerializer(serializers.ModelSerializer):
    discipline = serializers.CharField(source="discipline.name")
    discipline_code = serializers.CharField(source="discipline.code")
    department = serializers.CharField(source="discipline.department.__str__")
    published_version = UmkVersionSerializer(read_only=True)
    versions = UmkVersionSerializer(source="all_versions", many=True, read_only=True)
    stale = serializers.SerializerMethodField()

    class Meta:
        model = Umk
        fields = [
            "id",
            "discipline",
            "discipline_code",
            "department",
            "published_version",
            "last_revised_at",
            "stale",
            "versions",
        ]

    def get_stale(self, obj: Umk) -> bool:
        """п. 4.8: not revised for ``DOT_UMK_STALE_DAYS``."""
        return selectors.is_stale(obj)


class UmkViewSet(viewsets.ReadOnlyModelViewSet):
    """ЭУМК the caller sees as staff, with their versions' review status."""

    serializer_class = UmkSerializer

    def get_queryset(self) -> QuerySet[Umk]:
        return selectors.umk_rows(permissions.umk_visible_to(self.request.user)).order_by(
            "discipline__name", "pk"
        )

    @extend_schema(responses=ReadinessSerializer)
    @action(detail=True)
    def readiness(self, request: Request, pk: str | None = None) -> Response:
        """п. 5.4.2: may the discipline be studied by DOT, and what is missing."""
        umk = self.get_object()
        result = selectors.dot_readiness(umk.discipline)
        return Response({"ready": result.ready, "reasons": [str(r) for r in result.reasons]})
