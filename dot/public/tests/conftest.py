"""Fixtures of the public part: the demo university with its public content."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dot.org.models import OrgUnit


@pytest.fixture
def demo(db: Any) -> dict[str, OrgUnit]:
    """The demo university's structure plus the public pages and documents."""
    from dot.org.demo import seed_org
    from dot.public import demo as public_demo

    units = seed_org()
    public_demo.seed(units)
    return units


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def pdf_upload(name: str = "polozhenie.pdf") -> SimpleUploadedFile:
    body = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def docx_upload(name: str = "forma.docx") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/octet-stream")
