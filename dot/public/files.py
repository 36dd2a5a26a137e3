"""Checking uploaded normative documents by their content, not by their name."""

from __future__ import annotations

import zipfile

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from .models import FileType

MAX_DOCUMENT_SIZE = 20 * 1024 * 1024

CONTENT_TYPES = {
    FileType.PDF: "application/pdf",
    FileType.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def detect_document_type(upload: UploadedFile) -> str:
    """``"pdf"`` or ``"docx"`` from the file's magic bytes; ValidationError otherwise.

    A DOCX is a ZIP archive holding ``word/document.xml``; any other ZIP (or a
    renamed executable) is refused.
    """
    size = upload.size or 0
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if size > MAX_DOCUMENT_SIZE:
        raise ValidationError(
            _("The file is too large (%(size)s); at most %(max)s is allowed.")
            % {"size": filesizeformat(size), "max": filesizeformat(MAX_DOCUMENT_SIZE)},
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    name = (upload.name or "").lower()
    kind = ""
    if head.startswith(b"%PDF-"):
        kind = FileType.PDF
    elif head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            names = set()
        if {"[Content_Types].xml", "word/document.xml"} <= names:
            kind = FileType.DOCX
        upload.seek(0)
    if not kind:
        raise ValidationError(
            _("Only PDF and DOCX documents are accepted; this file is neither."),
            code="bad_type",
        )
    if not name.endswith(f".{kind}"):
        raise ValidationError(
            _("The file's name does not match its content: it is a %(kind)s document.")
            % {"kind": kind.upper()},
            code="bad_name",
        )
    return str(kind)
