"""Grading of every type at its boundaries (exact Decimal), parsing and student views."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from dot.questions import qtypes
from dot.questions.samples import sample

D = Decimal


def v(qtype: str, data: dict[str, Any] | None = None, text: str | None = None) -> Any:
    s = sample(qtype)
    return SimpleNamespace(
        qtype=qtype,
        data=data if data is not None else s["data"],
        text=text if text is not None else s["text"],
        general_feedback="",
    )


def test_single() -> None:
    q = v("single")
    assert qtypes.grade(q, {"choice": "1"}) == D(1)
    assert qtypes.grade(q, {"choice": "2"}) == D(0)
    assert qtypes.grade(q, {}) == D(0)
    assert qtypes.parse_fields(q, {"q1-choice": ["1"]}, prefix="q1-") == {"choice": "1"}
    assert qtypes.parse_fields(q, {}, prefix="q1-") == {}
    with pytest.raises(ValidationError):
        qtypes.parse_fields(q, {"q1-choice": ["9"]}, prefix="q1-")
    view = qtypes.student_view(q, seed=5)
    assert "fraction" not in str(view)
    assert "Верно" not in str(view)
    assert view == qtypes.student_view(q, seed=5)
    assert qtypes.correct_summary(q) == "Бишкек"


def test_multiple_partial_penalty_clamp() -> None:
    q = v("multiple")
    assert qtypes.grade(q, {"choices": ["1", "2"]}) == D(1)
    assert qtypes.grade(q, {"choices": ["1"]}) == D("0.5")
    assert qtypes.grade(q, {"choices": ["1", "3"]}) == D(0)
    assert qtypes.grade(q, {"choices": ["3", "4"]}) == D(0)  # clamped, not -1
    assert qtypes.grade(q, {"choices": ["1", "2", "3"]}) == D("0.5")
    thirds = v(
        "multiple",
        {
            "options": [
                {"id": str(i), "text": str(i), "fraction": "0.3333333"} for i in range(1, 4)
            ]
            + [{"id": "4", "text": "x", "fraction": "-1"}]
        },
    )
    assert qtypes.grade(thirds, {"choices": ["1", "2", "3"]}) == D(1)
    assert qtypes.grade(thirds, {"choices": ["1"]}) == D("0.3333333")
    aon = v("multiple", {**sample("multiple")["data"], "all_or_nothing": True})
    assert qtypes.grade(aon, {"choices": ["1", "2"]}) == D(1)
    assert qtypes.grade(aon, {"choices": ["1"]}) == D(0)
    assert qtypes.parse_fields(q, {"p-choice": ["2", "1"]}, prefix="p-") == {"choices": ["1", "2"]}


def test_truefalse() -> None:
    q = v("truefalse")
    assert qtypes.grade(q, {"value": True}) == D(1)
    assert qtypes.grade(q, {"value": False}) == D(0)
    assert qtypes.parse_fields(q, {"p-value": ["false"]}, prefix="p-") == {"value": False}
    with pytest.raises(ValidationError):
        qtypes.parse_fields(q, {"p-value": ["maybe"]}, prefix="p-")


def test_short_case_space_wildcard() -> None:
    q = v("short")
    assert qtypes.grade(q, {"text": "Ньютон"}) == D(1)
    assert qtypes.grade(q, {"text": "  ньютон "}) == D(1)
    assert qtypes.grade(q, {"text": "н"}) == D("0.5")
    assert qtypes.grade(q, {"text": "джоуль"}) == D(0)
    cs = v("short", {"answers": [{"text": "NaCl", "fraction": "1"}], "case_sensitive": True})
    assert qtypes.grade(cs, {"text": "NaCl"}) == D(1)
    assert qtypes.grade(cs, {"text": "nacl"}) == D(0)
    wild = v(
        "short",
        {"answers": [{"text": "кислор*", "fraction": "1"}, {"text": "a\\*b", "fraction": "0.5"}]},
    )
    assert qtypes.grade(wild, {"text": "кислород"}) == D(1)
    assert qtypes.grade(wild, {"text": "a*b"}) == D("0.5")
    assert qtypes.grade(wild, {"text": "axb"}) == D(0)
    assert qtypes.parse_fields(q, {"p-text": ["  a   b "]}, prefix="p-") == {"text": "a b"}


def test_numeric_tolerance_units() -> None:
    q = v("numeric")
    assert qtypes.grade(q, {"value": "9.81", "unit": ""}) == D(1)
    assert qtypes.grade(q, {"value": "9.86", "unit": ""}) == D(1)  # boundary inclusive
    assert qtypes.grade(q, {"value": "9.87", "unit": ""}) == D(0)
    assert qtypes.grade(q, {"value": "10", "unit": ""}) == D("0.5")
    assert qtypes.grade(q, {"value": "981", "unit": "см/с²"}) == D(1)
    graded = v("numeric", {**sample("numeric")["data"], "unit_mode": "graded"})
    assert qtypes.grade(graded, {"value": "9.81", "unit": ""}) == D("0.9")
    assert qtypes.grade(graded, {"value": "9.81", "unit": "м/с²"}) == D(1)
    assert qtypes.parse_fields(q, {"p-value": ["9,81"], "p-unit": [""]}, prefix="p-") == {
        "value": "9.81",
        "unit": "",
    }
    with pytest.raises(ValidationError):
        qtypes.parse_fields(q, {"p-value": ["abc"]}, prefix="p-")
    anything = v("numeric", {"answers": [{"value": "*", "fraction": "1"}]})
    assert qtypes.grade(anything, {"value": "-5"}) == D(1)


def test_matching() -> None:
    q = v("matching")
    choices = {c["text"]: c["id"] for c in qtypes.matching_choices(q.data)}
    right = {"1": choices["Бишкек"], "2": choices["Астана"], "3": choices["Ташкент"]}
    assert qtypes.grade(q, {"pairs": right}) == D(1)
    assert qtypes.grade(q, {"pairs": {**right, "3": choices["Душанбе"]}}) == D("0.6666667")
    view = qtypes.student_view(q, seed=1)
    assert len(view["stems"]) == 3
    assert len(view["choices"]) == 4
    fields = {f"p-stem-{k}": [val] for k, val in right.items()}
    assert qtypes.parse_fields(q, fields, prefix="p-") == {"pairs": right}


def test_ordering_modes() -> None:
    q = v("ordering")
    assert qtypes.grade(q, {"order": ["1", "2", "3", "4"]}) == D(1)
    assert qtypes.grade(q, {"order": ["2", "3", "4", "1"]}) == D("0.6666667")  # 2 of 3 next
    aon = v("ordering", {**sample("ordering")["data"], "grading": "all_or_nothing"})
    assert qtypes.grade(aon, {"order": ["2", "1", "3", "4"]}) == D(0)
    absolute = v("ordering", {**sample("ordering")["data"], "grading": "absolute"})
    assert qtypes.grade(absolute, {"order": ["2", "1", "3", "4"]}) == D("0.5")
    lis = v("ordering", {**sample("ordering")["data"], "grading": "longest_subset"})
    assert qtypes.grade(lis, {"order": ["4", "1", "2", "3"]}) == D("0.75")
    fields = {"p-pos-1": ["2"], "p-pos-2": ["1"], "p-pos-3": ["3"], "p-pos-4": ["4"]}
    assert qtypes.parse_fields(q, fields, prefix="p-") == {"order": ["2", "1", "3", "4"]}
    with pytest.raises(ValidationError):
        qtypes.parse_fields(q, {**fields, "p-pos-4": ["3"]}, prefix="p-")
    view = qtypes.student_view(q, seed=3)
    assert [i["id"] for i in view["items"]] != ["1", "2", "3", "4"]


def test_gaps() -> None:
    q = v("gaps")
    full = {"gaps": {"1": "амперах", "2": "вольтах", "3": "3,0"}}
    assert qtypes.grade(q, full) == D(1)
    assert qtypes.grade(q, {"gaps": {"1": "амперах"}}) == D("0.3333333")
    assert qtypes.grade(q, {"gaps": {"1": "Амперах", "2": "омах", "3": "3"}}) == D("0.6666667")
    with pytest.raises(ValidationError):
        qtypes.parse_fields(q, {"p-gap-2": ["не то"]}, prefix="p-")
    html = qtypes.render_widget(q, seed=1, prefix="p-", response=full)
    assert 'name="p-gap-1"' in html
    assert "[[1]]" not in html


def test_essay() -> None:
    q = v("essay")
    assert qtypes.grade(q, {}) == D(0)
    assert qtypes.grade(q, {"text": "<p>Текст</p>"}) is None
    parsed = qtypes.parse_fields(q, {"p-text": ["<p>Hi<script>x</script></p>"]}, prefix="p-")
    assert parsed == {"text": "<p>Hi</p>"}


@pytest.mark.parametrize("qtype", qtypes.TYPES)
def test_every_type_renders_and_validates(qtype: str) -> None:
    q = v(qtype)
    assert qtypes.validate_data(qtype, q.text, q.data) == {}
    html = qtypes.render_widget(q, seed=7, prefix="q3-", response=None)
    assert "q3-" in html
    assert "fraction" not in str(qtypes.student_view(q, seed=7))
    assert isinstance(qtypes.correct_summary(q), str)


def test_numeric_unit_feedback_is_translated_text() -> None:
    graded = v("numeric", {**sample("numeric")["data"], "unit_mode": "graded"})
    html = qtypes.feedback(graded, {"value": "9.81", "unit": ""})
    assert "q-feedback" in html


def test_saved_ids_do_not_reveal_the_key(db: None) -> None:
    """Options, items and stems get opaque ids: the first (right) option is not "1", the
    ordering's ids do not sort into the right order, stems and choices do not pair by id."""
    for qtype, key in (("single", "options"), ("ordering", "items"), ("matching", "pairs")):
        raw = sample(qtype)["data"]
        for row in raw[key]:
            row.pop("id")  # a new question from the editor or a file has no ids yet
        data = qtypes.canonical(qtype, raw)
        ids = [str(x["id"]) for x in data[key]]
        assert ids[0] != "1"
        assert len(set(ids)) == len(ids)
        assert qtypes.canonical(qtype, data) == data  # stable: round trips keep them
    data = qtypes.canonical("matching", sample("matching")["data"])
    choices = qtypes.matching_choices(data)
    assert all(c["id"].startswith("c") and c["id"][1:] not in ("1", "2", "3") for c in choices)


@pytest.mark.parametrize("qtype", qtypes.TYPES)
def test_parse_fields_survives_odd_client_shapes(qtype: str) -> None:
    q = v(qtype)
    shapes: list[dict[str, Any]] = [
        {"q-choice": {"a": 1}},
        {"q-text": None},
        {"q-value": [None, {}]},
        {},
    ]
    for junk in shapes:
        try:
            result = qtypes.parse_fields(q, junk, prefix="q-")
        except ValidationError:
            continue
        assert isinstance(result, dict)
