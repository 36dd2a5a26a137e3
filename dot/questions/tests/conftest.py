from __future__ import annotations

from typing import Any

import pytest

from dot.accounts.models import Role
from dot.questions import services
from dot.questions.factories import DisciplineFactory
from dot.questions.models import QuestionBank


@pytest.fixture
def bank(uni: dict[str, Any]) -> QuestionBank:
    discipline = DisciplineFactory(department=uni["kd"], name="Физика")
    return services.create_bank(discipline=discipline, title="Физика: тесты", actor=None)


@pytest.fixture
def head(uni: dict[str, Any], make_user: Any) -> Any:
    return make_user(Role.HEAD_OF_DEPARTMENT, uni["kd"], username="head")


@pytest.fixture
def other_head(uni: dict[str, Any], make_user: Any) -> Any:
    return make_user(Role.HEAD_OF_DEPARTMENT, uni["em"], username="otherhead")


@pytest.fixture
def student(uni: dict[str, Any], make_user: Any) -> Any:
    return make_user(Role.STUDENT, uni["kd"], username="stud")
