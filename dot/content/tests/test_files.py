"""Uploads are checked by content (magic bytes) and size, never by name alone."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError

from dot.content.files import check_upload, sniff
from dot.content.samples import pdf_bytes, png_bytes

from .conftest import EXE_BYTES


def _office(marker: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr(marker, "<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (pdf_bytes(), "pdf"),
        (png_bytes(), "png"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 12, "jpeg"),
        (b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 8, "mp4"),
        (b"\x1a\x45\xdf\xa3" + b"\x00" * 12, "webm"),
        (b"ID3\x04" + b"\x00" * 12, "mp3"),
        (b"OggS" + b"\x00" * 12, "ogg"),
        (b"RIFF\x24\x00\x00\x00WAVEfmt ", "wav"),
        (_office("word/document.xml"), "docx"),
        (_office("ppt/presentation.xml"), "pptx"),
        (_office("xl/workbook.xml"), "xlsx"),
        (_office("readme.txt"), "zip"),
        (EXE_BYTES, "exe"),
        (b"\x7fELF\x02\x01\x01" + b"\x00" * 9, "exe"),
        (b"plain text file", ""),
    ],
)
def test_sniff_reads_the_type_from_the_content(data: bytes, expected: str) -> None:
    assert sniff(data[:16], io.BytesIO(data)) == expected


def test_a_renamed_executable_is_refused_with_a_clear_message() -> None:
    with pytest.raises(ValidationError) as error:
        check_upload(io.BytesIO(EXE_BYTES), "лекция.pdf", len(EXE_BYTES))
    assert error.value.code == "executable"
    assert "является исполняемой программой" in error.value.messages[0]
    assert "лекция.pdf" in error.value.messages[0]


def test_a_name_that_does_not_match_the_content_is_refused() -> None:
    data = pdf_bytes()
    with pytest.raises(ValidationError) as error:
        check_upload(io.BytesIO(data), "slides.pptx", len(data))
    assert error.value.code == "bad_name"


def test_an_unknown_type_and_an_empty_file_are_refused() -> None:
    with pytest.raises(ValidationError) as unknown:
        check_upload(io.BytesIO(b"hello world, text"), "notes.pdf", 17)
    with pytest.raises(ValidationError) as empty:
        check_upload(io.BytesIO(b""), "empty.pdf", 0)
    assert (unknown.value.code, empty.value.code) == ("bad_type", "empty")


def test_the_size_limit_comes_from_settings(settings: object) -> None:
    settings.DOT_CONTENT_MAX_BYTES = {"default": 100, "image": 10}  # type: ignore[attr-defined]
    data = pdf_bytes()
    with pytest.raises(ValidationError) as error:
        check_upload(io.BytesIO(data), "a.pdf", len(data))
    assert error.value.code == "too_large"
    png = png_bytes()
    with pytest.raises(ValidationError):
        check_upload(io.BytesIO(png), "a.png", len(png))
    assert check_upload(io.BytesIO(data[:90]), "a.pdf", 90) == "pdf"
