"""Uploaded normative documents are checked by content: PDF or DOCX only, size-limited."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from dot.public import files
from dot.public.files import detect_document_type

from .conftest import docx_upload, pdf_upload


def test_pdf_is_recognised_by_its_magic_bytes():
    assert detect_document_type(pdf_upload()) == "pdf"


def test_docx_is_recognised_by_its_parts():
    assert detect_document_type(docx_upload()) == "docx"


def test_executable_renamed_to_pdf_is_refused():
    upload = SimpleUploadedFile("polozhenie.pdf", b"MZ\x90\x00\x03" + b"\x00" * 100)

    with pytest.raises(ValidationError) as exc:
        detect_document_type(upload)

    assert exc.value.code == "bad_type"


def test_plain_zip_renamed_to_docx_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "not a word document")
    upload = SimpleUploadedFile("forma.docx", buffer.getvalue())

    with pytest.raises(ValidationError) as exc:
        detect_document_type(upload)

    assert exc.value.code == "bad_type"


def test_html_named_pdf_is_refused():
    upload = SimpleUploadedFile("doc.pdf", b"<html><script>alert(1)</script></html>")

    with pytest.raises(ValidationError) as exc:
        detect_document_type(upload)

    assert exc.value.code == "bad_type"


def test_pdf_content_under_docx_name_is_refused():
    with pytest.raises(ValidationError) as exc:
        detect_document_type(pdf_upload("forma.docx"))

    assert exc.value.code == "bad_name"


def test_too_large_file_is_refused(monkeypatch):
    monkeypatch.setattr(files, "MAX_DOCUMENT_SIZE", 10)

    with pytest.raises(ValidationError) as exc:
        detect_document_type(pdf_upload())

    assert exc.value.code == "too_large"


def test_empty_file_is_refused():
    with pytest.raises(ValidationError) as exc:
        detect_document_type(SimpleUploadedFile("a.pdf", b""))

    assert exc.value.code == "empty"
