"""The question editor: form fields per type ↔ ``QuestionVersion.data``.

Rows are posted as ``opt-<n>-text``, ``opt-<n>-fraction`` (a percentage) ...; blank rows
are ignored. Problems come back as ``{field: [messages]}`` and are shown next to the
field or row group they concern.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext as _

from . import qtypes
from .qtypes import dec, fmt_fraction, parse_number

EXTRA_ROWS = 3


def _pct_to_fraction(raw: str, errors: dict[str, list[str]], field: str) -> str:
    raw = (raw or "").strip().replace("%", "")
    if not raw:
        return "0"
    number = parse_number(raw)
    if number is None or number < -100 or number > 100:
        errors.setdefault(field, []).append(
            _("«%(v)s»: a grade is a percentage from -100 to 100.") % {"v": raw}
        )
        return "0"
    return fmt_fraction(number / 100)


def _rows(post: QueryDict, prefix: str, keys: tuple[str, ...]) -> list[dict[str, str]]:
    indexes = sorted(
        {
            int(name.split("-")[1])
            for name in post
            if name.startswith(f"{prefix}-") and name.split("-")[1].isdigit()
        }
    )
    rows = []
    for i in indexes:
        row = {k: post.get(f"{prefix}-{i}-{k}", "") for k in keys}
        if any(
            v.strip()
            for k, v in row.items()
            if k not in ("fraction", "multiplier", "tolerance", "kind", "weight")
        ):
            rows.append(row)
    return rows


def _check(post: QueryDict, name: str) -> bool:
    return post.get(name) in ("on", "1", "true")


def data_from_post(qtype: str, post: QueryDict) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """(type data, row-level problems) from the editor's POST."""
    errors: dict[str, list[str]] = {}
    if qtype in ("single", "multiple"):
        options = [
            {
                "id": r["id"].strip(),
                "text": r["text"],
                "fraction": _pct_to_fraction(r["fraction"], errors, "options"),
                "feedback": r["feedback"],
            }
            for r in _rows(post, "opt", ("id", "text", "fraction", "feedback"))
        ]
        data: dict[str, Any] = {"options": options, "shuffle": _check(post, "shuffle")}
        if qtype == "multiple":
            data["all_or_nothing"] = _check(post, "all_or_nothing")
        return data, errors
    if qtype == "truefalse":
        return {
            "correct": post.get("correct", "true") == "true",
            "feedback_true": post.get("feedback_true", ""),
            "feedback_false": post.get("feedback_false", ""),
        }, errors
    if qtype == "short":
        answers = [
            {
                "text": r["text"],
                "fraction": _pct_to_fraction(r["fraction"], errors, "answers"),
                "feedback": r["feedback"],
            }
            for r in _rows(post, "ans", ("text", "fraction", "feedback"))
        ]
        return {"answers": answers, "case_sensitive": _check(post, "case_sensitive")}, errors
    if qtype == "numeric":
        answers = []
        for r in _rows(post, "ans", ("value", "tolerance", "fraction", "feedback")):
            if r["value"].strip() != "*" and parse_number(r["value"]) is None:
                errors.setdefault("answers", []).append(
                    _("«%(v)s» is not a number.") % {"v": r["value"]}
                )
            if r["tolerance"].strip() and parse_number(r["tolerance"]) is None:
                errors.setdefault("answers", []).append(
                    _("«%(v)s» is not a number.") % {"v": r["tolerance"]}
                )
            answers.append(
                {
                    "value": r["value"].strip().replace(",", "."),
                    "tolerance": (r["tolerance"].strip() or "0").replace(",", "."),
                    "fraction": _pct_to_fraction(r["fraction"], errors, "answers"),
                    "feedback": r["feedback"],
                }
            )
        units = [
            {"unit": r["unit"], "multiplier": (r["multiplier"].strip() or "1").replace(",", ".")}
            for r in _rows(post, "unit", ("unit", "multiplier"))
        ]
        for u in units:
            if parse_number(u["multiplier"]) is None:
                errors.setdefault("units", []).append(
                    _("«%(v)s» is not a number.") % {"v": u["multiplier"]}
                )
        penalty = _pct_to_fraction(post.get("unit_penalty", "10"), errors, "unit_penalty")
        return {
            "answers": answers,
            "units": units,
            "unit_mode": post.get("unit_mode", "none"),
            "unit_penalty": fmt_fraction(abs(dec(penalty))),
        }, errors
    if qtype == "matching":
        pairs = [
            {"id": r["id"].strip(), "stem": r["stem"], "answer": r["answer"]}
            for r in _rows(post, "pair", ("id", "stem", "answer"))
        ]
        return {"pairs": pairs, "shuffle": _check(post, "shuffle")}, errors
    if qtype == "ordering":
        items = [
            {"id": r["id"].strip(), "text": r["text"]} for r in _rows(post, "item", ("id", "text"))
        ]
        return {"items": items, "grading": post.get("grading", "all_or_nothing")}, errors
    if qtype == "gaps":
        gaps: list[dict[str, Any]] = []
        for r in _rows(
            post, "gap", ("id", "kind", "answers", "options", "weight", "case_sensitive")
        ):
            kind = r["kind"] if r["kind"] in ("text", "select", "numeric") else "text"
            gap_answers: list[dict[str, str]] = []
            for line in r["answers"].splitlines():
                line = line.strip()
                if not line:
                    continue
                pct, sep, rest = line.partition("|")
                fraction = _pct_to_fraction(pct, errors, "gaps") if sep else "1"
                value = rest.strip() if sep else line
                if kind == "numeric":
                    number, _s, tol = value.partition(":")
                    if parse_number(number) is None:
                        errors.setdefault("gaps", []).append(
                            _("«%(v)s» is not a number.") % {"v": number}
                        )
                    gap_answers.append(
                        {
                            "value": number.strip(),
                            "tolerance": tol.strip() or "0",
                            "fraction": fraction,
                        }
                    )
                else:
                    gap_answers.append({"text": value, "fraction": fraction})
            select_options = [o.strip() for o in r["options"].splitlines() if o.strip()]
            if kind == "select":
                select_options = list(
                    dict.fromkeys(select_options + [a["text"] for a in gap_answers])
                )
            weight = parse_number(r["weight"] or "1")
            gaps.append(
                {
                    "id": r["id"].strip() or str(len(gaps) + 1),
                    "kind": kind,
                    "answers": gap_answers,
                    "options": select_options,
                    "case_sensitive": r["case_sensitive"] in ("on", "1"),
                    "weight": fmt_fraction(weight if weight and weight > 0 else Decimal(1)),
                }
            )
        return {"gaps": gaps, "shuffle": _check(post, "shuffle")}, errors
    if qtype == "essay":
        return {
            "response_format": post.get("response_format", "editor"),
            "response_required": _check(post, "response_required"),
            "attachments": post.get("attachments", "0"),
            "attachments_required": post.get("attachments_required", "0"),
            "template": post.get("template", ""),
            "grader_info": post.get("grader_info", ""),
            "min_words": post.get("min_words", ""),
            "max_words": post.get("max_words", ""),
        }, errors
    return {}, errors


