"""The hot paths take a fixed number of queries whatever the number of questions and
students (PERFORMANCE.md: the exam-session benchmark)."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from dot.assessments.factories import make_test_with_questions
from dot.assessments.models import Attempt

pytestmark = pytest.mark.django_db


def _session_client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _start(client: Client, test: Any) -> Any:
    return client.post(
        f"/api/assessments/tests/{test.pk}/attempts/", {}, content_type="application/json"
    )


def _save(client: Client, attempt_id: int, slot: int, seq: int) -> Any:
    return client.post(
        f"/api/assessments/attempts/{attempt_id}/answers/",
        {"slot": slot, "seq": seq, "fields": {f"q{slot}-choice": ["1"]}},
        content_type="application/json",
    )


def _start_queries(world: Any, count: int, students: int, capture: Any) -> list[int]:
    test = make_test_with_questions(course=world.course, count=count)
    numbers = []
    users = [world.student] + [world.add_student(f"s{count}x{i}") for i in range(students - 1)]
    for user in users:
        client = _session_client(user)
        with capture() as ctx:
            response = _start(client, test)
        assert response.status_code == 201
        numbers.append(len(ctx.captured_queries))
    return numbers


def test_start_takes_the_same_queries_for_5_and_50_questions(world: Any) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def capture() -> CaptureQueriesContext:
        return CaptureQueriesContext(connection)

    five = _start_queries(world, 5, 1, capture)
    fifty = _start_queries(world, 50, 1, capture)
    assert five == fifty
    assert five[0] <= 20


@pytest.mark.parametrize(("count", "students"), [(5, 1), (50, 30)])
def test_start_query_count_is_fixed(
    world: Any, count: int, students: int, django_assert_num_queries: Any
) -> None:
    test = make_test_with_questions(course=world.course, count=count)
    for i in range(students - 1):
        _start(_session_client(world.add_student(f"st{count}-{i}")), test)
    client = _session_client(world.student)
    # session + user, test (with course), registration check, attempts, accommodation, items,
    # savepoint, attempt insert, slots bulk insert, release
    with django_assert_num_queries(START_QUERIES):
        assert _start(client, test).status_code == 201
    assert Attempt.objects.get(test=test, user=world.student).answers.count() == count


@pytest.mark.parametrize("count", [5, 25])
def test_start_with_random_draws_is_fixed_per_rule(
    world: Any, count: int, django_assert_num_queries: Any
) -> None:
    """Two draw rules: two queries each (ids, then the drawn questions with versions),
    whatever the number of questions drawn. (Up to 50 slots: SQLite's 999-parameter limit
    splits a bulk insert of more slots in batches; PostgreSQL never does.)"""
    from dot.assessments import services
    from dot.assessments.factories import TestFactory
    from dot.questions.factories import CategoryFactory, QuestionBankFactory, make_question

    bank: Any = QuestionBankFactory(
        discipline=world.course.discipline, department=world.units["kd"]
    )
    test: Any = TestFactory(course=world.course)
    for _ in range(2):
        category: Any = CategoryFactory(bank=bank)
        for _ in range(count):
            make_question(category=category)
        services.item_add_draw(test=test, category=category, count=count, actor=world.teacher)
    client = _session_client(world.student)
    with django_assert_num_queries(START_QUERIES + 4):
        assert _start(client, test).status_code == 201
    assert Attempt.objects.get(test=test).answers.count() == 2 * count


@pytest.mark.parametrize("count", [5, 50])
def test_resume_query_count_is_fixed(
    world: Any, count: int, django_assert_num_queries: Any
) -> None:
    test = make_test_with_questions(course=world.course, count=count)
    client = _session_client(world.student)
    _start(client, test)
    with django_assert_num_queries(RESUME_QUERIES):
        assert _start(client, test).status_code == 200


@pytest.mark.parametrize(("count", "students"), [(5, 1), (50, 30)])
def test_save_takes_four_queries(
    world: Any, count: int, students: int, django_assert_num_queries: Any
) -> None:
    """Session, user, one SELECT of the slot (with attempt, test and version), one
    conditional UPDATE — whatever the number of questions and students."""
    test = make_test_with_questions(course=world.course, count=count)
    users = [world.student] + [world.add_student(f"q{count}-{i}") for i in range(students - 1)]
    clients = [_session_client(u) for u in users]
    attempts = [_start(c, test).json()["id"] for c in clients]
    client, attempt_id = clients[-1], attempts[-1]
    with django_assert_num_queries(3 + SESSION):
        response = _save(client, attempt_id, count, 1)
    assert response.json()["saved"] is True
    with django_assert_num_queries(2 + SESSION):  # a stale seq: no UPDATE at all
        assert _save(client, attempt_id, count, 1).json()["saved"] is False


def test_save_reads_a_question_version_once_per_process(
    world: Any, django_assert_num_queries: Any
) -> None:
    """Versions never change (an edit makes a new one): a web process reads each once."""
    from dot.assessments.services import forget_versions

    test = make_test_with_questions(course=world.course, count=3)
    client = _session_client(world.student)
    attempt_id = _start(client, test).json()["id"]
    forget_versions()  # another process than the one that started the attempt
    with django_assert_num_queries(4 + SESSION):
        assert _save(client, attempt_id, 2, 1).json()["saved"] is True
    with django_assert_num_queries(3 + SESSION):
        assert _save(client, attempt_id, 2, 2).json()["saved"] is True


def test_save_does_not_write_the_session(world: Any) -> None:
    test = make_test_with_questions(course=world.course, count=1)
    client = _session_client(world.student)
    attempt_id = _start(client, test).json()["id"]
    response = _save(client, attempt_id, 1, 1)
    assert response.status_code == 200
    assert "sessionid" not in response.cookies


# The session is read from the database in the embedded shape; with Redis (the scaled shape,
# CI's PostgreSQL run) it is read from the cache, one query fewer on every request.
SESSION = 0 if settings.SESSION_ENGINE.endswith(".cache") else 1
START_QUERIES = 10 + SESSION
RESUME_QUERIES = 5 + SESSION
