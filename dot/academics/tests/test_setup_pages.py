"""Programmes and the academic calendar kept by the university's academic office (п. 4.5, 5.1)."""

import datetime

import pytest
from django.urls import reverse

from dot.academics.models import AcademicYear, Direction, ExamSession, Programme, Semester
from dot.academics.tests.factories import DirectionFactory
from dot.accounts.models import Role
from dot.core.models import AuditLog
from dot.org.models import OfficeType, UnitKind
from dot.testing.factories import OrgUnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def callers(uni, make_user, people):
    faculty_office = OrgUnitFactory(
        kind=UnitKind.OFFICE, office_type=OfficeType.ACADEMIC, parent=uni["med"], code="med_uo"
    )
    return {
        None: None,
        "teacher": people["teacher_kd"],
        "faculty_uo": make_user(Role.ACADEMIC_OFFICE, faculty_office, username="faculty_uo"),
        "uo": people["uo"],
    }


@pytest.fixture
def year():
    return AcademicYear.objects.create(
        title="2026–2027", start=datetime.date(2026, 9, 1), end=datetime.date(2027, 6, 30)
    )


@pytest.fixture
def semester(year):
    return Semester.objects.create(
        academic_year=year,
        number=1,
        start=datetime.date(2026, 9, 1),
        end=datetime.date(2027, 1, 31),
    )


def _programme_data(programme_or_none, uni, **overrides):
    direction = DirectionFactory.create(code="560001", name="Лечебное дело", level="specialist")
    data = {
        "direction": direction.pk,
        "code": "ld-new",
        "name": "Лечебное дело (новый профиль)",
        "level": "specialist",
        "faculty": uni["med"].pk,
        "department": uni["kd"].pk,
        "leader": "",
        "allows_full_time": "on",
        "duration_years": "6",
        "total_ects": "360",
        "is_active": "on",
    }
    data.update(overrides)
    return data


PAGES = [
    "academics:programme_create",
    "academics:direction_create",
    "academics:calendar",
    "academics:year_create",
]


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize(
    ("who", "expected"), [(None, 302), ("teacher", 404), ("faculty_uo", 404), ("uo", 200)]
)
def test_setup_pages_for_four_callers(client_for, callers, name, who, expected):
    response = client_for(callers[who]).get(reverse(name))
    assert response.status_code == expected
    if expected == 302:
        assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize(
    ("who", "expected"), [(None, 302), ("teacher", 404), ("faculty_uo", 404), ("uo", 200)]
)
def test_edit_pages_for_four_callers(client_for, callers, programme, semester, who, expected):
    session = ExamSession.objects.create(
        semester=semester, start=datetime.date(2027, 1, 10), end=datetime.date(2027, 1, 25)
    )
    client = client_for(callers[who])
    urls = [
        reverse("academics:programme_edit", args=[programme.pk]),
        reverse("academics:direction_edit", args=[programme.direction.pk]),
        reverse("academics:year_edit", args=[semester.academic_year.pk]),
        reverse("academics:semester_create", args=[semester.academic_year.pk]),
        reverse("academics:semester_edit", args=[semester.academic_year.pk, semester.pk]),
        reverse("academics:session_create", args=[semester.pk]),
        reverse("academics:session_edit", args=[semester.pk, session.pk]),
    ]
    assert [client.get(url).status_code for url in urls] == [expected] * len(urls)


def test_faculty_office_cannot_post_a_programme(client_for, callers, uni):
    data = _programme_data(None, uni)
    response = client_for(callers["faculty_uo"]).post(reverse("academics:programme_create"), data)
    assert response.status_code == 404
    assert not Programme.objects.filter(code="ld-new").exists()


def test_programme_list_links_to_create_and_edit_only_for_the_office(
    client_for, callers, programme
):
    url = reverse("academics:programme_list")
    html = client_for(callers["uo"]).get(url).content.decode()
    assert reverse("academics:programme_create") in html
    assert reverse("academics:programme_edit", args=[programme.pk]) in html
    html = client_for(callers["teacher"]).get(url).content.decode()
    assert reverse("academics:programme_create") not in html
    assert reverse("academics:programme_edit", args=[programme.pk]) not in html


def test_office_creates_a_programme_with_an_audit_row(client_for, callers, uni):
    data = _programme_data(None, uni, allows_extramural="on", leader=callers["teacher"].pk)
    response = client_for(callers["uo"]).post(reverse("academics:programme_create"), data)
    assert response.status_code == 302
    programme = Programme.objects.get(code="ld-new")
    assert programme.department == uni["kd"]
    assert programme.licensed_forms == ["full_time", "extramural"]
    assert programme.leader == callers["teacher"]
    assert (
        AuditLog.objects.filter(action="programme.create", object_id=str(programme.pk)).count() == 1
    )


