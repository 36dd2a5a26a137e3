"""РУП screens: four callers, constant query counts, create, lines, timeline, norms."""

from decimal import Decimal

import pytest
from django.urls import reverse

from dot.academics import services
from dot.academics.models import Curriculum, TimeNorm
from dot.academics.tests.factories import CurriculumFactory, CurriculumLineFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("who", "expected"),
    [(None, 302), ("student", 404), ("head_sd", 404), ("head_kd", 200), ("uo", 200)],
)
def test_curriculum_page_for_four_callers(client_for, draft, people, who, expected):
    response = client_for(people.get(who)).get(draft.get_absolute_url())
    assert response.status_code == expected
    if expected == 302:
        assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize(
    ("who", "expected"),
    [(None, 302), ("student", 404), ("head_sd", 404), ("head_kd", 302)],
)
def test_adding_a_line_for_four_callers(client_for, draft, discipline, people, who, expected):
    data = {
        "line-discipline": discipline.pk,
        "line-semester_number": 2,
        "line-ects": "3",
        "line-lecture_hours": "18",
        "line-lab_hours": "0",
        "line-practice_hours": "27",
        "line-srs_hours": "45",
        "line-control_form": "credit",
        "line-elective_group": "",
    }
    url = reverse("academics:line_add", args=[draft.pk])
    response = client_for(people.get(who)).post(url, data)
    assert response.status_code == expected
    assert draft.lines.count() == (2 if who == "head_kd" else 1)


def test_bad_line_shows_the_error_beside_the_field(client_for, draft, discipline, people):
    data = {
        "line-discipline": discipline.pk,
        "line-semester_number": 2,
        "line-ects": "-1",
        "line-lecture_hours": "0",
        "line-lab_hours": "0",
        "line-practice_hours": "0",
        "line-srs_hours": "0",
        "line-control_form": "exam",
    }
    response = client_for(people["head_kd"]).post(
        reverse("academics:line_add", args=[draft.pk]), data
    )
    assert response.status_code == 400
    assert draft.lines.count() == 1
    assert 'id="id_line-ects_error"' in response.content.decode()


def test_curriculum_page_shows_totals_flag_and_the_route(client_for, draft, people):
    line = draft.lines.get()
    line.srs_hours = Decimal("50")
    line.save()
    html = client_for(people["head_kd"]).get(draft.get_absolute_url()).content.decode()
    assert "4 ECTS × 30 h = 120 h" in html or "4 кредитов ECTS × 30 ч = 120 ч" in html
    assert "approval-timeline" in html
    assert f'action="/approvals/curriculum/{draft.pk}/submit/"' in html


def test_head_creates_a_draft_only_for_own_programmes(client_for, programme, people, uni):
    other = ProgrammeFactory.create(department=uni["sd"], faculty=uni["med"])
    client = client_for(people["head_kd"])
    url = reverse("academics:curriculum_create")
    response = client.post(url, {"programme": other.pk, "intake_year": 2027})
    assert response.status_code == 200  # the choice is not offered
    assert not Curriculum.objects.filter(programme=other).exists()
    response = client.post(url, {"programme": programme.pk, "intake_year": 2027})
    created = Curriculum.objects.get(programme=programme, intake_year=2027)
    assert response["Location"] == created.get_absolute_url()
    assert client_for(people["student"]).get(url).status_code == 404


def test_curriculum_list_is_scoped_and_filtered(client_for, draft, people, uni):
    CurriculumFactory.create(programme=ProgrammeFactory.create(department=uni["sd"]))
    url = reverse("academics:curriculum_list")
    kd_page = client_for(people["head_kd"]).get(url)
    assert [c.pk for c in kd_page.context["page"]] == [draft.pk]
    uo_page = client_for(people["uo"]).get(url, {"status": "draft", "intake_year": 2026})
    assert len(uo_page.context["page"]) == 2
    by_dept = client_for(people["uo"]).get(url, {"department": uni["kd"].pk})
    assert [c.pk for c in by_dept.context["page"]] == [draft.pk]
    assert client_for(people["student"]).get(url).status_code == 404