def _pct(value: Any) -> str:
    return fmt_fraction(dec(value) * 100)


def rows_for(qtype: str, data: dict[str, Any]) -> dict[str, Any]:
    """Template context of the type's rows (existing + EXTRA_ROWS blank)."""
    data = data or {}
    blank: list[dict[str, Any]] = [{} for _ in range(EXTRA_ROWS)]
    if qtype in ("single", "multiple"):
        rows = [
            {
                "id": o.get("id", ""),
                "text": o.get("text", ""),
                "fraction": _pct(o.get("fraction")),
                "feedback": o.get("feedback", ""),
            }
            for o in data.get("options", [])
        ]
        return {"rows": rows + blank}
    if qtype in ("short", "numeric"):
        rows = [
            {
                "text": a.get("text", ""),
                "value": a.get("value", ""),
                "tolerance": a.get("tolerance", ""),
                "fraction": _pct(a.get("fraction")),
                "feedback": a.get("feedback", ""),
            }
            for a in data.get("answers", [])
        ]
        units = [dict(u) for u in data.get("units", [])] + blank[:2]
        return {
            "rows": rows + blank,
            "units": units,
            "unit_penalty": _pct(data.get("unit_penalty", "0.1")),
        }
    if qtype == "matching":
        return {"rows": [dict(p) for p in data.get("pairs", [])] + blank}
    if qtype == "ordering":
        return {"rows": [dict(i) for i in data.get("items", [])] + blank}
    if qtype == "gaps":
        rows = []
        for g in data.get("gaps", []):
            lines = []
            for a in g.get("answers", []):
                value = (
                    f"{a.get('value', '')}:{a.get('tolerance') or '0'}"
                    if g.get("kind") == "numeric"
                    else a.get("text", "")
                )
                f = dec(a.get("fraction"))
                lines.append(value if f == 1 else f"{_pct(f)}|{value}")
            rows.append(
                {
                    "id": g.get("id", ""),
                    "kind": g.get("kind", "text"),
                    "answers": "\n".join(lines),
                    "options": "\n".join(g.get("options", [])),
                    "weight": g.get("weight", "1"),
                    "case_sensitive": g.get("case_sensitive", False),
                }
            )
        return {"rows": rows + blank}
    return {}


GRADE_CHOICES = [
    "100", "90", "83.33333", "80", "75", "70", "66.66667", "60", "50", "40", "33.33333", "30",
    "25", "20", "16.66667", "14.28571", "12.5", "11.11111", "10", "5", "0", "-5", "-10",
    "-11.11111", "-12.5", "-14.28571", "-16.66667", "-20", "-25", "-30", "-33.33333", "-40",
    "-50", "-60", "-66.66667", "-70", "-75", "-80", "-83.33333", "-90", "-100",
]  # fmt: skip


def type_choices() -> list[tuple[str, str]]:
    from .models import QuestionType

    return [(str(v), str(label)) for v, label in QuestionType.choices]


__all__ = ["GRADE_CHOICES", "data_from_post", "qtypes", "rows_for", "type_choices"]
