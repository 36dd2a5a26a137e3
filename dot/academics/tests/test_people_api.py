"""REST API of groups, students, registrations, assignments and certificates: the same
permissions as the pages, for the four callers, and the same services."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from rest_framework.test import APIClient

from dot.academics.models import (
    ClassKind,
    DotCertificate,
    NormUnit,
    SemesterRegistration,
    Student,
    StudentStatus,
)
from dot.accounts.models import User
from dot.org.models import OrgUnit

from .factories import DotCertificateFactory, TeachingAssignmentFactory, TimeNormFactory
from .people_world import World, build_world


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def w(uni: dict[str, OrgUnit], make_user: Callable[..., User]) -> World:
    world = build_world(uni, make_user)
    world.assignment = TeachingAssignmentFactory.create(  # type: ignore[attr-defined]
        teacher=world.u("teacher"),
        discipline=world.d_prop,
        group=world.group,
        semester=world.autumn,
        class_kind=ClassKind.LECTURE,
        hours=Decimal("36"),
    )
    world.certificate = DotCertificateFactory.create(teacher=world.u("teacher"))  # type: ignore[attr-defined]
    return world


def api(user: User | None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def _detail(w: Any, name: str) -> str:
    return {
        "group": f"/api/academics/groups/{w.group.pk}/",
        "student": f"/api/academics/students/{w.students[0].pk}/",
        "assignment": f"/api/academics/teaching-assignments/{w.assignment.pk}/",
        "certificate": f"/api/academics/certificates/{w.certificate.pk}/",
    }[name]


@pytest.mark.parametrize(
    ("name", "wrong", "other", "right"),
    [
        ("group", "teacher", "deans_eco", "deans"),
        ("student", "head_kd", "deans_eco", "deans"),
        ("assignment", "deans", "head_em", "head_kd"),
        ("certificate", "deans", "head_em", "head_kd"),
    ],
)
def test_four_callers_on_an_object(w: World, name: str, wrong: str, other: str, right: str) -> None:
    url = _detail(w, name)

    assert api(None).get(url).status_code in (401, 403)
    assert api(w.u(wrong)).get(url).status_code == 404
    assert api(w.u(other)).get(url).status_code == 404
    assert api(w.u(right)).get(url).status_code == 200


@pytest.mark.parametrize(
    ("url", "wrong", "right"),
    [
        ("/api/academics/groups/", "teacher", "deans"),
        ("/api/academics/students/", "head_kd", "deans"),
        ("/api/academics/registrations/", "head_kd", "student"),
        ("/api/academics/teaching-assignments/", "deans", "head_kd"),
        ("/api/academics/certificates/", "deans", "head_kd"),
    ],
)
def test_lists_for_anonymous_wrong_and_right_roles(
    w: World, url: str, wrong: str, right: str
) -> None:
    assert api(None).get(url).status_code in (401, 403)
    assert api(w.u(wrong)).get(url).status_code == 403
    assert api(w.u(right)).get(url).status_code == 200


def test_the_dean_office_of_another_faculty_lists_none_of_these_students(w: World) -> None:
    response = api(w.u("deans_eco")).get("/api/academics/students/")

    assert response.json()["count"] == 0


def test_a_bad_filter_is_a_400_not_a_500(w: World) -> None:
    response = api(w.u("deans")).get("/api/academics/students/?group=abc")

    assert response.status_code == 400


def test_register_through_the_api_is_idempotent_and_checks_electives(w: World) -> None:
    first = w.students[0]
    url = f"/api/academics/groups/{w.group.pk}/register/"
    body = {"semester": w.autumn.pk, "electives": {str(first.pk): {"В1": w.line_el_a.pk}}}

    once = api(w.u("deans")).post(url, body, format="json")
    twice = api(w.u("deans")).post(url, body, format="json")
    bad = api(w.u("deans")).post(
        url,
        {"semester": w.autumn.pk, "electives": {str(first.pk): {"В1": w.line_prop.pk}}},
        format="json",
    )

    assert once.status_code == 200
    assert (once.json()["created"], twice.json()["created"], twice.json()["existing"]) == (7, 0, 7)
    assert bad.status_code == 400
    assert SemesterRegistration.objects.count() == 7
    assert api(w.u("deans_eco")).post(url, body, format="json").status_code == 404


def test_the_student_sees_only_own_registrations(w: World) -> None:
    api(w.u("deans")).post(
        f"/api/academics/groups/{w.group.pk}/register/", {"semester": w.autumn.pk}, format="json"
    )

    response = api(w.u("student")).get("/api/academics/registrations/")

    assert {r["student"] for r in response.json()["results"]} == {w.students[0].pk}
    assert response.json()["count"] == 2


def test_enrol_a_student_and_change_the_status(w: World) -> None:
    created = api(w.u("deans")).post(
        "/api/academics/students/",
        {
            "last_name": "Садыкова",
            "first_name": "Мээрим",
            "programme": w.programme.pk,
            "group": w.group.pk,
            "record_book_number": "ЛД-24-0077",
            "enrolled_on": "2024-09-01",
        },
        format="json",
    )
    pk = created.json()["id"]

    changed = api(w.u("deans")).post(
        f"/api/academics/students/{pk}/status/",
        {"status": StudentStatus.ACADEMIC_LEAVE, "date": "2026-10-12", "reason": "Приказ"},
        format="json",
    )
    refused = api(w.u("deans_eco")).post(
        "/api/academics/students/",
        {
            "last_name": "Ким",
            "first_name": "Ли",
            "programme": w.programme.pk,
            "group": w.group.pk,
            "record_book_number": "ЛД-24-0078",
            "enrolled_on": "2024-09-01",
        },
        format="json",
    )

    assert created.status_code == 201
    assert created.json()["username"] == "ЛД-24-0077"
    assert changed.json()["status"] == StudentStatus.ACADEMIC_LEAVE
    history = api(w.u("deans")).get(f"/api/academics/students/{pk}/history/").json()
    assert [(h["status"], h["date"]) for h in history] == [
        ("academic_leave", "2026-10-12"),
        ("studying", "2024-09-01"),
    ]
    assert refused.status_code == 403
    assert not Student.objects.filter(record_book_number="ЛД-24-0078").exists()


def test_assignments_are_written_by_the_head_of_the_discipline_department(w: World) -> None:
    body = {
        "teacher": w.u("teacher").pk,
        "discipline": w.d_surg.pk,
        "group": w.group.pk,
        "semester": w.autumn.pk,
        "class_kind": ClassKind.PRACTICE,
        "hours": "45.00",
        "is_external": False,
    }

    created = api(w.u("head_kd")).post("/api/academics/teaching-assignments/", body, format="json")
    foreign = api(w.u("head_em")).post("/api/academics/teaching-assignments/", body, format="json")
    deleted = api(w.u("head_em")).delete(_detail(w, "assignment"))

    assert created.status_code == 201
    assert created.json()["curriculum_line"] == w.line_surg.pk
    assert foreign.status_code == 400
    assert deleted.status_code == 404


def test_load_endpoint_returns_exact_decimals(w: World) -> None:
    TimeNormFactory.create(
        activity=ClassKind.LECTURE, unit=NormUnit.PER_HOUR, hours=Decimal("1.25"),
        valid_from=datetime.date(2026, 9, 1),
    )  # fmt: skip

    response = api(w.u("head_kd")).get(
        f"/api/academics/teaching-assignments/load/?semester={w.autumn.pk}"
    )

    # 36 h × 1.25 = 45
    assert response.json() == [
        {
            "teacher": w.u("teacher").pk,
            "teacher_name": w.u("teacher").full_name,
            "by_kind": {"lecture": "45.0000"},
            "total": "45.0000",
            "missing_norms": 0,
        }
    ]


def test_certificate_upload_checks_the_content(w: World, settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    body = {
        "teacher": w.u("head_kd").pk,
        "kind": "certificate",
        "issuer": "ОИТЦ",
        "issued_on": "2026-01-10",
        "valid_until": "2029-01-09",
    }

    bad = api(w.u("uo")).post(
        "/api/academics/certificates/",
        {**body, "scan": SimpleUploadedFile("a.pdf", b"MZ\x90\x00" * 8)},
        format="multipart",
    )
    good = api(w.u("uo")).post(
        "/api/academics/certificates/",
        {**body, "scan": SimpleUploadedFile("a.pdf", b"%PDF-1.7\n" + b"0" * 40)},
        format="multipart",
    )

    assert bad.status_code == 400
    assert list(bad.json()) == ["scan"]
    assert good.status_code == 201
    assert good.json()["has_scan"] is True
    assert DotCertificate.objects.filter(teacher=w.u("head_kd")).count() == 1


def test_registry_lists_the_state_of_every_teacher(w: World) -> None:
    response = api(w.u("head_kd")).get(
        f"/api/academics/certificates/registry/?department={w.units['kd'].pk}"
    )
    foreign = api(w.u("head_em")).get(
        f"/api/academics/certificates/registry/?department={w.units['kd'].pk}"
    )

    states = {row["teacher"]: row["state"] for row in response.json()}
    assert states == {w.u("teacher").pk: "valid", w.u("head_kd").pk: "missing"}
    assert foreign.status_code == 404
