"""REST API of section V: /api/plans/… with the pages' permissions (OpenAPI documented).

* ``orders/`` — DOT orders (п. 5.4.4) with their items; ``submit``, ``decide``.
* ``applications/`` — students' DOT applications (п. 5.4.1, 5.4.2): create, ``findings``,
  ``submit``, ``decide`` (at the teachers' step: the caller's permission for their lines),
  ``plan`` (draft the ИУП of an approved application).
* ``plans/`` — individual study plans with rows and the compliance findings; ``submit``,
  ``decide`` (approve / return / reject at the current step: the student's approval is
  the acknowledgement, a head of department's approval agrees their rows),
  ``acknowledge``, ``set_hours``, ``record_result``, ``amend``, ``archive``.

An object the caller may not see, or an action they may not take, answers 404; a rule
broken answers 400 with the messages (citing the clause).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from dot.academics.models import Discipline, DisciplineModule, Semester, Student
from dot.core.approvals.services import ApprovalPermissionError
from dot.core.models import DecisionAction

from . import approval, compliance, permissions, selectors, services
from .models import (
    DotApplication,
    DotApplicationLine,
    DotOrder,
    DotOrderItem,
    Period,
    ReasonKind,
    StudyPlan,
    StudyPlanRow,
)

# --- Serializers --------------------------------------------------------------------------


class DotFindingSerializer(serializers.Serializer):
    clause = serializers.CharField()
    passed = serializers.BooleanField()
    blocking = serializers.BooleanField()
    message = serializers.CharField(source="text")
    subject = serializers.CharField()
    numbers = serializers.SerializerMethodField()

    def get_numbers(self, obj: compliance.Finding) -> dict[str, str]:
        """The exact values used, as decimal strings (never floats)."""
        return {k: str(v) for k, v in obj.numbers.items()}


class DotDecisionInput(serializers.Serializer):
    decision = serializers.ChoiceField(
        choices=[DecisionAction.APPROVE, DecisionAction.RETURN, DecisionAction.REJECT]
    )
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class DotCommentInput(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class DotOrderItemSerializer(serializers.ModelSerializer):
    discipline = serializers.CharField(source="discipline.name")
    module = serializers.CharField(source="module.title", default=None)

    class Meta:
        model = DotOrderItem
        fields = [
            "id",
            "discipline_id",
            "discipline",
            "module_id",
            "module",
            "max_hours",
            "max_percent",
        ]


class DotOrderSerializer(serializers.ModelSerializer):
    programme = serializers.CharField(source="programme.__str__")
    items = DotOrderItemSerializer(many=True, read_only=True)

    class Meta:
        model = DotOrder
        fields = [
            "id",
            "programme_id",
            "programme",
            "intake_year",
            "valid_from",
            "valid_to",
            "master_dot_share_percent",
            "status",
            "approval_step",
            "items",
        ]


class DotApplicationLineSerializer(serializers.ModelSerializer):
    discipline = serializers.CharField(source="discipline.name")
    module = serializers.CharField(source="module.title", default=None)
    teacher = serializers.CharField(source="teacher.short_name", default=None)

    class Meta:
        model = DotApplicationLine
        fields = [
            "id",
            "discipline_id",
            "discipline",
            "module_id",
            "module",
            "teacher_id",
            "teacher",
            "teacher_permission",
            "teacher_permission_at",
        ]


class DotApplicationSerializer(serializers.ModelSerializer):
    student = serializers.CharField(source="student.user.full_name")
    lines = DotApplicationLineSerializer(many=True, read_only=True)
    documents = serializers.SerializerMethodField()

    class Meta:
        model = DotApplication
        fields = [
            "id",
            "student_id",
            "student",
            "semester_id",
            "period",
            "period_start",
            "period_end",
            "reason_kind",
            "reason_text",
            "status",
            "approval_step",
            "lines",
            "documents",
            "created_at",
        ]

    def get_documents(self, obj: DotApplication) -> list[str]:
        return [d.name for d in obj.documents.all()]


class DotLineInput(serializers.Serializer):
    discipline = serializers.PrimaryKeyRelatedField(queryset=Discipline.objects.all())
    module = serializers.PrimaryKeyRelatedField(
        queryset=DisciplineModule.objects.all(), required=False, allow_null=True
    )


class DotApplicationInput(serializers.Serializer):
    student = serializers.PrimaryKeyRelatedField(
        queryset=Student.objects.all(),
        required=False,
        help_text="The dean's office applies for a student; a student omits it.",
    )
    semester = serializers.PrimaryKeyRelatedField(queryset=Semester.objects.all())
    period = serializers.ChoiceField(choices=Period.choices)
    month = serializers.DateField(required=False, allow_null=True)
    reason_kind = serializers.ChoiceField(choices=ReasonKind.choices)
    reason_text = serializers.CharField(required=False, allow_blank=True, default="")
    lines = DotLineInput(many=True)


class DotRowSerializer(serializers.ModelSerializer):
    discipline = serializers.CharField(source="curriculum_line.discipline.name")
    department = serializers.CharField(source="curriculum_line.discipline.department.__str__")
    ects = serializers.DecimalField(source="curriculum_line.ects", max_digits=5, decimal_places=2)
    rup_lecture_hours = serializers.DecimalField(
        source="curriculum_line.lecture_hours", max_digits=7, decimal_places=2
    )
    rup_lab_hours = serializers.DecimalField(
        source="curriculum_line.lab_hours", max_digits=7, decimal_places=2
    )
    rup_practice_hours = serializers.DecimalField(
        source="curriculum_line.practice_hours", max_digits=7, decimal_places=2
    )
    module = serializers.CharField(source="module.title", default=None)
    teacher = serializers.CharField(source="teacher.short_name", default=None)

    class Meta:
        model = StudyPlanRow
        fields = [
            "id",
            "discipline",
            "module",
            "department",
            "ects",
            "rup_lecture_hours",
            "rup_lab_hours",
            "rup_practice_hours",
            "lecture_hours",
            "lab_hours",
            "practice_hours",
            "dot_hours",
            "place_and_time",
            "deadline",
            "teacher_id",
            "teacher",
            "note",
            "teacher_permission",
            "leader_permission",
            "department_agreed_at",
            "result",
            "result_at",
        ]


class DotPlanSerializer(serializers.ModelSerializer):
    student = serializers.CharField(source="student.user.full_name")
    group = serializers.CharField(source="student.group.name", default=None)
    programme = serializers.CharField(source="student.programme.__str__")
    semester = serializers.CharField(source="semester.__str__")
    state = serializers.CharField(
        help_text="draft, in_review, returned, approved, rejected, completed, archived"
    )
    rows = DotRowSerializer(many=True, read_only=True)
    dot_share = serializers.SerializerMethodField()

    class Meta:
        model = StudyPlan
        fields = [
            "id",
            "student_id",
            "student",
            "group",
            "programme",
            "semester_id",
            "semester",
            "version",
            "previous_id",
            "application_id",
            "status",
            "approval_step",
            "state",
            "individual_schedule",
            "completed_at",
            "archived_at",
            "dot_share",
            "rows",
        ]

    def get_dot_share(self, obj: StudyPlan) -> dict[str, str | None]:
        """The DOT share of the plan's semester (hours; credits for master's programmes
        without the extramural form), as decimal strings."""
        shares: dict[int, selectors.Share] = self.context.get("shares", {})
        share = shares.get(obj.pk) or selectors._plan_shares([obj])[obj.pk]
        return {
            "unit": share.unit,
            "dot": str(share.dot),
            "total": str(share.total),
            "percent": str(share.percent) if share.percent is not None else None,
        }


class DotPlanDetailSerializer(DotPlanSerializer):
    findings = serializers.SerializerMethodField()

    class Meta(DotPlanSerializer.Meta):
        fields = [*DotPlanSerializer.Meta.fields, "findings"]

    @extend_schema(responses=DotFindingSerializer(many=True))  # type: ignore[misc]
    def get_findings(self, obj: StudyPlan) -> list[dict[str, Any]]:
        return DotFindingSerializer(compliance.check_plan(obj), many=True).data  # type: ignore[return-value]


class DotHoursInput(serializers.Serializer):
    row = serializers.IntegerField()
    lecture_hours = serializers.DecimalField(max_digits=7, decimal_places=2, min_value=0)
    lab_hours = serializers.DecimalField(max_digits=7, decimal_places=2, min_value=0)
    practice_hours = serializers.DecimalField(max_digits=7, decimal_places=2, min_value=0)
    dot_hours = serializers.DecimalField(
        max_digits=7, decimal_places=2, min_value=0, required=False, allow_null=True
    )


class DotResultInput(serializers.Serializer):
    row = serializers.IntegerField()
    result = serializers.CharField(max_length=255)


# --- Helpers ------------------------------------------------------------------------------


def _run(call: Any) -> Response | None:
    """Run a service: 404 when forbidden, 400 with the messages when a rule is broken."""
    try:
        call()
    except ApprovalPermissionError as exc:
        raise NotFound from exc
    except ValidationError as exc:
        detail: Any = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        return Response(detail, status=status.HTTP_400_BAD_REQUEST)
    return None


# --- Orders -------------------------------------------------------------------------------


class OrderViewSet(viewsets.ReadOnlyModelViewSet):
    """DOT orders (п. 5.4.4) the caller may see."""

    serializer_class = DotOrderSerializer

    def get_queryset(self) -> QuerySet[DotOrder]:
        return (
            permissions.orders_visible_to(self.request.user)
            .select_related("programme__direction")
            .prefetch_related("items__discipline", "items__module")
            .order_by("pk")
        )

    @extend_schema(request=DotCommentInput, responses=DotOrderSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        """Send the draft to the academic office."""
        order = self.get_object()
        data = DotCommentInput(data=request.data)
        data.is_valid(raise_exception=True)
        failed = _run(
            lambda: services.order_submit(
                actor=request.user, order=order, comment=data.validated_data["comment"]
            )
        )
        return failed or Response(DotOrderSerializer(self.get_object()).data)

    @extend_schema(request=DotDecisionInput, responses=DotOrderSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: str | None = None) -> Response:
        """The academic office's, then the dean's decision."""
        order = self.get_object()
        data = DotDecisionInput(data=request.data)
        data.is_valid(raise_exception=True)
        failed = _run(
            lambda: services.order_decide(
                actor=request.user,
                order=order,
                decision=data.validated_data["decision"],
                comment=data.validated_data["comment"],
            )
        )
        return failed or Response(DotOrderSerializer(self.get_object()).data)


# --- Applications -------------------------------------------------------------------------


class ApplicationViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Students' DOT applications (п. 5.4.1, 5.4.2) the caller may see."""

    serializer_class = DotApplicationSerializer

    def get_queryset(self) -> QuerySet[DotApplication]:
        return (
            permissions.applications_visible_to(self.request.user)
            .select_related("student__user")
            .prefetch_related(
                Prefetch(
                    "lines",
                    queryset=DotApplicationLine.objects.select_related(
                        "discipline", "module", "teacher"
                    ),
                ),
                "documents",
            )
            .order_by("pk")
        )

    @extend_schema(request=DotApplicationInput, responses={201: DotApplicationSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Apply (a student for themself, the dean's office for a student); a draft."""
        data = DotApplicationInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        student = v.get("student") or selectors.student_of(request.user)
        if student is None or not permissions.can_apply(request.user, student):
            raise NotFound
        created: list[DotApplication] = []
        failed = _run(
            lambda: created.append(
                services.application_create(
                    actor=request.user,
                    student=student,
                    semester=v["semester"],
                    period=v["period"],
                    month=v.get("month"),
                    reason_kind=v["reason_kind"],
                    reason_text=v.get("reason_text", ""),
                    lines=[(line["discipline"], line.get("module")) for line in v["lines"]],
                )
            )
        )
        if failed:
            return failed
        return Response(
            DotApplicationSerializer(self.get_queryset().get(pk=created[0].pk)).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(responses=DotFindingSerializer(many=True))
    @action(detail=True)
    def findings(self, request: Request, pk: str | None = None) -> Response:
        """The compliance check of the application (п. 5.4.1, 5.4.2, 5.4.4)."""
        return Response(
            DotFindingSerializer(compliance.check_application(self.get_object()), many=True).data
        )

    @extend_schema(request=DotCommentInput, responses=DotApplicationSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        app = self.get_object()
        data = DotCommentInput(data=request.data)
        data.is_valid(raise_exception=True)
        failed = _run(
            lambda: services.application_submit(
                actor=request.user, application=app, comment=data.validated_data["comment"]
            )
        )
        return failed or Response(DotApplicationSerializer(self.get_object()).data)

    @extend_schema(request=DotDecisionInput, responses=DotApplicationSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: str | None = None) -> Response:
        """At the teachers' step: the caller's permission for their lines (or a return);
        then the programme leader's and the dean's office's decisions."""
        app = self.get_object()
        data = DotDecisionInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data

        def call() -> None:
            if app.approval_step == approval.TEACHERS:
                services.application_teacher_decide(
                    actor=request.user,
                    application=app,
                    decision=v["decision"],
                    comment=v["comment"],
                )
            else:
                services.application_decide(
                    actor=request.user,
                    application=app,
                    decision=v["decision"],
                    comment=v["comment"],
                )

        failed = _run(call)
        return failed or Response(DotApplicationSerializer(self.get_object()).data)

    @extend_schema(request=None, responses={201: DotPlanDetailSerializer})
    @action(detail=True, methods=["post"])
    def plan(self, request: Request, pk: str | None = None) -> Response:
        """Draft the ИУП of an approved application."""
        app = self.get_object()
        created: list[StudyPlan] = []
        failed = _run(
            lambda: created.append(
                services.plan_create_from_application(actor=request.user, application=app)
            )
        )
        if failed:
            return failed
        plan = selectors.plan_detail(created[0].pk)
        return Response(DotPlanDetailSerializer(plan).data, status=status.HTTP_201_CREATED)


# --- Plans --------------------------------------------------------------------------------


class PlanViewSet(viewsets.ReadOnlyModelViewSet):
    """Individual study plans the caller may see, with rows, the DOT share and (on one plan)
    the compliance findings. Filters: ``state``, ``programme``, ``group``, ``semester``."""

    def get_serializer_class(self) -> type[serializers.BaseSerializer]:
        return DotPlanSerializer if self.action == "list" else DotPlanDetailSerializer

    def get_queryset(self) -> QuerySet[StudyPlan]:
        qs = permissions.plans_visible_to(self.request.user)
        params = self.request.query_params
        qs = qs.filter(selectors._state_q(params.get("state", "")))
        for name, field in (
            ("programme", "student__programme_id"),
            ("group", "student__group_id"),
            ("semester", "semester_id"),
        ):
            value = params.get(name)
            if value and value.isdigit():
                qs = qs.filter(**{field: int(value)})
        return selectors._with_rows(qs).order_by("pk")

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        plans = list(page) if page is not None else list(self.get_queryset())
        data = DotPlanSerializer(
            plans, many=True, context={"shares": selectors._plan_shares(plans)}
        ).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    def _detail(self, pk: Any) -> Response:
        return Response(DotPlanDetailSerializer(selectors.plan_detail(pk)).data)

    def _act(self, call: Any, pk: Any) -> Response:
        return _run(call) or self._detail(pk)

    @extend_schema(responses=DotFindingSerializer(many=True))
    @action(detail=True)
    def findings(self, request: Request, pk: str | None = None) -> Response:
        """The compliance check (section V), exact numbers as decimal strings."""
        return Response(
            DotFindingSerializer(compliance.check_plan(self.get_object()), many=True).data
        )

    @extend_schema(request=DotCommentInput, responses=DotPlanDetailSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        plan = self.get_object()
        data = DotCommentInput(data=request.data)
        data.is_valid(raise_exception=True)
        return self._act(
            lambda: services.plan_submit(
                actor=request.user, plan=plan, comment=data.validated_data["comment"]
            ),
            plan.pk,
        )

    @extend_schema(request=DotDecisionInput, responses=DotPlanDetailSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: str | None = None) -> Response:
        """Approve, return or reject at the current step (student: acknowledges; head of
        department: agrees their rows; teachers approve by setting their hours)."""
        plan = self.get_object()
        data = DotDecisionInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        step = plan.approval_step
        current = approval.PLAN_ROUTE.step(step)
        if current is None or not current.may_decide(request.user, plan):
            raise NotFound
        approve = v["decision"] == DecisionAction.APPROVE

        def call() -> None:
            if approve and step == approval.STUDENT:
                services.plan_acknowledge(actor=request.user, plan=plan, comment=v["comment"])
            elif approve and step == approval.DEPARTMENT:
                services.plan_department_agree(actor=request.user, plan=plan, comment=v["comment"])
            elif approve and step == approval.TEACHERS:
                raise ValidationError("п. 5.5.1: set the classroom hours of your rows (set_hours).")
            else:
                services.plan_decide(
                    actor=request.user,
                    plan=plan,
                    decision=v["decision"],
                    comment=v["comment"],
                    step=step,
                )

        return self._act(call, plan.pk)

    @extend_schema(request=DotCommentInput, responses=DotPlanDetailSerializer)
    @action(detail=True, methods=["post"])
    def acknowledge(self, request: Request, pk: str | None = None) -> Response:
        """The student: «С ИУП ознакомлен»."""
        plan = self.get_object()
        data = DotCommentInput(data=request.data)
        data.is_valid(raise_exception=True)
        return self._act(
            lambda: services.plan_acknowledge(
                actor=request.user, plan=plan, comment=data.validated_data["comment"]
            ),
            plan.pk,
        )

    def _row(self, plan: StudyPlan, row_id: int) -> StudyPlanRow:
        row = (
            StudyPlanRow.objects.select_related("curriculum_line")
            .filter(pk=row_id, plan=plan)
            .first()
        )
        if row is None:
            raise NotFound
        row.plan = plan
        return row

    @extend_schema(request=DotHoursInput, responses=DotPlanDetailSerializer)
    @action(detail=True, methods=["post"])
    def set_hours(self, request: Request, pk: str | None = None) -> Response:
        """п. 5.5.1: the row's teacher sets its ИУП classroom hours (and DOT hours)."""
        plan = self.get_object()
        data = DotHoursInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        row = self._row(plan, v["row"])
        return self._act(
            lambda: services.plan_set_hours(
                actor=request.user,
                row=row,
                lecture_hours=v["lecture_hours"],
                lab_hours=v["lab_hours"],
                practice_hours=v["practice_hours"],
                dot_hours=v.get("dot_hours"),
            ),
            plan.pk,
        )

    @extend_schema(request=DotResultInput, responses=DotPlanDetailSerializer)
    @action(detail=True, methods=["post"])
    def record_result(self, request: Request, pk: str | None = None) -> Response:
        """The row's teacher records its result; every row with a result completes the plan."""
        plan = self.get_object()
        data = DotResultInput(data=request.data)
        data.is_valid(raise_exception=True)
        row = self._row(plan, data.validated_data["row"])
        return self._act(
            lambda: services.plan_record_result(
                actor=request.user, row=row, result=data.validated_data["result"]
            ),
            plan.pk,
        )

    @extend_schema(request=None, responses={201: DotPlanDetailSerializer})
    @action(detail=True, methods=["post"])
    def amend(self, request: Request, pk: str | None = None) -> Response:
        """A new draft version of an approved plan (it goes through the route again)."""
        plan = self.get_object()
        created: list[StudyPlan] = []
        failed = _run(lambda: created.append(services.plan_amend(actor=request.user, plan=plan)))
        if failed:
            return failed
        return Response(
            DotPlanDetailSerializer(selectors.plan_detail(created[0].pk)).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=None, responses=DotPlanDetailSerializer)
    @action(detail=True, methods=["post"])
    def archive(self, request: Request, pk: str | None = None) -> Response:
        plan = self.get_object()
        return self._act(lambda: services.plan_archive(actor=request.user, plan=plan), plan.pk)


__all__ = ["ApplicationViewSet", "OrderViewSet", "PlanViewSet"]
