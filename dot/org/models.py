"""The university's organisational structure (п. 2.2, 4.2–4.9).

One tree of units: the university at the root; faculties, offices and access points under
it; departments (кафедры) and the faculty teaching-methods council (УМС) under a faculty.
Role assignments are scoped to a unit and flow downward, so every unit keeps a
materialised ``path`` ("/1/4/9/") that makes "this unit and everything below it" one
indexed prefix query.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from dot.core.models import TimeStampedModel


class UnitKind(models.TextChoices):
    UNIVERSITY = "university", _("University")
    FACULTY = "faculty", _("Faculty")
    DEPARTMENT = "department", _("Department")
    OFFICE = "office", _("Office")
    ACCESS_POINT = "access_point", _("Access point")


class OfficeType(models.TextChoices):
    """Offices named by the regulation (section IV)."""

    RECTORATE = "rectorate", _("Rectorate")
    ACADEMIC = "academic", _("Academic office (УО)")
    EDITORIAL = "editorial", _("Editorial office (РИО)")
    IT = "it", _("IT office (ОИТЦ)")
    ADMISSIONS = "admissions", _("Admissions committee")
    RESEARCH = "research", _("Research office")
    METHODS_COUNCIL = "methods_council", _("Faculty teaching-methods council (УМС)")
    DEANS_OFFICE = "deans_office", _("Dean's office")


# Which kinds may stand under which (None: the root).
ALLOWED_PARENTS: dict[str, tuple[str | None, ...]] = {
    UnitKind.UNIVERSITY: (None,),
    UnitKind.FACULTY: (UnitKind.UNIVERSITY,),
    UnitKind.DEPARTMENT: (UnitKind.FACULTY,),
    UnitKind.OFFICE: (UnitKind.UNIVERSITY, UnitKind.FACULTY),
    UnitKind.ACCESS_POINT: (UnitKind.UNIVERSITY,),
}


class OrgUnitQuerySet(models.QuerySet["OrgUnit"]):
    def active(self) -> OrgUnitQuerySet:
        return self.filter(is_active=True)

    def faculties(self) -> OrgUnitQuerySet:
        return self.filter(kind=UnitKind.FACULTY)

    def departments(self) -> OrgUnitQuerySet:
        return self.filter(kind=UnitKind.DEPARTMENT)

    def access_points(self) -> OrgUnitQuerySet:
        return self.filter(kind=UnitKind.ACCESS_POINT)

    def within(self, unit: OrgUnit) -> OrgUnitQuerySet:
        """The unit itself and every unit below it."""
        return self.filter(path__startswith=unit.path)


class OrgUnit(TimeStampedModel):
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    office_type = models.CharField(
        _("office type"), max_length=20, choices=OfficeType.choices, blank=True
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    name = models.CharField(_("name"), max_length=255)
    name_ky = models.CharField(_("name in Kyrgyz"), max_length=255, blank=True)
    name_en = models.CharField(_("name in English"), max_length=255, blank=True)
    short_name = models.CharField(_("short name"), max_length=50, blank=True)
    code = models.SlugField(_("code"), max_length=50, unique=True)
    description = models.TextField(_("description"), blank=True)
    # Contact data: used for access points (п. 2.2) and shown on the public pages.
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    head_title = models.CharField(_("head's title"), max_length=100, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(editable=False, default=0)

    objects = OrgUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisational unit")
        verbose_name_plural = _("organisational units")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind"],
                condition=models.Q(kind="university"),
                name="org_single_university",
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name in the active language, falling back to Russian."""
        from django.utils.translation import get_language

        lang = (get_language() or "ru")[:2]
        if lang == "ky" and self.name_ky:
            return self.name_ky
        if lang == "en" and self.name_en:
            return self.name_en
        return self.name

    def is_within(self, other: OrgUnit) -> bool:
        """True when this unit is ``other`` or lies below it."""
        return self.path.startswith(other.path)

    def ancestors_ids(self) -> list[int]:
        return [int(p) for p in self.path.strip("/").split("/") if p]

    def faculty(self) -> OrgUnit | None:
        """The faculty this unit belongs to (itself for a faculty)."""
        unit: OrgUnit | None = self
        while unit is not None:
            if unit.kind == UnitKind.FACULTY:
                return unit
            unit = unit.parent
        return None
