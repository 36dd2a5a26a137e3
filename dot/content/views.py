"""Pages of courses and ЭУМК: thin views over ``permissions``, ``selectors``, ``services``.

Objects the caller may not see (or act on) answer 404, exactly like missing ones.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from dot.accounts.models import Role, User
from dot.core.approvals.selectors import timeline
from dot.core.approvals.services import ApprovalError, ApprovalPermissionError
from dot.core.models import ApprovalStatus, DecisionAction
from dot.core.permissions import can_decide, can_submit
from dot.org.models import OrgUnit, UnitKind

from . import permissions, selectors, services
from .approval import UMK_ROUTE
from .case import case_zip_stream
from .embed import embed_url, is_media_file
from .files import content_type
from .forms import ReportFilterForm, ResourceForm, ReviewerForm, ReviewForm, SubmitForm, UploadForm
from .models import (
    ComponentKind,
    ComponentRequirement,
    Course,
    Resource,
    ResourceKind,
    Umk,
    UmkVersion,
)

View = Callable[..., HttpResponse]


def _errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _version_for_edit(request: HttpRequest, pk: int) -> UmkVersion:
    version = get_object_or_404(
        UmkVersion.objects.select_related("umk__discipline__department"), pk=pk
    )
    if not permissions.can_edit_version(request.user, version):
        raise Http404
    return version


def _resource_for_edit(request: HttpRequest, pk: int) -> Resource:
    resource = get_object_or_404(
        Resource.objects.select_related("version__umk__discipline__department"), pk=pk
    )
    if not permissions.can_edit_version(request.user, resource.version):
        raise Http404
    return resource


# --- Courses: students' side (п. 5.2) ---------------------------------------------------


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """My courses: those the user studies, teaches, tutors, or oversees."""
    qs = selectors.course_list(permissions.courses_visible_to(request.user)).order_by(
        "-semester__start", "discipline__name", "pk"
    )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "content/course_list.html", {"page": page})


def _course(request: HttpRequest, pk: int) -> Course:
    course = get_object_or_404(
        permissions.courses_visible_to(request.user).select_related(
            "discipline__department", "semester__academic_year"
        ),
        pk=pk,
    )
    return course


@login_required
def course_detail(request: HttpRequest, pk: int) -> HttpResponse:
    course = permissions.remember_access(_course(request, pk))
    visit = services.course_visit(course=course, user=request.user)
    data = selectors.course_page(course, request.user, visit.previous_at)
    staff = permissions.is_course_staff(request.user, course)
    progress = selectors.course_progress(course, data.version) if staff else None
    umk = Umk.objects.filter(discipline_id=course.discipline_id).first()
    return render(
        request,
        "content/course_detail.html",
        {
            "course": course,
            "data": data,
            "staff": staff,
            "progress": progress,
            "umk": umk if staff and umk and permissions.can_view_umk(request.user, umk) else None,
            "stale": staff and umk is not None and selectors.is_stale(umk),
            "stale_days": selectors.stale_days(),
            "teachers": list(course.teachers.all()),
            "groups": list(course.groups.all()),
        },
    )


@login_required
def course_case(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    """п. 1.5 case technology: the published ЭУМК as one ZIP with an index page."""
    course = _course(request, pk)
    data = selectors.course_page(course, request.user, None)
    if data.version is None:
        raise Http404
    response = StreamingHttpResponse(
        case_zip_stream(course, data.version, data.sections), content_type="application/zip"
    )
    name = f"case-{course.discipline.code}-v{data.version.number}.zip"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _resource(request: HttpRequest, pk: int) -> Resource:
    resource = get_object_or_404(
        Resource.objects.select_related("version__umk__discipline__department", "module"), pk=pk
    )
    if not permissions.can_open_resource(request.user, resource):
        raise Http404
    return resource


@login_required
def resource_detail(request: HttpRequest, pk: int) -> HttpResponse:
    resource = _resource(request, pk)
    umk = resource.version.umk
    course = (
        permissions.courses_visible_to(request.user)
        .filter(discipline_id=umk.discipline_id)
        .order_by("-semester__start")
        .first()
    )
    published = umk.published_version_id == resource.version_id
    mark = None
    if published and course is not None and permissions.is_course_learner(request.user, course):
        mark = services.progress_mark(resource=resource, user=request.user)
    return render(
        request,
        "content/resource_detail.html",
        {
            "resource": resource,
            "course": course,
            "mark": mark,
            "published": published,
            "embed": embed_url(resource.url) if resource.kind == ResourceKind.VIDEO else "",
            "media_file": resource.kind == ResourceKind.VIDEO and is_media_file(resource.url),
            "family": _family(resource.file_type),
        },
    )


def _family(file_type: str) -> str:
    from .files import FAMILY

    return FAMILY.get(file_type, "")


@login_required
@require_POST
def resource_mark(request: HttpRequest, pk: int) -> HttpResponse:
    resource = _resource(request, pk)
    services.progress_mark(
        resource=resource, user=request.user, completed=request.POST.get("completed") == "1"
    )
    messages.success(request, _("Your mark is saved."))
    return redirect(request.POST.get("next") or resource.get_absolute_url())


RANGE_RE = re.compile(r"^bytes=(\d*)-(\d*)$")


def _byte_range(header: str, size: int) -> tuple[int, int] | None:
    """The (first, last) bytes of a single ``Range: bytes=a-b`` header, or None."""
    match = RANGE_RE.match(header.strip())
    if not match or size == 0:
        return None
    first, last = match.groups()
    if first == "":
        if not last:
            return None
        return max(size - int(last), 0), size - 1
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    return (start, end) if start <= end else None


def _ranged(handle: Any, start: int, length: int, chunk: int = 256 * 1024) -> Any:
    handle.seek(start)
    remaining = length
    try:
        while remaining > 0:
            data = handle.read(min(chunk, remaining))
            if not data:
                break
            remaining -= len(data)
            yield data
    finally:
        handle.close()


@login_required
@xframe_options_sameorigin
def resource_file(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The stored file, permission-checked: PDF, images, video and audio open in the
    browser, everything else downloads; never sniffed into another type. Video and audio
    answer byte ranges, so that the player can seek."""
    resource = _resource(request, pk)
    if resource.kind != ResourceKind.FILE or not resource.file:
        raise Http404
    inline = resource.opens_inline
    try:
        handle = resource.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    filename = resource.original_name or (resource.file.name or "file").rsplit("/", 1)[-1]
    span = _byte_range(request.headers.get("Range", ""), resource.file_size)
    response: HttpResponseBase
    if span is not None and _family(resource.file_type) in ("video", "audio"):
        start, end = span
        response = StreamingHttpResponse(
            _ranged(handle, start, end - start + 1),
            status=206,
            content_type=content_type(resource.file_type),
        )
        response["Content-Range"] = f"bytes {start}-{end}/{resource.file_size}"
        response["Content-Length"] = str(end - start + 1)
        response["Content-Disposition"] = content_disposition_header(False, filename) or "inline"
    else:
        response = FileResponse(
            handle,
            content_type=content_type(resource.file_type),
            as_attachment=not inline,
            filename=filename,
        )
    response["Accept-Ranges"] = (
        "bytes" if _family(resource.file_type) in ("video", "audio") else "none"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response


# --- ЭУМК: staff side --------------------------------------------------------------------


@login_required
def umk_list(request: HttpRequest) -> HttpResponse:
    """ЭУМК of the user's units with their state and the п. 4.8 revision flag."""
    qs = permissions.umk_visible_to(request.user)
    if not qs.exists() and not permissions.disciplines_for_new_umk(request.user).exists():
        raise Http404
    only_stale = request.GET.get("stale") == "1"
    if only_stale:
        qs = qs.filter(selectors.stale_q())
    rows = selectors.status_rows(qs.order_by("discipline__name", "pk"))
    return render(
        request,
        "content/umk_list.html",
        {
            "rows": rows,
            "only_stale": only_stale,
            "stale_days": selectors.stale_days(),
            "new_disciplines": permissions.disciplines_for_new_umk(request.user).order_by("name"),
        },
    )


@login_required
@require_POST
def umk_create(request: HttpRequest) -> HttpResponse:
    discipline = get_object_or_404(
        permissions.disciplines_for_new_umk(request.user), pk=request.POST.get("discipline") or 0
    )
    try:
        umk = services.umk_create(discipline=discipline, actor=request.user)
    except ValidationError as error:
        _errors(request, error)
        return redirect("content:umk_list")
    messages.success(request, _("The ЭУМК is created; its first version is a draft."))
    return redirect(umk.versions.get().get_absolute_url())


def _umk(request: HttpRequest, pk: int) -> Umk:
    return get_object_or_404(
        permissions.umk_visible_to(request.user).select_related(
            "discipline__department__parent", "published_version", "reviewer"
        ),
        pk=pk,
    )


@login_required
def umk_detail(request: HttpRequest, pk: int) -> HttpResponse:
    umk = _umk(request, pk)
    versions = list(umk.versions.select_related("created_by", "published_by"))
    reviewers = User.objects.filter(
        is_active=True,
        role_assignments__role__in=[Role.TEACHER, Role.HEAD_OF_DEPARTMENT],
        role_assignments__unit__path__startswith=umk.discipline.department.path,
    ).distinct()
    return render(
        request,
        "content/umk_detail.html",
        {
            "umk": umk,
            "versions": versions,
            "stale": selectors.is_stale(umk),
            "stale_days": selectors.stale_days(),
            "readiness": selectors.dot_readiness(umk.discipline),
            "can_start": permissions.can_start_version(request.user, umk)
            and not any(v.status in ("draft", "in_review", "returned") for v in versions),
            "can_appoint": permissions.can_appoint_reviewer(request.user, umk),
            "reviewer_form": ReviewerForm(queryset=reviewers, initial={"reviewer": umk.reviewer}),
            "publishable": [v for v in versions if permissions.can_publish(request.user, v)],
        },
    )


@login_required
@require_POST
def umk_reviewer(request: HttpRequest, pk: int) -> HttpResponse:
    umk = _umk(request, pk)
    if not permissions.can_appoint_reviewer(request.user, umk):
        raise Http404
    form = ReviewerForm(
        request.POST,
        queryset=User.objects.filter(
            is_active=True,
            role_assignments__unit__path__startswith=umk.discipline.department.path,
        ).distinct(),
    )
    if form.is_valid():
        services.umk_set_reviewer(
            umk=umk, actor=request.user, reviewer=form.cleaned_data["reviewer"]
        )
        messages.success(request, _("The reviewer is saved."))
    else:
        messages.error(request, _("Choose a member of the department."))
    return redirect(umk.get_absolute_url())


@login_required
@require_POST
def version_start(request: HttpRequest, pk: int) -> HttpResponse:
    umk = _umk(request, pk)
    if not permissions.can_start_version(request.user, umk):
        raise Http404
    try:
        version = services.umk_version_start(umk=umk, actor=request.user)
    except ValidationError as error:
        _errors(request, error)
        return redirect(umk.get_absolute_url())
    messages.success(request, _("A new draft version is created from the latest one."))
    return redirect(version.get_absolute_url())


def _version(request: HttpRequest, pk: int) -> UmkVersion:
    version = get_object_or_404(
        UmkVersion.objects.select_related(
            "umk__discipline__department", "umk__published_version", "umk__reviewer", "created_by"
        ),
        pk=pk,
    )
    if not permissions.can_view_umk(request.user, version.umk):
        raise Http404
    return version


def _timeline_context(request: HttpRequest, version: UmkVersion) -> dict[str, Any]:
    """The route's timeline (the engine's selector), drawn by ``content/_route.html``:
    decisions are taken on this app's pages, which attach remarks to components."""
    return {"timeline": timeline(version, UMK_ROUTE)}


@login_required
def version_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The ЭУМК editor (a draft) or the read-only view of a version, with its checklist,
    remarks of the reviewers, what changed since the return, and the review route."""
    version = _version(request, pk)
    editable = permissions.can_edit_version(request.user, version)
    resources = list(selectors.version_resources(version))
    rows = selectors.checklist(version, resources)
    comments = selectors.comments_by_component(version)
    for row in rows:
        row.comments = comments.get(row.kind, [])
    discipline_id = version.umk.discipline_id
    return render(
        request,
        "content/version_detail.html",
        {
            "version": version,
            "umk": version.umk,
            "rows": rows,
            "missing": [r for r in rows if r.required and not r.present],
            "editable": editable,
            "upload_form": UploadForm(discipline_id=discipline_id) if editable else None,
            "add_form": ResourceForm(discipline_id=discipline_id) if editable else None,
            "submit_form": SubmitForm() if can_submit(request.user, version, UMK_ROUTE) else None,
            "may_decide": can_decide(request.user, version, UMK_ROUTE)
            or version in selectors.review_queue(request.user),
            "may_publish": permissions.can_publish(request.user, version),
            "since_return": selectors.changes_since_return(version),
            **_timeline_context(request, version),
        },
    )


@login_required
@require_POST
def version_upload(request: HttpRequest, pk: int) -> HttpResponse:
    version = _version_for_edit(request, pk)
    form = UploadForm(request.POST, request.FILES, discipline_id=version.umk.discipline_id)
    if form.is_valid():
        try:
            created = services.resources_add_files(
                version=version,
                actor=request.user,
                uploads=form.cleaned_data["uploads"],
                component=form.cleaned_data["component"],
                module=form.cleaned_data["module"],
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error("uploads", message)
        else:
            messages.success(request, _("Files uploaded: %(n)s.") % {"n": len(created)})
            return redirect(version.get_absolute_url() + "#materials")
    return _editor_with_errors(request, version, upload_form=form)


def _editor_with_errors(request: HttpRequest, version: UmkVersion, **forms: Any) -> HttpResponse:
    """The editor page again, with the failed form's errors beside its fields."""
    resources = list(selectors.version_resources(version))
    rows = selectors.checklist(version, resources)
    context = {
        "version": version,
        "umk": version.umk,
        "rows": rows,
        "missing": [r for r in rows if r.required and not r.present],
        "editable": True,
        "upload_form": UploadForm(discipline_id=version.umk.discipline_id),
        "add_form": ResourceForm(discipline_id=version.umk.discipline_id),
        "submit_form": SubmitForm() if can_submit(request.user, version, UMK_ROUTE) else None,
        "since_return": selectors.changes_since_return(version),
        **_timeline_context(request, version),
        **forms,
    }
    return render(request, "content/version_detail.html", context, status=400)


@login_required
@require_POST
def version_add(request: HttpRequest, pk: int) -> HttpResponse:
    version = _version_for_edit(request, pk)
    form = ResourceForm(request.POST, discipline_id=version.umk.discipline_id)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.resource_add(
                version=version,
                actor=request.user,
                kind=data["kind"],
                component=data["component"],
                module=data["module"],
                title=data["title"],
                description=data["description"],
                url=data.get("url") or "",
                body=data.get("body") or "",
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The material is added."))
            return redirect(version.get_absolute_url() + "#materials")
    return _editor_with_errors(request, version, add_form=form)


def _form_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@login_required
def resource_edit(request: HttpRequest, pk: int) -> HttpResponse:
    resource = _resource_for_edit(request, pk)
    version = resource.version
    initial = {
        "component": resource.component,
        "module": resource.module,
        "title": resource.title,
        "description": resource.description,
        "url": resource.url,
        "body": resource.body,
    }
    form = ResourceForm(
        request.POST or None,
        request.FILES or None,
        discipline_id=version.umk.discipline_id,
        kind=resource.kind,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.resource_update(
                resource=resource,
                actor=request.user,
                title=data["title"],
                component=data["component"],
                module=data["module"],
                description=data["description"],
                url=data.get("url") or "",
                body=data.get("body") or "",
                upload=data.get("file"),
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The material is saved."))
            return redirect(version.get_absolute_url() + "#materials")
    return render(
        request,
        "content/resource_form.html",
        {"form": form, "resource": resource, "version": version},
    )


@login_required
@require_POST
def resource_action(request: HttpRequest, pk: int) -> HttpResponse:
    """Hide, show, move up/down or remove a material of a draft."""
    resource = _resource_for_edit(request, pk)
    version = resource.version
    action = request.POST.get("action")
    try:
        if action in ("hide", "show"):
            services.resource_set_hidden(
                resource=resource, actor=request.user, hidden=action == "hide"
            )
        elif action in ("up", "down"):
            services.resource_move(resource=resource, actor=request.user, direction=action)
        elif action == "delete":
            services.resource_delete(resource=resource, actor=request.user)
            messages.success(request, _("The material is removed from the draft."))
        else:
            raise Http404
    except ValidationError as error:
        _errors(request, error)
    return redirect(version.get_absolute_url() + "#materials")


@login_required
@require_POST
def version_submit(request: HttpRequest, pk: int) -> HttpResponse:
    version = _version(request, pk)
    form = SubmitForm(request.POST)
    form.is_valid()
    try:
        services.umk_version_submit(
            version=version, actor=request.user, comment=form.cleaned_data.get("comment", "")
        )
    except ApprovalPermissionError as exc:
        raise Http404 from exc
    except ApprovalError as error:
        _errors(request, error)
    else:
        messages.success(request, _("The version is submitted to the department for review."))
    return redirect(version.get_absolute_url())


@login_required
@require_POST
def version_publish(request: HttpRequest, pk: int) -> HttpResponse:
    version = _version(request, pk)
    if not permissions.can_publish(request.user, version):
        raise Http404
    try:
        services.umk_version_publish(version=version, actor=request.user)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("The version is published: students now see it."))
    return redirect(version.get_absolute_url())


# --- The quality review (п. 4.6, 4.8) ---------------------------------------------------


@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    if not permissions.can_see_review_queue(request.user):
        raise Http404
    versions = list(selectors.review_queue(request.user))
    return render(request, "content/review_queue.html", {"versions": versions})


@login_required
def version_review(request: HttpRequest, pk: int) -> HttpResponse:
    """The reviewer's page: the content, what changed, remarks per component, decision."""
    version = _version(request, pk)
    if not (
        can_decide(request.user, version, UMK_ROUTE)
        or selectors.review_queue(request.user).filter(pk=version.pk).exists()
    ):
        raise Http404
    form = ReviewForm(request.POST or None, initial={"step": version.approval_step})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.umk_version_decide(
                version=version,
                actor=request.user,
                decision=data["decision"],
                comment=data["comment"],
                component_comments=form.component_comments(),
                step=data["step"],
            )
        except ApprovalPermissionError as exc:
            raise Http404 from exc
        except ApprovalError as error:
            _form_errors(form, error)
        else:
            done = {
                DecisionAction.APPROVE: _("The step is approved."),
                DecisionAction.RETURN: _("The version is returned for rework with your comments."),
                DecisionAction.REJECT: _("The version is rejected."),
            }
            messages.success(request, done[DecisionAction(data["decision"])])
            return redirect("content:review_queue")
    rows = selectors.checklist(version)
    return render(
        request,
        "content/version_review.html",
        {
            "version": version,
            "umk": version.umk,
            "rows": rows,
            "form": form,
            "since_return": selectors.changes_since_return(version),
            "since_published": selectors.changes_since_published(version),
            **_timeline_context(request, version),
        },
        status=400 if form.is_bound else 200,
    )


# --- Editorial office: requirements (п. 4.6) ----------------------------------------------


@login_required
def requirements(request: HttpRequest) -> HttpResponse:
    if not permissions.can_manage_requirements(request.user):
        raise Http404
    required = selectors.required_kinds()
    guidance = dict(ComponentRequirement.objects.values_list("kind", "guidance"))
    if request.method == "POST":
        values = {
            k.value: (
                request.POST.get(f"req_{k.value}") == "on",
                request.POST.get(f"guid_{k.value}", "").strip()[:2000],
            )
            for k in ComponentKind
        }
        services.requirements_set(actor=request.user, values=values)
        messages.success(request, _("The requirements for ЭУМК are saved."))
        return redirect("content:requirements")
    rows = [
        {
            "kind": k.value,
            "label": k.label,
            "required": k.value in required,
            "guidance": guidance.get(k.value, ""),
        }
        for k in ComponentKind
    ]
    return render(request, "content/requirements.html", {"rows": rows})


# --- Faculty council / academic office: publication status ------------------------------


REPORT_STATES = [
    ApprovalStatus.DRAFT,
    ApprovalStatus.IN_REVIEW,
    ApprovalStatus.RETURNED,
    ApprovalStatus.APPROVED,
    ApprovalStatus.REJECTED,
    selectors.STATE_PUBLISHED,
    selectors.STATE_NONE,
]


def _report_rows(request: HttpRequest, form: ReportFilterForm) -> list[selectors.StatusRow]:
    qs: QuerySet[Umk] = permissions.report_scope(request.user)
    state = ""
    if form.is_valid():
        faculty = form.cleaned_data["faculty"]
        if faculty is not None:
            qs = qs.filter(discipline__department__path__startswith=faculty.path)
        if form.cleaned_data["stale"]:
            qs = qs.filter(selectors.stale_q())
        state = form.cleaned_data["state"]
    rows = selectors.status_rows(
        qs.order_by("discipline__department__path", "discipline__name", "pk")
    )
    return [r for r in rows if r.state == state] if state else rows


@login_required
def status_report(request: HttpRequest) -> HttpResponseBase:
    """п. 5.4.5: publication status of every ЭУМК of a faculty, filterable, exportable."""
    if not permissions.can_view_status_report(request.user):
        raise Http404
    faculties = OrgUnit.objects.filter(kind=UnitKind.FACULTY, is_active=True)
    if not permissions.is_university_reader(request.user):
        paths = permissions.faculty_paths(request.user, permissions.REPORT_READERS)
        faculties = faculties.filter(
            pk__in=[f.pk for f in faculties if any(f.path.startswith(p) for p in paths)]
        )
    states = [(str(v), selectors.state_label(v)) for v in REPORT_STATES]
    form = ReportFilterForm(request.GET or None, faculties=faculties, states=states)
    rows = _report_rows(request, form)
    fmt = request.GET.get("format")
    if fmt == "csv":
        return _report_csv(rows)
    if fmt == "xlsx":
        return _report_xlsx(rows)
    return render(
        request,
        "content/status_report.html",
        {"form": form, "rows": rows, "query": request.GET.urlencode()},
    )


def _report_table(rows: list[selectors.StatusRow]) -> tuple[list[str], list[list[Any]]]:
    header = [
        _("Faculty"),
        _("Department"),
        _("Discipline code"),
        _("Discipline"),
        _("Status"),
        _("Published version"),
        _("Published"),
        _("Last revised"),
        _("Needs revision"),
    ]
    body = [
        [
            r.faculty,
            r.department,
            r.umk.discipline.code,
            r.umk.discipline.name,
            r.state_label,
            r.published.number if r.published else "",
            timezone.localtime(r.published.published_at).strftime("%d.%m.%Y")
            if r.published and r.published.published_at
            else "",
            timezone.localtime(r.umk.last_revised_at).strftime("%d.%m.%Y")
            if r.umk.last_revised_at
            else "",
            _("yes") if r.stale else _("no"),
        ]
        for r in rows
    ]
    return [str(h) for h in header], body


class _Echo:
    def write(self, value: str) -> str:
        return value


def _report_csv(rows: list[selectors.StatusRow]) -> StreamingHttpResponse:
    header, body = _report_table(rows)
    writer = csv.writer(_Echo())
    lines = [writer.writerow(header)] + [writer.writerow(row) for row in body]
    response = StreamingHttpResponse(["\ufeff", *lines], content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="umk-status.csv"'
    return response


def _report_xlsx(rows: list[selectors.StatusRow]) -> HttpResponse:
    from io import BytesIO

    from openpyxl import Workbook

    header, body = _report_table(rows)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "ЭУМК"
    sheet.append(header)
    for row in body:
        sheet.append(row)
    buffer = BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="umk-status.xlsx"'
    return response
