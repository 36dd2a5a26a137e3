"""The public part: information pages for applicants and students (п. 5.3) and the
published normative documents (п. 3.4.4).

Both are kept by the academic office (УО) in the portal's own screens. Text is stored
in Russian (the university's working language) with optional Kyrgyz and English
versions; a missing translation falls back to Russian.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from dot.core.models import TimeStampedModel


def _localized(obj: models.Model, field: str) -> str:
    """``field`` in the active language (``field_ky``, ``field_en``), else Russian."""
    lang = (get_language() or "ru")[:2]
    if lang in ("ky", "en"):
        value = getattr(obj, f"{field}_{lang}", "")
        if value:
            return str(value)
    return str(getattr(obj, field))


class InfoPage(TimeStampedModel):
    """One page of DOT information for applicants and students (п. 5.3).

    ``body*`` hold Markdown; it is rendered and sanitised on display.
    """

    slug = models.SlugField(_("page address"), max_length=60, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    title = models.CharField(_("title (Russian)"), max_length=200)
    title_ky = models.CharField(_("title (Kyrgyz)"), max_length=200, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    body = models.TextField(_("text (Russian)"))
    body_ky = models.TextField(_("text (Kyrgyz)"), blank=True)
    body_en = models.TextField(_("text (English)"), blank=True)
    clauses = models.CharField(
        _("regulation clauses"),
        max_length=100,
        blank=True,
        help_text=_("The clauses of the regulation this page explains, e.g. «п. 5.4.1–5.4.4»."),
    )
    is_published = models.BooleanField(_("published"), default=True)

    class Meta:
        verbose_name = _("information page")
        verbose_name_plural = _("information pages")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def display_title(self) -> str:
        return _localized(self, "title")

    @property
    def display_body(self) -> str:
        return _localized(self, "body")

    @property
    def is_fallback(self) -> bool:
        """True when the page is shown in Russian because the active language is missing."""
        lang = (get_language() or "ru")[:2]
        return lang in ("ky", "en") and not getattr(self, f"body_{lang}")


class DocumentKind(models.TextChoices):
    REGULATION = "regulation", _("Regulation")
    RULES = "rules", _("Rules")
    PROCEDURE = "procedure", _("Procedure or instruction")
    ORDER = "order", pgettext_lazy("document kind", "Order")
    FORM = "form", _("Form")
    STANDARD = "standard", _("Standard")
    OTHER = "other", _("Other document")


class FileType(models.TextChoices):
    """The file formats the portal accepts for normative documents (checked by content)."""

    PDF = "pdf", "PDF"
    DOCX = "docx", "DOCX"


def document_upload_to(instance: NormativeDocument, filename: str) -> str:
    """A random name with the extension of the checked format (never the uploader's name)."""
    return f"public/documents/{uuid.uuid4().hex}.{instance.file_type or 'bin'}"


class NormativeDocument(TimeStampedModel):
    """A document of the normative base published on the portal (п. 3.4.4).

    Either an uploaded file (PDF or DOCX, checked by content) or a link, or both.
    """

    title = models.CharField(_("title (Russian)"), max_length=300)
    title_ky = models.CharField(_("title (Kyrgyz)"), max_length=300, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    code = models.CharField(
        _("number or code"),
        max_length=100,
        blank=True,
        help_text=_("As written on the document, e.g. «СМК-П-ДОТ-8.5.1.19-2024»."),
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=DocumentKind.choices, default=DocumentKind.REGULATION
    )
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    approved_by = models.CharField(
        _("approved by"),
        max_length=255,
        blank=True,
        help_text=_("Who approved it, e.g. «Учёный совет, протокол № 3»."),
    )
    file = models.FileField(_("file"), upload_to=document_upload_to, blank=True)
    file_type = models.CharField(
        _("file format"), max_length=8, choices=FileType.choices, blank=True, editable=False
    )
    file_size = models.PositiveIntegerField(_("file size"), default=0, editable=False)
    link = models.CharField(
        _("link"),
        max_length=500,
        blank=True,
        help_text=_("An address starting with https:// or a page of this portal starting with /."),
    )
    is_published = models.BooleanField(_("published"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        verbose_name = _("normative document")
        verbose_name_plural = _("normative documents")
        ordering = ["order", "-approved_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(file="") | ~Q(link=""),
                name="public_document_file_or_link",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.code})" if self.code else self.title

    @property
    def display_title(self) -> str:
        return _localized(self, "title")
