"""REST API of question banks: /api/questions/… — staff only, the pages' permissions.

Banks, categories and questions with their versions (answer keys included: only the
bank's department staff and the discipline's teachers reach these endpoints; anyone
else — students included — gets 404). Import (two-step: ``dry_run`` gives the report)
and export in Moodle XML and GIFT.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.http import HttpResponse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.generics import get_object_or_404
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from . import permissions, qtypes, selectors, services, transfer
from .models import Category, Question, QuestionBank, QuestionType, QuestionVersion


def _int(value: str | None) -> int:
    value = (value or "").strip()
    return int(value) if value.isascii() and value.isdigit() and len(value) < 10 else 0


def _drf_error(exc: DjangoValidationError) -> ValidationError:
    if hasattr(exc, "error_dict"):
        return ValidationError(
            {k: [str(m) for e in v for m in e.messages] for k, v in exc.error_dict.items()}
        )
    return ValidationError({"detail": exc.messages})


class BankSerializer(serializers.ModelSerializer):
    discipline_name = serializers.CharField(source="discipline.name", read_only=True)
    department_name = serializers.CharField(source="department.display_name", read_only=True)
    counts = serializers.SerializerMethodField()

    class Meta:
        model = QuestionBank
        fields = [
            "id",
            "title",
            "discipline",
            "discipline_name",
            "department",
            "department_name",
            "counts",
        ]
        read_only_fields = ["department"]

    def get_counts(self, obj: QuestionBank) -> dict[str, int]:
        """Visible questions per type (the ЭУМК assessment fund)."""
        counts: dict[int, dict[str, int]] = self.context.get("counts") or {}
        if obj.pk not in counts:
            counts.update(selectors.bank_counts([obj.pk]))
        return counts.get(obj.pk, {})


class CategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = ["id", "bank", "parent", "name", "info", "path", "sort_order"]
        read_only_fields = ["path", "sort_order"]


class VersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = QuestionVersion
        fields = [
            "id",
            "number",
            "qtype",
            "name",
            "text",
            "general_feedback",
            "default_mark",
            "data",
            "created_at",
        ]


class QuestionSerializer(serializers.ModelSerializer):
    current = VersionSerializer(read_only=True)
    name = serializers.CharField(write_only=True, max_length=255)
    text = serializers.CharField(write_only=True)
    general_feedback = serializers.CharField(
        write_only=True, required=False, allow_blank=True, default=""
    )
    default_mark = serializers.DecimalField(
        write_only=True, max_digits=7, decimal_places=2, required=False, default=Decimal(1)
    )
    data = serializers.JSONField(write_only=True)  # type: ignore[assignment]
    qtype = serializers.ChoiceField(choices=QuestionType.choices)

    class Meta:
        model = Question
        fields = [
            "id", "bank", "category", "qtype", "is_hidden", "current",
            "name", "text", "general_feedback", "default_mark", "data",
        ]  # fmt: skip
        read_only_fields = ["bank", "is_hidden"]


class HideSerializer(serializers.Serializer):
    hidden = serializers.BooleanField()


class ImportSerializer(serializers.Serializer):
    format = serializers.ChoiceField(choices=list(transfer.FORMATS.items()))
    file = serializers.FileField()
    category = serializers.IntegerField(required=False)
    import_valid = serializers.BooleanField(default=False)
    dry_run = serializers.BooleanField(default=False)


class ProblemSerializer(serializers.Serializer):
    where = serializers.CharField()
    message = serializers.CharField()


class ImportReportSerializer(serializers.Serializer):
    questions = serializers.ListField(child=serializers.DictField())
    errors = ProblemSerializer(many=True)  # type: ignore[assignment]
    warnings = ProblemSerializer(many=True)
    imported = serializers.ListField(child=serializers.IntegerField())


class BankViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Question banks the caller manages or shares (staff only)."""

    serializer_class = BankSerializer

    def get_queryset(self) -> QuerySet[QuestionBank]:
        return (
            permissions.visible_to(self.request.user)
            .select_related("discipline", "department")
            .order_by("title", "pk")
        )

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "counts": {}}

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        rows = list(page or [])
        context = {
            **self.get_serializer_context(),
            "counts": selectors.bank_counts([b.pk for b in rows]),
        }
        return self.get_paginated_response(BankSerializer(rows, many=True, context=context).data)

    def perform_create(self, serializer: serializers.BaseSerializer) -> None:
        discipline = serializer.validated_data["discipline"]
        if not permissions.can_create_bank(self.request.user, discipline):
            raise NotFound
        bank = services.create_bank(
            discipline=discipline, title=serializer.validated_data["title"], actor=self.request.user
        )
        serializer.instance = bank

    @extend_schema(request=ImportSerializer, responses=ImportReportSerializer)
    @action(
        detail=True,
        methods=["post"],
        url_path="import",
        parser_classes=[MultiPartParser, FormParser],
    )
    def import_file(self, request: Request, pk: str | None = None) -> Response:
        """Import a Moodle XML, GIFT or Aiken file; ``dry_run`` gives only the report."""
        bank = self.get_object()
        form = ImportSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        upload = form.validated_data["file"]
        if upload.size > transfer.MAX_IMPORT_BYTES:
            raise ValidationError({"file": ["The file is too large (at most 20 MB)."]})
        result = transfer.parse_file(form.validated_data["format"], upload.read())
        target = None
        if form.validated_data.get("category"):
            target = get_object_or_404(Category, bank=bank, pk=form.validated_data["category"])
        imported: list[int] = []
        code: int = status.HTTP_200_OK
        if not form.validated_data["dry_run"]:
            try:
                created = transfer.import_parsed(
                    bank=bank,
                    result=result,
                    actor=request.user,
                    target=target,
                    import_valid=form.validated_data["import_valid"],
                )
            except DjangoValidationError:
                code = status.HTTP_400_BAD_REQUEST
            else:
                imported = [q.pk for q in created]
                code = status.HTTP_201_CREATED
        report = {
            "questions": [
                {"where": q.where, "name": q.name, "qtype": q.qtype, "category": q.category or []}
                for q in result.questions
            ],
            "errors": [{"where": e.where, "message": e.message} for e in result.errors],
            "warnings": [{"where": e.where, "message": e.message} for e in result.warnings],
            "imported": imported,
        }
        return Response(report, status=code)

    @extend_schema(
        parameters=[
            OpenApiParameter("file_format", str, enum=["xml", "gift"]),
            OpenApiParameter("category", int, required=False),
        ],
        responses={(200, "application/xml"): str},
    )
    @action(detail=True, methods=["get"])
    def export(self, request: Request, pk: str | None = None) -> HttpResponse:
        """The bank (or a category's subtree) as Moodle XML or GIFT."""
        bank = self.get_object()
        fmt = request.query_params.get("file_format", "xml")
        if fmt not in ("xml", "gift"):
            raise ValidationError({"file_format": ["xml or gift"]})
        category = None
        if request.query_params.get("category"):
            category = get_object_or_404(Category, bank=bank, pk=request.query_params["category"])
        text, skipped = transfer.export_questions(
            list(selectors.bank_questions(bank, category=category)), fmt
        )
        response = HttpResponse(
            text,
            content_type="application/xml; charset=utf-8"
            if fmt == "xml"
            else "text/plain; charset=utf-8",
        )
        response["X-Skipped-Questions"] = str(len(skipped))
        return response


