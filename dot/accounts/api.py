"""REST API of user management: /api/accounts/users/ and /api/accounts/role-assignments/.

Same rules as the screens: ``permissions`` decides, ``services`` writes. Anonymous callers
get 403 (401 with a token header), callers who are not IT office managers 403, objects
outside the caller's scope 404.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework import permissions as drf_permissions
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from dot.org import permissions as org_permissions
from dot.org.models import OrgUnit

from . import permissions, selectors, services
from .models import Role, RoleAssignment, User


def drf_error(error: DjangoValidationError) -> serializers.ValidationError:
    if hasattr(error, "error_dict"):
        return serializers.ValidationError(error.message_dict)
    return serializers.ValidationError({"non_field_errors": error.messages})


class IsUserManager(drf_permissions.BasePermission):
    """An IT office manager (``permissions.can_manage_users``)."""

    def has_permission(self, request: Any, view: Any) -> bool:
        return permissions.can_manage_users(request.user)


class RoleAssignmentSerializer(serializers.ModelSerializer):
    role = serializers.ChoiceField(choices=Role.choices)
    role_label = serializers.CharField(source="get_role_display", read_only=True)
    unit_name = serializers.CharField(source="unit.display_name", read_only=True)
    status = serializers.SerializerMethodField()

    class Meta:
        model = RoleAssignment
        fields = [
            "id",
            "user",
            "role",
            "role_label",
            "unit",
            "unit_name",
            "valid_from",
            "valid_to",
            "status",
        ]
        # The uniqueness is checked by the service (overlapping periods), not here.
        validators: list[Any] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        actor = getattr(request, "user", None)
        for name, queryset in (
            ("unit", org_permissions.visible_to(actor)),
            ("user", permissions.visible_to(actor)),
        ):
            if name in self.fields and not self.fields[name].read_only:
                self.fields[name].queryset = queryset  # type: ignore[attr-defined]

    def get_status(self, obj: RoleAssignment) -> str:
        return selectors.assignment_status(obj)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        try:
            services.check_dates(attrs.get("valid_from"), attrs.get("valid_to"))
        except DjangoValidationError as error:
            raise drf_error(error) from error
        return attrs


class NestedRoleSerializer(RoleAssignmentSerializer):
    class Meta(RoleAssignmentSerializer.Meta):
        fields = [f for f in RoleAssignmentSerializer.Meta.fields if f != "user"]


class UserSerializer(serializers.ModelSerializer):
    short_name = serializers.CharField(read_only=True)
    roles = NestedRoleSerializer(source="role_assignments", many=True, read_only=True)
    password = serializers.CharField(
        write_only=True, required=False, allow_blank=True, style={"input_type": "password"}
    )
    send_link = serializers.BooleanField(write_only=True, required=False, default=False)
    role = serializers.ChoiceField(choices=Role.choices, write_only=True, required=False)
    unit = serializers.PrimaryKeyRelatedField(
        queryset=OrgUnit.objects.none(), write_only=True, required=False
    )

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "last_name",
            "first_name",
            "patronymic",
            "short_name",
            "email",
            "phone",
            "position",
            "is_active",
            "roles",
            "password",
            "send_link",
            "role",
            "unit",
        ]
        read_only_fields = ["is_active"]
        extra_kwargs = {
            "last_name": {"required": True, "allow_blank": False},
            "first_name": {"required": True, "allow_blank": False},
            "email": {"required": True, "allow_blank": False},
            "username": {"validators": []},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        self.fields["unit"].queryset = org_permissions.visible_to(  # type: ignore[attr-defined]
            getattr(request, "user", None)
        )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        request = self.context["request"]
        if self.instance is None:
            if bool(attrs.get("role")) != bool(attrs.get("unit")):
                raise serializers.ValidationError(
                    {"unit": _("Choose both the role and the unit, or neither.")}
                )
            if permissions.must_give_initial_role(request.user) and not attrs.get("role"):
                raise serializers.ValidationError(
                    {"role": _("Required: the user will belong to a unit you manage.")}
                )
        return attrs

    def create(self, validated_data: dict[str, Any]) -> User:
        request = self.context["request"]
        try:
            return services.user_create(
                actor=request.user,
                **{k: validated_data.get(k, "") for k in services.USER_FIELDS},
                password=validated_data.get("password") or None,
                send_link=validated_data.get("send_link", False),
                role=validated_data.get("role"),
                unit=validated_data.get("unit"),
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error

    def update(self, instance: User, validated_data: dict[str, Any]) -> User:
        request = self.context["request"]
        fields = {k: v for k, v in validated_data.items() if k in services.USER_FIELDS}
        try:
            return services.user_update(actor=request.user, user=instance, **fields)
        except DjangoValidationError as error:
            raise drf_error(error) from error


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("q", str, description="Search in names, login and e-mail."),
            OpenApiParameter("role", str, description="Holds this role now (a role code)."),
            OpenApiParameter("unit", int, description="Holds a role now in this unit or below."),
            OpenApiParameter("active", str, enum=["yes", "no"], description="Account status."),
        ]
    )
)
class UserViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Users visible to the IT office manager; never deleted, only deactivated."""

    serializer_class = UserSerializer
    permission_classes = [drf_permissions.IsAuthenticated, IsUserManager]

    def get_queryset(self) -> QuerySet[User]:
        params = self.request.query_params
        unit = None
        if (unit_id := params.get("unit", "")).isdigit():
            unit = org_permissions.visible_to(self.request.user).filter(pk=int(unit_id)).first()
        filters = selectors.UserFilters(
            q=params.get("q", ""),
            role=params.get("role", ""),
            unit=unit,
            active=params.get("active", ""),
        )
        return selectors.user_list(actor=self.request.user, filters=filters)

    def get_object(self) -> User:
        user = super().get_object()
        if self.action in {"update", "partial_update", "deactivate", "reactivate"} and (
            not permissions.can_change_user(self.request.user, user)
        ):
            raise NotFound
        return user

    def _reply(self, user: User) -> Response:
        fresh = selectors.with_assignments(User.objects.filter(pk=user.pk)).get()
        return Response(self.get_serializer(fresh).data)

    @extend_schema(request=None, responses=UserSerializer)
    @action(detail=True, methods=["post"])
    def deactivate(self, request: Request, pk: str | None = None) -> Response:
        user = self.get_object()
        try:
            user = services.user_deactivate(actor=request.user, user=user)
        except DjangoValidationError as error:
            raise drf_error(error) from error
        return self._reply(user)

    @extend_schema(request=None, responses=UserSerializer)
    @action(detail=True, methods=["post"])
    def reactivate(self, request: Request, pk: str | None = None) -> Response:
        user = services.user_reactivate(actor=request.user, user=self.get_object())
        return self._reply(user)


