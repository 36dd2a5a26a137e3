"""API: staff only (students and other departments 404), answer keys, versions, import/export."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from dot.questions import services
from dot.questions.factories import make_question
from dot.questions.models import Question

pytestmark = pytest.mark.django_db


@pytest.fixture
def api() -> APIClient:
    return APIClient()


def test_four_callers(api: APIClient, bank: Any, head: Any, other_head: Any, student: Any) -> None:
    question = make_question(category=services.top_category(bank))
    url = f"/api/questions/questions/{question.pk}/"
    assert api.get(url).status_code in (401, 403)
    api.force_authenticate(student)
    assert api.get(url).status_code == 404
    assert api.get("/api/questions/banks/").json()["results"] == []
    assert api.get(f"/api/questions/questions/{question.pk}/student-view/").status_code == 404
    api.force_authenticate(other_head)
    assert api.get(url).status_code == 404
    api.force_authenticate(head)
    body = api.get(url).json()
    assert body["current"]["data"]["options"][0]["fraction"] == "1"  # keys: staff only


def test_bank_list_counts_constant_queries(
    api: APIClient, bank: Any, head: Any, django_assert_max_num_queries: Any
) -> None:
    make_question(category=services.top_category(bank), qtype="numeric")
    api.force_authenticate(head)
    with django_assert_max_num_queries(6):
        body = api.get("/api/questions/banks/").json()
    assert body["results"][0]["counts"] == {"numeric": 1}


def test_create_update_versions_hide(api: APIClient, bank: Any, head: Any) -> None:
    top = services.top_category(bank)
    api.force_authenticate(head)
    payload = {
        "category": top.pk,
        "qtype": "truefalse",
        "name": "Земля круглая",
        "text": "<p>Земля — шар?</p>",
        "data": {"correct": True},
    }
    response = api.post("/api/questions/questions/", payload, format="json")
    assert response.status_code == 201, response.json()
    qid = response.json()["id"]
    bad = api.post(
        "/api/questions/questions/", {**payload, "qtype": "single", "data": {}}, format="json"
    )
    assert bad.status_code == 400
    assert "options" in bad.json()
    response = api.patch(
        f"/api/questions/questions/{qid}/", {"data": {"correct": False}}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["current"]["number"] == 2
    versions = api.get(f"/api/questions/questions/{qid}/versions/").json()
    assert [v["number"] for v in versions] == [2, 1]
    assert versions[1]["data"]["correct"] is True
    api.post(f"/api/questions/questions/{qid}/hide/", {"hidden": True}, format="json")
    assert Question.objects.get(pk=qid).is_hidden
    view = api.get(f"/api/questions/questions/{qid}/student-view/?seed=3").json()
    assert "correct" not in view


def test_categories_and_import_export(api: APIClient, bank: Any, head: Any) -> None:
    api.force_authenticate(head)
    response = api.post(
        "/api/questions/categories/", {"bank": bank.pk, "name": "Глава 1"}, format="json"
    )
    assert response.status_code == 201
    category = response.json()["id"]
    gift = "::Хороший::Два плюс два?{=4}\n\n::Плохой::Без ответа {=a\n"
    upload = SimpleUploadedFile("q.gift", gift.encode())
    report = api.post(
        f"/api/questions/banks/{bank.pk}/import/",
        {"format": "gift", "file": upload, "category": category},
        format="multipart",
    )
    assert report.status_code == 400
    assert report.json()["errors"][0]["where"] == "строка 3"
    upload = SimpleUploadedFile("q.gift", gift.encode())
    report = api.post(
        f"/api/questions/banks/{bank.pk}/import/",
        {"format": "gift", "file": upload, "category": category, "import_valid": True},
        format="multipart",
    )
    assert report.status_code == 201
    assert len(report.json()["imported"]) == 1
    export = api.get(f"/api/questions/banks/{bank.pk}/export/?file_format=xml")
    assert b"Two" not in export.content
    assert "Хороший" in export.content.decode()


def test_schema_builds(api: APIClient, it_staff: Any) -> None:
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    assert "/api/questions/banks/{id}/import/" in schema["paths"]


def test_malformed_data_is_a_400(api: APIClient, bank: Any, head: Any) -> None:
    api.force_authenticate(head)
    top = services.top_category(bank)
    for qtype, data in (
        ("gaps", {"gaps": ["x", 3]}),
        ("single", {"options": [1, 2]}),
        ("numeric", {"answers": "abc"}),
        ("matching", {"pairs": [None, None]}),
    ):
        payload = {
            "category": top.pk,
            "qtype": qtype,
            "name": "x",
            "text": "<p>[[1]]</p>",
            "data": data,
        }
        response = api.post("/api/questions/questions/", payload, format="json")
        assert response.status_code == 400, (qtype, response.content)
