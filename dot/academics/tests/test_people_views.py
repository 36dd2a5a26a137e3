"""Pages of the people side: four callers on every screen, constant query counts,
registration by the dean's office and «My disciplines» of the student (п. 4.7)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest

from dot.academics import people_services as svc
from dot.academics.models import (
    ClassKind,
    SemesterRegistration,
    StudentGroup,
    StudentStatus,
    StudyForm,
)
from dot.accounts.models import User
from dot.org.models import OrgUnit

from .factories import (
    DotCertificateFactory,
    StudentFactory,
    StudentGroupFactory,
    TeachingAssignmentFactory,
)
from .people_world import World, build_world, login


@pytest.fixture
def w(uni: dict[str, OrgUnit], make_user: Callable[..., User]) -> World:
    world = build_world(uni, make_user)
    world.assignment = TeachingAssignmentFactory.create(  # type: ignore[attr-defined]
        teacher=world.u("teacher"),
        discipline=world.d_prop,
        group=world.group,
        semester=world.autumn,
        class_kind=ClassKind.LECTURE,
    )
    world.certificate = DotCertificateFactory.create(teacher=world.u("teacher"))  # type: ignore[attr-defined]
    return world


def _url(w: Any, name: str) -> str:
    kd = w.units["kd"].pk
    teacher = w.u("teacher").pk
    urls = {
        "group_detail": f"/academics/people/groups/{w.group.pk}/",
        "group_edit": f"/academics/people/groups/{w.group.pk}/edit/",
        "group_register": f"/academics/people/groups/{w.group.pk}/register/?semester={w.autumn.pk}",
        "student_detail": f"/academics/people/students/{w.students[0].pk}/",
        "student_edit": f"/academics/people/students/{w.students[0].pk}/edit/",
        "assignments": f"/academics/people/departments/{kd}/assignments/",
        "assignment_new": f"/academics/people/departments/{kd}/assignments/new/",
        "assignment_edit": f"/academics/people/assignments/{w.assignment.pk}/edit/",
        "load": f"/academics/people/departments/{kd}/load/",
        "load_xlsx": f"/academics/people/departments/{kd}/load.xlsx",
        "certificates": f"/academics/people/departments/{kd}/certificates/",
        "teacher": f"/academics/people/teachers/{teacher}/",
        "certificate_new": f"/academics/people/teachers/{teacher}/certificates/new/",
        "certificate_edit": f"/academics/people/certificates/{w.certificate.pk}/edit/",
        "training_new": f"/academics/people/teachers/{teacher}/trainings/new/",
    }
    return urls[name]


# page, wrong role, right role of another unit, right role
FOUR_CALLERS = [
    ("group_detail", "teacher", "deans_eco", "deans"),
    ("group_edit", "head_kd", "deans_eco", "deans"),
    ("group_register", "teacher", "deans_eco", "deans"),
    ("student_detail", "teacher", "deans_eco", "deans"),
    ("student_edit", "student", "deans_eco", "deans"),
    ("assignments", "deans", "head_em", "head_kd"),
    ("assignment_new", "teacher", "head_em", "head_kd"),
    ("assignment_edit", "deans", "head_em", "head_kd"),
    ("load", "teacher", "head_em", "head_kd"),
    ("load_xlsx", "deans", "head_em", "head_kd"),
    ("certificates", "student", "head_em", "head_kd"),
    ("teacher", "student", "head_em", "head_kd"),
    ("certificate_new", "teacher_sd", "head_em", "head_kd"),
    ("certificate_edit", "deans", "head_em", "head_kd"),
    ("training_new", "student", "head_em", "head_kd"),
]


@pytest.mark.parametrize(("page", "wrong", "other", "right"), FOUR_CALLERS)
def test_four_callers(w: World, client: Any, page: str, wrong: str, other: str, right: str) -> None:
    url = _url(w, page)

    anonymous = login(client, None).get(url)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/accounts/login/")
    assert login(client, w.u(wrong)).get(url).status_code == 404
    assert login(client, w.u(other)).get(url).status_code == 404
    assert login(client, w.u(right)).get(url).status_code == 200


@pytest.mark.parametrize(
    ("url", "wrong", "right"),
    [
        ("/academics/people/groups/", "teacher", "deans"),
        ("/academics/people/groups/new/", "head_kd", "deans"),
        ("/academics/people/groups/import/", "teacher", "deans"),
        ("/academics/people/students/", "head_kd", "deans"),
        ("/academics/people/students/new/", "uo", "deans"),
        ("/academics/people/my/disciplines/", "deans", "student"),
        ("/academics/people/departments/", "deans", "uo"),
    ],
)
def test_list_pages_for_anonymous_wrong_and_right_roles(
    w: World, client: Any, url: str, wrong: str, right: str
) -> None:
    assert login(client, None).get(url).status_code == 302
    assert login(client, w.u(wrong)).get(url).status_code == 404
    assert login(client, w.u(right)).get(url).status_code == 200


def test_the_dean_office_of_another_faculty_sees_none_of_these_groups(
    w: World, client: Any
) -> None:
    response = login(client, w.u("deans_eco")).get("/academics/people/groups/")

    assert response.status_code == 200
    assert list(response.context["page"]) == []


def test_the_academic_office_reads_every_department(w: World, client: Any) -> None:
    c = login(client, w.u("uo"))

    assert c.get(_url(w, "load")).status_code == 200
    assert c.get(_url(w, "assignment_new")).status_code == 404  # reads, does not assign


def test_group_list_takes_constant_queries_and_filters(
    w: World, client: Any, django_assert_max_num_queries: Any
) -> None:
    for i in range(30):
        group = StudentGroupFactory.create(
            name=f"ЛД-{i + 10}-24", programme=w.programme, intake_year=2024, is_dot_group=i % 2
        )
        StudentFactory.create(group=group, programme=w.programme)
    c = login(client, w.u("deans"))
    c.get("/academics/people/groups/")  # warm the session and role caches

    with django_assert_max_num_queries(12):
        response = c.get("/academics/people/groups/?dot=1")

    assert response.status_code == 200
    assert response.context["page"].paginator.count == 15


def test_student_list_takes_constant_queries_and_searches(
    w: World, client: Any, django_assert_max_num_queries: Any
) -> None:
    for _i in range(40):
        StudentFactory.create(group=w.group, programme=w.programme)
    c = login(client, w.u("deans"))
    c.get("/academics/people/students/")

    with django_assert_max_num_queries(12):
        response = c.get("/academics/people/students/?q=ЛД-24-0002")

    assert [s.record_book_number for s in response.context["page"]] == ["ЛД-24-0002"]


def test_assignment_list_takes_constant_queries(
    w: World, client: Any, django_assert_max_num_queries: Any
) -> None:
    for _i in range(30):
        TeachingAssignmentFactory.create(
            teacher=w.u("head_kd"),
            discipline__department=w.units["kd"],
            group=w.group,
            semester=w.autumn,
        )
    c = login(client, w.u("head_kd"))
    c.get(_url(w, "assignments"))

    with django_assert_max_num_queries(14):
        response = c.get(_url(w, "assignments") + f"?semester={w.autumn.pk}")

    assert response.context["page"].paginator.count == 31


def test_dean_office_creates_a_group(w: World, client: Any) -> None:
    response = login(client, w.u("deans")).post(
        "/academics/people/groups/new/",
        {
            "name": "ЛД-2-24",
            "programme": w.programme.pk,
            "intake_year": 2024,
            "study_form": StudyForm.FULL_TIME,
            "is_dot_group": "on",
        },
    )

    group = StudentGroup.objects.get(name="ЛД-2-24")
    assert response.status_code == 302
    assert group.is_dot_group is True


def test_group_form_shows_the_licence_error_beside_the_field(w: World, client: Any) -> None:
    response = login(client, w.u("deans")).post(
        "/academics/people/groups/new/",
        {
            "name": "ЛД-2-24з",
            "programme": w.programme.pk,
            "intake_year": 2024,
            "study_form": StudyForm.EXTRAMURAL,
        },
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["study_form"]
    assert not StudentGroup.objects.filter(name="ЛД-2-24з").exists()


def test_dean_office_registers_the_group_with_electives_then_the_student_sees_them(
    w: World, client: Any
) -> None:
    first, second, third = w.students
    c = login(client, w.u("deans"))
    page = c.get(_url(w, "group_register"))
    fields = {name for name in page.context["form"].fields if name.startswith("el_")}
    assert fields == {f"el_{s.pk}_0" for s in w.students}

    response = c.post(
        f"/academics/people/groups/{w.group.pk}/register/",
        {
            "semester": w.autumn.pk,
            f"el_{first.pk}_0": w.line_el_a.pk,
            f"el_{second.pk}_0": w.line_el_b.pk,
            f"el_{third.pk}_0": w.line_el_a.pk,
        },
    )
    assert response.status_code == 302
    assert SemesterRegistration.objects.count() == 9

    mine = login(client, first.user).get("/academics/people/my/disciplines/")
    rows = mine.context["rows"]
    assert [r.registration.curriculum_line.discipline.code for r in rows] == [
        "КД-301",
        "КД-302",
        "ЕГД-107",
    ]
    assert rows[0].teachers == [f"{w.u('teacher').short_name} (lectures)"] or rows[0].teachers
    assert str(mine.context["total_ects"]) == "10.00"


def test_registration_page_explains_a_missing_approved_curriculum(w: World, client: Any) -> None:
    w.curriculum.in_force = False
    w.curriculum.save()

    response = login(client, w.u("deans")).get(_url(w, "group_register"))

    assert response.status_code == 200
    assert "РУП" in response.context["refusal"]
    assert "form" not in response.context


def test_one_student_can_be_registered_alone(w: World, client: Any) -> None:
    first = w.students[0]

    response = login(client, w.u("deans")).post(
        f"/academics/people/groups/{w.group.pk}/register/",
        {"semester": w.autumn.pk, "student": first.pk, f"el_{first.pk}_0": w.line_el_b.pk},
    )

    assert response.status_code == 302
    assert set(SemesterRegistration.objects.values_list("student_id", flat=True)) == {first.pk}


def test_status_change_from_the_student_page(w: World, client: Any) -> None:
    student = w.students[1]

    response = login(client, w.u("deans")).post(
        f"/academics/people/students/{student.pk}/status/",
        {"status": StudentStatus.ACADEMIC_LEAVE, "date": "2026-10-12", "reason": "Приказ"},
    )

    student.refresh_from_db()
    assert response.status_code == 302
    assert student.status == StudentStatus.ACADEMIC_LEAVE
    assert student.status_changes.get(status=StudentStatus.ACADEMIC_LEAVE).date == (
        datetime.date(2026, 10, 12)
    )


def test_head_of_department_assigns_an_external_teacher_only_when_marked(
    w: World, client: Any
) -> None:
    c = login(client, w.u("head_kd"))
    data = {
        "semester": w.autumn.pk,
        "discipline": w.d_surg.pk,
        "group": w.group.pk,
        "class_kind": ClassKind.PRACTICE,
        "hours": "45",
        "teacher": w.u("teacher_sd").pk,
    }

    refused = c.post(_url(w, "assignment_new"), data)
    accepted = c.post(_url(w, "assignment_new"), {**data, "is_external": "on"})

    assert list(refused.context["form"].errors) == ["is_external"]
    assert accepted.status_code == 302
    assignment = w.d_surg.assignments.get()
    assert (assignment.is_external, assignment.curriculum_line) == (True, w.line_surg)


def test_my_disciplines_without_a_record_says_so(w: World, client: Any, make_user: Any) -> None:
    from dot.accounts.models import Role

    listener = make_user(Role.LISTENER, w.units["eco"], username="p_listener")

    response = login(client, listener).get("/academics/people/my/disciplines/")

    assert response.status_code == 200
    assert response.context["student"] is None


def test_teacher_sees_own_load_page(w: World, client: Any) -> None:
    c = login(client, w.u("teacher"))

    response = c.get("/academics/people/my/load/", follow=True)

    assert response.status_code == 200
    assert response.context["teacher"] == w.u("teacher")
    assert c.get(f"/academics/people/teachers/{w.u('head_kd').pk}/").status_code == 404


def test_status_leave_then_registration_skips_the_student(w: World) -> None:
    svc.student_change_status(
        student=w.students[0],
        status=StudentStatus.EXPELLED,
        date=datetime.date(2026, 9, 1),
        actor=w.u("deans"),
    )

    result = svc.semester_register(group=w.group, semester=w.autumn, actor=w.u("deans"))

    assert result.students == 2