def test_department_outside_the_faculty_is_refused_beside_the_field(client_for, callers, uni):
    data = _programme_data(None, uni, department=uni["em"].pk)
    response = client_for(callers["uo"]).post(reverse("academics:programme_create"), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_department_error"' in html
    assert not Programme.objects.exists()
    assert not AuditLog.objects.filter(action__startswith="programme").exists()


def test_a_programme_needs_one_licensed_form(client_for, callers, uni):
    data = _programme_data(None, uni)
    del data["allows_full_time"]
    response = client_for(callers["uo"]).post(reverse("academics:programme_create"), data)
    assert response.status_code == 400
    assert 'id="id_allows_full_time_error"' in response.content.decode()
    assert not Programme.objects.exists()


def test_office_edits_a_programme_and_the_audit_keeps_the_change(
    client_for, callers, programme, uni
):
    data = _programme_data(
        programme, uni, code=programme.code, name="Лечебное дело", allows_blended="on"
    )
    response = client_for(callers["uo"]).post(
        reverse("academics:programme_edit", args=[programme.pk]), data
    )
    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.allows_blended is True
    row = AuditLog.objects.get(action="programme.change", object_id=str(programme.pk))
    assert row.changes["allows_blended"] == [False, True]


def test_office_creates_a_direction(client_for, callers):
    data = {"code": "580100", "name": "Экономика", "level": "bachelor"}
    response = client_for(callers["uo"]).post(reverse("academics:direction_create"), data)
    assert response.status_code == 302
    assert Direction.objects.get(code="580100").name == "Экономика"


def test_office_creates_a_year_a_semester_and_a_session(client_for, callers):
    client = client_for(callers["uo"])
    response = client.post(
        reverse("academics:year_create"),
        {"title": "2027–2028", "start": "2027-09-01", "end": "2028-06-30"},
    )
    assert response.status_code == 302
    year = AcademicYear.objects.get(title="2027–2028")
    response = client.post(
        reverse("academics:semester_create", args=[year.pk]),
        {"number": "2", "start": "2028-02-01", "end": "2028-06-30"},
    )
    assert response.status_code == 302
    semester = year.semesters.get()
    assert (semester.number, semester.start) == (2, datetime.date(2028, 2, 1))
    response = client.post(
        reverse("academics:session_create", args=[semester.pk]),
        {"kind": "regular", "start": "2028-06-01", "end": "2028-06-20"},
    )
    assert response.status_code == 302
    assert semester.sessions.get().end == datetime.date(2028, 6, 20)
    html = client.get(reverse("academics:calendar")).content.decode()
    assert "2027–2028" in html
    assert "20.06.2028" in html


def test_year_ending_before_it_starts_is_refused(client_for, callers):
    response = client_for(callers["uo"]).post(
        reverse("academics:year_create"),
        {"title": "2027–2028", "start": "2027-09-01", "end": "2027-08-01"},
    )
    assert response.status_code == 400
    assert 'id="id_end_error"' in response.content.decode()
    assert not AcademicYear.objects.exists()


def test_semester_outside_the_year_is_refused(client_for, callers, year):
    response = client_for(callers["uo"]).post(
        reverse("academics:semester_create", args=[year.pk]),
        {"number": "1", "start": "2026-08-01", "end": "2026-12-31"},
    )
    assert response.status_code == 400
    assert 'id="id_start_error"' in response.content.decode()
    assert not Semester.objects.exists()


def test_session_outside_the_semester_is_refused(client_for, callers, semester):
    response = client_for(callers["uo"]).post(
        reverse("academics:session_create", args=[semester.pk]),
        {"kind": "regular", "start": "2027-01-20", "end": "2027-02-10"},
    )
    assert response.status_code == 400
    assert 'id="id_start_error"' in response.content.decode()
    assert not ExamSession.objects.exists()


def test_second_autumn_semester_in_a_year_is_refused(client_for, callers, semester):
    response = client_for(callers["uo"]).post(
        reverse("academics:semester_create", args=[semester.academic_year.pk]),
        {"number": "1", "start": "2026-09-01", "end": "2026-12-31"},
    )
    assert response.status_code == 400
    assert 'id="id_number_error"' in response.content.decode()
    assert Semester.objects.count() == 1


def test_calendar_page_has_constant_queries(client_for, callers, django_assert_max_num_queries):
    for n in range(6):
        y = AcademicYear.objects.create(
            title=f"20{10 + n}",
            start=datetime.date(2010 + n, 9, 1),
            end=datetime.date(2011 + n, 6, 30),
        )
        s = Semester.objects.create(
            academic_year=y, number=1, start=y.start, end=datetime.date(2011 + n, 1, 31)
        )
        ExamSession.objects.create(semester=s, start=s.end, end=s.end)
    client = client_for(callers["uo"])
    # 12 for the page + up to 5 for the menu's visibility on a cold cache (kept per user).
    with django_assert_max_num_queries(17):
        response = client.get(reverse("academics:calendar"))
    assert response.status_code == 200
    assert response.content.decode().count("card-header") == 6


def test_time_norms_are_edited_only_by_the_university_academic_office(uni, make_user):
    """п. 5.4.4: the norms are the university's; a faculty-level office may not edit them."""
    from dot.academics.permissions import can_edit_norms
    from dot.testing.factories import OrgUnitFactory

    faculty_office = OrgUnitFactory(kind="office", parent=uni["med"], code="med-uo")
    university_uo = make_user(Role.ACADEMIC_OFFICE, uni["uo"])
    faculty_uo = make_user(Role.ACADEMIC_OFFICE, faculty_office)

    assert can_edit_norms(university_uo)
    assert not can_edit_norms(faculty_uo)
