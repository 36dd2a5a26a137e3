"""REST API of user management: same permissions as the screens."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from dot.accounts.models import Role, RoleAssignment, User


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def faculty_it(uni, make_user):
    return make_user(Role.IT_OFFICE, uni["med"], username="it_med")


@pytest.fixture
def eco_teacher(uni, make_user):
    return make_user(Role.TEACHER, uni["em"], username="eco_teacher")


@pytest.fixture
def med_teacher(uni, make_user):
    return make_user(Role.TEACHER, uni["kd"], username="med_teacher")


def test_anonymous_gets_403(api, eco_teacher):
    assert api.get("/api/accounts/users/").status_code == 403
    assert api.get(f"/api/accounts/users/{eco_teacher.pk}/").status_code == 403
    assert api.get("/api/accounts/role-assignments/").status_code == 403


def test_wrong_role_gets_403(api, med_teacher, eco_teacher):
    api.force_authenticate(med_teacher)
    assert api.get("/api/accounts/users/").status_code == 403
    assert api.get(f"/api/accounts/users/{eco_teacher.pk}/").status_code == 403
    assert api.post("/api/accounts/users/", {"username": "x"}).status_code == 403


def test_it_role_of_another_unit_gets_404_outside_it(api, faculty_it, eco_teacher):
    api.force_authenticate(faculty_it)
    assignment = eco_teacher.role_assignments.get()

    assert api.get(f"/api/accounts/users/{eco_teacher.pk}/").status_code == 404
    assert api.patch(f"/api/accounts/users/{eco_teacher.pk}/", {"position": "x"}).status_code == 404
    assert api.post(f"/api/accounts/users/{eco_teacher.pk}/deactivate/").status_code == 404
    assert api.post(f"/api/accounts/role-assignments/{assignment.pk}/revoke/").status_code == 404


def test_it_role_of_another_unit_lists_its_people(api, faculty_it, med_teacher, eco_teacher):
    api.force_authenticate(faculty_it)

    response = api.get("/api/accounts/users/")

    assert response.status_code == 200
    assert {u["username"] for u in response.json()["results"]} == {"it_med", "med_teacher"}


def test_university_it_lists_and_retrieves_with_roles(api, it_staff, med_teacher):
    api.force_authenticate(it_staff)

    response = api.get(f"/api/accounts/users/{med_teacher.pk}/")

    assert response.status_code == 200
    body = response.json()
    assert body["username"] == "med_teacher"
    assert [(r["role"], r["unit_name"], r["status"]) for r in body["roles"]] == [
        ("teacher", "Кафедра КД", "current")
    ]


def test_create_update_and_deactivate_user(api, uni, it_staff):
    api.force_authenticate(it_staff)

    created = api.post(
        "/api/accounts/users/",
        {
            "username": "newbie",
            "last_name": "Новиков",
            "first_name": "Нурлан",
            "email": "newbie@example.org",
            "role": "student",
            "unit": uni["med"].pk,
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    updated = api.patch(f"/api/accounts/users/{pk}/", {"position": "Староста"}, format="json")
    deactivated = api.post(f"/api/accounts/users/{pk}/deactivate/")

    user = User.objects.get(pk=pk)
    assert updated.status_code == 200
    assert user.position == "Староста"
    assert deactivated.json()["is_active"] is False
    assert user.is_active is False
    assert user.role_assignments.get().role == Role.STUDENT


def test_create_rejects_duplicate_login(api, it_staff):
    api.force_authenticate(it_staff)

    response = api.post(
        "/api/accounts/users/",
        {"username": "it", "last_name": "А", "first_name": "Б", "email": "x@example.org"},
        format="json",
    )

    assert response.status_code == 400
    assert "username" in response.json()


def test_assign_and_revoke_role(api, uni, it_staff, med_teacher):
    api.force_authenticate(it_staff)

    bad = api.post(
        "/api/accounts/role-assignments/",
        {"user": med_teacher.pk, "role": "dean", "unit": uni["kd"].pk},
        format="json",
    )
    good = api.post(
        "/api/accounts/role-assignments/",
        {
            "user": med_teacher.pk,
            "role": "head_of_department",
            "unit": uni["kd"].pk,
            "valid_from": "2025-09-01",
        },
        format="json",
    )
    revoked = api.post(f"/api/accounts/role-assignments/{good.json()['id']}/revoke/")

    assert bad.status_code == 400
    assert "unit" in bad.json()
    assert good.status_code == 201
    assert revoked.status_code == 200
    assignment = RoleAssignment.objects.get(pk=good.json()["id"])
    assert assignment.valid_to == timezone.localdate() - datetime.timedelta(days=1)


def test_assign_rejects_end_before_start(api, uni, it_staff, med_teacher):
    api.force_authenticate(it_staff)

    response = api.post(
        "/api/accounts/role-assignments/",
        {
            "user": med_teacher.pk,
            "role": "tutor",
            "unit": uni["med"].pk,
            "valid_from": "2026-02-01",
            "valid_to": "2026-01-01",
        },
        format="json",
    )

    assert response.status_code == 400
    assert "valid_to" in response.json()


def test_faculty_it_cannot_assign_outside_its_faculty(api, uni, faculty_it, med_teacher):
    api.force_authenticate(faculty_it)

    response = api.post(
        "/api/accounts/role-assignments/",
        {"user": med_teacher.pk, "role": "teacher", "unit": uni["em"].pk},
        format="json",
    )

    assert response.status_code == 400  # the unit is not one it may choose
    assert not RoleAssignment.objects.filter(unit=uni["em"], user=med_teacher).exists()


def test_user_list_api_query_count_is_constant(
    api, uni, it_staff, make_user, django_assert_max_num_queries
):
    api.force_authenticate(it_staff)
    with CaptureQueriesContext(connection) as small:
        api.get("/api/accounts/users/")
    for i in range(40):
        make_user(Role.STUDENT, uni["med"], username=f"s{i:02d}")

    with django_assert_max_num_queries(len(small.captured_queries)):
        response = api.get("/api/accounts/users/")

    assert response.json()["count"] == 41


def test_schema_lists_the_endpoints(client, db):
    schema = client.get("/api/schema/").content.decode()

    assert "/api/accounts/users/" in schema
    assert "/api/accounts/role-assignments/{id}/revoke/" in schema
    assert "/api/org/units/" in schema
