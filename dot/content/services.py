"""Writes of courses and ЭУМК. Keyword-only, atomic, audited; permission checks live in
``permissions`` and are called by views and the API before these."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterable, Mapping, Sequence
from typing import IO, Any, cast

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dot.academics.models import (
    Discipline,
    DisciplineModule,
    Semester,
    StudentGroup,
    TeachingAssignment,
)
from dot.core.approvals.services import ApprovalError, approval_decide, approval_submit
from dot.core.audit import audit_record, snapshot_changes
from dot.core.models import ApprovalDecision, ApprovalStatus, DecisionAction

from .approval import UMK_ROUTE
from .files import check_upload, digest_stream, digest_text
from .models import (
    OPEN_STATUSES,
    ComponentKind,
    ComponentRequirement,
    Course,
    CourseVisit,
    Resource,
    ResourceKind,
    ResourceProgress,
    ReviewComment,
    Umk,
    UmkVersion,
)
from .rendering import markdown_to_html

# --- Courses ----------------------------------------------------------------------------


@transaction.atomic
def course_create(
    *,
    discipline: Discipline,
    semester: Semester,
    groups: Iterable[StudentGroup],
    actor: Any,
    teachers: Iterable[Any] | None = None,
) -> Course:
    """A course of a discipline in a semester; teachers default to those assigned to the
    discipline in that semester (academics teaching assignments), tutors to the groups'."""
    groups = list(groups)
    course, created = Course.objects.get_or_create(discipline=discipline, semester=semester)
    course.groups.add(*groups)
    if teachers is None:
        teacher_ids = TeachingAssignment.objects.filter(
            discipline=discipline, semester=semester
        ).values_list("teacher_id", flat=True)
        course.teachers.add(*set(teacher_ids))
    else:
        course.teachers.add(*teachers)
    course.tutors.add(*{g.tutor_id for g in groups if g.tutor_id})
    audit_record(
        actor=actor,
        obj=course,
        action="content.course_create" if created else "content.course_update",
        changes={"groups": [None, ", ".join(g.name for g in groups)]},
    )
    return course


@transaction.atomic
def courses_sync(*, semester: Semester, actor: Any) -> list[Course]:
    """Create or complete the semester's courses from the teaching assignments (п. 4.8):
    one course per discipline, with every assigned group, teacher and the groups' tutors.
    Never removes anything a person added by hand."""
    rows = (
        TeachingAssignment.objects.filter(semester=semester, group__isnull=False)
        .select_related("group")
        .order_by("discipline_id", "group_id")
    )
    plan: dict[int, tuple[set[int], set[int], set[int]]] = {}
    for a in rows:
        groups, teachers, tutors = plan.setdefault(a.discipline_id, (set(), set(), set()))
        groups.add(a.group_id)  # type: ignore[arg-type]
        teachers.add(a.teacher_id)
        if a.group is not None and a.group.tutor_id:
            tutors.add(a.group.tutor_id)
    courses = []
    for discipline_id, (groups, teachers, tutors) in plan.items():
        course, created = Course.objects.get_or_create(
            discipline_id=discipline_id, semester=semester
        )
        course.groups.add(*groups)
        course.teachers.add(*teachers)
        course.tutors.add(*tutors)
        if created:
            audit_record(actor=actor, obj=course, action="content.course_create")
        courses.append(course)
    return courses


# --- ЭУМК and versions ------------------------------------------------------------------


@transaction.atomic
def umk_create(*, discipline: Discipline, actor: Any) -> Umk:
    """The ЭУМК of a discipline with its first draft version."""
    if Umk.objects.filter(discipline=discipline).exists():
        raise ValidationError(_("The discipline already has an ЭУМК."), code="exists")
    umk = Umk.objects.create(discipline=discipline)
    UmkVersion.objects.create(umk=umk, number=1, created_by=actor)
    audit_record(actor=actor, obj=umk, action="content.umk_create")
    return umk


