"""Reads of courses and ЭУМК: the checklist, what changed, readiness, the course page."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from dot.academics.models import Discipline, DisciplineModule, Student, StudentStatus
from dot.core.approvals.selectors import pending_for
from dot.core.models import ApprovalStatus

from .approval import UMK_ROUTE
from .conf import stale_days
from .models import (
    COMPONENT_ORDER,
    DEFAULT_REQUIRED,
    ComponentKind,
    ComponentRequirement,
    Course,
    CourseVisit,
    Resource,
    ResourceProgress,
    ReviewComment,
    Umk,
    UmkVersion,
)

# --- Requirements and the completeness checklist (п. 4.6) ---------------------------------


def required_kinds() -> set[str]:
    """The components the editorial office requires (its table, else the default set)."""
    rows = dict(ComponentRequirement.objects.values_list("kind", "required"))
    if not rows:
        return {k.value for k in DEFAULT_REQUIRED}
    return {k for k, required in rows.items() if required}


@dataclass
class ChecklistRow:
    kind: str
    label: str | Promise
    required: bool
    count: int
    resources: list[Resource] = field(default_factory=list)
    comments: list[ReviewComment] = field(default_factory=list)

    @property
    def present(self) -> bool:
        return self.count > 0


def checklist(version: UmkVersion, resources: list[Resource] | None = None) -> list[ChecklistRow]:
    """Every component with its visible materials, required or not (two queries)."""
    required = required_kinds()
    if resources is None:
        resources = list(version_resources(version))
    rows = {k.value: ChecklistRow(k.value, k.label, k.value in required, 0) for k in ComponentKind}
    for r in resources:
        row = rows[r.component]
        row.resources.append(r)
        if not r.is_hidden:
            row.count += 1
    return list(rows.values())


def version_resources(version: UmkVersion) -> QuerySet[Resource]:
    return version.resources.select_related("module").order_by("order", "id")


def missing_required(version: UmkVersion) -> list[str]:
    return [str(row.label) for row in checklist(version) if row.required and not row.present]


# --- What changed (п. 4.6: a resubmission shows the changes) ------------------------------


def version_snapshot(version: UmkVersion) -> list[dict[str, Any]]:
    """The content of a version in a comparable form (see ``UmkVersion.returned_snapshot``)."""
    return [
        {
            "lineage": str(r.lineage),
            "component": r.component,
            "title": r.title,
            "kind": r.kind,
            "digest": r.digest,
            "hidden": r.is_hidden,
            "module": r.module_id,
        }
        for r in version.resources.order_by("order", "id")
    ]


@dataclass
class Change:
    kind: str  # "added", "removed", "changed"
    component: str
    title: str
    details: list[str] = field(default_factory=list)

    @property
    def component_label(self) -> str:
        return str(dict(ComponentKind.choices).get(self.component, self.component))


def diff_snapshots(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[Change]:
    """Materials added, removed or changed between two snapshots, by lineage."""
    before = {row["lineage"]: row for row in old}
    after = {row["lineage"]: row for row in new}
    changes: list[Change] = []
    for lineage, row in after.items():
        prev = before.get(lineage)
        if prev is None:
            changes.append(Change("added", row["component"], row["title"]))
            continue
        details = []
        if prev["title"] != row["title"]:
            details.append(
                _("title: «%(old)s» → «%(new)s»") % {"old": prev["title"], "new": row["title"]}
            )
        if prev["digest"] != row["digest"]:
            details.append(_("content replaced"))
        if prev["component"] != row["component"]:
            details.append(_("moved to another component"))
        if prev["hidden"] != row["hidden"]:
            details.append(_("hidden") if row["hidden"] else _("shown again"))
        if prev.get("module") != row.get("module"):
            details.append(_("moved to another module"))
        if details:
            changes.append(Change("changed", row["component"], row["title"], details))
    for lineage, row in before.items():
        if lineage not in after:
            changes.append(Change("removed", row["component"], row["title"]))
    changes.sort(key=lambda c: (COMPONENT_ORDER.get(c.component, 99), c.kind, c.title))
    return changes


def changes_since_return(version: UmkVersion) -> list[Change] | None:
    """What changed since the version was last returned (None if it never was)."""
    if not version.returned_snapshot:
        return None
    return diff_snapshots(version.returned_snapshot, version_snapshot(version))


def changes_since_published(version: UmkVersion) -> list[Change] | None:
    """What differs from the version students see now (None when nothing is published)."""
    published = version.umk.published_version
    if published is None or published.pk == version.pk:
        return None
    return diff_snapshots(version_snapshot(published), version_snapshot(version))


def comments_by_component(version: UmkVersion) -> dict[str, list[ReviewComment]]:
    grouped: dict[str, list[ReviewComment]] = defaultdict(list)
    for c in version.comments.select_related("author", "decision"):
        grouped[c.component].append(c)
    return dict(grouped)


# --- Keeping current (п. 4.8) ------------------------------------------------------------


def stale_before() -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=stale_days())


def is_stale(umk: Umk) -> bool:
    """Published, and not revised for ``DOT_UMK_STALE_DAYS`` (п. 4.8)."""
    return umk.last_revised_at is not None and umk.last_revised_at < stale_before()


def stale_q() -> Q:
    return Q(last_revised_at__lt=stale_before())


# --- Readiness for DOT (п. 5.4.2) ---------------------------------------------------------


@dataclass(frozen=True)
class Readiness:
    """May the discipline (or module) be studied by DOT, and if not, why (п. 5.4.2)."""

    ready: bool
    reasons: list[str]
    version: UmkVersion | None = None

    def __bool__(self) -> bool:
        return self.ready


def dot_readiness(discipline: Discipline, module: DisciplineModule | None = None) -> Readiness:
    """п. 5.4.2: DOT only when the discipline has an approved, published ЭУМК holding
    independent-work (СРС) assignments and an assessment fund.

    For a module, the ЭУМК must hold them for that module: materials tagged with the
    module, or materials of the whole discipline (no module), which cover every module.
    Hidden materials do not count. Reasons are in the current language.
    """
    umk = Umk.objects.filter(discipline=discipline).select_related("published_version").first()
    version = umk.published_version if umk is not None else None
    if version is None:
        reason = (
            _("п. 5.4.2: the discipline has no ЭУМК.")
            if umk is None
            else _("п. 5.4.2: the discipline's ЭУМК has no approved and published version.")
        )
        return Readiness(False, [reason])
    if version.status != ApprovalStatus.APPROVED:
        return Readiness(False, [_("п. 5.4.2: the published ЭУМК version is not approved.")])
    materials = version.resources.filter(is_hidden=False)
    if module is not None:
        materials = materials.filter(Q(module=module) | Q(module__isnull=True))
    present = set(materials.values_list("component", flat=True).distinct())
    reasons = []
    where = (
        _(" for the module «%(module)s»") % {"module": module.title} if module is not None else ""
    )
    if ComponentKind.SRS_ASSIGNMENTS not in present:
        reasons.append(
            _("п. 5.4.2: the ЭУМК has no independent-work (СРС) assignments%(where)s.")
            % {"where": where}
        )
    if ComponentKind.ASSESSMENT_FUND not in present:
        reasons.append(_("п. 5.4.2: the ЭУМК has no assessment fund%(where)s.") % {"where": where})
    return Readiness(not reasons, reasons, version)


# --- Review queue -------------------------------------------------------------------------


def review_queue(user: Any) -> QuerySet[UmkVersion]:
    """Versions waiting for the user's decision: the route's queue plus, for an appointed
    reviewer, the department step of the ЭУМК they review."""
    q = Q(pk__in=pending_for(user, UMK_ROUTE).values("pk"))
    if getattr(user, "is_authenticated", False):
        q |= Q(status=ApprovalStatus.IN_REVIEW, approval_step="department", umk__reviewer=user)
    return (
        UmkVersion.objects.filter(q)
        .select_related("umk__discipline__department", "created_by")
        .order_by("created_at")
    )


# --- Courses and the course page ---------------------------------------------------------


def course_students(course: Course) -> QuerySet[Student]:
    """Students of the course: studying, in one of its groups, registered to its discipline
    for its semester (п. 4.7: the dean's office registers them)."""
    return (
        Student.objects.filter(
            status=StudentStatus.STUDYING,
            group__in=course.groups.all(),
            registrations__semester=course.semester,
            registrations__curriculum_line__discipline=course.discipline,
        )
        .select_related("user", "group")
        .distinct()
    )


def course_list(qs: QuerySet[Course]) -> QuerySet[Course]:
    return qs.select_related(
        "discipline__department", "discipline__umk", "semester__academic_year"
    ).prefetch_related("groups", "teachers")


@dataclass
class Section:
    title: str
    module: DisciplineModule | None
    items: list[Resource]
    done: int = 0


@dataclass
class CoursePage:
    course: Course
    version: UmkVersion | None
    sections: list[Section]
    total: int
    completed: int
    viewed: set[str]
    completed_set: set[str]
    new: set[int]

    @property
    def percent(self) -> int:
        return round(100 * self.completed / self.total) if self.total else 0


def published_materials(version: UmkVersion) -> list[Resource]:
    return list(
        version.resources.filter(is_hidden=False)
        .select_related("module")
        .order_by("module__order", "order", "id")
    )


def course_page(course: Course, user: Any, previous_visit: datetime.datetime | None) -> CoursePage:
    """The published materials by module, the user's marks, what is new (constant queries)."""
    umk = (
        Umk.objects.filter(discipline_id=course.discipline_id)
        .select_related("published_version")
        .first()
    )
    version = umk.published_version if umk is not None else None
    items = published_materials(version) if version is not None else []
    marks = ResourceProgress.objects.filter(user=user, lineage__in=[r.lineage for r in items])
    viewed = {str(m.lineage) for m in marks if m.viewed_at}
    completed = {str(m.lineage) for m in marks if m.completed_at}
    sections: dict[int | None, Section] = {}
    general = Section(_("Materials of the whole discipline"), None, [])
    for r in items:
        if r.module is None:
            general.items.append(r)
            continue
        section = sections.setdefault(r.module_id, Section(str(r.module), r.module, []))
        section.items.append(r)
    ordered = ([general] if general.items else []) + list(sections.values())
    for section in ordered:
        section.items.sort(key=lambda r: (COMPONENT_ORDER.get(r.component, 99), r.order, r.id))
        section.done = sum(1 for r in section.items if str(r.lineage) in completed)
    new = (
        {r.pk for r in items if r.revised_at > previous_visit}
        if previous_visit is not None
        else set()
    )
    return CoursePage(
        course=course,
        version=version,
        sections=ordered,
        total=len(items),
        completed=len(completed),
        viewed=viewed,
        completed_set=completed,
        new=new,
    )


@dataclass
class StudentProgress:
    student: Student
    viewed: int
    completed: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.completed / self.total) if self.total else 0


