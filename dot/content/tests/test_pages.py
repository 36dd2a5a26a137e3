"""Pages: the four callers on every screen, the students' side, files, the case ZIP."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from dot.accounts.models import Role, User
from dot.content import services
from dot.content.models import ComponentKind, Resource, Umk
from dot.content.selectors import state_label
from dot.core.models import ApprovalStatus

from .conftest import EXE_BYTES, World, add_page, fill_required, pdf_bytes, published_umk, upload


def _client(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _status(user: User | None, url: str, method: str = "get", data: Any = None) -> int:
    response = getattr(_client(user), method)(url, data or {})
    if response.status_code == 302 and user is None:
        assert response["Location"].startswith(reverse("accounts:login"))
    return int(response.status_code)


# --- Four callers -------------------------------------------------------------------------


def test_course_page_four_callers(world: World) -> None:
    url = reverse("content:course", args=[world.course.pk])
    assert _status(None, url) == 302
    assert _status(world.outsider, url) == 404  # a student not registered to it
    assert _status(world.other_head, url) == 404  # staff of another department
    assert _status(world.student, url) == 200
    assert _status(world.teacher, url) == 200


def test_umk_pages_four_callers(world: World) -> None:
    umk = published_umk(world)
    version = umk.published_version
    assert version is not None
    for url in (
        reverse("content:umk", args=[umk.pk]),
        reverse("content:version", args=[version.pk]),
    ):
        assert _status(None, url) == 302
        assert _status(world.student, url) == 404  # students never see the staff pages
        assert _status(world.other_head, url) == 404
        assert _status(world.head, url) == 200
        assert _status(world.teacher, url) == 200
    assert _status(world.rio, reverse("content:umk", args=[umk.pk])) == 200


def test_umk_list_four_callers(world: World) -> None:
    url = reverse("content:umk_list")
    published_umk(world)
    assert _status(None, url) == 302
    assert _status(world.student, url) == 404
    response = _client(world.other_head).get(url)
    assert "Анатомия" not in response.content.decode()
    assert _status(world.teacher, url) == 200


def test_review_queue_and_review_page_four_callers(world: World) -> None:
    umk = services.umk_create(discipline=world.discipline, actor=world.teacher)
    version = umk.versions.get()
    fill_required(version, world.teacher)
    services.umk_version_submit(version=version, actor=world.teacher)
    queue, review = reverse("content:review_queue"), reverse("content:review", args=[version.pk])
    assert _status(None, queue) == 302
    assert _status(world.student, queue) == 404
    assert _status(world.teacher, review) == 404  # the author does not review
    assert _status(world.other_head, review) == 404  # another department's head
    assert _status(world.rio, review) == 404  # not at the editorial step yet
    response = _client(world.head).get(queue)
    assert response.status_code == 200
    assert "Анатомия" in response.content.decode()
    assert _status(world.head, review) == 200


def test_requirements_screen_four_callers(world: World, make_user: Callable[..., User]) -> None:
    url = reverse("content:requirements")
    assert _status(None, url) == 302
    assert _status(world.teacher, url) == 404
    assert _status(world.head, url) == 404
    assert _status(world.rio, url) == 200
    # When the editorial office requires the glossary
    data = {f"req_{k}": "on" for k in ("syllabus", "srs_assignments", "glossary")}
    response = _client(world.rio).post(url, data)
    assert response.status_code == 302
    from dot.content.selectors import required_kinds

    assert required_kinds() == {"syllabus", "srs_assignments", "glossary"}


def test_status_report_four_callers_and_export(
    world: World, make_user: Callable[..., User]
) -> None:
    published_umk(world)
    url = reverse("content:status")
    eco_council = make_user(Role.METHODS_COUNCIL, world.units["eco"], username="ecocouncil")
    uo = make_user(Role.ACADEMIC_OFFICE, world.units["uo"], username="uo")
    assert _status(None, url) == 302
    assert _status(world.teacher, url) == 404
    assert "Анатомия" not in _client(eco_council).get(url).content.decode()
    response = _client(world.council).get(url)
    assert response.status_code == 200
    assert "Анатомия" in response.content.decode()
    csv_text = b"".join(_client(uo).get(url, {"format": "csv"}).streaming_content).decode()  # type: ignore[attr-defined]
    lines = csv_text.lstrip("\ufeff").strip().splitlines()
    assert len(lines) == 2
    row = next(csv.reader([lines[1]]))
    assert row[:6] == ["Медфак", "Кафедра КД", "ANAT", "Анатомия", state_label("published"), "1"]
    xlsx = _client(uo).get(url, {"format": "xlsx", "state": "published"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None
    assert sheet.max_row == 2
    assert sheet.cell(2, 3).value == "ANAT"


# --- Students see only the published version (п. 4.6) --------------------------------------


def test_an_unapproved_version_is_never_visible_to_students(world: World) -> None:
    # Given a draft ЭУМК that is complete but not reviewed
    umk = services.umk_create(discipline=world.discipline, actor=world.teacher)
    draft = umk.versions.get()
    fill_required(draft, world.teacher)
    secret = add_page(draft, world.teacher, ComponentKind.GLOSSARY, title="Черновой глоссарий")
    student = _client(world.student)
    # Then the student's course page shows nothing of it, and its materials answer 404
    page = student.get(reverse("content:course", args=[world.course.pk])).content.decode()
    assert "Черновой глоссарий" not in page
    assert student.get(reverse("content:resource", args=[secret.pk])).status_code == 404
    # Even under review and approved-but-unpublished, nothing leaks
    services.umk_version_submit(version=draft, actor=world.teacher)
    services.umk_version_decide(version=draft, actor=world.head, decision="approve")
    services.umk_version_decide(version=draft, actor=world.rio, decision="approve")
    assert draft.status == ApprovalStatus.APPROVED
    assert student.get(reverse("content:resource", args=[secret.pk])).status_code == 404
    page = student.get(reverse("content:course", args=[world.course.pk])).content.decode()
    assert "Черновой глоссарий" not in page
    # When it is published, the student sees it
    services.umk_version_publish(version=draft, actor=world.council)
    page = student.get(reverse("content:course", args=[world.course.pk])).content.decode()
    assert "Черновой глоссарий" in page
    assert student.get(reverse("content:resource", args=[secret.pk])).status_code == 200


def test_a_new_draft_after_publication_stays_invisible(world: World) -> None:
    umk = published_umk(world)
    draft = services.umk_version_start(umk=umk, actor=world.teacher)
    added = add_page(draft, world.teacher, ComponentKind.GLOSSARY, title="Новый глоссарий")
    student = _client(world.student)
    page = student.get(reverse("content:course", args=[world.course.pk])).content.decode()
    assert "Новый глоссарий" not in page
    assert student.get(reverse("content:resource", args=[added.pk])).status_code == 404
    # staff still read it
    assert _client(world.head).get(reverse("content:resource", args=[added.pk])).status_code == 200


# --- Files, marks, the case -------------------------------------------------------------------


def test_pdf_opens_inline_with_safe_headers_and_zip_downloads(world: World) -> None:
    umk = published_umk(world)
    pdf = Resource.objects.get(version=umk.published_version, file_type="pdf")
    response = _client(world.student).get(reverse("content:resource_file", args=[pdf.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")  # type: ignore[attr-defined]
    assert _status(world.outsider, reverse("content:resource_file", args=[pdf.pk])) == 404
    assert _status(None, reverse("content:resource_file", args=[pdf.pk])) == 302


def test_upload_through_the_editor_refuses_a_renamed_executable(world: World) -> None:
    umk = services.umk_create(discipline=world.discipline, actor=world.teacher)
    version = umk.versions.get()
    url = reverse("content:version_upload", args=[version.pk])
    client = _client(world.teacher)
    response = client.post(
        url,
        {
            "component": "lecture_notes",
            "uploads": [upload("lecture.pdf", pdf_bytes()), upload("slides.pdf", EXE_BYTES)],
        },
    )
    assert response.status_code == 400
    assert "является исполняемой программой" in response.content.decode()
    assert version.resources.count() == 0  # nothing half-written
    response = client.post(
        url,
        {
            "component": "lecture_notes",
            "uploads": [upload("lecture.pdf", pdf_bytes()), upload("more.pdf", pdf_bytes("2"))],
        },
    )
    assert response.status_code == 302
    assert sorted(version.resources.values_list("original_name", flat=True)) == [
        "lecture.pdf",
        "more.pdf",
    ]
    # another department's head may not upload
    assert _status(world.other_head, url, "post", {"component": "glossary"}) == 404


def test_progress_marks_and_the_teachers_view(world: World) -> None:
    umk = published_umk(world)
    resource = Resource.objects.filter(version=umk.published_version).first()
    assert resource is not None
    student = _client(world.student)
    student.get(reverse("content:resource", args=[resource.pk]))
    student.post(reverse("content:resource_mark", args=[resource.pk]), {"completed": "1"})
    page = _client(world.teacher).get(reverse("content:course", args=[world.course.pk]))
    progress = page.context["progress"]
    assert [(p.student.user, p.viewed, p.completed, p.total) for p in progress] == [
        (world.student, 1, 1, 6)
    ]
    data = student.get(reverse("content:course", args=[world.course.pk])).context["data"]
    assert (data.completed, data.total, data.percent) == (1, 6, 17)


def test_case_zip_holds_the_index_files_and_pages(world: World) -> None:
    umk = published_umk(world)
    response = _client(world.student).get(reverse("content:course_case", args=[world.course.pk]))
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))  # type: ignore[attr-defined]
    names = archive.namelist()
    assert names[-1] == "index.html"
    pdfs = [n for n in names if n.endswith(".pdf")]
    assert len(pdfs) == 1
    assert archive.read(pdfs[0]).startswith(b"%PDF-")
    assert len([n for n in names if n.startswith("pages/")]) == 5
    assert "Анатомия" in archive.read("index.html").decode()
    assert umk.published_version is not None
    assert _status(world.outsider, reverse("content:course_case", args=[world.course.pk])) == 404


def test_the_submit_and_publish_pages_drive_the_route(world: World) -> None:
    umk = services.umk_create(discipline=world.discipline, actor=world.teacher)
    version = umk.versions.get()
    fill_required(version, world.teacher)
    assert (
        _client(world.teacher)
        .post(reverse("content:version_submit", args=[version.pk]))
        .status_code
        == 302
    )
    review = reverse("content:review", args=[version.pk])
    response = _client(world.head).post(
        review, {"decision": "return", "step": "department", "c_glossary": "Нет глоссария"}
    )
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.status == "returned"
    page = (
        _client(world.teacher).get(reverse("content:version", args=[version.pk])).content.decode()
    )
    assert "Нет глоссария" in page
    _client(world.teacher).post(reverse("content:version_submit", args=[version.pk]))
    _client(world.head).post(review, {"decision": "approve", "step": "department"})
    _client(world.rio).post(review, {"decision": "approve", "step": "editorial"})
    publish = reverse("content:version_publish", args=[version.pk])
    assert _status(world.teacher, publish, "post") == 404
    assert _client(world.council).post(publish).status_code == 302
    assert Umk.objects.get().published_version == version


# --- Constant query counts ----------------------------------------------------------------


def _more_courses(world: World, n: int) -> None:
    from dot.academics.tests.factories import DisciplineFactory

    for i in range(n):
        discipline: Any = DisciplineFactory(department=world.units["kd"], code=f"X{i}")
        services.course_create(
            discipline=discipline, semester=world.semester, groups=[world.group],
            actor=None, teachers=[world.teacher],
        )  # fmt: skip
        services.umk_create(discipline=discipline, actor=world.teacher)


@pytest.mark.parametrize("extra", [0, 8])
def test_lists_take_constant_queries(
    world: World, extra: int, django_assert_max_num_queries: Any
) -> None:
    published_umk(world)
    _more_courses(world, extra)
    teacher = _client(world.teacher)
    council = _client(world.council)
    with django_assert_max_num_queries(14):
        assert teacher.get(reverse("content:index")).status_code == 200
    with django_assert_max_num_queries(14):
        assert teacher.get(reverse("content:umk_list")).status_code == 200
    with django_assert_max_num_queries(14):
        assert council.get(reverse("content:status")).status_code == 200


@pytest.mark.parametrize("extra", [0, 10])
def test_course_page_takes_constant_queries(
    world: World, extra: int, django_assert_max_num_queries: Any
) -> None:
    umk = published_umk(world)
    assert umk.published_version is not None
    draft = services.umk_version_start(umk=umk, actor=world.teacher)
    for i in range(extra):
        add_page(draft, world.teacher, ComponentKind.GLOSSARY, title=f"Термин {i}")
    for step in ("submit", "department", "editorial", "publish"):
        if step == "submit":
            services.umk_version_submit(version=draft, actor=world.teacher)
        elif step == "publish":
            services.umk_version_publish(version=draft, actor=world.council)
        else:
            services.umk_version_decide(
                version=draft, actor=world.head if step == "department" else world.rio,
                decision="approve",
            )  # fmt: skip
    student, teacher = _client(world.student), _client(world.teacher)
    url = reverse("content:course", args=[world.course.pk])
    # The first visits create what the course's panels keep (its forums, its chat room)
    # and fill the menu's cache; then every visit takes the same number of queries. The
    # page itself takes about 20; the panels of forums, chat, tests and online lessons
    # add theirs (constant too).
    student.get(url)
    teacher.get(url)
    with django_assert_max_num_queries(34):
        assert student.get(url).status_code == 200
    with django_assert_max_num_queries(38):
        assert teacher.get(url).status_code == 200


def test_audio_and_video_answer_byte_ranges(world: World) -> None:
    from dot.content.samples import wav_bytes

    umk = services.umk_create(discipline=world.discipline, actor=world.teacher)
    data = wav_bytes(0.5)
    (audio,) = services.resources_add_files(
        version=umk.versions.get(),
        actor=world.teacher,
        uploads=[upload("lecture.wav", data)],
        component=ComponentKind.AUDIO_LECTURES,
    )
    client = _client(world.teacher)
    url = reverse("content:resource_file", args=[audio.pk])
    response = client.get(url, HTTP_RANGE="bytes=4-13")
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 4-13/{len(data)}"
    assert b"".join(response.streaming_content) == data[4:14]  # type: ignore[attr-defined]
    assert response["Content-Type"] == "audio/wav"
    whole = client.get(url)
    assert whole.status_code == 200
    assert whole["Accept-Ranges"] == "bytes"
    assert whole["Content-Disposition"].startswith("inline")
