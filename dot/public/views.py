"""The public part (no login) and the academic office's editing screens."""

from __future__ import annotations

import re
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dot.core.audit import audit_for

from . import selectors, services
from .files import CONTENT_TYPES
from .forms import InfoPageForm, NormativeDocumentForm
from .models import InfoPage, NormativeDocument
from .permissions import can_edit_public, documents_visible_to, pages_visible_to

# --- Public pages -----------------------------------------------------------------------


def info_index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "public/info_index.html",
        {"pages": selectors.published_pages(), "can_edit": can_edit_public(request.user)},
    )


def info_page(request: HttpRequest, slug: str) -> HttpResponse:
    page = get_object_or_404(pages_visible_to(request.user), slug=slug)
    return render(
        request,
        "public/info_page.html",
        {
            "page": page,
            "pages": selectors.published_pages(),
            "can_edit": can_edit_public(request.user),
        },
    )


def units(request: HttpRequest) -> HttpResponse:
    return render(request, "public/units.html", {"structure": selectors.public_structure()})


def documents(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "public/documents.html",
        {"documents": selectors.published_documents(), "can_edit": can_edit_public(request.user)},
    )


def document_file(request: HttpRequest, pk: int) -> FileResponse:
    """The document's file; unpublished ones exist only for the academic office."""
    document = get_object_or_404(documents_visible_to(request.user), pk=pk)
    if not document.file or document.file_type not in CONTENT_TYPES:
        raise Http404
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    base = re.sub(r"[^\w.\-]+", "_", document.code).strip("_.") or f"document-{document.pk}"
    response = FileResponse(
        handle,
        # A DOCX is always downloaded; a PDF opens in the browser's viewer.
        as_attachment=document.file_type != "pdf",
        filename=f"{base}.{document.file_type}",
        content_type=CONTENT_TYPES[document.file_type],  # type: ignore[index]
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response


# --- Editing screens of the academic office ---------------------------------------------


def _require_editor(request: HttpRequest) -> None:
    if not can_edit_public(request.user):
        raise Http404


@login_required
def manage(request: HttpRequest) -> HttpResponse:
    _require_editor(request)
    return render(
        request,
        "public/manage.html",
        {"documents": NormativeDocument.objects.all(), "pages": InfoPage.objects.all()},
    )


def _apply_errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            field = name if name in form.fields else ("upload" if name == "file" else None)
            for error in errors:
                form.add_error(field, error)
    else:
        for error in exc.messages:
            form.add_error(None, error)


def _document_values(form: NormativeDocumentForm) -> dict[str, Any]:
    return {name: form.cleaned_data[name] for name in form._meta.fields or ()}


@login_required
def document_create(request: HttpRequest) -> HttpResponse:
    _require_editor(request)
    form = NormativeDocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            document = services.normative_document_create(
                actor=request.user, file=form.cleaned_data.get("upload"), **_document_values(form)
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The document «%s» is saved.") % document.title)
            return redirect("public:manage")
    return render(request, "public/document_form.html", {"form": form, "document": None})


@login_required
def document_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _require_editor(request)
    document = get_object_or_404(NormativeDocument, pk=pk)
    form = NormativeDocumentForm(request.POST or None, request.FILES or None, instance=document)
    if request.method == "POST" and form.is_valid():
        try:
            services.normative_document_update(
                actor=request.user,
                document=document,
                file=form.cleaned_data.get("upload"),
                remove_file=form.cleaned_data.get("remove_file", False),
                **_document_values(form),
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The document «%s» is saved.") % document.title)
            return redirect("public:manage")
    return render(
        request,
        "public/document_form.html",
        {"form": form, "document": document, "history": audit_for(document)[:20]},
    )


@login_required
@require_POST
def document_publish(request: HttpRequest, pk: int) -> HttpResponse:
    _require_editor(request)
    document = get_object_or_404(NormativeDocument, pk=pk)
    published = request.POST.get("published") == "1"
    services.normative_document_set_published(
        actor=request.user, document=document, published=published
    )
    if published:
        messages.success(request, _("The document «%s» is published.") % document.title)
    else:
        messages.success(
            request, _("The document «%s» is withdrawn from publication.") % document.title
        )
    return redirect("public:manage")


@login_required
def page_create(request: HttpRequest) -> HttpResponse:
    _require_editor(request)
    form = InfoPageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            page = services.info_page_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The page «%s» is saved.") % page.title)
            return redirect("public:manage")
    return render(request, "public/page_form.html", {"form": form, "page": None})


@login_required
def page_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _require_editor(request)
    page = get_object_or_404(InfoPage, pk=pk)
    form = InfoPageForm(request.POST or None, instance=InfoPage.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.info_page_update(actor=request.user, page=page, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The page «%s» is saved.") % form.cleaned_data["title"])
            return redirect("public:manage")
    return render(
        request,
        "public/page_form.html",
        {"form": form, "page": page, "history": audit_for(page)[:20]},
    )