def course_progress(course: Course, version: UmkVersion | None) -> list[StudentProgress]:
    """Each student's progress on the published materials (three queries)."""
    students = list(course_students(course))
    lineages = [r.lineage for r in published_materials(version)] if version is not None else []
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for user_id, viewed_at, completed_at in ResourceProgress.objects.filter(
        user_id__in=[s.user_id for s in students], lineage__in=lineages
    ).values_list("user_id", "viewed_at", "completed_at"):
        counts[user_id][0] += viewed_at is not None
        counts[user_id][1] += completed_at is not None
    return [
        StudentProgress(s, counts[s.user_id][0], counts[s.user_id][1], len(lineages))
        for s in students
    ]


def last_visit(user: Any, course: Course) -> CourseVisit | None:
    return CourseVisit.objects.filter(user=user, course=course).first()


# --- Lists and the publication-status report ----------------------------------------------


def umk_rows(qs: QuerySet[Umk]) -> QuerySet[Umk]:
    """ЭУМК with discipline, department, faculty and all versions (two queries)."""
    return qs.select_related(
        "discipline__department__parent", "published_version", "reviewer"
    ).prefetch_related(
        Prefetch(
            "versions",
            queryset=UmkVersion.objects.order_by("-number"),
            to_attr="all_versions",
        )
    )