class CategoryViewSet(viewsets.ModelViewSet):
    """Categories of the caller's banks (``?bank=`` filters)."""

    serializer_class = CategorySerializer

    def get_queryset(self) -> QuerySet[Category]:
        qs = Category.objects.filter(bank__in=permissions.visible_to(self.request.user)).order_by(
            "path"
        )
        bank = self.request.query_params.get("bank")
        return qs.filter(bank_id=_int(bank)) if bank else qs

    def perform_create(self, serializer: serializers.BaseSerializer) -> None:
        data = serializer.validated_data
        bank = data["bank"]
        if not permissions.can_manage(self.request.user, bank):
            raise NotFound
        parent = data.get("parent") or services.top_category(bank)
        try:
            serializer.instance = services.create_category(
                bank=bank,
                parent=parent,
                name=data["name"],
                info=data.get("info", ""),
                actor=self.request.user,
            )
        except DjangoValidationError as exc:
            raise _drf_error(exc) from exc

    def perform_update(self, serializer: serializers.BaseSerializer) -> None:
        category = serializer.instance
        assert isinstance(category, Category)
        try:
            services.rename_category(
                category=category,
                name=serializer.validated_data.get("name", category.name),
                info=serializer.validated_data.get("info", category.info),
                actor=self.request.user,
            )
        except DjangoValidationError as exc:
            raise _drf_error(exc) from exc

    def perform_destroy(self, instance: Category) -> None:
        try:
            services.delete_category(category=instance, actor=self.request.user)
        except DjangoValidationError as exc:
            raise _drf_error(exc) from exc


class QuestionViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Questions with their current version (answer keys: staff only). Updating creates a
    new version; ``versions`` lists them all."""

    serializer_class = QuestionSerializer
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Question]:
        qs = (
            Question.objects.filter(bank__in=permissions.visible_to(self.request.user))
            .select_related("current")
            .order_by("bank_id", "category_id", "pk")
        )
        params = self.request.query_params
        for key in ("bank", "category"):
            if params.get(key):
                qs = qs.filter(**{f"{key}_id": _int(params[key])})
        if params.get("qtype") in qtypes.TYPES:
            qs = qs.filter(qtype=params["qtype"])
        return qs

    def perform_create(self, serializer: serializers.BaseSerializer) -> None:
        data = serializer.validated_data
        category: Category = data["category"]
        if not permissions.can_edit(self.request.user, category.bank):
            raise NotFound
        try:
            serializer.instance = services.create_question(
                category=category,
                qtype=data["qtype"],
                name=data["name"],
                text=data["text"],
                data=data["data"] if isinstance(data["data"], dict) else {},
                general_feedback=data.get("general_feedback", ""),
                default_mark=data.get("default_mark", 1),
                actor=self.request.user,
            )
        except DjangoValidationError as exc:
            raise _drf_error(exc) from exc

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        question = self.get_object()
        current = question.current
        assert current is not None
        payload = {
            "category": question.category_id,
            "qtype": question.qtype,
            "name": current.name,
            "text": current.text,
            "general_feedback": current.general_feedback,
            "default_mark": current.default_mark,
            "data": current.data,
            **(request.data if isinstance(request.data, dict) else {}),
        }
        serializer = self.get_serializer(question, data=payload)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if data["qtype"] != question.qtype:
            raise ValidationError({"qtype": ["The type of a question cannot change."]})
        try:
            services.edit_question(
                question=question,
                name=data["name"],
                text=data["text"],
                data=data["data"] if isinstance(data["data"], dict) else {},
                general_feedback=data.get("general_feedback", ""),
                default_mark=data.get("default_mark", 1),
                actor=request.user,
            )
            category = data["category"]
            if category.pk != question.category_id:
                if category.bank_id != question.bank_id:
                    raise ValidationError({"category": ["Another bank's category."]})
                services.move_questions(questions=[question], category=category, actor=request.user)
        except DjangoValidationError as exc:
            raise _drf_error(exc) from exc
        question.refresh_from_db()
        return Response(self.get_serializer(question).data)

    @extend_schema(responses=VersionSerializer(many=True))
    @action(detail=True)
    def versions(self, request: Request, pk: str | None = None) -> Response:
        question = self.get_object()
        return Response(VersionSerializer(selectors.versions_of(question), many=True).data)

    @extend_schema(request=HideSerializer, responses=QuestionSerializer)
    @action(detail=True, methods=["post"])
    def hide(self, request: Request, pk: str | None = None) -> Response:
        question = self.get_object()
        form = HideSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        services.set_hidden(
            question=question, hidden=form.validated_data["hidden"], actor=request.user
        )
        return Response(self.get_serializer(question).data)

    @extend_schema(
        parameters=[OpenApiParameter("seed", int, required=False)],
        responses={200: dict},
    )
    @action(detail=True, url_path="student-view")
    def student_view(self, request: Request, pk: str | None = None) -> Response:
        """What a student would receive (no keys): for checking a question's delivery."""
        question = self.get_object()
        seed = request.query_params.get("seed", "1")
        assert question.current is not None
        return Response(qtypes.student_view(question.current, seed=_int(seed) or 1))


__all__ = ["BankViewSet", "CategoryViewSet", "JSONParser", "QuestionViewSet"]