@transaction.atomic
def umk_version_start(*, umk: Umk, actor: Any, note: str = "") -> UmkVersion:
    """A new draft copying the newest version (published or not): п. 4.8 keeping current.

    Copies keep their lineage and the same stored file (files are never changed in place).
    """
    Umk.objects.select_for_update().get(pk=umk.pk)
    if umk.versions.filter(status__in=OPEN_STATUSES).exists():
        raise ValidationError(
            _("A version of this ЭУМК is already in work: finish it first."), code="open_version"
        )
    source = umk.versions.order_by("-number").first()
    number = (source.number if source else 0) + 1
    version = UmkVersion.objects.create(
        umk=umk, number=number, based_on=source, created_by=actor, note=note
    )
    if source is not None:
        copies = []
        for r in source.resources.all():
            r.pk = None
            r.id = None
            r.version = version
            r._state.adding = True
            copies.append(r)
        Resource.objects.bulk_create(copies)
    audit_record(
        actor=actor, obj=version, action="content.version_start", changes={"number": [None, number]}
    )
    return version


@transaction.atomic
def umk_set_reviewer(*, umk: Umk, actor: Any, reviewer: Any | None) -> Umk:
    changes = snapshot_changes(umk, {"reviewer": reviewer})
    umk.reviewer = reviewer
    umk.save(update_fields=["reviewer"])
    audit_record(actor=actor, obj=umk, action="content.reviewer_set", changes=changes)
    return umk


def umk_version_submit(*, version: UmkVersion, actor: Any, comment: str = "") -> ApprovalDecision:
    """Send a draft (or a returned version) to the department (п. 4.6, 4.8)."""
    return approval_submit(obj=version, route=UMK_ROUTE, actor=actor, comment=comment)


@transaction.atomic
def umk_version_decide(
    *,
    version: UmkVersion,
    actor: Any,
    decision: str,
    comment: str = "",
    component_comments: Mapping[str, str] | None = None,
    step: str | None = None,
) -> ApprovalDecision:
    """A reviewer's decision; remarks on components are attached to the decision.

    Returning needs a comment: the general one or at least one on a component.
    """
    remarks = {k: v.strip() for k, v in (component_comments or {}).items() if v and v.strip()}
    unknown = set(remarks) - set(ComponentKind.values)
    if unknown:
        raise ApprovalError(_("Unknown component."), code="unknown_component")
    if decision != DecisionAction.APPROVE and not comment.strip() and remarks:
        comment = _("See the comments on the components.")
    row = approval_decide(
        obj=version, route=UMK_ROUTE, actor=actor, decision=decision, comment=comment, step=step
    )
    ReviewComment.objects.bulk_create(
        ReviewComment(version=version, decision=row, component=k, text=v, author=actor)
        for k, v in remarks.items()
    )
    return row


@transaction.atomic
def umk_version_publish(*, version: UmkVersion, actor: Any) -> UmkVersion:
    """Make an approved version the one students see (п. 5.4.5: the methods council).

    Only an approved version can be published; the previous one stays readable by staff.
    """
    locked = UmkVersion.objects.select_for_update().select_related("umk").get(pk=version.pk)
    if locked.status != ApprovalStatus.APPROVED:
        raise ValidationError(
            _("Only an approved version can be published (п. 4.6)."), code="not_approved"
        )
    if locked.published_at is not None:
        raise ValidationError(_("This version is already published."), code="published")
    umk = Umk.objects.select_for_update().get(pk=locked.umk_id)
    now = timezone.now()
    previous = umk.published_version_id
    locked.published_at = now
    locked.published_by = actor
    locked.save(update_fields=["published_at", "published_by"])
    umk.published_version = locked
    umk.last_revised_at = now
    umk.save(update_fields=["published_version", "last_revised_at"])
    audit_record(
        actor=actor,
        obj=umk,
        action="content.publish",
        changes={"published_version": [previous, locked.pk]},
    )
    _notify_published(locked, actor)
    version.published_at, version.published_by = locked.published_at, actor
    return locked


