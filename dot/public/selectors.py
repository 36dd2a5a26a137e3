"""Reads for the public pages."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet

from dot.org.models import OrgUnit, UnitKind

from .models import InfoPage, NormativeDocument


@dataclass
class FacultyEntry:
    faculty: OrgUnit
    departments: list[OrgUnit] = field(default_factory=list)


@dataclass
class PublicStructure:
    university: OrgUnit | None
    faculties: list[FacultyEntry]
    access_points: list[OrgUnit]


def public_structure() -> PublicStructure:
    """Faculties with their departments, and the access points (п. 2.2): one query."""
    units = OrgUnit.objects.active().filter(
        kind__in=[
            UnitKind.UNIVERSITY,
            UnitKind.FACULTY,
            UnitKind.DEPARTMENT,
            UnitKind.ACCESS_POINT,
        ]
    )
    university = None
    faculties: dict[int, FacultyEntry] = {}
    departments: list[OrgUnit] = []
    access_points: list[OrgUnit] = []
    # By name: ``path`` holds ids as text, so "/1/16/" would sort before "/1/8/".
    for unit in units.order_by("name", "pk"):
        if unit.kind == UnitKind.UNIVERSITY:
            university = unit
        elif unit.kind == UnitKind.FACULTY:
            faculties[unit.pk] = FacultyEntry(unit)
        elif unit.kind == UnitKind.DEPARTMENT:
            departments.append(unit)
        else:
            access_points.append(unit)
    for dept in departments:
        entry = faculties.get(dept.parent_id or 0)
        if entry is not None:
            entry.departments.append(dept)
    return PublicStructure(university, list(faculties.values()), access_points)


def published_pages() -> QuerySet[InfoPage]:
    return InfoPage.objects.filter(is_published=True)


def published_documents() -> QuerySet[NormativeDocument]:
    return NormativeDocument.objects.filter(is_published=True)