@extend_schema_view(
    list=extend_schema(
        parameters=[OpenApiParameter("user", int, description="Only this user's assignments.")]
    )
)
class RoleAssignmentViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Role assignments in units within the caller's scope; filter with ``?user=<id>``.

    Assign with POST; end one with POST ``.../{id}/revoke/`` (a role that has not started
    yet is removed).
    """

    serializer_class = RoleAssignmentSerializer
    permission_classes = [drf_permissions.IsAuthenticated, IsUserManager]

    def get_queryset(self) -> QuerySet[RoleAssignment]:
        qs = permissions.assignments_visible_to(self.request.user).select_related("unit")
        if (user_id := self.request.query_params.get("user", "")).isdigit():
            qs = qs.filter(user_id=int(user_id))
        return qs.order_by("user_id", "unit__path", "role", "pk")

    def perform_create(self, serializer: Any) -> None:
        data = serializer.validated_data
        if not permissions.can_assign_role(self.request.user, data["user"], data["unit"]):
            raise NotFound
        try:
            serializer.instance = services.role_assign(
                actor=self.request.user,
                user=data["user"],
                role=data["role"],
                unit=data["unit"],
                valid_from=data.get("valid_from"),
                valid_to=data.get("valid_to"),
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error

    @extend_schema(request=None, responses=RoleAssignmentSerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request: Request, pk: str | None = None) -> Response:
        assignment = self.get_object()
        if not permissions.can_revoke_role(request.user, assignment):
            raise NotFound
        try:
            result = services.role_revoke(actor=request.user, assignment=assignment)
        except DjangoValidationError as error:
            raise drf_error(error) from error
        data = self.get_serializer(result.assignment).data
        if result.removed:
            data["id"] = assignment.pk
            data["status"] = "removed"
        return Response(data)
