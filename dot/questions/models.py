"""Question banks (п. 2.3, 3.2: the assessment fund of an ЭУМК).

A bank belongs to a discipline and is owned by a department; the discipline's teachers
share it. Questions live in nested categories. A question's content is kept in
immutable **versions**: editing a question that attempts have used creates a new
version, and attempts keep pointing at the version they saw.

``QuestionVersion.data`` holds the type-specific part (options, answer keys, tolerances,
...); its shape per type, the response shapes and the grading rules are documented and
implemented in ``dot/questions/qtypes.py`` — the only module that reads answer keys.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dot.core.models import TimeStampedModel


class QuestionType(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    TRUE_FALSE = "truefalse", _("True/false")
    SHORT = "short", _("Short answer")
    NUMERIC = "numeric", _("Numeric")
    MATCHING = "matching", _("Matching")
    ORDERING = "ordering", _("Ordering")
    GAPS = "gaps", _("Fill in the blanks")
    ESSAY = "essay", _("Essay")


class QuestionBank(TimeStampedModel):
    discipline = models.ForeignKey(
        "academics.Discipline",
        verbose_name=_("discipline"),
        on_delete=models.PROTECT,
        related_name="question_banks",
    )
    # The owning department (the discipline's department when the bank is created).
    department = models.ForeignKey(
        "org.OrgUnit",
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="question_banks",
    )
    title = models.CharField(_("title"), max_length=255)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("question bank")
        verbose_name_plural = _("question banks")
        ordering = ["title", "pk"]

    def __str__(self) -> str:
        return self.title


class Category(models.Model):
    bank = models.ForeignKey(
        QuestionBank, verbose_name=_("bank"), on_delete=models.CASCADE, related_name="categories"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent category"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
    )
    name = models.CharField(_("name"), max_length=255)
    info = models.TextField(_("description"), blank=True)
    # Materialised path of pks ("/3/17/") for subtree queries (random draws "with
    # subcategories", import of Moodle's "$course$/top/A/B" paths).
    path = models.CharField(max_length=255, blank=True, db_index=True, editable=False)
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("question category")
        verbose_name_plural = _("question categories")
        ordering = ["path", "sort_order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["bank", "parent", "name"], name="questions_category_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Question(TimeStampedModel):
    bank = models.ForeignKey(
        QuestionBank, verbose_name=_("bank"), on_delete=models.CASCADE, related_name="questions"
    )
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="questions"
    )
    qtype = models.CharField(_("type"), max_length=16, choices=QuestionType.choices)
    # The version shown to new attempts (the newest); set by the services.
    current = models.ForeignKey(
        "QuestionVersion",
        verbose_name=_("current version"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Hidden questions are not drawn for new attempts; used ones are never deleted.
    is_hidden = models.BooleanField(_("hidden"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["category_id", "pk"]

    def __str__(self) -> str:
        return self.current.name if self.current else f"#{self.pk}"


class QuestionVersion(models.Model):
    """An immutable snapshot of a question; attempts reference the version they saw."""

    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    qtype = models.CharField(_("type"), max_length=16, choices=QuestionType.choices)
    name = models.CharField(_("name"), max_length=255)
    # Sanitised HTML; LaTeX as \( ... \) / \[ ... \] (or Moodle's $$ ... $$), rendered on the page.
    text = models.TextField(_("text"))
    general_feedback = models.TextField(_("general feedback"), blank=True)
    default_mark = models.DecimalField(
        _("default mark"), max_digits=7, decimal_places=2, default=Decimal("1")
    )
    # Type-specific content and answer keys; see dot/questions/qtypes.py.
    data = models.JSONField(_("type data"), default=dict)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("question version")
        verbose_name_plural = _("question versions")
        ordering = ["question_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "number"], name="questions_version_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.number})"


def _image_path(instance: QuestionImage, filename: str) -> str:
    return f"questions/{instance.bank_id}/{instance.uid.hex}/{instance.name}"


class QuestionImage(models.Model):
    """An image of a question text (uploaded in the editor or embedded in an imported
    file), checked by content and size; served by ``questions:image``."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    bank = models.ForeignKey(
        QuestionBank, verbose_name=_("bank"), on_delete=models.CASCADE, related_name="images"
    )
    name = models.CharField(_("file name"), max_length=200)
    file = models.FileField(_("file"), upload_to=_image_path, max_length=500)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("question image")
        verbose_name_plural = _("question images")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("questions:image", args=[self.uid, self.name])
