"""Demo question banks: one per discipline with a course (and «Медицинская физика»), each
with every question type in two module categories — Russian texts, some LaTeX formulas,
so that tests with random draws can be built at once (issue #6).

Idempotent: a discipline that already has a bank is left as it is.
"""

from __future__ import annotations

import copy
from typing import Any

from django.db import transaction

from dot.academics.models import Discipline
from dot.accounts.models import User
from dot.org.models import OrgUnit

from . import services
from .models import QuestionBank
from .samples import SAMPLES

EXTRA_CODES = ("ЕГД-105",)

MEDICAL: list[tuple[str, str, str, dict[str, Any]]] = [
    (
        "single",
        "Нормальная температура тела",
        "<p>Какая температура тела считается нормальной для взрослого человека (в подмышечной впадине)?</p>",
        {
            "options": [
                {"id": "1", "text": "<p>36,4–36,9 °C</p>", "fraction": "1", "feedback": ""},
                {"id": "2", "text": "<p>35,0–35,5 °C</p>", "fraction": "0", "feedback": ""},
                {"id": "3", "text": "<p>37,5–38,0 °C</p>", "fraction": "0", "feedback": ""},
            ],
            "shuffle": True,
        },
    ),
    (
        "multiple",
        "Признаки воспаления",
        "<p>Выберите классические признаки воспаления.</p>",
        {
            "options": [
                {
                    "id": "1",
                    "text": "<p>Покраснение (rubor)</p>",
                    "fraction": "0.25",
                    "feedback": "",
                },
                {
                    "id": "2",
                    "text": "<p>Припухлость (tumor)</p>",
                    "fraction": "0.25",
                    "feedback": "",
                },
                {"id": "3", "text": "<p>Жар (calor)</p>", "fraction": "0.25", "feedback": ""},
                {"id": "4", "text": "<p>Боль (dolor)</p>", "fraction": "0.25", "feedback": ""},
                {
                    "id": "5",
                    "text": "<p>Брадикардия</p>",
                    "fraction": "-0.5",
                    "feedback": "<p>Не относится.</p>",
                },
            ],
            "shuffle": True,
            "all_or_nothing": False,
        },
    ),
    (
        "truefalse",
        "Индекс массы тела",
        "<p>Индекс массы тела вычисляется по формуле \\( \\mathrm{ИМТ} = \\dfrac{m}{h^2} \\), "
        "где \\(m\\) — масса в кг, \\(h\\) — рост в м.</p>",
        {"correct": True, "feedback_true": "", "feedback_false": "<p>Формула верна.</p>"},
    ),
    (
        "short",
        "Латинское название сердца",
        "<p>Напишите латинское название сердца.</p>",
        {"answers": [{"text": "cor", "fraction": "1", "feedback": ""}], "case_sensitive": False},
    ),
    (
        "numeric",
        "Доза препарата",
        "<p>Назначено 5 мг/кг. Масса пациента 70 кг. Вычислите суточную дозу: "
        "\\[ D = 5 \\cdot 70 \\]</p>",
        {
            "answers": [{"value": "350", "tolerance": "0", "fraction": "1", "feedback": ""}],
            "units": [{"unit": "мг", "multiplier": "1"}, {"unit": "г", "multiplier": "0.001"}],
            "unit_mode": "optional",
            "unit_penalty": "0.1",
        },
    ),
    (
        "matching",
        "Органы и системы",
        "<p>Сопоставьте органы и системы организма.</p>",
        {
            "pairs": [
                {"id": "1", "stem": "<p>Лёгкие</p>", "answer": "Дыхательная"},
                {"id": "2", "stem": "<p>Почки</p>", "answer": "Мочевыделительная"},
                {"id": "3", "stem": "<p>Сердце</p>", "answer": "Сердечно-сосудистая"},
                {"id": "4", "stem": "", "answer": "Эндокринная"},
            ],
            "shuffle": True,
        },
    ),
    (
        "ordering",
        "Сердечно-лёгочная реанимация",
        "<p>Расположите действия при базовой СЛР по порядку.</p>",
        {
            "items": [
                {"id": "1", "text": "Убедиться в безопасности"},
                {"id": "2", "text": "Проверить сознание и дыхание"},
                {"id": "3", "text": "Вызвать помощь"},
                {"id": "4", "text": "Начать компрессии грудной клетки"},
            ],
            "grading": "relative_next",
        },
    ),
    (
        "gaps",
        "Артериальное давление",
        "<p>Нормальное систолическое давление — до [[1]] мм рт. ст.; давление измеряют "
        "прибором, который называется [[2]].</p>",
        {
            "gaps": [
                {
                    "id": "1",
                    "kind": "numeric",
                    "answers": [{"value": "120", "tolerance": "9", "fraction": "1"}],
                },
                {
                    "id": "2",
                    "kind": "select",
                    "answers": [{"text": "тонометр", "fraction": "1"}],
                    "options": ["тонометр", "термометр", "глюкометр"],
                },
            ],
            "shuffle": True,
        },
    ),
    (
        "essay",
        "Клинический случай",
        "<p>Опишите план обследования пациента с болью в груди. Можно приложить схему.</p>",
        {
            "response_format": "editor",
            "response_required": True,
            "attachments": 1,
            "attachments_required": 0,
            "template": "<p>Жалобы: …</p><p>Обследование: …</p>",
            "grader_info": "<p>ЭКГ, тропонины, осмотр — обязательно.</p>",
        },
    ),
]


def _without_ids(qtype: str, data: dict[str, Any]) -> dict[str, Any]:
    """Sample data without its readable ids: the saved question gets opaque ones."""
    data = copy.deepcopy(data)
    for key in ("options", "pairs", "items"):
        for row in data.get(key, []):
            row.pop("id", None)
    return data


def _disciplines() -> list[Discipline]:
    from django.apps import apps

    codes = set(EXTRA_CODES)
    if apps.is_installed("dot.content"):
        from dot.content.models import Course

        codes |= set(Course.objects.values_list("discipline__code", flat=True))
    return list(Discipline.objects.filter(code__in=codes).select_related("department"))


@transaction.atomic
def _seed_bank(discipline: Discipline, actor: User | None) -> QuestionBank:
    bank = services.create_bank(
        discipline=discipline, title=f"{discipline.name}: банк вопросов", actor=actor
    )
    top = services.top_category(bank)
    modules = [
        services.create_category(bank=bank, parent=top, name=f"Модуль {n}", actor=actor)
        for n in (1, 2)
    ]
    for qtype, name, text, data in MEDICAL:
        services.create_question(
            category=modules[0],
            qtype=qtype,
            name=name,
            text=text,
            data=_without_ids(qtype, data),
            actor=actor,
        )
    for qtype, sample in SAMPLES.items():
        services.create_question(
            category=modules[1],
            qtype=qtype,
            name=sample["name"],
            text=sample["text"],
            data=_without_ids(qtype, sample["data"]),
            actor=actor,
        )
    return bank


def seed(units: dict[str, OrgUnit]) -> None:
    for discipline in _disciplines():
        if QuestionBank.objects.filter(discipline=discipline).exists():
            continue
        head = User.objects.filter(
            role_assignments__role="head_of_department",
            role_assignments__unit=discipline.department,
        ).first()
        _seed_bank(discipline, head)
