"""REST API of the structure: /api/org/units/ (same rules as the screens)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework import permissions as drf_permissions
from rest_framework.exceptions import NotFound

from dot.accounts.api import drf_error

from . import permissions, services
from .models import OrgUnit, UnitKind

WRITABLE = [
    "office_type",
    "parent",
    "name",
    "name_ky",
    "name_en",
    "short_name",
    "code",
    "description",
    "address",
    "phone",
    "email",
    "head_title",
]


class IsUnitManager(drf_permissions.BasePermission):
    def has_permission(self, request: Any, view: Any) -> bool:
        return permissions.can_manage_units(request.user)


class OrgUnitSerializer(serializers.ModelSerializer):
    display_name = serializers.CharField(read_only=True)

    class Meta:
        model = OrgUnit
        fields = ["id", "kind", *WRITABLE, "display_name", "is_active", "path", "depth"]
        read_only_fields = ["is_active", "path", "depth"]
        extra_kwargs: dict[str, dict[str, Any]] = {"code": {"validators": []}}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        self.fields["parent"].queryset = permissions.visible_to(  # type: ignore[attr-defined]
            getattr(request, "user", None)
        )
        if self.instance is not None:
            self.fields["kind"].read_only = True

    def create(self, validated_data: dict[str, Any]) -> OrgUnit:
        request = self.context["request"]
        validated_data.setdefault("parent", None)
        if not permissions.can_create_unit(request.user, validated_data.get("parent")):
            raise NotFound
        try:
            return services.org_unit_create(actor=request.user, **validated_data)
        except DjangoValidationError as error:
            raise drf_error(error) from error

    def update(self, instance: OrgUnit, validated_data: dict[str, Any]) -> OrgUnit:
        request = self.context["request"]
        validated_data.pop("kind", None)
        if "parent" in validated_data and validated_data["parent"] != instance.parent:
            if not permissions.can_move_unit(request.user, instance):
                raise NotFound
        try:
            return services.org_unit_update(actor=request.user, unit=instance, **validated_data)
        except DjangoValidationError as error:
            raise drf_error(error) from error


@extend_schema_view(
    list=extend_schema(parameters=[OpenApiParameter("kind", str, enum=[k.value for k in UnitKind])])
)
class OrgUnitViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Units within the caller's management scope, ordered as the tree (by path)."""

    serializer_class = OrgUnitSerializer
    permission_classes = [drf_permissions.IsAuthenticated, IsUnitManager]

    def get_queryset(self) -> QuerySet[OrgUnit]:
        qs = permissions.visible_to(self.request.user).order_by("path")
        if kind := self.request.query_params.get("kind"):
            qs = qs.filter(kind=kind)
        return qs

    def get_object(self) -> OrgUnit:
        unit = super().get_object()
        if self.action in {"update", "partial_update"} and not permissions.can_change_unit(
            self.request.user, unit
        ):
            raise NotFound
        return unit
