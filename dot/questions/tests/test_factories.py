"""The factories and draw_questions the attempts app builds on."""

from __future__ import annotations

import random
from typing import Any

import pytest

from dot.questions import qtypes
from dot.questions.factories import CategoryFactory, QuestionFactory, make_question
from dot.questions.selectors import draw_questions

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("qtype", qtypes.TYPES)
def test_make_question_every_type(qtype: str) -> None:
    q = make_question(qtype=qtype)
    assert q.current is not None
    assert q.current.number == 1
    assert q.current.qtype == qtype
    assert qtypes.validate_data(qtype, q.current.text, q.current.data) == {}


def test_draw_questions_subtree_hidden_exclude(django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    top: Any = CategoryFactory()
    child: Any = CategoryFactory(bank=top.bank, parent=top)
    own: list[Any] = [QuestionFactory(category=top) for _ in range(3)]
    sub: list[Any] = [QuestionFactory(category=child, qtype="numeric") for _ in range(3)]
    QuestionFactory(category=top, is_hidden=True)
    with django_assert_num_queries(2):
        drawn = draw_questions(
            category=top, count=10, include_subcategories=True, rng=random.Random(1)
        )
    assert {q.pk for q in drawn} == {q.pk for q in own + sub}
    assert all(q.current is not None for q in drawn)
    only = draw_questions(
        category=top,
        count=2,
        include_subcategories=False,
        rng=random.Random(1),
        exclude_ids={own[0].pk},
    )
    assert len(only) == 2
    assert {q.pk for q in only} <= {own[1].pk, own[2].pk}
    again = draw_questions(category=top, count=2, include_subcategories=False, rng=random.Random(1))
    again2 = draw_questions(
        category=top, count=2, include_subcategories=False, rng=random.Random(1)
    )
    assert [q.pk for q in again] == [q.pk for q in again2]


def test_is_version_used_without_attempts() -> None:
    from dot.questions.selectors import is_version_used

    question: Any = QuestionFactory()
    assert question.current is not None
    assert is_version_used(question.current) is False
