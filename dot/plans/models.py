"""DOT orders, students' DOT applications and individual study plans (ИУП).

- ``DotOrder`` (п. 5.4.4): per programme (and intake year) the disciplines or modules that
  may go by DOT, each with its limit in hours or in % of the discipline's classroom hours,
  and the period it is in force. For master's programmes without the extramural form it
  carries the programme leader's DOT share in credits, at most 50 % (п. 5.4.3).
- ``DotApplication`` (п. 5.4.1, 5.4.2): the student's application with the valid reason.
- ``StudyPlan`` / ``StudyPlanRow`` (п. 5.5.1, Appendix 1): the individual study plan.

Every number is ``Decimal``; the caps are checked in ``compliance.py``.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dot.core.models import ApprovableMixin, TimeStampedModel

ZERO = Decimal("0")
HUNDRED = Decimal("100")
MASTER_SHARE_CEILING = Decimal("50")  # п. 5.4.3
_NON_NEGATIVE = [MinValueValidator(ZERO)]


def _hours(verbose: str | object, **kwargs: object) -> models.DecimalField:
    return models.DecimalField(
        verbose,  # type: ignore[arg-type]
        max_digits=7,
        decimal_places=2,
        validators=_NON_NEGATIVE,
        **kwargs,  # type: ignore[arg-type]
    )


def _module_of(module: object, discipline_id: int | None) -> None:
    """A module named on a line must be a module of the line's discipline."""
    if module is not None and getattr(module, "discipline_id", None) != discipline_id:
        raise ValidationError({"module": _("The module belongs to another discipline.")})


def _step_label(route_name: str, code: str) -> str:
    """The label of the step awaiting a decision ("" when none)."""
    from dot.core.approvals.routes import get_route

    route = get_route(route_name)
    step = route.step(code) if route is not None and code else None
    return str(step.label) if step is not None else ""


# --- DOT order (п. 5.4.4) ------------------------------------------------------------------


class DotOrderQuerySet(models.QuerySet["DotOrder"]):
    def in_force(self, start: object, end: object) -> DotOrderQuerySet:
        """Approved orders covering the whole period ``start``..``end`` (inclusive)."""
        return self.filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=end),
            status="approved",
            valid_from__lte=start,
        )


