"""Groups, students with a dated status history, and semester registration (п. 4.7)."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from dot.academics import people_services as svc
from dot.academics.models import (
    CurriculumStatus,
    EducationLevel,
    SemesterRegistration,
    StudentStatus,
    StudyForm,
)
from dot.accounts.models import Role, RoleAssignment, User
from dot.core.audit import audit_for
from dot.org.models import OrgUnit

from .factories import DirectionFactory, ProgrammeFactory, SemesterFactory
from .people_world import World, build_world


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def w(uni: dict[str, OrgUnit], make_user: Callable[..., User]) -> World:
    return build_world(uni, make_user)


def _registered(w: World) -> set[tuple[str, str]]:
    return set(
        SemesterRegistration.objects.filter(semester=w.autumn).values_list(
            "student__record_book_number", "curriculum_line__discipline__code"
        )
    )


# --- Groups ---------------------------------------------------------------------------------


def test_group_create_records_a_dot_group_and_an_audit_row(w: World) -> None:
    group = svc.group_create(
        actor=w.u("deans"),
        name=" ЛД-2-24 ",
        programme=w.programme,
        intake_year=2024,
        study_form=StudyForm.FULL_TIME,
        is_dot_group=True,
    )

    assert (group.name, group.is_dot_group) == ("ЛД-2-24", True)
    assert [row.action for row in audit_for(group)] == ["group_create"]


def test_group_create_refuses_a_form_the_programme_is_not_licensed_for(w: World) -> None:
    with pytest.raises(ValidationError) as exc:
        svc.group_create(
            actor=w.u("deans"),
            name="ЛД-3-24з",
            programme=w.programme,
            intake_year=2024,
            study_form=StudyForm.EXTRAMURAL,
        )

    assert list(exc.value.message_dict) == ["study_form"]


def test_group_names_are_unique(w: World) -> None:
    with pytest.raises(ValidationError) as exc:
        svc.group_create(
            actor=w.u("deans"),
            name="ЛД-1-24",
            programme=w.programme,
            intake_year=2024,
            study_form=StudyForm.FULL_TIME,
        )

    assert list(exc.value.message_dict) == ["name"]


# --- Students -------------------------------------------------------------------------------


def test_student_account_create_makes_a_user_with_the_learner_role_in_the_faculty(
    w: World,
) -> None:
    student = svc.student_account_create(
        actor=w.u("deans"),
        username="",
        last_name="Садыкова",
        first_name="Мээрим",
        programme=w.programme,
        group=w.group,
        record_book_number="ЛД-24-0099",
        enrolled_on=datetime.date(2024, 9, 1),
    )

    assert student.user.username == "ЛД-24-0099"
    assert not student.user.has_usable_password()
    assert RoleAssignment.objects.filter(
        user=student.user, role=Role.STUDENT, unit=w.units["med"]
    ).exists()
    assert [(c.status, c.date) for c in student.status_changes.all()] == [
        (StudentStatus.STUDYING, datetime.date(2024, 9, 1))
    ]


def test_a_master_programme_gives_the_master_student_role(w: World) -> None:
    master = ProgrammeFactory.create(
        direction=DirectionFactory.create(code="680100", level=EducationLevel.MASTER),
        faculty=w.units["eco"],
        department=w.units["em"],
    )

    student = svc.student_account_create(
        actor=None,
        username="m1",
        last_name="Жумабаева",
        first_name="Айжан",
        programme=master,
        group=None,
        record_book_number="ФМ-26-0001",
        is_listener=True,
        enrolled_on=datetime.date(2026, 9, 1),
    )

    assert RoleAssignment.objects.get(user=student.user).role == Role.LISTENER
    assert svc.learner_role(master, False) == Role.MASTER_STUDENT


def test_a_student_of_a_degree_programme_needs_a_group(w: World) -> None:
    with pytest.raises(ValidationError) as exc:
        svc.student_account_create(
            actor=None,
            username="x1",
            last_name="Ким",
            first_name="Ли",
            programme=w.programme,
            group=None,
            record_book_number="ЛД-24-0100",
            enrolled_on=datetime.date(2024, 9, 1),
        )

    assert list(exc.value.message_dict) == ["group"]
    assert not User.objects.filter(username="x1").exists()  # nothing half-written


def test_status_change_keeps_a_dated_history_and_an_audit_row(w: World) -> None:
    student = w.students[1]

    svc.student_change_status(
        student=student,
        status=StudentStatus.ACADEMIC_LEAVE,
        date=datetime.date(2026, 10, 12),
        reason="Приказ № 412-с",
        actor=w.u("deans"),
    )
    svc.student_change_status(
        student=student,
        status=StudentStatus.STUDYING,
        date=datetime.date(2027, 2, 1),
        actor=w.u("deans"),
    )

    student.refresh_from_db()
    assert student.status == StudentStatus.STUDYING
    assert [(c.status, c.date) for c in student.status_changes.order_by("date")] == [
        (StudentStatus.ACADEMIC_LEAVE, datetime.date(2026, 10, 12)),
        (StudentStatus.STUDYING, datetime.date(2027, 2, 1)),
    ]
    assert [r.action for r in audit_for(student)] == ["student_change_status"] * 2


def test_status_change_refuses_a_date_before_the_last_change(w: World) -> None:
    student = w.students[1]
    svc.student_change_status(
        student=student,
        status=StudentStatus.EXPELLED,
        date=datetime.date(2026, 10, 12),
        actor=w.u("deans"),
    )

    with pytest.raises(ValidationError) as exc:
        svc.student_change_status(
            student=student,
            status=StudentStatus.STUDYING,
            date=datetime.date(2026, 10, 1),
            actor=w.u("deans"),
        )

    assert exc.value.message_dict["date"] == [
        "The date is earlier than the last recorded change (12.10.2026)."
    ]


def test_status_change_to_the_same_status_is_refused(w: World) -> None:
    with pytest.raises(ValidationError):
        svc.student_change_status(
            student=w.students[0],
            status=StudentStatus.STUDYING,
            date=datetime.date(2026, 10, 1),
            actor=w.u("deans"),
        )


# --- Semester registration --------------------------------------------------------------------


def test_registering_a_group_gives_every_student_the_compulsory_lines_of_the_semester(
    w: World,
) -> None:
    result = svc.semester_register(group=w.group, semester=w.autumn, actor=w.u("deans"))

    assert (result.students, result.created, result.existing) == (3, 6, 0)
    assert result.curriculum_semester == 5
    assert _registered(w) == {
        (s.record_book_number, code) for s in w.students for code in ("КД-301", "КД-302")
    }
    assert result.missing_choice == {s.pk: ["В1"] for s in w.students}


def test_registering_twice_creates_nothing_twice(w: World) -> None:
    svc.semester_register(group=w.group, semester=w.autumn, actor=w.u("deans"))

    again = svc.semester_register(group=w.group, semester=w.autumn, actor=w.u("deans"))

    assert (again.created, again.existing) == (0, 6)
    assert SemesterRegistration.objects.count() == 6


def test_electives_are_chosen_per_student_and_a_new_choice_replaces_the_old(w: World) -> None:
    first, second, _third = w.students
    svc.semester_register(
        group=w.group,
        semester=w.autumn,
        actor=w.u("deans"),
        electives={first.pk: {"В1": w.line_el_a.pk}, second.pk: {"В1": w.line_el_b.pk}},
    )

    result = svc.semester_register(
        group=w.group,
        semester=w.autumn,
        actor=w.u("deans"),
        students=[first],
        electives={first.pk: {"В1": w.line_el_b.pk}},
    )

    assert (result.created, result.removed) == (1, 1)
    electives = set(
        SemesterRegistration.objects.filter(curriculum_line__is_elective=True).values_list(
            "student__record_book_number", "curriculum_line__discipline__code"
        )
    )
    assert electives == {("ЛД-24-0001", "ЕГД-108"), ("ЛД-24-0002", "ЕГД-108")}


def test_an_elective_of_another_group_or_semester_is_refused_and_nothing_is_written(
    w: World,
) -> None:
    with pytest.raises(ValidationError):
        svc.semester_register(
            group=w.group,
            semester=w.autumn,
            actor=w.u("deans"),
            electives={w.students[0].pk: {"В1": w.line_prop.pk}},
        )

    assert SemesterRegistration.objects.count() == 0


def test_registration_refuses_a_programme_without_an_approved_curriculum(w: World) -> None:
    w.curriculum.status = CurriculumStatus.IN_REVIEW
    w.curriculum.in_force = False
    w.curriculum.save()

    with pytest.raises(ValidationError) as exc:
        svc.semester_register(group=w.group, semester=w.autumn, actor=w.u("deans"))

    assert exc.value.messages == [
        "The programme «Лечебное дело» has no approved working curriculum (РУП) for the "
        "intake of 2024: students can be registered only to an approved РУП."
    ]
    assert SemesterRegistration.objects.count() == 0


def test_registration_refuses_a_semester_without_lines(w: World) -> None:
    later = SemesterFactory.create(
        academic_year__title="2029–2030",
        academic_year__start=datetime.date(2029, 9, 1),
        academic_year__end=datetime.date(2030, 6, 30),
    )

    with pytest.raises(ValidationError) as exc:
        svc.semester_register(group=w.group, semester=later, actor=w.u("deans"))

    assert "semester 11 of study" in exc.value.messages[0]


def test_students_not_studying_are_not_registered(w: World) -> None:
    svc.student_change_status(
        student=w.students[2],
        status=StudentStatus.ACADEMIC_LEAVE,
        date=datetime.date(2026, 9, 1),
        actor=w.u("deans"),
    )

    result = svc.semester_register(group=w.group, semester=w.autumn, actor=w.u("deans"))

    assert result.students == 2
    assert "ЛД-24-0003" not in {book for book, _code in _registered(w)}


def test_the_refusal_without_an_approved_curriculum_is_in_russian_for_russian_users(
    w: World,
) -> None:
    w.curriculum.in_force = False
    w.curriculum.save()

    with translation.override("ru"), pytest.raises(ValidationError) as exc:
        svc.semester_register(group=w.group, semester=w.autumn, actor=w.u("deans"))

    assert exc.value.messages[0].startswith(
        "У программы «Лечебное дело» нет утверждённого рабочего учебного плана (РУП)"
    )