def _notify_published(version: UmkVersion, actor: Any) -> None:
    try:
        from dot.communication.services import notify
    except ImportError:  # the notification app is optional
        return
    recipients = [u for u in [version.created_by] if u is not None]
    if not recipients:
        return
    title = gettext_lazy("The ЭУМК is published")
    transaction.on_commit(
        lambda: notify(
            recipients=recipients,
            kind="system",
            title=title,
            body=str(version.umk.discipline),
            url=version.get_absolute_url(),
            actor=actor,
        ),
        robust=True,
    )


# --- Requirements (п. 4.6) --------------------------------------------------------------


@transaction.atomic
def requirements_set(*, actor: Any, values: Mapping[str, tuple[bool, str]]) -> None:
    """The editorial office sets which components are required, with its guidance."""
    for kind, (required, guidance) in values.items():
        if kind not in ComponentKind.values:
            raise ValidationError(_("Unknown component."), code="unknown_component")
        row, _created = ComponentRequirement.objects.get_or_create(kind=kind)
        changes = snapshot_changes(row, {"required": required, "guidance": guidance})
        if changes or _created:
            row.required, row.guidance, row.updated_by = required, guidance, actor
            row.save()
            audit_record(actor=actor, obj=row, action="content.requirement_set", changes=changes)


# --- Resources ----------------------------------------------------------------------------


def _editable(version: UmkVersion) -> None:
    if not version.is_editable:
        raise ValidationError(
            _("This version is not a draft: materials can no longer be changed."),
            code="not_editable",
        )


def _next_order(version: UmkVersion) -> int:
    return (version.resources.aggregate(m=Max("order"))["m"] or 0) + 1


def _title_from(name: str) -> str:
    return os.path.splitext(os.path.basename(name))[0][:255] or name[:255]


def _stream(upload: UploadedFile) -> IO[bytes]:
    return cast(IO[bytes], upload)


def _store_file(resource: Resource, upload: UploadedFile) -> None:
    name = upload.name or "file"
    file_type = check_upload(_stream(upload), name, upload.size or 0)
    resource.file_type = file_type
    resource.file_size = upload.size or 0
    resource.original_name = os.path.basename(name)[:255]
    resource.digest = digest_stream(_stream(upload))
    extension = name.rsplit(".", 1)[-1].lower()
    # A random stored name: the user's name is kept only for the download header.
    resource.file.save(f"{uuid.uuid4().hex}.{extension}", upload, save=False)


@transaction.atomic
def resources_add_files(
    *,
    version: UmkVersion,
    actor: Any,
    uploads: Sequence[UploadedFile],
    component: str,
    module: DisciplineModule | None = None,
) -> list[Resource]:
    """Upload several files at once; every file is checked by its content first and
    nothing is saved unless all pass (the messages name each refused file)."""
    _editable(version)
    if not uploads:
        raise ValidationError(_("Choose at least one file."), code="required")
    errors = []
    for upload in uploads:
        try:
            check_upload(_stream(upload), upload.name or "file", upload.size or 0)
        except ValidationError as error:
            errors.extend(error.messages)
    if errors:
        raise ValidationError(errors, code="bad_file")
    order = _next_order(version)
    now = timezone.now()
    created = []
    for i, upload in enumerate(uploads):
        resource = Resource(
            version=version,
            component=component,
            module=module,
            kind=ResourceKind.FILE,
            title=_title_from(upload.name or "file"),
            order=order + i,
            revised_at=now,
            created_by=actor,
        )
        _store_file(resource, upload)
        resource.save()
        created.append(resource)
    audit_record(
        actor=actor,
        obj=version,
        action="content.files_add",
        changes={"files": [None, ", ".join(r.original_name for r in created)]},
    )
    return created


