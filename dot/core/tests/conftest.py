"""Fixtures of core's tests: the test-only approval model and its people."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection

from dot.accounts.models import Role, User
from dot.core.approvals.routes import register, unregister
from dot.org.models import OrgUnit

from .approvaltest.models import MEMO_ROUTE, Memo

# The test-only route is known only to the tests that ask for its table (``approvaltest``):
# other apps' tests that list every route (the approval queue) must not meet it.
unregister(MEMO_ROUTE.name)


@pytest.fixture(scope="session")
def _approvaltest_tables(django_db_setup: Any, django_db_blocker: Any) -> None:
    with django_db_blocker.unblock():
        if Memo._meta.db_table not in connection.introspection.table_names():
            with connection.schema_editor() as editor:
                editor.create_model(Memo)


@pytest.fixture
def approvaltest(_approvaltest_tables: None, db: Any, settings: Any) -> Iterator[None]:
    """The Memo table exists and its route is declared; content types are looked up
    afresh (other tests flush them)."""
    ContentType.objects.clear_cache()
    # Many users per test: a fast hasher keeps the suite quick.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    register(MEMO_ROUTE)
    yield
    unregister(MEMO_ROUTE.name)


@pytest.fixture
def people(
    approvaltest: None, uni: dict[str, OrgUnit], make_user: Callable[..., User]
) -> dict[str, User]:
    """An author in КД and the approvers of the memo route, plus outsiders."""
    return {
        "author": make_user(Role.TEACHER, uni["kd"], username="author", last_name="Автор"),
        "head_kd": make_user(
            Role.HEAD_OF_DEPARTMENT,
            uni["kd"],
            username="head_kd",
            last_name="Сыдыков",
            first_name="Алмаз",
            patronymic="Бекович",
        ),
        "head_em": make_user(Role.HEAD_OF_DEPARTMENT, uni["em"], username="head_em"),
        "dean_med": make_user(Role.DEAN, uni["med"], username="dean_med", last_name="Деканова"),
        "dean_eco": make_user(Role.DEAN, uni["eco"], username="dean_eco"),
        "uo": make_user(Role.ACADEMIC_OFFICE, uni["uo"], username="uo", last_name="Учебная"),
        "student": make_user(Role.STUDENT, uni["med"], username="student"),
    }


@pytest.fixture
def memo(people: dict[str, User], uni: dict[str, OrgUnit]) -> Memo:
    return Memo.objects.create(
        title="Служебная записка о ДОТ", department=uni["kd"], author=people["author"]
    )
