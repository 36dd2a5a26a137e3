"""Valid sample content for every question type (factories, demo, previews of a new type)."""

from __future__ import annotations

import copy
from typing import Any

SAMPLES: dict[str, dict[str, Any]] = {
    "single": {
        "name": "Столица Кыргызстана",
        "text": "<p>Какой город — столица Кыргызской Республики?</p>",
        "data": {
            "options": [
                {"id": "1", "text": "<p>Бишкек</p>", "fraction": "1", "feedback": "<p>Верно.</p>"},
                {"id": "2", "text": "<p>Ош</p>", "fraction": "0", "feedback": ""},
                {"id": "3", "text": "<p>Каракол</p>", "fraction": "0", "feedback": ""},
                {"id": "4", "text": "<p>Нарын</p>", "fraction": "0", "feedback": ""},
            ],
            "shuffle": True,
        },
    },
    "multiple": {
        "name": "Простые числа",
        "text": "<p>Какие из чисел простые?</p>",
        "data": {
            "options": [
                {"id": "1", "text": "<p>2</p>", "fraction": "0.5", "feedback": ""},
                {"id": "2", "text": "<p>3</p>", "fraction": "0.5", "feedback": ""},
                {"id": "3", "text": "<p>4</p>", "fraction": "-0.5", "feedback": ""},
                {"id": "4", "text": "<p>9</p>", "fraction": "-0.5", "feedback": ""},
            ],
            "shuffle": True,
            "all_or_nothing": False,
        },
    },
    "truefalse": {
        "name": "Производная константы",
        "text": "<p>Производная константы равна нулю: \\( (c)' = 0 \\).</p>",
        "data": {"correct": True, "feedback_true": "", "feedback_false": ""},
    },
    "short": {
        "name": "Единица силы",
        "text": "<p>Как называется единица силы в СИ?</p>",
        "data": {
            "answers": [
                {"text": "ньютон", "fraction": "1", "feedback": ""},
                {"text": "Н", "fraction": "0.5", "feedback": "<p>Это обозначение.</p>"},
            ],
            "case_sensitive": False,
        },
    },
    "numeric": {
        "name": "Ускорение свободного падения",
        "text": "<p>Чему равно \\( g \\) у поверхности Земли?</p>",
        "data": {
            "answers": [
                {"value": "9.81", "tolerance": "0.05", "fraction": "1", "feedback": ""},
                {"value": "10", "tolerance": "0", "fraction": "0.5", "feedback": ""},
            ],
            "units": [{"unit": "м/с²", "multiplier": "1"}, {"unit": "см/с²", "multiplier": "100"}],
            "unit_mode": "optional",
            "unit_penalty": "0.1",
        },
    },
    "matching": {
        "name": "Страны и столицы",
        "text": "<p>Сопоставьте страны и столицы.</p>",
        "data": {
            "pairs": [
                {"id": "1", "stem": "<p>Кыргызстан</p>", "answer": "Бишкек"},
                {"id": "2", "stem": "<p>Казахстан</p>", "answer": "Астана"},
                {"id": "3", "stem": "<p>Узбекистан</p>", "answer": "Ташкент"},
                {"id": "4", "stem": "", "answer": "Душанбе"},
            ],
            "shuffle": True,
        },
    },
    "ordering": {
        "name": "Этапы митоза",
        "text": "<p>Расположите фазы митоза по порядку.</p>",
        "data": {
            "items": [
                {"id": "1", "text": "Профаза"},
                {"id": "2", "text": "Метафаза"},
                {"id": "3", "text": "Анафаза"},
                {"id": "4", "text": "Телофаза"},
            ],
            "grading": "relative_next",
        },
    },
    "gaps": {
        "name": "Закон Ома",
        "text": "<p>Закон Ома: \\( I = U / R \\). Сила тока измеряется в [[1]], "
        "напряжение — в [[2]], при \\( U = 12 \\) В и \\( R = 4 \\) Ом ток равен [[3]] А.</p>",
        "data": {
            "gaps": [
                {"id": "1", "kind": "text", "answers": [{"text": "амперах", "fraction": "1"}]},
                {
                    "id": "2",
                    "kind": "select",
                    "answers": [{"text": "вольтах", "fraction": "1"}],
                    "options": ["вольтах", "омах", "ваттах"],
                },
                {
                    "id": "3",
                    "kind": "numeric",
                    "answers": [{"value": "3", "tolerance": "0", "fraction": "1"}],
                },
            ],
            "shuffle": True,
        },
    },
    "essay": {
        "name": "Эссе о профессии",
        "text": "<p>Опишите, почему вы выбрали свою специальность (200–300 слов).</p>",
        "data": {
            "response_format": "editor",
            "response_required": True,
            "attachments": 1,
            "attachments_required": 0,
            "template": "",
            "grader_info": "<p>Оценивается аргументация и грамотность.</p>",
            "min_words": None,
            "max_words": None,
        },
    },
}


def sample(qtype: str) -> dict[str, Any]:
    """A deep copy of the sample ``{"name", "text", "data"}`` of a type."""
    return copy.deepcopy(SAMPLES[qtype])
