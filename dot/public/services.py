"""Writes to the public part: information pages and normative documents.

Every change leaves an audit row; a replaced or removed file is deleted from storage
only after the transaction commits.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from dot.core.audit import audit_record, snapshot_changes

from .files import detect_document_type
from .models import InfoPage, NormativeDocument

PAGE_FIELDS = (
    "slug", "order", "title", "title_ky", "title_en", "body", "body_ky", "body_en",
    "clauses", "is_published",
)  # fmt: skip
DOCUMENT_FIELDS = (
    "title", "title_ky", "title_en", "code", "kind", "approved_on", "approved_by",
    "link", "is_published", "order",
)  # fmt: skip


def _check_fields(fields: dict[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")


def validate_link(link: str) -> None:
    """A portal page ("/info/") or an http(s) address."""
    if not link or (link.startswith("/") and not link.startswith("//")):
        return
    try:
        URLValidator(schemes=["http", "https"])(link)
    except ValidationError:
        raise ValidationError(
            {"link": _("Enter an address starting with https:// or a portal page starting with /.")}
        ) from None


def _delete_file_on_commit(document: NormativeDocument, name: str) -> None:
    if name:
        storage = document.file.storage
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def info_page_create(*, actor: Any, **fields: Any) -> InfoPage:
    _check_fields(fields, PAGE_FIELDS)
    page = InfoPage(**fields)
    page.full_clean()
    page.save()
    audit_record(actor=actor, obj=page, action="create", changes={"title": [None, page.title]})
    return page


@transaction.atomic
def info_page_update(*, actor: Any, page: InfoPage, **fields: Any) -> InfoPage:
    _check_fields(fields, PAGE_FIELDS)
    page = InfoPage.objects.select_for_update().get(pk=page.pk)
    changes = snapshot_changes(page, fields)
    if not changes:
        return page
    for name, value in fields.items():
        setattr(page, name, value)
    page.full_clean()
    page.save(update_fields=[*changes, "updated_at"])
    # Long texts are not copied into the audit trail: only that they changed.
    for name in changes:
        if name.startswith("body"):
            changes[name] = ["…", "…"]
    audit_record(actor=actor, obj=page, action="update", changes=changes)
    return page


@transaction.atomic
def normative_document_create(
    *, actor: Any, file: UploadedFile | None = None, **fields: Any
) -> NormativeDocument:
    _check_fields(fields, DOCUMENT_FIELDS)
    validate_link(fields.get("link", ""))
    document = NormativeDocument(**fields)
    if file is not None:
        document.file_type = detect_document_type(file)
        document.file_size = file.size or 0
        document.file = file  # type: ignore[assignment]
    if not document.file and not document.link:
        raise ValidationError({"file": _("Attach the document's file or give a link to it.")})
    document.full_clean(exclude=["file"])
    document.save()
    audit_record(
        actor=actor,
        obj=document,
        action="create",
        changes={"title": [None, document.title], "file": [None, document.file.name or None]},
    )
    return document


@transaction.atomic
def normative_document_update(
    *,
    actor: Any,
    document: NormativeDocument,
    file: UploadedFile | None = None,
    remove_file: bool = False,
    **fields: Any,
) -> NormativeDocument:
    _check_fields(fields, DOCUMENT_FIELDS)
    if "link" in fields:
        validate_link(fields["link"])
    document = NormativeDocument.objects.select_for_update().get(pk=document.pk)
    changes = snapshot_changes(document, fields)
    for name, value in fields.items():
        setattr(document, name, value)
    old_name = document.file.name or ""
    if file is not None:
        document.file_type = detect_document_type(file)
        document.file_size = file.size or 0
        document.file = file  # type: ignore[assignment]
        changes["file"] = [old_name or None, file.name]
    elif remove_file and old_name:
        document.file = ""  # type: ignore[assignment]
        document.file_type = ""
        document.file_size = 0
        changes["file"] = [old_name, None]
    if not document.file and not document.link:
        raise ValidationError({"file": _("Attach the document's file or give a link to it.")})
    if not changes:
        return document
    document.full_clean(exclude=["file"])
    document.save()
    if "file" in changes:
        _delete_file_on_commit(document, old_name)
    action = "update"
    if set(changes) == {"is_published"}:
        action = "publish" if document.is_published else "unpublish"
    audit_record(actor=actor, obj=document, action=action, changes=changes)
    return document


def normative_document_set_published(
    *, actor: Any, document: NormativeDocument, published: bool
) -> NormativeDocument:
    return normative_document_update(actor=actor, document=document, is_published=published)
