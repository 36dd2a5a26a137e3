"""Reads of question banks (the attempts app draws questions through ``draw_questions``)."""

from __future__ import annotations

import random
from typing import Any

from django.db.models import Count, Q, QuerySet

from .models import Category, Question, QuestionBank, QuestionVersion


def banks_visible_to(user: Any) -> QuerySet[QuestionBank]:
    from .permissions import visible_to

    return visible_to(user)


def subtree(category: Category) -> QuerySet[Category]:
    return Category.objects.filter(bank_id=category.bank_id, path__startswith=category.path)


def draw_questions(
    *,
    category: Category,
    count: int,
    include_subcategories: bool,
    rng: random.Random,
    exclude_ids: set[int] | None = None,
) -> list[Question]:
    """``count`` random visible questions of a category (and its subtree), current versions
    loaded; fewer when the category holds fewer. Two queries."""
    qs = Question.objects.filter(is_hidden=False, current__isnull=False)
    if include_subcategories:
        qs = qs.filter(category__bank_id=category.bank_id, category__path__startswith=category.path)
    else:
        qs = qs.filter(category=category)
    if exclude_ids:
        qs = qs.exclude(pk__in=exclude_ids)
    ids = sorted(qs.values_list("pk", flat=True))
    chosen = rng.sample(ids, min(count, len(ids))) if count > 0 else []
    by_id = Question.objects.select_related("current").in_bulk(chosen)
    return [by_id[i] for i in chosen]


def bank_questions(
    bank: QuestionBank,
    *,
    category: Category | None = None,
    include_subcategories: bool = True,
    qtype: str = "",
    text: str = "",
    show_hidden: bool = True,
) -> QuerySet[Question]:
    """The bank's question list with filters (one query, current versions joined)."""
    qs = Question.objects.filter(bank=bank).select_related("current", "category")
    if category is not None:
        if include_subcategories:
            qs = qs.filter(category__path__startswith=category.path)
        else:
            qs = qs.filter(category=category)
    if qtype:
        qs = qs.filter(qtype=qtype)
    if text:
        qs = qs.filter(Q(current__name__icontains=text) | Q(current__text__icontains=text))
    if not show_hidden:
        qs = qs.filter(is_hidden=False)
    return qs.annotate(version_count=Count("versions")).order_by("category__path", "pk")


def category_tree(bank: QuestionBank) -> list[dict[str, Any]]:
    """Categories in tree order with depth, own and subtree question counts (two queries)."""
    cats = list(bank.categories.annotate(own=Count("questions")).order_by("path"))
    by_parent: dict[int | None, list[Category]] = {}
    for c in cats:
        by_parent.setdefault(c.parent_id, []).append(c)
    for children in by_parent.values():
        children.sort(key=lambda c: (c.sort_order, c.name))
    rows: list[dict[str, Any]] = []

    def walk(parent: int | None, depth: int) -> int:
        total = 0
        for c in by_parent.get(parent, []):
            own = int(getattr(c, "own", 0))
            row: dict[str, Any] = {
                "category": c,
                "depth": depth,
                "own": own,
                "total": 0,
                "label": "\u2014 " * depth + c.name,
            }
            rows.append(row)
            sub = walk(c.pk, depth + 1)
            row["total"] = own + sub
            total += own + sub
        return total

    walk(None, 0)
    return rows


def bank_counts(bank_ids: list[int]) -> dict[int, dict[str, int]]:
    """Question counts per bank and type (the ЭУМК assessment fund summary)."""
    result: dict[int, dict[str, int]] = {}
    rows = (
        Question.objects.filter(bank_id__in=bank_ids, is_hidden=False)
        .values("bank_id", "qtype")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        result.setdefault(row["bank_id"], {})[row["qtype"]] = row["n"]
    return result


def versions_of(question: Question) -> QuerySet[QuestionVersion]:
    return question.versions.select_related("created_by").order_by("-number")


def is_version_used(version: QuestionVersion) -> bool:
    """True when an attempt has used the version (asks dot/assessments when installed)."""
    from .services import is_version_used as _used

    return _used(version)