def test_curriculum_list_has_constant_query_count(
    client_for, programme, people, django_assert_max_num_queries
):
    for year in range(2000, 2030):
        c = CurriculumFactory.create(programme=programme, intake_year=year)
        CurriculumLineFactory.create(curriculum=c)
    client = client_for(people["uo"])
    # 12 for the page + up to 5 for the menu's visibility on a cold cache (kept per user).
    with django_assert_max_num_queries(17):
        response = client.get(reverse("academics:curriculum_list"))
    assert len(response.context["page"]) == 25


def test_curriculum_page_has_constant_query_count(
    client_for, draft, people, uni, django_assert_max_num_queries
):
    for n in range(40):
        CurriculumLineFactory.create(curriculum=draft, semester_number=1 + n % 12)
    client = client_for(people["head_kd"])
    with django_assert_max_num_queries(16):
        response = client.get(draft.get_absolute_url())
    assert response.status_code == 200


def test_queue_lists_what_awaits_the_academic_office(client_for, draft, people):
    services.curriculum_submit(curriculum=draft, actor=people["head_kd"])
    url = reverse("academics:curriculum_queue")
    assert [c.pk for c in client_for(people["uo"]).get(url).context["page"]] == [draft.pk]
    assert list(client_for(people["vicerector"]).get(url).context["page"]) == []
    assert client_for(people["head_kd"]).get(url).status_code == 404


def test_export_xlsx_for_a_reader(client_for, draft, people):
    response = client_for(people["uo"]).get(reverse("academics:curriculum_export", args=[draft.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert (
        client_for(people["head_sd"])
        .get(reverse("academics:curriculum_export", args=[draft.pk]))
        .status_code
        == 404
    )


@pytest.mark.parametrize(
    ("who", "expected"), [(None, 302), ("teacher_kd", 404), ("head_kd", 200), ("uo", 302)]
)
def test_time_norms_are_edited_by_the_academic_office(client_for, people, who, expected):
    data = {
        "activity": "exam",
        "unit": "per_student",
        "hours": "0.33",
        "valid_from": "2026-09-01",
        "note": "",
    }
    client = client_for(people.get(who))
    response = client.post(reverse("academics:norm_list"), data)
    if who == "head_kd":  # may read the norms, not change them
        assert response.status_code == 404
        assert client.get(reverse("academics:norm_list")).status_code == expected
    else:
        assert response.status_code == expected
    saved = list(TimeNorm.objects.values_list("activity", "hours"))
    assert saved == ([("exam", Decimal("0.33"))] if who == "uo" else [])


def test_modules_of_a_discipline(client_for, discipline, people):
    url = reverse("academics:discipline_detail", args=[discipline.pk])
    response = client_for(people["head_kd"]).post(url, {"title": "Модуль 1", "ects": "2"})
    assert response.status_code == 302
    assert list(discipline.modules.values_list("order", "title", "ects")) == [
        (1, "Модуль 1", Decimal("2.00"))
    ]
    assert client_for(people["head_sd"]).post(url, {"title": "X"}).status_code == 404


def test_line_edit_in_place_with_htmx_and_without(client_for, draft, people):
    line = draft.lines.get()
    url = reverse("academics:line_edit", args=[draft.pk, line.pk])
    client = client_for(people["head_kd"])
    partial = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert partial.lstrip().startswith(f'<tr id="line-{line.pk}-edit">')
    full = client.get(url).content.decode()
    assert "<html" in full
    data = {
        "discipline": line.discipline_id,
        "semester_number": 1,
        "ects": "4",
        "lecture_hours": "30",
        "lab_hours": "0",
        "practice_hours": "30",
        "srs_hours": "60",
        "control_form": "graded_credit",
    }
    assert client.post(url, data).status_code == 302
    line.refresh_from_db()
    assert line.control_form == "graded_credit"
    assert client_for(people["head_sd"]).get(url).status_code == 404


@pytest.mark.parametrize(("who", "count"), [("head_kd", 1), ("head_sd", 0), ("uo", 2)])
def test_programme_list_is_scoped(
    client_for, programme, people, uni, who, count, django_assert_max_num_queries
):
    ProgrammeFactory.create(department=uni["em"], faculty=uni["eco"])
    client = client_for(people[who])
    with django_assert_max_num_queries(12):
        response = client.get(reverse("academics:programme_list"))
    assert len(response.context["page"]) == count
    assert client_for(people["student"]).get(reverse("academics:programme_list")).status_code == 404
