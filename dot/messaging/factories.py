"""Test data of the messaging app: a faculty with a course, its teacher, two groups."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from dot.academics.models import Programme, Student, StudentGroup
from dot.academics.tests.factories import (
    DisciplineFactory,
    ProgrammeFactory,
    SemesterFactory,
    StudentFactory,
    StudentGroupFactory,
)
from dot.accounts.models import Role, User
from dot.content.models import Course
from dot.org.models import OrgUnit


@dataclass
class School:
    units: dict[str, OrgUnit]
    programme: Programme
    group: StudentGroup
    other_group: StudentGroup
    course: Course
    teacher: User
    tutor: User
    student: User
    classmate: User
    other_student: User
    deans_office: User
    other_deans_office: User
    academic_office: User
    it_office: User
    outsider: User  # a staff member of another faculty with no link to the student
    eco_student: User


def build_school(uni: dict[str, OrgUnit], make_user: Callable[..., User]) -> School:
    programme = cast(Programme, ProgrammeFactory(department=uni["kd"], faculty=uni["med"]))
    eco_programme = cast(Programme, ProgrammeFactory(department=uni["em"], faculty=uni["eco"]))
    group = cast(StudentGroup, StudentGroupFactory(programme=programme, name="ЛД-1-26"))
    other_group = cast(StudentGroup, StudentGroupFactory(programme=programme, name="ЛД-2-26"))
    eco_group = cast(StudentGroup, StudentGroupFactory(programme=eco_programme, name="ЭК-1-26"))
    discipline: Any = DisciplineFactory(department=uni["kd"], name="Анатомия", code="ANAT")
    semester: Any = SemesterFactory()
    course = Course.objects.create(discipline=discipline, semester=semester)
    course.groups.add(group)
    teacher = make_user(
        Role.TEACHER,
        uni["kd"],
        username="teacher",
        last_name="Асанова",
        first_name="Гүлнара",
        email="teacher@example.kg",
    )
    tutor = make_user(Role.TUTOR, uni["med"], username="tutor", last_name="Тьюторова")
    course.teachers.add(teacher)
    course.tutors.add(tutor)

    def student(
        username: str, grp: StudentGroup, prog: Programme, unit: OrgUnit, **kw: Any
    ) -> User:
        user = make_user(Role.STUDENT, unit, username=username, **kw)
        StudentFactory(user=user, group=grp, programme=prog)
        return user

    return School(
        units=uni,
        programme=programme,
        group=group,
        other_group=other_group,
        course=course,
        teacher=teacher,
        tutor=tutor,
        student=student(
            "student",
            group,
            programme,
            uni["med"],
            last_name="Бекова",
            first_name="Айдай",
            email="student@example.kg",
        ),
        classmate=student("classmate", group, programme, uni["med"], last_name="Classmate"),
        other_student=student("other", other_group, programme, uni["med"], last_name="Другая"),
        deans_office=make_user(
            Role.DEANS_OFFICE, uni["med"], username="deanoffice", last_name="Деканатова"
        ),
        other_deans_office=make_user(Role.DEANS_OFFICE, uni["eco"], username="ecodean"),
        academic_office=make_user(Role.ACADEMIC_OFFICE, uni["uo"], username="uo"),
        it_office=make_user(Role.IT_OFFICE, uni["oitc"], username="it"),
        outsider=make_user(Role.TEACHER, uni["em"], username="outsider", last_name="Чужой"),
        eco_student=student("ecostudent", eco_group, eco_programme, uni["eco"]),
    )


__all__ = ["School", "Student", "build_school"]
