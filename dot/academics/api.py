"""REST API of programmes and working curricula (РУП) with lines.

Same permissions as the pages (``permissions.py``): objects outside the caller's scope
answer 404; lines are written only by the head of the owning department while the РУП
is a draft or returned, through the same services as the pages.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from . import permissions, selectors, services
from .models import Curriculum, CurriculumLine, Discipline, Programme


def _drf_error(exc: DjangoValidationError) -> DRFValidationError:
    if hasattr(exc, "error_dict"):
        return DRFValidationError(exc.message_dict)
    return DRFValidationError({"non_field_errors": exc.messages})


class ProgrammeSerializer(serializers.ModelSerializer):
    direction_code = serializers.CharField(source="direction.code", read_only=True)
    direction_name = serializers.CharField(source="direction.name", read_only=True)
    licensed_forms = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = Programme
        fields = [
            "id",
            "code",
            "name",
            "level",
            "direction_code",
            "direction_name",
            "faculty",
            "department",
            "leader",
            "allows_full_time",
            "allows_extramural",
            "allows_blended",
            "licensed_forms",
            "duration_years",
            "total_ects",
            "is_active",
        ]


class CurriculumLineSerializer(serializers.ModelSerializer):
    discipline = serializers.PrimaryKeyRelatedField(queryset=Discipline.objects.all())
    discipline_code = serializers.CharField(source="discipline.code", read_only=True)
    discipline_name = serializers.CharField(source="discipline.name", read_only=True)
    classroom_hours = serializers.DecimalField(max_digits=8, decimal_places=2, read_only=True)
    total_hours = serializers.DecimalField(max_digits=8, decimal_places=2, read_only=True)
    hours_mismatch = serializers.BooleanField(read_only=True)

    class Meta:
        model = CurriculumLine
        fields = [
            "id",
            "order",
            "discipline",
            "discipline_code",
            "discipline_name",
            "semester_number",
            "ects",
            "lecture_hours",
            "lab_hours",
            "practice_hours",
            "srs_hours",
            "control_form",
            "is_elective",
            "elective_group",
            "classroom_hours",
            "total_hours",
            "hours_mismatch",
        ]
        read_only_fields = ["order"]
        validators: list[Any] = []  # uniqueness is checked by the service


class CurriculumSerializer(serializers.ModelSerializer):
    programme_name = serializers.CharField(source="programme.name", read_only=True)

    class Meta:
        model = Curriculum
        fields = [
            "id",
            "programme",
            "programme_name",
            "intake_year",
            "version",
            "status",
            "approval_step",
            "in_force",
            "hours_per_credit",
            "copied_from",
            "approved_at",
            "note",
        ]


class CurriculumDetailSerializer(CurriculumSerializer):
    lines = serializers.SerializerMethodField()
    totals = serializers.SerializerMethodField()

    class Meta(CurriculumSerializer.Meta):
        fields = [*CurriculumSerializer.Meta.fields, "lines", "totals"]

    @extend_schema(responses=CurriculumLineSerializer(many=True))
    def get_lines(self, obj: Curriculum) -> list[dict[str, Any]]:
        lines = list(selectors.curriculum_lines(obj))
        for line in lines:
            line.curriculum = obj
        return CurriculumLineSerializer(lines, many=True).data  # type: ignore[return-value]

    def get_totals(self, obj: Curriculum) -> dict[str, str]:
        totals = selectors.curriculum_summary(obj).totals
        return {
            "ects": str(totals.ects),
            "lecture_hours": str(totals.lecture_hours),
            "lab_hours": str(totals.lab_hours),
            "practice_hours": str(totals.practice_hours),
            "srs_hours": str(totals.srs_hours),
            "classroom_hours": str(totals.classroom_hours),
            "total_hours": str(totals.total_hours),
        }


class ProgrammeViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ProgrammeSerializer

    def get_queryset(self) -> QuerySet[Programme]:
        return (
            permissions.programmes_visible_to(self.request.user)
            .select_related("direction")
            .order_by("direction__code", "name")
        )


class CurriculumViewSet(viewsets.ReadOnlyModelViewSet):
    """РУП the caller may see; ``lines`` adds a line (head of the owning department)."""

    def get_queryset(self) -> QuerySet[Curriculum]:
        qs = permissions.visible_to(self.request.user).select_related("programme")
        params = self.request.query_params
        if params.get("programme"):
            qs = qs.filter(programme_id=params["programme"])
        if params.get("intake_year"):
            qs = qs.filter(intake_year=params["intake_year"])
        if params.get("status"):
            qs = qs.filter(status=params["status"])
        return qs.order_by("-intake_year", "programme__name", "-version")

    def get_serializer_class(self) -> type[serializers.BaseSerializer]:
        if self.action == "retrieve":
            return CurriculumDetailSerializer
        if self.action == "lines":
            return CurriculumLineSerializer
        return CurriculumSerializer

    @extend_schema(request=CurriculumLineSerializer, responses=CurriculumLineSerializer)
    @action(detail=True, methods=["post"])
    def lines(self, request: Request, pk: str | None = None) -> Response:
        curriculum = self.get_object()
        if not permissions.can_edit_curriculum(request.user, curriculum):
            raise NotFound
        serializer = CurriculumLineSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            line = services.curriculum_line_create(
                curriculum=curriculum, actor=request.user, **serializer.validated_data
            )
        except DjangoValidationError as exc:
            raise _drf_error(exc) from exc
        line.curriculum = curriculum
        return Response(CurriculumLineSerializer(line).data, status=status.HTTP_201_CREATED)


class CurriculumLineViewSet(
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """One line of a visible РУП; change and delete by the head of the owning department."""

    serializer_class = CurriculumLineSerializer

    def get_queryset(self) -> QuerySet[CurriculumLine]:
        return CurriculumLine.objects.filter(
            curriculum__in=permissions.visible_to(self.request.user)
        ).select_related("discipline", "curriculum", "curriculum__programme")

    def _editable(self) -> CurriculumLine:
        line = self.get_object()
        if not permissions.can_edit_line(self.request.user, line):
            raise NotFound
        return line

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        line = self._editable()
        partial = kwargs.get("partial", False)
        serializer = self.get_serializer(line, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        try:
            line = services.curriculum_line_update(
                line=line, actor=request.user, **serializer.validated_data
            )
        except DjangoValidationError as exc:
            raise _drf_error(exc) from exc
        return Response(CurriculumLineSerializer(line).data)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        line = self._editable()
        try:
            services.curriculum_line_delete(line=line, actor=request.user)
        except DjangoValidationError as exc:
            raise _drf_error(exc) from exc
        return Response(status=status.HTTP_204_NO_CONTENT)
