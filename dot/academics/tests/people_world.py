"""A small world for the people-side tests: the programme «Лечебное дело» of the
medical faculty (owned by КД) with an approved РУП of the 2024 intake, the autumn
2026 semester (semester 5 of study), group ЛД-1-24 with three students, and a user for
each role that acts on groups, students, assignments and certificates.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from dot.academics.models import (
    ControlForm,
    Curriculum,
    CurriculumLine,
    CurriculumStatus,
    Discipline,
    EducationLevel,
    Programme,
    Semester,
    Student,
    StudentGroup,
    StudyForm,
)
from dot.accounts.models import Role, User
from dot.org.models import OrgUnit

from .factories import (
    CurriculumFactory,
    CurriculumLineFactory,
    DirectionFactory,
    DisciplineFactory,
    ProgrammeFactory,
    SemesterFactory,
    StudentFactory,
    StudentGroupFactory,
)


@dataclass
class World:
    units: dict[str, OrgUnit]
    programme: Programme
    curriculum: Curriculum
    autumn: Semester
    group: StudentGroup
    students: list[Student]
    d_prop: Discipline
    d_surg: Discipline
    line_prop: CurriculumLine
    line_surg: CurriculumLine
    line_el_a: CurriculumLine
    line_el_b: CurriculumLine
    users: dict[str, User]

    def u(self, name: str) -> User:
        return self.users[name]


def build_world(uni: dict[str, OrgUnit], make_user: Callable[..., User]) -> World:
    direction = DirectionFactory.create(
        code="560001", name="Лечебное дело", level=EducationLevel.SPECIALIST
    )
    programme = ProgrammeFactory.create(
        direction=direction,
        code="ld",
        name="Лечебное дело",
        faculty=uni["med"],
        department=uni["kd"],
        duration_years=Decimal("6"),
        total_ects=Decimal("360"),
    )
    curriculum = CurriculumFactory.create(
        programme=programme, intake_year=2024, status=CurriculumStatus.APPROVED, in_force=True
    )
    d_prop = DisciplineFactory.create(code="КД-301", name="Пропедевтика", department=uni["kd"])
    d_surg = DisciplineFactory.create(code="КД-302", name="Общая хирургия", department=uni["kd"])
    d_el_a = DisciplineFactory.create(code="ЕГД-107", name="Психология", department=uni["sd"])
    d_el_b = DisciplineFactory.create(code="ЕГД-108", name="Культурология", department=uni["sd"])
    line_prop = CurriculumLineFactory.create(
        curriculum=curriculum, discipline=d_prop, semester_number=5, order=1
    )
    line_surg = CurriculumLineFactory.create(
        curriculum=curriculum,
        discipline=d_surg,
        semester_number=5,
        order=2,
        control_form=ControlForm.CREDIT,
    )
    electives = [
        CurriculumLineFactory.create(
            curriculum=curriculum,
            discipline=d,
            semester_number=5,
            order=3 + i,
            ects=Decimal("2"),
            lecture_hours=Decimal("0"),
            practice_hours=Decimal("30"),
            srs_hours=Decimal("30"),
            is_elective=True,
            elective_group="В1",
        )
        for i, d in enumerate((d_el_a, d_el_b))
    ]
    # A line of another semester: never registered in the autumn of 2026.
    CurriculumLineFactory.create(curriculum=curriculum, semester_number=6, order=9)
    autumn = SemesterFactory.create(number=1)
    group = StudentGroupFactory.create(
        name="ЛД-1-24", programme=programme, intake_year=2024, study_form=StudyForm.FULL_TIME
    )
    users = {
        "deans": make_user(Role.DEANS_OFFICE, uni["med"], username="p_deans"),
        "deans_eco": make_user(Role.DEANS_OFFICE, uni["eco"], username="p_deans_eco"),
        "head_kd": make_user(Role.HEAD_OF_DEPARTMENT, uni["kd"], username="p_head_kd"),
        "head_em": make_user(Role.HEAD_OF_DEPARTMENT, uni["em"], username="p_head_em"),
        "teacher": make_user(Role.TEACHER, uni["kd"], username="p_teacher"),
        "teacher_sd": make_user(Role.TEACHER, uni["sd"], username="p_teacher_sd"),
        "uo": make_user(Role.ACADEMIC_OFFICE, uni["uo"], username="p_uo"),
    }
    students = []
    for i, (last, first) in enumerate(
        [("Абдыкеримов", "Бекзат"), ("Алиева", "Айжамал"), ("Ким", "Виктория")], start=1
    ):
        user = make_user(Role.STUDENT, uni["med"], username=f"p_st{i}", last_name=last)
        user.first_name = first
        user.save(update_fields=["first_name"])
        students.append(
            StudentFactory.create(
                user=user,
                group=group,
                programme=programme,
                record_book_number=f"ЛД-24-000{i}",
                enrolled_on=datetime.date(2024, 9, 1),
            )
        )
    users["student"] = students[0].user
    return World(
        units=uni,
        programme=programme,
        curriculum=curriculum,
        autumn=autumn,
        group=group,
        students=students,
        d_prop=d_prop,
        d_surg=d_surg,
        line_prop=line_prop,
        line_surg=line_surg,
        line_el_a=electives[0],
        line_el_b=electives[1],
        users=users,
    )


def login(client: Any, user: User | None) -> Any:
    client.logout()
    if user is not None:
        client.force_login(user)
    return client
