"""Courses, ЭУМК and their ЭОР (п. 3.2, 4.6, 4.8, 5.2, 5.4.5).

* ``Course``: a discipline taught in a semester to groups, with teachers and tutors.
  Its students are not stored: they are the students registered to the discipline for
  that semester (academics ``SemesterRegistration``), read by ``selectors.course_students``.
  Its sections are the discipline's modules (academics ``DisciplineModule``, п. 2.3
  modularity): they belong to the discipline and are shared by every semester's course.
* ``Umk``: the ЭУМК of a discipline, reused across semesters, with versions.
* ``UmkVersion``: one edition of the ЭУМК that goes through the quality review on the
  core approval engine (draft → department → editorial office → approved), then is
  published by the faculty teaching-methods council (п. 5.4.5). Only the published version
  is what students see.
* ``Resource``: one ЭОР (file, link, embedded video, Markdown page) in a component of a
  version. A new version copies the resources; a copy keeps the ``lineage`` of its
  original, so progress marks and "what changed" follow the material across versions.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dot.core.models import ApprovableMixin, ApprovalStatus


class ComponentKind(models.TextChoices):
    """Components of an ЭУМК (п. 3.2, 4.6); the editorial office sets which are required."""

    SYLLABUS = "syllabus", _("Syllabus / working programme")
    LECTURE_NOTES = "lecture_notes", _("Lecture notes")
    PRESENTATIONS = "presentations", _("Presentations")
    VIDEO_LECTURES = "video_lectures", _("Video lectures")
    AUDIO_LECTURES = "audio_lectures", _("Audio lectures")
    LAB_PRACTICUM = "lab_practicum", _("Lab practicums and virtual labs")
    SRS_ASSIGNMENTS = "srs_assignments", _("Independent work (СРС) assignments")
    ASSESSMENT_FUND = "assessment_fund", _("Assessment fund (tests and control tasks)")
    LITERATURE = "literature", _("Literature list")
    GLOSSARY = "glossary", _("Glossary")


COMPONENT_ORDER = {kind.value: i for i, kind in enumerate(ComponentKind)}

# The default required set (п. 4.6), until the editorial office changes it.
DEFAULT_REQUIRED = (
    ComponentKind.SYLLABUS,
    ComponentKind.LECTURE_NOTES,
    ComponentKind.SRS_ASSIGNMENTS,
    ComponentKind.ASSESSMENT_FUND,
    ComponentKind.LITERATURE,
)


class ComponentRequirement(models.Model):
    """Whether a component must be present in every ЭУМК: set by the editorial office (п. 4.6)."""

    kind = models.CharField(
        _("component"), max_length=30, choices=ComponentKind.choices, unique=True
    )
    required = models.BooleanField(_("required"), default=False)
    guidance = models.TextField(_("requirements of the editorial office"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("ЭУМК component requirement")
        verbose_name_plural = _("ЭУМК component requirements")
        ordering = ["kind"]

    def __str__(self) -> str:
        return self.get_kind_display()


class Course(models.Model):
    """A discipline taught in a semester to one or more groups (п. 5.2)."""

    discipline = models.ForeignKey(
        "academics.Discipline",
        verbose_name=_("discipline"),
        on_delete=models.PROTECT,
        related_name="courses",
    )
    semester = models.ForeignKey(
        "academics.Semester",
        verbose_name=_("semester"),
        on_delete=models.PROTECT,
        related_name="courses",
    )
    groups = models.ManyToManyField(
        "academics.StudentGroup", verbose_name=_("groups"), related_name="courses", blank=True
    )
    teachers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("teachers"), related_name="taught_courses"
    )
    tutors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tutors"),
        related_name="tutored_courses",
        blank=True,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["discipline__name", "-semester__start"]
        constraints = [
            models.UniqueConstraint(fields=["discipline", "semester"], name="content_course_once"),
        ]

    def __str__(self) -> str:
        return f"{self.discipline} ({self.semester})"

    def get_absolute_url(self) -> str:
        return reverse("content:course", args=[self.pk])


class Umk(models.Model):
    """The ЭУМК of a discipline (п. 3.2): reused by every semester's course."""

    discipline = models.OneToOneField(
        "academics.Discipline",
        verbose_name=_("discipline"),
        on_delete=models.PROTECT,
        related_name="umk",
    )
    # п. 4.8: the head of department may appoint a reviewer for the department step.
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("appointed reviewer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviewed_umks",
    )
    published_version = models.ForeignKey(
        "UmkVersion",
        verbose_name=_("published version"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # п. 4.8: when the published content was last revised (its publication date).
    last_revised_at = models.DateTimeField(_("last revised"), null=True, blank=True)
    # п. 4.8: when its department and teachers were told it is out of date (once per
    # revision: a new publication moves ``last_revised_at`` past it).
    stale_notified_at = models.DateTimeField(_("flagged as out of date"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("ЭУМК")
        verbose_name_plural = _("ЭУМК")
        ordering = ["discipline__name"]

    def __str__(self) -> str:
        return str(_("ЭУМК «%(discipline)s»") % {"discipline": self.discipline})

    def get_absolute_url(self) -> str:
        return reverse("content:umk", args=[self.pk])


OPEN_STATUSES = (ApprovalStatus.DRAFT, ApprovalStatus.IN_REVIEW, ApprovalStatus.RETURNED)


class UmkVersion(ApprovableMixin, models.Model):
    """One edition of an ЭУМК: edited as a draft, reviewed, approved, published.

    ``returned_snapshot`` is the version's content when it was last returned for rework
    (``selectors.version_snapshot`` shape: ``[{"lineage", "component", "title", "kind",
    "digest", "hidden", "module"}]``), so a resubmission shows what changed.
    """

    umk = models.ForeignKey(
        Umk, verbose_name=_("ЭУМК"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    based_on = models.ForeignKey(
        "self",
        verbose_name=_("based on"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(_("what is new in this version"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    returned_snapshot = models.JSONField(_("content when returned"), default=list, blank=True)

    class Meta:
        verbose_name = _("ЭУМК version")
        verbose_name_plural = _("ЭУМК versions")
        ordering = ["umk", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["umk", "number"], name="content_version_number"),
            # One edition in work at a time: a draft, under review or returned.
            models.UniqueConstraint(
                fields=["umk"],
                condition=Q(status__in=["draft", "in_review", "returned"]),
                name="content_one_open_version",
            ),
        ]

    def __str__(self) -> str:
        return str(_("%(umk)s, version %(number)s") % {"umk": self.umk, "number": self.number})

    def get_absolute_url(self) -> str:
        return reverse("content:version", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        """Teachers edit a draft or a version returned for rework, nothing else."""
        return self.status in (ApprovalStatus.DRAFT, ApprovalStatus.RETURNED)

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class ResourceKind(models.TextChoices):
    FILE = "file", _("File")
    LINK = "link", _("External link")
    VIDEO = "video", _("Embedded video")
    PAGE = "page", _("Text page")


class Resource(models.Model):
    """One ЭОР (п. 1.5, 3.2) in a component of an ЭУМК version."""

    version = models.ForeignKey(
        UmkVersion, verbose_name=_("version"), on_delete=models.CASCADE, related_name="resources"
    )
    component = models.CharField(_("component"), max_length=30, choices=ComponentKind.choices)
    module = models.ForeignKey(
        "academics.DisciplineModule",
        verbose_name=_("module"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="resources",
        help_text=_("Leave empty for materials of the whole discipline."),
    )
    lineage = models.UUIDField(_("lineage"), default=uuid.uuid4, db_index=True, editable=False)
    kind = models.CharField(_("kind"), max_length=10, choices=ResourceKind.choices)
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    is_hidden = models.BooleanField(_("hidden"), default=False)
    file = models.FileField(_("file"), upload_to="content/%Y/%m/", blank=True, max_length=255)
    file_type = models.CharField(_("file type"), max_length=10, blank=True)
    file_size = models.PositiveBigIntegerField(_("size"), default=0)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    url = models.URLField(_("address (URL)"), max_length=1000, blank=True)
    body = models.TextField(_("text (Markdown)"), blank=True)
    body_html = models.TextField(_("text (HTML)"), blank=True, editable=False)
    # sha256 of the content (file bytes, URL or text): "what changed" compares it.
    digest = models.CharField(_("checksum"), max_length=64, blank=True)
    # When the content last changed; a copy into a new version keeps it (п. 5.2 "what is new").
    revised_at = models.DateTimeField(_("content revised"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("electronic resource (ЭОР)")
        verbose_name_plural = _("electronic resources (ЭОР)")
        ordering = ["version", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "lineage"], name="content_lineage_once"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("content:resource", args=[self.pk])

    @property
    def opens_inline(self) -> bool:
        from .files import INLINE_TYPES

        return self.kind == ResourceKind.FILE and self.file_type in INLINE_TYPES


class ReviewComment(models.Model):
    """A reviewer's remark on one component, attached to the decision that returned it."""

    version = models.ForeignKey(
        UmkVersion, verbose_name=_("version"), on_delete=models.CASCADE, related_name="comments"
    )
    decision = models.ForeignKey(
        "core.ApprovalDecision",
        verbose_name=_("decision"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    component = models.CharField(_("component"), max_length=30, choices=ComponentKind.choices)
    text = models.TextField(_("comment"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_component_display()}: {self.text[:40]}"


class ResourceProgress(models.Model):
    """A student's marks on a material (п. 5.2): viewed, completed. Keyed by lineage, so the
    marks survive the publication of a new version."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("student"),
        on_delete=models.CASCADE,
        related_name="resource_progress",
    )
    lineage = models.UUIDField(_("material"))
    viewed_at = models.DateTimeField(_("viewed"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    class Meta:
        verbose_name = _("progress mark")
        verbose_name_plural = _("progress marks")
        constraints = [
            models.UniqueConstraint(fields=["user", "lineage"], name="content_progress_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.lineage}"


class CourseVisit(models.Model):
    """When a user last opened a course page: what is new since then is marked."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="visits"
    )
    previous_at = models.DateTimeField(_("previous visit"), null=True, blank=True)
    last_at = models.DateTimeField(_("last visit"))

    class Meta:
        verbose_name = _("course visit")
        verbose_name_plural = _("course visits")
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="content_visit_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}@{self.course_id}"
