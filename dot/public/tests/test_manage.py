"""The academic office edits the public part in the portal's own screens (п. 4.5, 5.3)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dot.accounts.models import Role
from dot.core.audit import audit_for
from dot.org.models import OfficeType, UnitKind
from dot.public.models import InfoPage, NormativeDocument
from dot.testing.factories import OrgUnitFactory

from .conftest import docx_upload, pdf_upload


@pytest.fixture
def document(db):
    return NormativeDocument.objects.create(
        title="Положение о ДОТ", code="СМК-П-ДОТ-8.5.1.19-2024", link="/info/", is_published=True
    )


@pytest.fixture
def page(db):
    return InfoPage.objects.create(slug="about", title="Что такое ДОТ", body="Текст")


@pytest.fixture
def uo_user(uni, make_user):
    return make_user(Role.ACADEMIC_OFFICE, uni["uo"], username="uo")


@pytest.fixture
def faculty_uo_user(uni, make_user):
    """An "academic office" role held in an office of a faculty, not of the university."""
    office = OrgUnitFactory(
        kind=UnitKind.OFFICE, office_type=OfficeType.ACADEMIC, parent=uni["med"], code="med-uo"
    )
    return make_user(Role.ACADEMIC_OFFICE, office, username="med_uo")


def _editing_urls(document, page):
    return [
        reverse("public:manage"),
        reverse("public:document_create"),
        reverse("public:document_edit", args=[document.pk]),
        reverse("public:page_create"),
        reverse("public:page_edit", args=[page.pk]),
    ]


def test_anonymous_is_sent_to_login(client, document, page):
    for url in _editing_urls(document, page):
        response = client.get(url)

        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))


def test_teacher_gets_404(client, uni, make_user, document, page):
    client.force_login(make_user(Role.TEACHER, uni["kd"]))

    for url in _editing_urls(document, page):
        assert client.get(url).status_code == 404


def test_academic_office_of_a_faculty_gets_404(client, faculty_uo_user, document, page):
    # The pages and documents are university-wide: a faculty-level office does not edit them.
    client.force_login(faculty_uo_user)

    for url in _editing_urls(document, page):
        assert client.get(url).status_code == 404
    response = client.post(
        reverse("public:document_publish", args=[document.pk]), {"published": "0"}
    )
    assert response.status_code == 404
    document.refresh_from_db()
    assert document.is_published is True


def test_academic_office_of_the_university_gets_200(client, uo_user, document, page):
    client.force_login(uo_user)

    for url in _editing_urls(document, page):
        assert client.get(url).status_code == 200


def test_menu_shows_editing_only_to_the_university_academic_office(
    client, uo_user, faculty_uo_user
):
    client.force_login(uo_user)
    assert reverse("public:manage") in client.get(reverse("core:home")).content.decode()

    client.force_login(faculty_uo_user)
    assert reverse("public:manage") not in client.get(reverse("core:home")).content.decode()


def test_create_document_with_pdf_stores_it_and_records_audit(client, uo_user):
    client.force_login(uo_user)

    response = client.post(
        reverse("public:document_create"),
        {
            "title": "Положение о ДОТ",
            "code": "СМК-П-ДОТ-8.5.1.19-2024",
            "kind": "regulation",
            "approved_on": "2024-11-11",
            "approved_by": "Учёный совет, протокол № 3",
            "order": "10",
            "is_published": "on",
            "upload": pdf_upload(),
        },
    )

    assert response.status_code == 302
    doc = NormativeDocument.objects.get()
    assert (doc.file_type, doc.is_published, str(doc.approved_on)) == ("pdf", True, "2024-11-11")
    stored = doc.file.name or ""
    assert stored.endswith(".pdf")
    assert "polozhenie" not in stored  # the uploader's name is not used on disk
    [row] = audit_for(doc)
    assert (row.action, row.actor) == ("create", uo_user)


def test_create_document_refuses_a_fake_pdf_and_writes_nothing(client, uo_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(uo_user)

    response = client.post(
        reverse("public:document_create"),
        {
            "title": "Вирус",
            "kind": "regulation",
            "order": "10",
            "upload": SimpleUploadedFile("virus.pdf", b"MZ\x90\x00" + b"\x00" * 64),
        },
    )

    assert response.status_code == 200
    assert "Принимаются только документы PDF и DOCX" in response.content.decode()
    assert response.context["form"].errors["upload"]
    assert NormativeDocument.objects.count() == 0


def test_create_document_needs_a_file_or_a_link(client, uo_user):
    client.force_login(uo_user)

    response = client.post(
        reverse("public:document_create"), {"title": "Без файла", "kind": "rules", "order": "1"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["upload"] == [
        "Прикрепите файл документа или укажите ссылку на него."
    ]
    assert NormativeDocument.objects.count() == 0


def test_create_document_refuses_a_javascript_link(client, uo_user):
    client.force_login(uo_user)

    response = client.post(
        reverse("public:document_create"),
        {"title": "Ссылка", "kind": "rules", "order": "1", "link": "javascript:alert(1)"},
    )

    assert response.status_code == 200
    assert "link" in response.context["form"].errors
    assert NormativeDocument.objects.count() == 0


def test_unpublish_and_publish_are_audited(client, uo_user, document):
    client.force_login(uo_user)
    url = reverse("public:document_publish", args=[document.pk])

    client.post(url, {"published": "0"})
    document.refresh_from_db()
    hidden_list = client.get(reverse("public:documents"))

    assert document.is_published is False
    client.logout()
    assert "Положение о ДОТ" not in client.get(reverse("public:documents")).content.decode()
    client.force_login(uo_user)
    client.post(url, {"published": "1"})
    document.refresh_from_db()
    assert document.is_published is True
    assert [r.action for r in audit_for(document)] == ["publish", "unpublish"]
    assert hidden_list.status_code == 200


def test_publish_needs_post(client, uo_user, document):
    client.force_login(uo_user)

    response = client.get(reverse("public:document_publish", args=[document.pk]))

    assert response.status_code == 405


def test_replacing_the_file_with_docx(client, uo_user, django_capture_on_commit_callbacks):
    client.force_login(uo_user)
    client.post(
        reverse("public:document_create"),
        {"title": "Форма ИУП", "kind": "form", "order": "1", "upload": pdf_upload()},
    )
    doc = NormativeDocument.objects.get()
    old_name = doc.file.name or ""

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("public:document_edit", args=[doc.pk]),
            {"title": "Форма ИУП", "kind": "form", "order": "1", "upload": docx_upload()},
        )

    doc.refresh_from_db()
    assert response.status_code == 302
    assert doc.file_type == "docx"
    assert not doc.file.storage.exists(old_name)
    assert [r.action for r in audit_for(doc)] == ["update", "create"]


def test_download_headers(client, uo_user):
    client.force_login(uo_user)
    client.post(
        reverse("public:document_create"),
        {
            "title": "Положение",
            "code": "СМК-П-ДОТ-8.5.1.19-2024",
            "kind": "regulation",
            "order": "1",
            "is_published": "on",
            "upload": pdf_upload(),
        },
    )
    doc = NormativeDocument.objects.get()
    client.logout()

    response = client.get(reverse("public:document_file", args=[doc.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline;")
    assert "-8.5.1.19-2024.pdf" in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_docx_download_is_an_attachment(client, uo_user):
    client.force_login(uo_user)
    client.post(
        reverse("public:document_create"),
        {
            "title": "Форма",
            "kind": "form",
            "order": "1",
            "is_published": "on",
            "upload": docx_upload(),
        },
    )
    doc = NormativeDocument.objects.get()

    response = client.get(reverse("public:document_file", args=[doc.pk]))

    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_unpublished_file_is_404_for_anonymous_but_open_for_the_academic_office(client, uo_user):
    client.force_login(uo_user)
    client.post(
        reverse("public:document_create"),
        {"title": "Проект", "kind": "order", "order": "1", "upload": pdf_upload()},
    )
    doc = NormativeDocument.objects.get()
    url = reverse("public:document_file", args=[doc.pk])

    assert client.get(url).status_code == 200
    client.logout()
    assert client.get(url).status_code == 404


def test_edit_page_in_three_languages_is_audited_and_sanitised(client, uo_user, page):
    client.force_login(uo_user)

    response = client.post(
        reverse("public:page_edit", args=[page.pk]),
        {
            "title": "Что такое ДОТ",
            "body": "## Правила\n\n<script>alert(1)</script>Текст <img src=x onerror=alert(2)>",
            "title_ky": "ДОТ деген эмне",
            "body_ky": "Кыргызча текст",
            "title_en": "What DOT is",
            "body_en": "English text",
            "slug": "about",
            "clauses": "п. 1.5",
            "order": "10",
            "is_published": "on",
        },
    )

    assert response.status_code == 302
    page.refresh_from_db()
    assert page.body_ky == "Кыргызча текст"
    [row] = audit_for(page)
    assert row.action == "update"
    assert set(row.changes) == {
        "body",
        "title_ky",
        "body_ky",
        "title_en",
        "body_en",
        "clauses",
        "order",
    }
    shown = client.get(reverse("public:page", args=["about"])).content.decode()
    assert "<h2>Правила</h2>" in shown
    assert "alert(1)" not in shown
    assert "onerror" not in shown


def test_create_page_with_a_taken_address_shows_the_error(client, uo_user, page):
    client.force_login(uo_user)

    response = client.post(
        reverse("public:page_create"),
        {"title": "Ещё", "body": "Текст", "slug": "about", "order": "1"},
    )

    assert response.status_code == 200
    assert "slug" in response.context["form"].errors
    assert InfoPage.objects.count() == 1


def test_manage_list_query_count_is_constant(client, uo_user):
    client.force_login(uo_user)

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            client.get(reverse("public:manage"))
        return len(ctx.captured_queries)

    NormativeDocument.objects.create(title="Документ 0", link="/info/")
    InfoPage.objects.create(slug="p0", title="Страница 0", body="Текст")
    count_queries()  # the menu's visibility is computed once per user, then kept
    few = count_queries()
    for i in range(1, 30):
        NormativeDocument.objects.create(title=f"Документ {i}", link="/info/")
        InfoPage.objects.create(slug=f"p{i}", title=f"Страница {i}", body="Текст")
    many = count_queries()
    body = client.get(reverse("public:manage")).content.decode()

    assert many == few
    assert body.count('name="published"') == 30
    assert body.count(reverse("public:page", args=["p29"])) == 1
