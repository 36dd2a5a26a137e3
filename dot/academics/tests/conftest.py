"""Fixtures of the academics tests: a programme owned by КД with its people."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from dot.academics.models import Curriculum, Discipline, Programme
from dot.accounts.models import Role, User
from dot.org.models import OrgUnit

from .factories import CurriculumFactory, CurriculumLineFactory, DisciplineFactory, ProgrammeFactory


@pytest.fixture
def programme(uni: dict[str, OrgUnit]) -> Programme:
    return ProgrammeFactory.create(
        code="ld",
        name="Лечебное дело",
        faculty=uni["med"],
        department=uni["kd"],
        duration_years=Decimal("6"),
        total_ects=Decimal("360"),
    )


@pytest.fixture
def people(uni: dict[str, OrgUnit], make_user: Callable[..., User]) -> dict[str, User]:
    return {
        "head_kd": make_user(Role.HEAD_OF_DEPARTMENT, uni["kd"], username="head_kd"),
        "head_sd": make_user(Role.HEAD_OF_DEPARTMENT, uni["sd"], username="head_sd"),
        "teacher_kd": make_user(Role.TEACHER, uni["kd"], username="teacher_kd"),
        "uo": make_user(Role.ACADEMIC_OFFICE, uni["uo"], username="uo"),
        "vicerector": make_user(Role.VICE_RECTOR, uni["uni"], username="vicerector"),
        "student": make_user(Role.STUDENT, uni["med"], username="student"),
        "dean_eco": make_user(Role.DEAN, uni["eco"], username="dean_eco"),
    }


@pytest.fixture
def discipline(uni: dict[str, OrgUnit]) -> Discipline:
    return DisciplineFactory.create(code="KD-101", name="Пропедевтика", department=uni["kd"])


@pytest.fixture
def draft(programme: Programme, discipline: Discipline) -> Curriculum:
    curriculum = CurriculumFactory.create(programme=programme, intake_year=2026)
    CurriculumLineFactory.create(curriculum=curriculum, discipline=discipline)
    return curriculum


@pytest.fixture
def client_for(client: Any) -> Callable[[User | None], Any]:
    def _as(user: User | None) -> Any:
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return _as
