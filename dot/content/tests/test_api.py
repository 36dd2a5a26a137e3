"""API: courses, modules and materials metadata, ЭУМК status and readiness (same rules)."""

from __future__ import annotations

from rest_framework.test import APIClient

from dot.accounts.models import User
from dot.content import services
from dot.content.models import ComponentKind

from .conftest import World, add_page, published_umk


def _api(user: User | None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_courses_api_four_callers(world: World) -> None:
    published_umk(world)
    url = f"/api/content/courses/{world.course.pk}/"
    assert _api(None).get(url).status_code in (401, 403)
    assert _api(world.outsider).get(url).status_code == 404
    assert _api(world.other_head).get(url).status_code == 404
    response = _api(world.student).get(url)
    assert response.status_code == 200
    body = response.json()
    assert (body["discipline_code"], body["published_version"], body["groups"]) == (
        "ANAT", 1, ["ЛД-1-26"]
    )  # fmt: skip
    titles = [m["title"] for section in body["modules"] for m in section["materials"]]
    assert len(titles) == 6
    assert _api(world.outsider).get("/api/content/courses/").json()["count"] == 0
    assert _api(world.student).get("/api/content/courses/").json()["count"] == 1


def test_the_api_never_lists_draft_materials_to_students(world: World) -> None:
    umk = published_umk(world)
    draft = services.umk_version_start(umk=umk, actor=world.teacher)
    add_page(draft, world.teacher, ComponentKind.GLOSSARY, title="Черновик")
    body = _api(world.student).get(f"/api/content/courses/{world.course.pk}/").json()
    titles = [m["title"] for section in body["modules"] for m in section["materials"]]
    assert "Черновик" not in titles


def test_umk_api_four_callers_and_readiness(world: World) -> None:
    umk = published_umk(world)
    url = f"/api/content/umk/{umk.pk}/"
    assert _api(None).get(url).status_code in (401, 403)
    assert _api(world.student).get(url).status_code == 404
    assert _api(world.other_head).get(url).status_code == 404
    response = _api(world.head).get(url)
    assert response.status_code == 200
    assert response.json()["published_version"]["number"] == 1
    assert response.json()["stale"] is False
    readiness = _api(world.head).get(url + "readiness/").json()
    assert readiness == {"ready": True, "reasons": []}


def test_the_schema_documents_the_content_api(world: World) -> None:
    client = _api(world.head)
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").content.decode()
    assert "/api/content/umk/{id}/readiness/" in schema
    assert "/api/content/courses/" in schema
