"""Import of real-Moodle-shaped files (every type), error reports, and round trips."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from dot.questions import qtypes, services, transfer
from dot.questions.factories import QuestionBankFactory
from dot.questions.models import Category, Question, QuestionImage
from dot.questions.samples import sample

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def bank():  # type: ignore[no-untyped-def]  # overrides the conftest's (no university needed)
    b = QuestionBankFactory()
    services.top_category(b)
    return b


def _by_name(bank) -> dict[str, Question]:  # type: ignore[no-untyped-def]
    return {
        q.current.name: q
        for q in Question.objects.filter(bank=bank).select_related("current", "category")
    }


def test_moodle_xml_every_type(bank) -> None:  # type: ignore[no-untyped-def]
    result = transfer.parse_file("xml", (FIXTURES / "moodle_all_types.xml").read_bytes())
    assert [e.where for e in result.errors] == ["question 12 «Вычисляемый»"]
    with pytest.raises(ValidationError):
        transfer.import_parsed(bank=bank, result=result, actor=None)
    assert not Question.objects.filter(bank=bank).exists()
    transfer.import_parsed(bank=bank, result=result, actor=None, import_valid=True)
    qs = _by_name(bank)
    assert len(qs) == 11
    single = qs["Столица"].current
    assert single.qtype == "single"
    assert single.default_mark == Decimal(2)
    assert "<img" in single.text
    assert "@@PLUGINFILE@@" not in single.text
    image = QuestionImage.objects.get(bank=bank)
    assert image.get_absolute_url() in single.text
    assert qs["Столица"].category.name == "Default for Физика"
    multi = qs["Векторные величины"]
    assert multi.category.name == "Механика"
    assert multi.category.parent == qs["Столица"].category
    assert qtypes.grade(multi.current, {"choices": ["1", "2", "3"]}) == Decimal(1)
    assert qtypes.grade(multi.current, {"choices": ["1", "4"]}) == Decimal(0)
    assert qtypes.grade(qs["Инерция"].current, {"value": True}) == 1
    short = qs["Единица силы"].current
    assert qtypes.grade(short, {"text": "Ньютона"}) == 1
    assert qtypes.grade(short, {"text": "н"}) == Decimal("0.5")
    num = qs["Ускорение g"].current
    assert num.data["unit_mode"] == "graded"
    assert qtypes.grade(num, {"value": "981", "unit": "cm/s^2"}) == 1
    assert qtypes.grade(num, {"value": "9.81", "unit": ""}) == Decimal("0.8")
    match = qs["Величины и единицы"].current
    assert len(qtypes.student_view(match, seed=1)["choices"]) == 4
    order = qs["Порядок планет"].current
    assert order.data["grading"] == "relative_next"
    assert qtypes.grade(order, {"order": ["1", "2", "3", "4"]}) == 1
    gapselect = qs["Агрегатные состояния"].current
    assert qtypes.grade(gapselect, {"gaps": {"1": "твёрдое", "2": "газообразное"}}) == 1
    assert qtypes.grade(qs["Перетаскивание"].current, {"gaps": {"1": "ньютонах"}}) == Decimal("0.5")
    cloze = qs["Cloze: закон Ома"].current
    assert [g["kind"] for g in cloze.data["gaps"]] == ["text", "numeric", "select"]
    assert qtypes.grade(cloze, {"gaps": {"1": "амперах", "2": "3.005", "3": "омах"}}) == 1
    assert qtypes.grade(cloze, {"gaps": {"1": "А", "2": "3", "3": "омах"}}) == Decimal("0.875")
    essay = qs["Эссе: энергия"].current
    assert essay.data["attachments"] == 1
    assert essay.data["max_words"] == 300
    assert qtypes.grade(essay, {"text": "<p>x</p>"}) is None


def test_gift_every_feature(bank) -> None:  # type: ignore[no-untyped-def]
    result = transfer.parse_file("gift", (FIXTURES / "moodle_export.gift").read_bytes())
    assert result.errors == []
    transfer.import_parsed(bank=bank, result=result, actor=None)
    qs = _by_name(bank)
    assert qs["Столица"].current.general_feedback == "<p>Бишкек — столица с 1991 года.</p>"
    assert qs["Векторные величины"].qtype == "multiple"
    assert "\\(\\vec F = m\\vec a\\)" in qs["Векторные величины"].current.text
    tf = qs["Инерция"].current
    assert tf.data["feedback_false"] == "Подумайте ещё."
    assert qtypes.grade(qs["Диапазон"].current, {"value": "2"}) == 1
    assert qtypes.grade(qs["Диапазон"].current, {"value": "2.01"}) == 0
    assert qtypes.grade(qs["Несколько числовых"].current, {"value": "5"}) == Decimal("0.5")
    assert qs["Величины и единицы"].qtype == "matching"
    assert "_____" in qs["Пропущенное слово"].current.text
    assert qs["Эссе"].qtype == "essay"
    assert qtypes.grade(qs["Экранирование"].current, {"text": "a~b"}) == 1
    assert "{ } ~ = # и :" in qs["Экранирование"].current.text
    assert qs["Инерция"].category.name == "Механика"


def test_gift_errors_point_to_lines(bank) -> None:  # type: ignore[no-untyped-def]
    result = transfer.parse_file("gift", (FIXTURES / "broken.gift").read_bytes())
    assert [e.where for e in result.errors] == ["line 3", "line 5"]
    assert len(result.questions) == 1
    with pytest.raises(ValidationError):
        transfer.import_parsed(bank=bank, result=result, actor=None)
    created = transfer.import_parsed(bank=bank, result=result, actor=None, import_valid=True)
    assert len(created) == 1


def test_aiken(bank) -> None:  # type: ignore[no-untyped-def]
    result = transfer.parse_file("aiken", (FIXTURES / "aiken.txt").read_bytes())
    assert result.errors == []
    created = transfer.import_parsed(bank=bank, result=result, actor=None)
    assert qtypes.grade(created[1].current, {"choice": "2"}) == 1
    bad = transfer.parse_file("aiken", "Вопрос\nA. да\nB. нет\nANSWER: C\n".encode())
    assert bad.errors[0].where == "line 4"


def test_bad_xml_reports_line() -> None:
    result = transfer.parse_file("xml", b"<quiz>\n<question type='truefalse'>\n</quiz>")
    assert result.errors[0].where.startswith("line")
    evil = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><quiz>&a;</quiz>'
    assert transfer.parse_file("xml", evil).errors


def _make_all(bank, *, gift: bool = False) -> list[Question]:  # type: ignore[no-untyped-def]
    top = services.top_category(bank)
    sub = services.create_category(bank=bank, parent=top, name="Раздел 1", actor=None)
    made = []
    for n, qtype in enumerate(qtypes.TYPES):
        s = sample(qtype)
        if gift and qtype == "numeric":  # GIFT has no units (nor does Moodle's GIFT)
            s["data"].update(units=[], unit_mode="none")
        if gift and qtype == "essay":  # nor essay options
            s["data"] = {}
        made.append(
            services.create_question(
                category=sub if n % 2 else top,
                qtype=qtype,
                name=s["name"],
                text=s["text"],
                data=s["data"],
                actor=None,
                general_feedback="<p>Общий отзыв</p>",
                default_mark=Decimal("2.5"),
            )
        )
    return made


@pytest.mark.parametrize("fmt", ["xml", "gift"])
def test_round_trip_every_type(fmt: str) -> None:
    source = QuestionBankFactory()
    made = _make_all(source, gift=fmt == "gift")
    text, skipped = transfer.export_questions(made, fmt)
    target = QuestionBankFactory()
    result = transfer.parse_file(fmt, text.encode())
    assert result.errors == []
    transfer.import_parsed(bank=target, result=result, actor=None)
    back = _by_name(target)
    for q in made:
        if q.current.name in skipped:
            assert fmt == "gift"
            assert q.qtype in ("ordering", "gaps")
            continue
        again = back[q.current.name]
        expected = transfer.snapshot(q)
        got = transfer.snapshot(again)
        if fmt == "gift":  # GIFT holds no default mark
            expected["default_mark"] = got["default_mark"] = 0
        assert got == expected, q.qtype
        assert [c.name for c in _path(again.category)] == [c.name for c in _path(q.category)]


def _path(category: Category) -> list[Category]:
    out = []
    while category.parent_id:
        out.insert(0, category)
        category = category.parent
    return out
