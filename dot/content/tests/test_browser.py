"""A teacher builds an ЭУМК in a real browser: a renamed executable is refused with the
message beside the field, a PDF is uploaded, the version is submitted (axe-checked)."""

from __future__ import annotations

from typing import Any

import pytest

from dot.content import services
from dot.content.models import ComponentKind
from dot.content.samples import pdf_bytes

from .conftest import EXE_BYTES, World, add_page

pytestmark = pytest.mark.browser


def test_teacher_uploads_a_file_and_submits(
    transactional_db: Any, world: World, page: Any, login_page: Any, axe_check: Any
) -> None:
    umk = services.umk_create(discipline=world.discipline, actor=world.teacher)
    version = umk.versions.get()
    for kind in (
        ComponentKind.SYLLABUS,
        ComponentKind.SRS_ASSIGNMENTS,
        ComponentKind.ASSESSMENT_FUND,
        ComponentKind.LITERATURE,
    ):
        add_page(version, world.teacher, kind)
    login_page("teacher")
    page.goto(f"/content/versions/{version.pk}/")
    assert page.locator("h1").count() == 1
    assert axe_check(page) == []

    # A program renamed to .pdf is refused, with the reason beside the field
    page.select_option("#id_component", "lecture_notes")
    page.set_input_files(
        "#id_uploads",
        files=[{"name": "лекция.pdf", "mimeType": "application/pdf", "buffer": EXE_BYTES}],
    )
    page.get_by_role("button", name="Загрузить").click()
    error = page.locator("#id_uploads_error")
    error.wait_for()
    assert "является исполняемой программой" in error.inner_text()
    assert version.resources.filter(component="lecture_notes").count() == 0

    # A real PDF is accepted and listed under the lecture notes
    page.select_option("#id_component", "lecture_notes")
    page.set_input_files(
        "#id_uploads",
        files=[{"name": "лекция-1.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}],
    )
    page.get_by_role("button", name="Загрузить").click()
    page.locator("#c-lecture_notes").wait_for()
    page.get_by_role("link", name="лекция-1").wait_for()
    assert page.locator(".alert-warning", has_text="Не заполнены").count() == 0

    # Submitted to the department
    page.get_by_role("button", name="Направить на экспертизу").click()
    page.wait_for_load_state()
    assert "Версия направлена на экспертизу кафедры." in page.content()
    version.refresh_from_db()
    assert (version.status, version.approval_step) == ("in_review", "department")
    assert axe_check(page) == []


def test_student_opens_a_pdf_marks_progress_and_downloads_the_case(
    transactional_db: Any, world: World, page: Any, login_page: Any, axe_check: Any
) -> None:
    from .conftest import published_umk

    published_umk(world)
    login_page("student")
    page.goto("/content/")
    page.get_by_role("link", name="Анатомия").click()
    page.wait_for_load_state()
    assert "изучено 0 из 6" in page.content()
    assert axe_check(page) == []

    page.get_by_role("link", name="лекция-1").click()
    page.wait_for_load_state()
    frame = page.locator("iframe")
    assert "/file/" in frame.get_attribute("src")
    assert axe_check(page) == []
    with page.expect_navigation(wait_until="domcontentloaded"):
        page.get_by_role("button", name="Отметить как изученное").press("Enter")
    assert "Отметка сохранена." in page.content()
    assert page.get_by_role("button", name="Снять отметку об изучении").count() == 1

    with page.expect_navigation(wait_until="domcontentloaded"):
        page.get_by_role("link", name="Анатомия").click()
    assert "изучено 1 из 6" in page.content()
    with page.expect_download() as download:
        page.get_by_role("link", name="Скачать кейс (ZIP)").click()
    assert download.value.suggested_filename == "case-ANAT-v1.zip"