@transaction.atomic
def resource_add(
    *,
    version: UmkVersion,
    actor: Any,
    kind: str,
    component: str,
    title: str,
    module: DisciplineModule | None = None,
    description: str = "",
    url: str = "",
    body: str = "",
) -> Resource:
    """Add a link, an embedded video or a Markdown page."""
    _editable(version)
    resource = Resource(
        version=version,
        component=component,
        module=module,
        kind=kind,
        title=title,
        description=description,
        order=_next_order(version),
        revised_at=timezone.now(),
        created_by=actor,
    )
    _set_content(resource, url=url, body=body)
    resource.full_clean(exclude=["file", "revised_at"])
    resource.save()
    audit_record(actor=actor, obj=resource, action="content.resource_add")
    return resource


def _set_content(resource: Resource, *, url: str, body: str) -> None:
    if resource.kind in (ResourceKind.LINK, ResourceKind.VIDEO):
        if not url:
            raise ValidationError({"url": _("Enter the address (URL).")}, code="required")
        resource.url, resource.body, resource.body_html = url, "", ""
        resource.digest = digest_text(url)
    elif resource.kind == ResourceKind.PAGE:
        if not body.strip():
            raise ValidationError({"body": _("Write the text of the page.")}, code="required")
        resource.body, resource.url = body, ""
        resource.body_html = markdown_to_html(body)
        resource.digest = digest_text(body)


@transaction.atomic
def resource_update(
    *,
    resource: Resource,
    actor: Any,
    title: str,
    component: str,
    module: DisciplineModule | None = None,
    description: str = "",
    url: str = "",
    body: str = "",
    upload: UploadedFile | None = None,
) -> Resource:
    """Edit a material of a draft; a new file or text marks its content as revised."""
    _editable(resource.version)
    old_digest = resource.digest
    changes = snapshot_changes(
        resource,
        {"title": title, "component": component, "module": module, "description": description},
    )
    resource.title, resource.component = title, component
    resource.module, resource.description = module, description
    if resource.kind == ResourceKind.FILE:
        if upload is not None:
            _store_file(resource, upload)
    else:
        _set_content(resource, url=url, body=body)
    if resource.digest != old_digest:
        resource.revised_at = timezone.now()
        changes["content"] = [old_digest[:12], resource.digest[:12]]
    resource.full_clean(exclude=["file", "revised_at"])
    resource.save()
    audit_record(actor=actor, obj=resource, action="content.resource_update", changes=changes)
    return resource


@transaction.atomic
def resource_set_hidden(*, resource: Resource, actor: Any, hidden: bool) -> Resource:
    _editable(resource.version)
    changes = snapshot_changes(resource, {"is_hidden": hidden})
    resource.is_hidden = hidden
    resource.save(update_fields=["is_hidden"])
    audit_record(actor=actor, obj=resource, action="content.resource_hide", changes=changes)
    return resource


