"""п. 1.5 case technology: the published ЭУМК of a course as one ZIP, built on the fly.

The archive is streamed while it is written (``zipfile`` on an unseekable sink), so a
large case costs no temporary file and no memory beyond one chunk. It holds an
``index.html`` listing the materials by module, the files, the text pages as HTML and
the links.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from typing import IO, Any, cast

from django.template.loader import render_to_string
from django.utils.text import slugify

from .files import FAMILY
from .models import Course, ResourceKind, UmkVersion

CHUNK = 256 * 1024


class _Sink:
    """A write-only buffer that ``zipfile`` writes into and the generator drains."""

    def __init__(self) -> None:
        self.buffer = bytearray()

    def write(self, data: bytes) -> int:
        self.buffer += data
        return len(data)

    def flush(self) -> None:
        return None

    def drain(self) -> bytes:
        data = bytes(self.buffer)
        self.buffer.clear()
        return data


def _arcname(number: int, title: str, extension: str) -> str:
    stem = slugify(title, allow_unicode=True)[:60] or "material"
    return f"{number:03d}-{stem}.{extension}"


def case_zip_stream(course: Course, version: UmkVersion, sections: list[Any]) -> Iterator[bytes]:
    sink = _Sink()
    entries = []
    number = 0
    with zipfile.ZipFile(cast(IO[bytes], sink), "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for section in sections:
            for r in section.items:
                number += 1
                entry: dict[str, Any] = {"resource": r, "section": section.title, "path": ""}
                if r.kind == ResourceKind.FILE and r.file:
                    extension = (
                        r.original_name.rsplit(".", 1)[-1].lower()
                        if "." in r.original_name
                        else r.file_type
                    )
                    entry["path"] = "materials/" + _arcname(number, r.title, extension)
                    # Media and archives are already compressed.
                    compress = (
                        zipfile.ZIP_STORED
                        if FAMILY.get(r.file_type) in ("video", "audio", "image", "archive")
                        else zipfile.ZIP_DEFLATED
                    )
                    info = zipfile.ZipInfo(entry["path"])
                    info.compress_type = compress
                    try:
                        with (
                            r.file.open("rb") as source,
                            archive.open(info, "w", force_zip64=True) as dest,
                        ):
                            for chunk in iter(lambda: source.read(CHUNK), b""):
                                dest.write(chunk)
                                yield sink.drain()
                    except FileNotFoundError:
                        entry["path"] = ""
                elif r.kind == ResourceKind.PAGE:
                    entry["path"] = "pages/" + _arcname(number, r.title, "html")
                    page = render_to_string(
                        "content/case_page.html", {"resource": r, "course": course}
                    )
                    archive.writestr(entry["path"], page)
                    yield sink.drain()
                entries.append(entry)
        index = render_to_string(
            "content/case_index.html",
            {"course": course, "version": version, "entries": entries},
        )
        archive.writestr("index.html", index)
    yield sink.drain()
