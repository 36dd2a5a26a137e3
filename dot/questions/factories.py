"""factory_boy factories for question banks (contract with dot/assessments).

``make_question(category=..., qtype="single")`` creates a Question with its version 1
(current) holding valid data for the type (dot/questions/samples.py); any of ``name``,
``text``, ``data``, ``default_mark`` may be overridden.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

import factory

from dot.academics.models import Discipline
from dot.org.models import UnitKind
from dot.testing.factories import OrgUnitFactory

from .models import Category, Question, QuestionBank, QuestionVersion
from .samples import sample


class DisciplineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Discipline

    code = factory.Sequence(lambda n: f"QB-{n}")
    name = factory.Sequence(lambda n: f"Дисциплина {n}")
    department = factory.SubFactory(OrgUnitFactory, kind=UnitKind.DEPARTMENT)


class QuestionBankFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QuestionBank

    discipline = factory.SubFactory(DisciplineFactory)
    department = factory.LazyAttribute(lambda b: b.discipline.department)
    title = factory.Sequence(lambda n: f"Банк вопросов {n}")


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    bank = factory.SubFactory(QuestionBankFactory)
    parent = None
    name = factory.Sequence(lambda n: f"Категория {n}")

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> Category:
        category = super()._create(model_class, *args, **kwargs)
        prefix = category.parent.path if category.parent else "/"
        category.path = f"{prefix}{category.pk}/"
        category.save(update_fields=["path"])
        return category


def make_question(
    *,
    category: Category | None = None,
    qtype: str = "single",
    name: str | None = None,
    text: str | None = None,
    data: dict[str, Any] | None = None,
    default_mark: Decimal | str | int = Decimal(1),
    general_feedback: str = "",
    is_hidden: bool = False,
    created_by: Any = None,
) -> Question:
    """A question of ``qtype`` with version 1 set as current (valid sample data by default)."""
    if category is None:
        category = cast(Category, CategoryFactory())
    base = sample(qtype)
    question = Question.objects.create(
        bank_id=category.bank_id,
        category=category,
        qtype=qtype,
        is_hidden=is_hidden,
        created_by=created_by,
    )
    version = QuestionVersion.objects.create(
        question=question,
        number=1,
        qtype=qtype,
        name=name if name is not None else base["name"],
        text=text if text is not None else base["text"],
        general_feedback=general_feedback,
        default_mark=Decimal(str(default_mark)),
        data=data if data is not None else base["data"],
        created_by=created_by,
    )
    question.current = version
    question.save(update_fields=["current"])
    return question


class QuestionFactory(factory.django.DjangoModelFactory):
    """``QuestionFactory(qtype="numeric", category=...)`` → Question with version 1."""

    class Meta:
        model = Question

    category = factory.SubFactory(CategoryFactory)
    qtype = "single"

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> Question:
        return make_question(
            category=kwargs.pop("category"),
            qtype=kwargs.pop("qtype", "single"),
            name=kwargs.pop("name", None),
            text=kwargs.pop("text", None),
            data=kwargs.pop("data", None),
            default_mark=kwargs.pop("default_mark", Decimal(1)),
            is_hidden=kwargs.pop("is_hidden", False),
            created_by=kwargs.pop("created_by", None),
        )
