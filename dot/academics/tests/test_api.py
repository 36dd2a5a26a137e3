"""REST API of programmes and curricula: the four callers, lines written by the owner."""

from decimal import Decimal

import pytest

pytestmark = pytest.mark.django_db

API = "/api/academics"


@pytest.fixture
def api(client_for):
    return client_for


@pytest.mark.parametrize(
    ("who", "expected"),
    [(None, 403), ("student", 404), ("head_sd", 404), ("head_kd", 200), ("uo", 200)],
)
def test_curriculum_detail_for_four_callers(api, draft, people, who, expected):
    response = api(people.get(who)).get(f"{API}/curricula/{draft.pk}/")
    assert response.status_code == expected
    if expected == 200:
        body = response.json()
        assert body["status"] == "draft"
        assert [x["discipline_code"] for x in body["lines"]] == ["KD-101"]
        assert body["totals"]["total_hours"] == "120.00"
        assert body["lines"][0]["hours_mismatch"] is False


@pytest.mark.parametrize(
    ("who", "count"), [("student", 0), ("head_sd", 0), ("head_kd", 1), ("dean_eco", 0)]
)
def test_programme_and_curriculum_lists_are_scoped(api, draft, people, who, count):
    client = api(people[who])
    assert client.get(f"{API}/programmes/").json()["count"] == count
    assert client.get(f"{API}/curricula/").json()["count"] == count


LINE = {
    "semester_number": 2,
    "ects": "3",
    "lecture_hours": "18",
    "lab_hours": "0",
    "practice_hours": "27",
    "srs_hours": "45",
    "control_form": "credit",
    "is_elective": False,
    "elective_group": "",
}


@pytest.mark.parametrize(
    ("who", "expected"),
    [(None, 403), ("student", 404), ("head_sd", 404), ("uo", 404), ("head_kd", 201)],
)
def test_adding_a_line_for_four_callers(api, draft, discipline, people, who, expected):
    response = api(people.get(who)).post(
        f"{API}/curricula/{draft.pk}/lines/",
        {**LINE, "discipline": discipline.pk},
        content_type="application/json",
    )
    assert response.status_code == expected
    assert draft.lines.count() == (2 if expected == 201 else 1)
    if expected == 201:
        assert response.json()["total_hours"] == "90.00"


def test_a_duplicate_line_answers_400_with_the_field(api, draft, discipline, people):
    response = api(people["head_kd"]).post(
        f"{API}/curricula/{draft.pk}/lines/",
        {**LINE, "semester_number": 1, "discipline": discipline.pk},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "discipline" in response.json()


@pytest.mark.parametrize(("who", "expected"), [("head_sd", 404), ("head_kd", 200)])
def test_changing_and_deleting_a_line(api, draft, people, who, expected):
    line = draft.lines.get()
    client = api(people[who])
    response = client.patch(
        f"{API}/curriculum-lines/{line.pk}/", {"ects": "5"}, content_type="application/json"
    )
    assert response.status_code == expected
    line.refresh_from_db()
    assert line.ects == (Decimal("5") if expected == 200 else Decimal("4"))
    response = client.delete(f"{API}/curriculum-lines/{line.pk}/")
    assert response.status_code == (204 if expected == 200 else 404)


def test_lines_of_a_submitted_curriculum_cannot_change(api, draft, people):
    from dot.academics import services

    services.curriculum_submit(curriculum=draft, actor=people["head_kd"])
    line = draft.lines.get()
    response = api(people["head_kd"]).patch(
        f"{API}/curriculum-lines/{line.pk}/", {"ects": "5"}, content_type="application/json"
    )
    assert response.status_code == 404


def test_openapi_schema_lists_the_academics_endpoints(api, people):
    response = api(people["uo"]).get("/api/schema/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "/api/academics/curricula/{id}/lines/" in text
    assert "/api/academics/programmes/" in text