class DotOrder(ApprovableMixin, TimeStampedModel):
    """The order of DOT use of a programme (п. 5.4.4), approved by the academic office
    and the faculty. ``intake_year`` empty: for every intake of the programme."""

    programme = models.ForeignKey(
        "academics.Programme",
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        related_name="dot_orders",
    )
    intake_year = models.PositiveSmallIntegerField(
        _("intake year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text=_("Leave empty if the order applies to every intake."),
    )
    valid_from = models.DateField(_("in force from"))
    valid_to = models.DateField(_("in force until"), null=True, blank=True)
    master_dot_share_percent = models.DecimalField(
        _("DOT share set by the programme leader, per cent of credits"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(ZERO), MaxValueValidator(MASTER_SHARE_CEILING)],
        help_text=_(
            "п. 5.4.3: only for master's programmes without the extramural form; "
            "at most 50 per cent of the curriculum workload in credits."
        ),
    )
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = DotOrderQuerySet.as_manager()

    class Meta:
        verbose_name = _("DOT order")
        verbose_name_plural = _("DOT orders")
        ordering = ["programme", "-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="plans_order_dates",
            ),
            models.CheckConstraint(
                condition=Q(master_dot_share_percent__isnull=True)
                | Q(master_dot_share_percent__gte=0, master_dot_share_percent__lte=50),
                name="plans_order_master_share",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme} — {self.valid_from:%d.%m.%Y}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("plans:order_detail", args=[self.pk])

    @property
    def step_label(self) -> str:
        return _step_label("dot_order", self.approval_step)


class DotOrderItem(models.Model):
    """A discipline (or one of its modules) that may go by DOT, with its limit (п. 5.4.4).

    An item without a module covers the whole discipline and every module of it."""

    order = models.ForeignKey(
        DotOrder, verbose_name=_("DOT order"), on_delete=models.CASCADE, related_name="items"
    )
    discipline = models.ForeignKey(
        "academics.Discipline",
        verbose_name=_("discipline"),
        on_delete=models.PROTECT,
        related_name="dot_order_items",
    )
    module = models.ForeignKey(
        "academics.DisciplineModule",
        verbose_name=_("module"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dot_order_items",
    )
    max_hours = _hours(_("at most, hours by DOT"), null=True, blank=True)
    max_percent = models.DecimalField(
        _("at most, per cent of the discipline's classroom hours"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(ZERO), MaxValueValidator(HUNDRED)],
    )

    class Meta:
        verbose_name = _("DOT order item")
        verbose_name_plural = _("DOT order items")
        ordering = ["order", "discipline__name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["order", "discipline", "module"], name="plans_order_item_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.discipline}" + (f" / {self.module}" if self.module_id else "")

    def clean(self) -> None:
        _module_of(self.module, self.discipline_id)


# --- Student's application (п. 5.4.1, 5.4.2) ------------------------------------------------


class ReasonKind(models.TextChoices):
    ILLNESS = "illness", _("Illness")
    FAMILY = "family", _("Family circumstances")
    OTHER = "other", _("Other valid reason")


class Period(models.TextChoices):
    """How long the individual study lasts (п. 5.5.1)."""

    MONTH = "month", _("A month")
    SEMESTER = "semester", _("A semester")
    ACADEMIC_YEAR = "academic_year", _("An academic year")


class DotApplication(ApprovableMixin, TimeStampedModel):
    """A student's application to study disciplines (or modules) by DOT (п. 5.4.1)."""

    student = models.ForeignKey(
        "academics.Student",
        verbose_name=_("student"),
        on_delete=models.PROTECT,
        related_name="dot_applications",
    )
    semester = models.ForeignKey(
        "academics.Semester",
        verbose_name=_("semester"),
        on_delete=models.PROTECT,
        related_name="dot_applications",
    )
    period = models.CharField(
        _("period"), max_length=20, choices=Period.choices, default=Period.SEMESTER
    )
    period_start = models.DateField(_("period from"), null=True, blank=True)
    period_end = models.DateField(_("period until"), null=True, blank=True)
    reason_kind = models.CharField(_("valid reason"), max_length=20, choices=ReasonKind.choices)
    reason_text = models.TextField(_("reason, in detail"), blank=True)
    document = models.FileField(
        _("supporting document"), upload_to="plans/applications/%Y/", blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("DOT application")
        verbose_name_plural = _("DOT applications")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.student} — {self.semester}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("plans:application_detail", args=[self.pk])

    @property
    def step_label(self) -> str:
        return _step_label("dot_application", self.approval_step)

    def clean(self) -> None:
        if self.reason_kind == ReasonKind.OTHER and not self.reason_text.strip():
            raise ValidationError(
                {"reason_text": _("п. 5.4.2: describe the valid reason when it is «other».")}
            )


class DotApplicationLine(models.Model):
    application = models.ForeignKey(
        DotApplication,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="lines",
    )
    discipline = models.ForeignKey(
        "academics.Discipline",
        verbose_name=_("discipline"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    module = models.ForeignKey(
        "academics.DisciplineModule",
        verbose_name=_("module"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # п. 5.4.1: the permission of the discipline's teacher, given on the route's first step.
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("teacher"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dot_application_lines",
    )
    teacher_permission = models.BooleanField(_("teacher's permission"), default=False)
    teacher_permission_at = models.DateTimeField(
        _("teacher's permission given"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("application line")
        verbose_name_plural = _("application lines")
        ordering = ["application", "id"]

    def __str__(self) -> str:
        return f"{self.discipline}" + (f" / {self.module}" if self.module_id else "")

    def clean(self) -> None:
        _module_of(self.module, self.discipline_id)


class ApplicationDocument(models.Model):
    """A supporting document of the valid reason (п. 5.4.2), checked by its content."""

    application = models.ForeignKey(
        DotApplication,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="documents",
    )
    file = models.FileField(_("file"), upload_to="plans/applications/%Y/")
    name = models.CharField(_("file name"), max_length=255)
    file_type = models.CharField(_("file type"), max_length=20)
    size = models.PositiveIntegerField(_("size, bytes"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("supporting document")
        verbose_name_plural = _("supporting documents")
        ordering = ["application", "id"]

    def __str__(self) -> str:
        return self.name


# --- Individual study plan, ИУП (п. 5.5.1, Appendix 1) --------------------------------------


class StudyPlan(ApprovableMixin, TimeStampedModel):
    """A student's individual study plan for a semester (Appendix 1)."""

    student = models.ForeignKey(
        "academics.Student",
        verbose_name=_("student"),
        on_delete=models.PROTECT,
        related_name="study_plans",
    )
    semester = models.ForeignKey(
        "academics.Semester",
        verbose_name=_("semester"),
        on_delete=models.PROTECT,
        related_name="study_plans",
    )
    application = models.ForeignKey(
        DotApplication,
        verbose_name=_("application"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="study_plans",
    )
    # An approved plan is amended only through a new version (it goes through the route
    # again); approving the new version archives the one it amends.
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    previous = models.ForeignKey(
        "self",
        verbose_name=_("amends version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="amendments",
    )
    # п. 5.5.2: the individual schedule agreed with the teacher and the programme leader.
    individual_schedule = models.TextField(_("individual schedule"), blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("individual study plan")
        verbose_name_plural = _("individual study plans")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.student} — {self.semester} (v{self.version})"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("plans:plan_detail", args=[self.pk])

    @property
    def step_label(self) -> str:
        return _step_label("study_plan", self.approval_step)

    @property
    def state(self) -> str:
        """The status shown in lists: the route's status, or completed / archived."""
        if self.archived_at is not None:
            return PlanState.ARCHIVED
        if self.completed_at is not None:
            return PlanState.COMPLETED
        return str(self.status)

    def get_state_display(self) -> str:
        return str(dict(PlanState.choices).get(self.state, self.state))


class PlanState(models.TextChoices):
    """Every state a plan can be in: the route's statuses, then completed and archived."""

    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("Under review")
    RETURNED = "returned", _("Returned for rework")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    COMPLETED = "completed", _("Completed")
    ARCHIVED = "archived", _("Archived")


class StudyPlanRow(models.Model):
    """One discipline (or module) studied with DOT: a row of the Appendix 1 table."""

    plan = models.ForeignKey(
        StudyPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="rows"
    )
    curriculum_line = models.ForeignKey(
        "academics.CurriculumLine",
        verbose_name=_("curriculum line"),
        on_delete=models.PROTECT,
        related_name="study_plan_rows",
    )
    module = models.ForeignKey(
        "academics.DisciplineModule",
        verbose_name=_("module"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    dot_hours = _hours(_("hours by DOT"), default=ZERO)
    # п. 5.5.1: the teacher sets the classroom hours of the ИУП; empty until set.
    lecture_hours = _hours(_("lectures in the plan, h"), null=True, blank=True)
    lab_hours = _hours(_("labs in the plan, h"), null=True, blank=True)
    practice_hours = _hours(_("practice in the plan, h"), null=True, blank=True)
    place_and_time = models.CharField(_("place and time of classes"), max_length=255, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("teacher"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="study_plan_rows",
    )
    note = models.CharField(_("note"), max_length=255, blank=True)
    # п. 5.4.1: the permission of the teacher and of the programme leader.
    teacher_permission = models.BooleanField(_("teacher's permission"), default=False)
    teacher_permission_at = models.DateTimeField(
        _("teacher's permission given"), null=True, blank=True
    )
    leader_permission = models.BooleanField(_("programme leader's permission"), default=False)
    leader_permission_at = models.DateTimeField(
        _("programme leader's permission given"), null=True, blank=True
    )
    # п. 5.5.1: the head of the discipline's department agrees the plan.
    department_agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("agreed by the head of department"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    department_agreed_at = models.DateTimeField(
        _("agreed by the head of department on"), null=True, blank=True
    )
    # The result recorded by the teacher; the plan is completed when every row has one.
    result = models.CharField(_("result"), max_length=255, blank=True)
    result_at = models.DateTimeField(_("result recorded"), null=True, blank=True)
    result_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("result recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("study plan row")
        verbose_name_plural = _("study plan rows")
        ordering = ["plan", "id"]

    def __str__(self) -> str:
        return f"{self.curriculum_line.discipline}" + (
            f" / {self.module}" if self.module_id else ""
        )

    def clean(self) -> None:
        if self.curriculum_line_id is not None:
            _module_of(self.module, self.curriculum_line.discipline_id)

    @property
    def classroom_hours_set(self) -> bool:
        return None not in (self.lecture_hours, self.lab_hours, self.practice_hours)