@transaction.atomic
def resource_move(*, resource: Resource, actor: Any, direction: str) -> Resource:
    """Swap the material with its neighbour above or below (within the version)."""
    _editable(resource.version)
    siblings = list(resource.version.resources.select_for_update().order_by("order", "id"))
    index = next(i for i, r in enumerate(siblings) if r.pk == resource.pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(siblings):
        siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, r in enumerate(siblings, start=1):
        if r.order != position:
            r.order = position
    Resource.objects.bulk_update(siblings, ["order"])
    resource.order = next(r.order for r in siblings if r.pk == resource.pk)
    audit_record(actor=actor, obj=resource, action="content.resource_move", comment=direction)
    return resource


@transaction.atomic
def resource_delete(*, resource: Resource, actor: Any) -> None:
    """Remove a material from a draft (the stored file stays: older versions use it)."""
    _editable(resource.version)
    audit_record(
        actor=actor, obj=resource.version, action="content.resource_delete", comment=resource.title
    )
    resource.delete()


# --- Students' marks (п. 5.2) -----------------------------------------------------------


def progress_mark(
    *, resource: Resource, user: Any, completed: bool | None = None
) -> ResourceProgress:
    """Mark a material viewed; ``completed`` True/False sets or clears the completion mark."""
    now = timezone.now()
    try:
        with transaction.atomic():
            mark, _created = ResourceProgress.objects.get_or_create(
                user=user, lineage=resource.lineage, defaults={"viewed_at": now}
            )
    except IntegrityError:  # two tabs at once: the other created it
        mark = ResourceProgress.objects.get(user=user, lineage=resource.lineage)
    fields = []
    if mark.viewed_at is None:
        mark.viewed_at = now
        fields.append("viewed_at")
    if completed is True and mark.completed_at is None:
        mark.completed_at = now
        fields.append("completed_at")
    elif completed is False and mark.completed_at is not None:
        mark.completed_at = None
        fields.append("completed_at")
    if fields:
        mark.save(update_fields=fields)
    return mark


def course_visit(*, course: Course, user: Any) -> CourseVisit:
    """Record a visit; the returned row's ``previous_at`` is the visit before this one."""
    now = timezone.now()
    visit, created = CourseVisit.objects.get_or_create(
        user=user, course=course, defaults={"last_at": now}
    )
    if not created:
        visit.previous_at, visit.last_at = visit.last_at, now
        visit.save(update_fields=["previous_at", "last_at"])
    return visit


# --- Keeping the ЭУМК current (п. 4.8) ----------------------------------------------------

# A service message of the portal (mandatory, e-mailed): п. 4.8 obliges the department.
STALE_KIND = "system"


def umk_flag_stale(*, actor: Any = None) -> list[Umk]:
    """Tell the head of the department and the teachers of every ЭУМК not revised for
    ``DOT_UMK_STALE_DAYS`` that it must be brought up to date (п. 4.8).

    Idempotent: each ЭУМК is flagged once per revision (``stale_notified_at``); a new
    publication revises it and a later staleness is flagged again. Returns the flagged.
    """
    from django.db.models import F, Q

    from dot.accounts.models import Role, RoleAssignment, User
    from dot.communication.services import notify

    from .selectors import stale_q

    flagged = []
    candidates = (
        Umk.objects.filter(stale_q())
        .filter(Q(stale_notified_at__isnull=True) | Q(stale_notified_at__lt=F("last_revised_at")))
        .select_related("discipline__department")
    )
    for umk in candidates:
        with transaction.atomic():
            locked = Umk.objects.select_for_update().get(pk=umk.pk)
            if locked.stale_notified_at and locked.stale_notified_at >= (
                locked.last_revised_at or locked.stale_notified_at
            ):
                continue
            heads = RoleAssignment.objects.current().filter(
                role=Role.HEAD_OF_DEPARTMENT, unit=umk.discipline.department
            )
            recipients = User.objects.filter(
                Q(pk__in=heads.values("user"))
                | Q(taught_courses__discipline=umk.discipline)
                | Q(pk__in=locked.versions.values("created_by")),
                is_active=True,
            ).distinct()
            revised = locked.last_revised_at
            notify(
                recipients=list(recipients),
                kind=STALE_KIND,
                title=format_lazy(
                    gettext_lazy("The ЭУМК «{discipline}» needs revision"),
                    discipline=umk.discipline.name,
                ),
                body=format_lazy(
                    gettext_lazy(
                        "It was last revised on {date}; п. 4.8 requires the teaching "
                        "materials to be kept up to date. Start a new version, revise it "
                        "and submit it for review."
                    ),
                    date=revised.strftime("%d.%m.%Y") if revised else "—",
                ),
                url=locked.get_absolute_url(),
            )
            locked.stale_notified_at = timezone.now()
            locked.save(update_fields=["stale_notified_at"])
            audit_record(
                actor=actor,
                obj=locked,
                action="flagged_stale",
                comment=f"last revised {revised:%Y-%m-%d}" if revised else "",
            )
            flagged.append(locked)
    return flagged
