"""Checking uploaded ЭОР files by their content (magic bytes), never by their name alone.

A file's type is read from its first bytes (and, for ZIP-based Office files, from the
archive's table of contents); the name's extension must agree. A renamed executable
(``MZ``/ELF/Mach-O header) is refused with a message saying so. Size limits per type come
from ``settings.DOT_CONTENT_MAX_BYTES`` (see ``conf.max_upload_bytes``).
"""

from __future__ import annotations

import hashlib
import zipfile
from typing import IO

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# file type → (content type, accepted extensions)
TYPES: dict[str, tuple[str, tuple[str, ...]]] = {
    "pdf": ("application/pdf", ("pdf",)),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ("docx",),
    ),
    "pptx": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ("pptx",),
    ),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ("xlsx",)),
    "png": ("image/png", ("png",)),
    "jpeg": ("image/jpeg", ("jpg", "jpeg")),
    "gif": ("image/gif", ("gif",)),
    "webp": ("image/webp", ("webp",)),
    "mp4": ("video/mp4", ("mp4", "m4v")),
    "webm": ("video/webm", ("webm",)),
    "mp3": ("audio/mpeg", ("mp3",)),
    "ogg": ("audio/ogg", ("ogg", "oga")),
    "wav": ("audio/wav", ("wav",)),
    "zip": ("application/zip", ("zip",)),
}
FAMILY = {
    "pdf": "document",
    "docx": "document",
    "pptx": "document",
    "xlsx": "document",
    "png": "image",
    "jpeg": "image",
    "gif": "image",
    "webp": "image",
    "mp4": "video",
    "webm": "video",
    "mp3": "audio",
    "ogg": "audio",
    "wav": "audio",
    "zip": "archive",
}
# Opened in the browser; every other type is downloaded.
INLINE_TYPES = {t for t, family in FAMILY.items() if family in ("image", "video", "audio")} | {
    "pdf"
}
ACCEPT = ",".join(f".{ext}" for _t, (_ct, exts) in TYPES.items() for ext in exts)

OFFICE_MARKERS = {
    "docx": "word/document.xml",
    "pptx": "ppt/presentation.xml",
    "xlsx": "xl/workbook.xml",
}
EXECUTABLE_MAGIC = (b"MZ", b"\x7fELF", b"\xcf\xfa\xed\xfe", b"\xfe\xed\xfa\xce", b"#!")


def content_type(file_type: str) -> str:
    return TYPES.get(file_type, ("application/octet-stream", ()))[0]


def sniff(head: bytes, stream: IO[bytes] | None = None) -> str:
    """The file type from the first bytes ("" when unknown, "exe" for a program)."""
    if head.startswith(EXECUTABLE_MAGIC):
        return "exe"
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "webp"
    if head.startswith(b"RIFF") and head[8:12] == b"WAVE":
        return "wav"
    if head[4:8] == b"ftyp":
        return "mp4"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "webm"
    if head.startswith(b"OggS"):
        return "ogg"
    if head.startswith(b"ID3") or head[:2] in (b"\xff\xfb", b"\xff\xf3", b"\xff\xf2"):
        return "mp3"
    if head.startswith(b"PK\x03\x04"):
        if stream is None:
            return "zip"
        try:
            with zipfile.ZipFile(stream) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return ""
        for kind, marker in OFFICE_MARKERS.items():
            if marker in names and "[Content_Types].xml" in names:
                return kind
        return "zip"
    return ""


def check_upload(upload: IO[bytes], name: str, size: int) -> str:
    """The file type of an upload, or ``ValidationError`` with a message for the user."""
    from .conf import max_upload_bytes

    if size == 0:
        raise ValidationError(_("The file «%(name)s» is empty.") % {"name": name}, code="empty")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    kind = sniff(head, upload)
    upload.seek(0)
    if kind == "exe":
        raise ValidationError(
            _(
                "The file «%(name)s» is an executable program, not a teaching material: "
                "programs cannot be uploaded, whatever the file is named."
            )
            % {"name": name},
            code="executable",
        )
    if not kind:
        raise ValidationError(
            _(
                "The file «%(name)s» is of a type the portal does not accept. Accepted: "
                "PDF, DOCX, PPTX, XLSX, images (PNG, JPEG, GIF, WebP), video (MP4, WebM), "
                "audio (MP3, OGG, WAV) and ZIP."
            )
            % {"name": name},
            code="bad_type",
        )
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in TYPES[kind][1]:
        raise ValidationError(
            _(
                "The name of «%(name)s» does not match its content: it is a %(kind)s file. "
                "Rename it to .%(ext)s and upload it again."
            )
            % {"name": name, "kind": kind.upper(), "ext": TYPES[kind][1][0]},
            code="bad_name",
        )
    limit = max_upload_bytes(kind)
    if size > limit:
        raise ValidationError(
            _("The file «%(name)s» is too large (%(size)s); at most %(max)s is allowed.")
            % {"name": name, "size": filesizeformat(size), "max": filesizeformat(limit)},
            code="too_large",
        )
    return kind


def digest_stream(stream: IO[bytes]) -> str:
    stream.seek(0)
    h = hashlib.sha256()
    for chunk in iter(lambda: stream.read(1024 * 1024), b""):
        h.update(chunk)
    stream.seek(0)
    return h.hexdigest()


def digest_text(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()
