"""Teachers' load by the time norms (п. 5.4.4), checked against a hand calculation."""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.utils import translation
from openpyxl import load_workbook

from dot.academics import people_services as svc
from dot.academics.models import ClassKind, NormUnit, StudentStatus, TimeNorm
from dot.academics.people_selectors import (
    department_assignments,
    norms_on,
    workload_by_teacher,
)
from dot.accounts.models import User
from dot.org.models import OrgUnit

from .factories import DisciplineFactory, TeachingAssignmentFactory, TimeNormFactory
from .people_world import World, build_world, login

D = Decimal
SEPT = datetime.date(2026, 9, 1)


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def w(uni: dict[str, OrgUnit], make_user: Callable[..., User]) -> World:
    world = build_world(uni, make_user)
    for activity, unit, hours in [
        (ClassKind.LECTURE, NormUnit.PER_HOUR, "1"),
        (ClassKind.PRACTICE, NormUnit.PER_HOUR, "1"),
        (ClassKind.LAB, NormUnit.PER_HOUR, "2"),
        (ClassKind.EXAM, NormUnit.PER_STUDENT, "0.33"),
        (ClassKind.CREDIT, NormUnit.PER_STUDENT, "0.25"),
        (ClassKind.CONSULTATION, NormUnit.PER_GROUP, "2"),
        (ClassKind.COURSE_WORK, NormUnit.PER_WORK, "3"),
    ]:
        TimeNormFactory.create(activity=activity, unit=unit, hours=D(hours), valid_from=SEPT)
    # Older and later lecture norms: only the one in force at the semester's start counts.
    TimeNormFactory.create(
        activity=ClassKind.LECTURE, hours=D("0.9"), valid_from=datetime.date(2020, 1, 1)
    )
    TimeNormFactory.create(
        activity=ClassKind.LECTURE, hours=D("1.5"), valid_from=datetime.date(2027, 1, 1)
    )
    return world


def _assign(w: World, teacher: str, kind: str, hours: str, discipline: object = None) -> None:
    TeachingAssignmentFactory.create(
        teacher=w.u(teacher),
        discipline=discipline or w.d_prop,
        group=w.group,
        semester=w.autumn,
        class_kind=kind,
        hours=D(hours),
    )


@pytest.fixture
def assigned(w: World) -> World:
    _assign(w, "teacher", ClassKind.LECTURE, "36")
    _assign(w, "teacher", ClassKind.PRACTICE, "54")
    _assign(w, "teacher", ClassKind.EXAM, "0")
    _assign(w, "teacher", ClassKind.CONSULTATION, "0")
    _assign(w, "teacher", ClassKind.COURSE_WORK, "0")
    _assign(w, "head_kd", ClassKind.LAB, "45.5", w.d_surg)
    _assign(w, "head_kd", ClassKind.CREDIT, "0", w.d_surg)
    return w


def test_the_norm_in_force_is_the_latest_one_not_after_the_date(db: None) -> None:
    TimeNormFactory.create(
        activity=ClassKind.LECTURE, hours=D("0.9"), valid_from=datetime.date(2020, 1, 1)
    )
    TimeNormFactory.create(
        activity=ClassKind.LECTURE, hours=D("1.5"), valid_from=datetime.date(2027, 1, 1)
    )

    assert norms_on(datetime.date(2026, 12, 31))[ClassKind.LECTURE].hours == D("0.9")
    assert norms_on(datetime.date(2027, 1, 1))[ClassKind.LECTURE].hours == D("1.5")


def test_load_matches_the_hand_calculation(assigned: World) -> None:
    # Group of 3 studying students, nobody registered yet: the group's size counts.
    # teacher: 36×1 + 54×1 + 3×0.33 (exam) + 1×2 (consultation) + 3×3 (course work)
    #        = 36 + 54 + 0.99 + 2 + 9 = 101.99
    # head_kd: 45.5×2 (labs) + 3×0.25 (credit) = 91 + 0.75 = 91.75
    loads = workload_by_teacher(department_assignments(assigned.units["kd"], assigned.autumn))

    figures = {load.teacher.username: load.total for load in loads}
    assert figures == {"p_teacher": D("101.99"), "p_head_kd": D("91.75")}
    teacher = next(load for load in loads if load.teacher.username == "p_teacher")
    assert teacher.by_kind == {
        ClassKind.LECTURE: D("36"),
        ClassKind.PRACTICE: D("54"),
        ClassKind.EXAM: D("0.99"),
        ClassKind.CONSULTATION: D("2"),
        ClassKind.COURSE_WORK: D("9"),
    }
    assert all(isinstance(load.total, Decimal) for load in loads)


def test_registered_students_count_instead_of_the_group_once_registered(assigned: World) -> None:
    # One student on leave; the other two are registered to the semester.
    svc.student_change_status(
        student=assigned.students[2],
        status=StudentStatus.ACADEMIC_LEAVE,
        date=SEPT,
        actor=None,
    )
    svc.semester_register(group=assigned.group, semester=assigned.autumn, actor=None)

    loads = workload_by_teacher(department_assignments(assigned.units["kd"], assigned.autumn))

    # head_kd: 91 + 2×0.25 = 91.5; teacher: 36 + 54 + 2×0.33 + 2 + 2×3 = 98.66
    assert {load.teacher.username: load.total for load in loads} == {
        "p_teacher": D("98.66"),
        "p_head_kd": D("91.50"),
    }


def test_an_activity_without_a_norm_is_flagged_and_counts_zero(w: World) -> None:
    TimeNorm.objects.filter(activity=ClassKind.CONSULTATION).delete()
    _assign(w, "teacher", ClassKind.CONSULTATION, "4")

    (load,) = workload_by_teacher(department_assignments(w.units["kd"], w.autumn))

    assert (load.total, load.missing_norms) == (D("0"), 1)


def test_load_takes_a_fixed_number_of_queries(
    assigned: World, django_assert_max_num_queries: Any
) -> None:
    for _i in range(20):
        discipline = DisciplineFactory.create(department=assigned.units["kd"])
        _assign(assigned, "teacher", ClassKind.LECTURE, "2", discipline)
    with django_assert_max_num_queries(4):
        workload_by_teacher(department_assignments(assigned.units["kd"], assigned.autumn))


def test_department_page_and_xlsx_show_the_same_figures(assigned: World, client: object) -> None:
    c = login(client, assigned.u("head_kd"))
    kd = assigned.units["kd"]

    page = c.get(f"/academics/people/departments/{kd.pk}/load/?semester={assigned.autumn.pk}")
    export = c.get(f"/academics/people/departments/{kd.pk}/load.xlsx?semester={assigned.autumn.pk}")

    assert page.status_code == 200
    assert "193,74" in page.content.decode()  # 101.99 + 91.75, Russian decimal comma
    sheet = load_workbook(io.BytesIO(export.content)).worksheets[0]
    totals = {row[0]: Decimal(str(row[-1])) for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert sorted(totals.values()) == [D("91.75"), D("101.99")]
