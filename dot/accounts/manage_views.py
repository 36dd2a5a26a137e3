"""The IT office's screens for users and role assignments (п. 4.9).

Thin views: parse input, check ``permissions``, call one service, render. Objects outside
the caller's scope, and screens the caller may not use, answer 404.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet, Window
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dot.core.audit import audit_for
from dot.org import permissions as org_permissions

from . import imports, permissions, selectors, services
from .forms import ImportUploadForm, RoleAssignmentForm, UserCreateForm, UserFilterForm, UserForm
from .imports import COLUMN_HELP, TEMPLATE_COLUMNS, ImportFileError
from .models import Role, User

PAGE_SIZE = 25
IMPORT_SESSION_KEY = "accounts_import_rows"

View = Callable[..., HttpResponse]


def manager_required(view: View) -> View:
    """Logged in (else the login page) and an IT office manager (else 404)."""

    @wraps(view)
    @login_required
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not permissions.can_manage_users(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def viewer_required(view: View) -> View:
    """Logged in and allowed to look at users (IT office; dean's office read-only)."""

    @wraps(view)
    @login_required
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not permissions.can_view_users(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def _visible_user(request: HttpRequest, pk: int) -> User:
    return get_object_or_404(permissions.visible_to(request.user), pk=pk)


def _changeable_user(request: HttpRequest, pk: int) -> User:
    user = _visible_user(request, pk)
    if not permissions.can_change_user(request.user, user):
        raise Http404
    return user


def _form_errors(form: Any, error: ValidationError) -> None:
    """Put a service's ValidationError beside the form's fields (or on top)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


# --- Users --------------------------------------------------------------------------------------


@viewer_required
def user_list(request: HttpRequest) -> HttpResponse:
    units = permissions.viewable_units(request.user)
    form = UserFilterForm(request.GET or None, units=units)
    filters = selectors.UserFilters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = selectors.UserFilters(
            q=data["q"], role=data["role"], unit=data["unit"], active=data["active"]
        )
    users = selectors.filtered_users(actor=request.user, filters=filters).only(
        *selectors.LIST_FIELDS
    )
    if filters.q.strip():
        page = _page_with_total(users, request.GET.get("page"))
    else:
        page = Paginator(users, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/manage/user_list.html",
        {
            "form": form,
            "page": page,
            "rows_html": _user_rows_html(selectors.user_rows(page.object_list)),
            "total": page.paginator.count,
            "can_create": permissions.can_create_user(request.user),
        },
    )


# One line of the users table (the same markup the template had); format_html escapes every
# value. Built in Python: per-row template nodes were a good part of the page's time.
_USER_ROW_HTML = (
    '<tr><td><a href="{}">{}</a>{}</td><td>{}</td><td>{}</td><td class="small">{}</td>'
    "<td>{}</td></tr>\n"
)


def _user_rows_html(rows: list[selectors.UserRow]) -> SafeString:
    active = format_html('<span class="badge text-bg-success">{}</span>', _("Active"))
    inactive = format_html('<span class="badge text-bg-secondary">{}</span>', _("Deactivated"))
    return SafeString(
        "".join(
            format_html(
                _USER_ROW_HTML,
                row.url,
                row.name,
                format_html('<div class="small text-muted">{}</div>', row.position)
                if row.position
                else "",
                row.username,
                row.email,
                format_html_join("", "<div>{}</div>", ((role,) for role in row.roles)),
                active if row.is_active else inactive,
            )
            for row in rows
        )
    )


def _page_with_total(users: QuerySet[User], raw_number: str | None) -> Page:
    """``Paginator.get_page`` where the total comes with the page's rows (COUNT(*) OVER ()).

    For a search: the filter (UPPER(...) LIKE on five columns) cannot use an index, so a
    separate COUNT(*) would scan and filter the whole table a second time. Pages past the
    end and odd numbers fall back to ``get_page`` (the last page / the first), as before.
    """
    paginator = Paginator(users, PAGE_SIZE)
    raw = raw_number or "1"
    if not raw.isdigit() or int(raw) < 1:
        return paginator.get_page(raw_number)
    number = int(raw)
    start = (number - 1) * PAGE_SIZE
    rows = list(users.annotate(found_total=Window(Count("*")))[start : start + PAGE_SIZE])
    if not rows and number > 1:
        return paginator.get_page(raw_number)
    paginator.count = rows[0].found_total if rows else 0  # type: ignore[attr-defined]
    return Page(rows, number, paginator)


@manager_required
def user_create(request: HttpRequest) -> HttpResponse:
    units = org_permissions.visible_to(request.user)
    role_required = permissions.must_give_initial_role(request.user)
    form = UserCreateForm(request.POST or None, units=units, role_required=role_required)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        set_password = data["password_mode"] == UserCreateForm.PASSWORD_SET
        try:
            user = services.user_create(
                actor=request.user,
                **{name: data[name] for name in services.USER_FIELDS},
                password=data["password1"] if set_password else None,
                send_link=not set_password,
                role=data["role"] or None,
                unit=data["unit"],
                valid_from=data["valid_from"],
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            if set_password:
                messages.success(request, _("The user has been created."))
            else:
                messages.success(
                    request,
                    _("The user has been created; a link to set the password is sent to %(email)s.")
                    % {"email": user.email},
                )
            return redirect("manage_users:detail", pk=user.pk)
    return render(request, "accounts/manage/user_form.html", {"form": form, "creating": True})


@viewer_required
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _visible_user(request, pk)
    assignments = selectors.user_assignments(user)
    rows = [
        {
            "a": a,
            "status": selectors.assignment_status(a),
            "can_revoke": selectors.assignment_status(a) != "ended"
            and permissions.can_revoke_role(request.user, a),
        }
        for a in assignments
    ]
    return render(
        request,
        "accounts/manage/user_detail.html",
        {
            "person": user,
            "rows": rows,
            "can_change": permissions.can_change_user(request.user, user),
            "can_assign": permissions.can_assign_roles_to(request.user, user),
            "can_deactivate": permissions.can_deactivate_user(request.user, user),
            "can_reactivate": permissions.can_reactivate_user(request.user, user),
            "history": audit_for(user)[:50],
        },
    )


@manager_required
def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _changeable_user(request, pk)
    form = UserForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_update(
                actor=request.user,
                user=user,
                **{name: form.cleaned_data[name] for name in services.USER_FIELDS},
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect("manage_users:detail", pk=user.pk)
    return render(
        request,
        "accounts/manage/user_form.html",
        {"form": form, "creating": False, "person": user},
    )


@require_POST
@manager_required
def user_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    user = _visible_user(request, pk)
    if not permissions.can_deactivate_user(request.user, user):
        raise Http404
    services.user_deactivate(actor=request.user, user=user)
    messages.success(request, _("The account has been deactivated; the user cannot log in."))
    return redirect("manage_users:detail", pk=user.pk)


@require_POST
@manager_required
def user_reactivate(request: HttpRequest, pk: int) -> HttpResponse:
    user = _visible_user(request, pk)
    if not permissions.can_reactivate_user(request.user, user):
        raise Http404
    services.user_reactivate(actor=request.user, user=user)
    messages.success(request, _("The account has been reactivated."))
    return redirect("manage_users:detail", pk=user.pk)


@require_POST
@manager_required
def user_send_link(request: HttpRequest, pk: int) -> HttpResponse:
    user = _changeable_user(request, pk)
    if not user.email or not user.is_active:
        messages.error(request, _("The user has no e-mail or the account is deactivated."))
    else:
        services.send_set_password_link(user=user)
        messages.success(
            request, _("A link to set the password is sent to %(email)s.") % {"email": user.email}
        )
    return redirect("manage_users:detail", pk=user.pk)


# --- Role assignments ---------------------------------------------------------------------------


@manager_required
def role_assign(request: HttpRequest, pk: int) -> HttpResponse:
    user = _visible_user(request, pk)
    if not permissions.can_assign_roles_to(request.user, user):
        raise Http404
    units = org_permissions.visible_to(request.user)
    form = RoleAssignmentForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not permissions.can_assign_role(request.user, user, data["unit"]):
            raise Http404
        try:
            services.role_assign(
                actor=request.user,
                user=user,
                role=data["role"],
                unit=data["unit"],
                valid_from=data["valid_from"],
                valid_to=data["valid_to"],
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The role has been assigned."))
            return redirect("manage_users:detail", pk=user.pk)
    return render(request, "accounts/manage/role_form.html", {"form": form, "person": user})


@require_POST
@manager_required
def role_revoke(request: HttpRequest, pk: int, assignment_pk: int) -> HttpResponse:
    user = _visible_user(request, pk)
    assignment = get_object_or_404(
        permissions.assignments_visible_to(request.user).select_related("unit"),
        pk=assignment_pk,
        user=user,
    )
    if not permissions.can_revoke_role(request.user, assignment):
        raise Http404
    try:
        result = services.role_revoke(
            actor=request.user, assignment=assignment, comment=request.POST.get("comment", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if result.removed:
            messages.success(request, _("The role that had not started yet has been removed."))
        else:
            messages.success(request, _("The role has been revoked as of today."))
    return redirect("manage_users:detail", pk=user.pk)


# --- Import -------------------------------------------------------------------------------------


def _import_context(**extra: Any) -> dict[str, Any]:
    return {
        "columns": [(c, COLUMN_HELP[c], c in imports.REQUIRED_COLUMNS) for c in TEMPLATE_COLUMNS],
        "roles": Role.choices,
        "max_mb": settings.DOT_IMPORT_MAX_BYTES / 1024 / 1024,
        **extra,
    }


@manager_required
def user_import(request: HttpRequest) -> HttpResponse:
    """Upload → check every row → show errors, or a preview to confirm."""
    if not permissions.can_import_users(request.user):
        raise Http404
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {"form": form}
    if request.method == "POST" and form.is_valid():
        try:
            rows = imports.read_upload(form.cleaned_data["file"])
        except ImportFileError as error:
            form.add_error("file", error.message)
        else:
            report = imports.validate_rows(rows, actor=request.user)
            context["report"] = report
            if report.ok:
                request.session[IMPORT_SESSION_KEY] = {
                    "rows": rows,
                    "send_links": form.cleaned_data["send_links"],
                }
                return render(
                    request, "accounts/manage/import_preview.html", _import_context(**context)
                )
    return render(request, "accounts/manage/import.html", _import_context(**context))


@require_POST
@manager_required
def user_import_confirm(request: HttpRequest) -> HttpResponse:
    stored = request.session.get(IMPORT_SESSION_KEY)
    if not stored:
        messages.error(request, _("Nothing to import: upload the file again."))
        return redirect("manage_users:import")
    rows = [(int(n), dict(r)) for n, r in stored["rows"]]
    # Check again: the portal may have changed since the preview.
    report = imports.validate_rows(rows, actor=request.user)
    if report.ok:
        try:
            created = services.users_import(
                actor=request.user, rows=report.rows, send_links=bool(stored["send_links"])
            )
        except ValidationError as error:
            report.errors.append(imports.RowError(0, "", " ".join(error.messages)))
        else:
            del request.session[IMPORT_SESSION_KEY]
            messages.success(request, _("Imported users: %(count)d.") % {"count": len(created)})
            return redirect("manage_users:list")
    form = ImportUploadForm()
    return render(request, "accounts/manage/import.html", _import_context(form=form, report=report))


@manager_required
def import_template(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt == "csv":
        response = HttpResponse(imports.template_csv(), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        response = HttpResponse(
            imports.template_xlsx(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="users-template.{fmt}"'
    return response
