"""The IT office's structure screens and API: tree, create, edit, deactivate."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from dot.accounts.models import Role
from dot.core.models import AuditLog
from dot.org.models import OrgUnit, UnitKind
from dot.testing.factories import OrgUnitFactory


@pytest.fixture
def faculty_it(uni, make_user):
    return make_user(Role.IT_OFFICE, uni["med"], username="it_med")


def _screens(unit):
    return [
        reverse("org:tree"),
        reverse("org:create"),
        reverse("org:detail", args=[unit.pk]),
        reverse("org:edit", args=[unit.pk]),
    ]


def test_anonymous_is_sent_to_login(client, uni):
    for url in _screens(uni["em"]):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:login"))


def test_wrong_role_gets_404(client, uni, make_user):
    client.force_login(make_user(Role.DEAN, uni["med"]))
    for url in _screens(uni["kd"]):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("org:deactivate", args=[uni["kd"].pk])).status_code == 404


def test_it_role_of_another_unit_gets_404_outside_it(client, uni, faculty_it):
    client.force_login(faculty_it)
    for url in _screens(uni["em"])[2:]:
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("org:deactivate", args=[uni["em"].pk])).status_code == 404
    uni["em"].refresh_from_db()
    assert uni["em"].is_active is True


def test_it_role_of_another_unit_works_inside_it(client, uni, faculty_it):
    client.force_login(faculty_it)
    for url in _screens(uni["kd"]):
        assert client.get(url).status_code == 200, url

    tree = client.get(reverse("org:tree"))
    shown = {node.unit.code for node in tree.context["tree"]}
    assert shown == {"med"}


def test_university_it_sees_the_whole_tree(client, uni, it_staff, django_assert_max_num_queries):
    client.force_login(it_staff)
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("org:tree"))
    for i in range(30):
        OrgUnitFactory(parent=uni["eco"], name=f"Кафедра {i}", code=f"dep{i}")

    # The tree costs the same number of queries however many units there are.
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("org:tree"))

    roots = response.context["tree"]
    assert [n.unit.code for n in roots] == ["uni"]
    assert {n.unit.code for n in roots[0].children} == {"med", "eco", "uo", "rio", "oitc"}
    assert "Кафедра КД" in response.content.decode()


def test_create_department_under_faculty(client, uni, it_staff):
    client.force_login(it_staff)

    response = client.post(
        reverse("org:create"),
        {
            "kind": UnitKind.DEPARTMENT,
            "parent": uni["eco"].pk,
            "name": "Кафедра финансов",
            "code": "fin",
        },
    )

    unit = OrgUnit.objects.get(code="fin")
    assert response.status_code == 302
    assert unit.path == f"{uni['eco'].path}{unit.pk}/"
    assert AuditLog.objects.filter(object_id=str(unit.pk), action="create").exists()


def test_department_under_university_is_refused(client, uni, it_staff):
    client.force_login(it_staff)

    response = client.post(
        reverse("org:create"),
        {"kind": UnitKind.DEPARTMENT, "parent": uni["uni"].pk, "name": "Кафедра", "code": "x"},
    )

    assert response.status_code == 200
    assert "parent" in response.context["form"].errors
    assert not OrgUnit.objects.filter(code="x").exists()


def test_access_point_needs_an_address(client, uni, it_staff):
    client.force_login(it_staff)
    data = {
        "kind": UnitKind.ACCESS_POINT,
        "parent": uni["uni"].pk,
        "name": "ТД Нарын",
        "code": "ap-naryn",
        "phone": "+996 3522 5-00-00",
    }

    refused = client.post(reverse("org:create"), data)
    accepted = client.post(reverse("org:create"), {**data, "address": "г. Нарын, ул. Ленина, 1"})

    assert "address" in refused.context["form"].errors
    assert accepted.status_code == 302
    assert OrgUnit.objects.get(code="ap-naryn").address == "г. Нарын, ул. Ленина, 1"


def test_office_needs_an_office_type(client, uni, it_staff):
    client.force_login(it_staff)

    response = client.post(
        reverse("org:create"),
        {"kind": UnitKind.OFFICE, "parent": uni["uni"].pk, "name": "Отдел", "code": "o1"},
    )

    assert "office_type" in response.context["form"].errors


def test_faculty_it_cannot_create_outside_its_faculty(client, uni, faculty_it):
    client.force_login(faculty_it)

    response = client.post(
        reverse("org:create"),
        {"kind": UnitKind.DEPARTMENT, "parent": uni["eco"].pk, "name": "К", "code": "k1"},
    )

    assert response.status_code == 200
    assert "parent" in response.context["form"].errors
    assert not OrgUnit.objects.filter(code="k1").exists()


def test_edit_unit_and_move_department(client, uni, it_staff):
    client.force_login(it_staff)

    response = client.post(
        reverse("org:edit", args=[uni["sd"].pk]),
        {"parent": uni["eco"].pk, "name": "Кафедра СД", "code": "sd", "short_name": "СД"},
    )

    uni["sd"].refresh_from_db()
    assert response.status_code == 302
    assert uni["sd"].parent == uni["eco"]
    assert uni["sd"].path.startswith(uni["eco"].path)
    assert uni["sd"].short_name == "СД"


def test_faculty_it_cannot_move_its_own_faculty(client, uni, faculty_it):
    client.force_login(faculty_it)

    response = client.get(reverse("org:edit", args=[uni["med"].pk]))

    assert response.context["form"].fields["parent"].disabled is True


def test_deactivate_requires_empty_unit_then_reactivate(client, uni, it_staff):
    client.force_login(it_staff)

    client.post(reverse("org:deactivate", args=[uni["med"].pk]))
    uni["med"].refresh_from_db()
    assert uni["med"].is_active is True  # it still has active departments

    client.post(reverse("org:deactivate", args=[uni["kd"].pk]))
    uni["kd"].refresh_from_db()
    assert uni["kd"].is_active is False

    client.post(reverse("org:reactivate", args=[uni["kd"].pk]))
    uni["kd"].refresh_from_db()
    assert uni["kd"].is_active is True


def test_university_cannot_be_deactivated(client, uni, it_staff):
    client.force_login(it_staff)

    response = client.post(reverse("org:deactivate", args=[uni["uni"].pk]))

    assert response.status_code == 404
    uni["uni"].refresh_from_db()
    assert uni["uni"].is_active is True


# --- API ----------------------------------------------------------------------------------------


def test_api_four_callers(uni, make_user, it_staff):
    api = APIClient()
    assert api.get("/api/org/units/").status_code == 403

    api.force_authenticate(make_user(Role.TEACHER, uni["kd"]))
    assert api.get("/api/org/units/").status_code == 403

    api.force_authenticate(make_user(Role.IT_OFFICE, uni["med"], username="it_med"))
    assert api.get(f"/api/org/units/{uni['em'].pk}/").status_code == 404
    codes = {u["code"] for u in api.get("/api/org/units/").json()["results"]}
    assert codes == {"med", "kd", "sd"}

    api.force_authenticate(it_staff)
    assert api.get(f"/api/org/units/{uni['em'].pk}/").status_code == 200


def test_api_create_and_update_unit(uni, it_staff):
    api = APIClient()
    api.force_authenticate(it_staff)

    created = api.post(
        "/api/org/units/",
        {
            "kind": "department",
            "parent": uni["med"].pk,
            "name": "Кафедра хирургии",
            "code": "surgery",
        },
        format="json",
    )
    refused = api.post(
        "/api/org/units/",
        {"kind": "faculty", "parent": uni["med"].pk, "name": "Ф", "code": "f2"},
        format="json",
    )
    updated = api.patch(
        f"/api/org/units/{created.json()['id']}/", {"short_name": "Хир."}, format="json"
    )

    assert created.status_code == 201, created.json()
    assert refused.status_code == 400
    assert "parent" in refused.json()
    assert updated.json()["short_name"] == "Хир."
