"""Factories for tests and attempts (used by this app's tests, the demo and the benchmark)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

import factory

from .models import ItemKind, Test, TestItem


class TestFactory(factory.django.DjangoModelFactory[Test]):
    __test__ = False

    class Meta:
        model = Test

    title = factory.Sequence(lambda n: f"Тест {n}")
    kind = "current"
    is_published = True
    time_limit = 30
    attempts_allowed = 1
    questions_per_page = 5
    pass_mark = Decimal("50")


def add_questions(test: Test, questions: list[Any], mark: Decimal | None = None) -> None:
    """Fixed questions in the given order (one bulk insert)."""
    start = test.items.count()
    TestItem.objects.bulk_create(
        TestItem(test=test, order=start + i + 1, kind=ItemKind.QUESTION, question=q, mark=mark)
        for i, q in enumerate(questions)
    )


def make_test_with_questions(
    *,
    course: Any,
    count: int,
    qtypes: tuple[str, ...] = ("single",),
    category: Any = None,
    **fields: Any,
) -> Test:
    """A published test of ``course`` with ``count`` fixed sample questions (types cycled)."""
    from dot.questions.factories import CategoryFactory, QuestionBankFactory, make_question

    if category is None:
        bank = QuestionBankFactory(
            discipline=course.discipline, department=course.discipline.department
        )
        category = cast(Any, CategoryFactory(bank=bank))
    test = cast(Test, TestFactory(course=course, **fields))
    questions = [
        make_question(category=category, qtype=qtypes[i % len(qtypes)]) for i in range(count)
    ]
    add_questions(test, questions)
    return test