# States of an ЭУМК in lists and the report: a version status, or these two.
STATE_PUBLISHED = "published"
STATE_NONE = "none"


def state_label(state: str) -> str:
    labels = {
        **dict(ApprovalStatus.choices),
        ApprovalStatus.APPROVED: _("Approved, awaiting publication"),
        STATE_PUBLISHED: _("Published"),
        STATE_NONE: _("No version"),
    }
    return str(labels.get(state, state))


@dataclass
class StatusRow:
    umk: Umk
    faculty: str
    department: str
    published: UmkVersion | None
    working: UmkVersion | None
    stale: bool

    @property
    def state(self) -> str:
        """The newest version's status when it is newer than the published one."""
        if self.working is not None:
            return self.working.status
        return STATE_PUBLISHED if self.published is not None else STATE_NONE

    @property
    def state_label(self) -> str:
        return state_label(self.state)


def status_rows(qs: QuerySet[Umk]) -> list[StatusRow]:
    limit = stale_before()
    rows = []
    for umk in umk_rows(qs):
        versions: list[UmkVersion] = getattr(umk, "all_versions", [])
        published = umk.published_version
        newest = versions[0] if versions else None
        working = (
            newest
            if newest is not None and (published is None or newest.number > published.number)
            else None
        )
        department = umk.discipline.department
        rows.append(
            StatusRow(
                umk=umk,
                faculty=str(department.parent) if department.parent_id else "",
                department=str(department),
                published=published,
                working=working,
                stale=umk.last_revised_at is not None and umk.last_revised_at < limit,
            )
        )
    return rows
