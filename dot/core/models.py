"""Base models and the audit trail."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class AuditLog(models.Model):
    """Who changed what and when, for every business object.

    ``changes`` is ``{"field": [old, new], ...}`` with JSON-serialisable values
    (model instances are stored as their ``str``).
    """

    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=50, db_index=True)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("object type"), on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.CharField(_("object id"), max_length=64)
    object_repr = models.CharField(_("object"), max_length=255)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("audit record")
        verbose_name_plural = _("audit trail")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"


# --- The approval-route engine (see dot.core.approvals) -------------------------------------


class ApprovalStatus(models.TextChoices):
    """Where an object stands on its approval route."""

    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("Under review")
    RETURNED = "returned", _("Returned for rework")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class ApprovableMixin(models.Model):
    """The status an approval route moves: add to any model that goes through a route.

    ``approval_step`` is the code of the step awaiting a decision while the object is
    under review, and empty otherwise.
    """

    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ApprovalStatus.choices,
        default=ApprovalStatus.DRAFT,
        db_index=True,
    )
    approval_step = models.CharField(_("current approval step"), max_length=50, blank=True)

    class Meta:
        abstract = True


class DecisionAction(models.TextChoices):
    SUBMIT = "submit", _("Submitted for approval")
    RESUBMIT = "resubmit", _("Resubmitted after rework")
    APPROVE = "approve", _("Agreed")
    RETURN = "return", _("Returned for rework")
    REJECT = "reject", _("Rejected")


class ApprovalReview(models.Model):
    """One pass of an object along a route, from submission to the final decision.

    At most one review per object and route is open at a time (the partial unique
    constraint, as Wagtail's ``unique_in_progress_workflow``).
    """

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned for rework")
        REJECTED = "rejected", _("Rejected")

    content_type = models.ForeignKey(
        ContentType, verbose_name=_("object type"), on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.CharField(_("object id"), max_length=64)
    route = models.CharField(_("route"), max_length=50)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.OPEN)
    step = models.CharField(_("current step"), max_length=50, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    started_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("approval review")
        verbose_name_plural = _("approval reviews")
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "route"])]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "route"],
                condition=models.Q(state="open"),
                name="core_unique_open_approval_review",
            )
        ]

    def __str__(self) -> str:
        return f"{self.route} {self.content_type_id}:{self.object_id} ({self.state})"


class ApprovalDecision(models.Model):
    """A recorded step of a route: a submission or a decision, with actor, time, comment."""

    review = models.ForeignKey(
        ApprovalReview, verbose_name=_("review"), on_delete=models.CASCADE, related_name="decisions"
    )
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("object type"), on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.CharField(_("object id"), max_length=64)
    route = models.CharField(_("route"), max_length=50)
    step = models.CharField(_("step"), max_length=50, blank=True)
    action = models.CharField(_("decision"), max_length=20, choices=DecisionAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("time"), auto_now_add=True)
    comment = models.TextField(_("comment"), blank=True)
    status_before = models.CharField(_("status before"), max_length=20)
    status_after = models.CharField(_("status after"), max_length=20)

    class Meta:
        verbose_name = _("approval decision")
        verbose_name_plural = _("approval decisions")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id", "route"])]

    def __str__(self) -> str:
        return f"{self.route}/{self.step}: {self.action}"
