"""Item statistics of a test (issue #6), computed as the classical test theory does it and
as Moodle's quiz statistics report them, over the test's finished attempts:

- **facility index** — the mean score on the item, % of its maximum (easy items ~ 100);
- **standard deviation** of the item's score, % of its maximum;
- **discrimination index** — the Pearson correlation (×100) between the item's score and
  the score on the *rest of the test* over the attempts that saw the item: do students
  who do well elsewhere do well here? Below 20 is weak, negative means the item works
  against the test (a wrong key, an ambiguous text); needs at least 3 attempts and some
  spread on both sides, otherwise "—";
- **distribution** of responses: for choice questions every option with its count and
  whether it is credited; for other types the most frequent responses; "no answer".

Test-level: attempts, mean, median and standard deviation of the score, and Cronbach's
alpha over the items every attempt saw (fixed questions).

Manual marks count over automatic ones; an essay not yet graded is left out of its item.
Two queries whatever the number of attempts and questions.
"""

from __future__ import annotations

import math
import re
import statistics as st
from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from dot.questions import qtypes

from .models import Attempt, AttemptAnswer, AttemptState, Test

TOP_RESPONSES = 8
_TAGS = re.compile(r"<[^>]+>")


def _d(value: float | Decimal | None, places: str = "0.01") -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal(places), rounding=ROUND_HALF_UP)


def _plain(html: str) -> str:
    return re.sub(r"\s+", " ", _TAGS.sub(" ", html or "")).strip()


@dataclass
class ResponseCount:
    label: str
    count: int
    percent: Decimal
    credited: bool | None = None  # None: not a choice (free responses)


@dataclass
class ItemStat:
    question_id: int
    name: str
    qtype: str
    qtype_label: str
    versions: list[int]
    max_mark: Decimal
    attempts: int
    graded: int
    facility: Decimal | None
    sd: Decimal | None
    discrimination: Decimal | None
    distribution: list[ResponseCount] = field(default_factory=list)

    @property
    def warning(self) -> str:
        if self.discrimination is not None and self.discrimination < 0:
            return _("Negative discrimination: check the key and the wording.")
        if self.facility is not None and (self.facility < 10 or self.facility > 95):
            return _("Very hard or very easy item: it tells little about the students.")
        if self.discrimination is not None and self.discrimination < 20:
            return _("Weak discrimination.")
        return ""


@dataclass
class TestStatistics:
    attempts: int
    mean: Decimal | None
    median: Decimal | None
    sd: Decimal | None
    alpha: Decimal | None
    items: list[ItemStat]


def _pearson(xs: list[float], ys: list[float]) -> float | None:
    if len(xs) < 3:
        return None
    try:
        return st.correlation(xs, ys)
    except st.StatisticsError:  # one of the two is constant
        return None


def _fraction(answer: AttemptAnswer) -> float | None:
    mark = answer.final_mark
    if mark is None or not answer.max_mark:
        return None
    return float(mark / answer.max_mark)


def _choice_distribution(answers: list[AttemptAnswer], qtype: str) -> list[ResponseCount]:
    total = len(answers)
    counts: Counter[str] = Counter()
    labels: dict[str, str] = {}
    credited: dict[str, bool] = {}
    empty = 0
    for answer in answers:
        data = answer.question_version.data or {}
        response = answer.response or {}
        if qtype == "truefalse":
            correct = bool(data.get("correct"))
            labels.update({"true": _("True"), "false": _("False")})
            credited.update({"true": correct, "false": not correct})
            if "value" not in response:
                empty += 1
                continue
            counts["true" if response["value"] else "false"] += 1
            continue
        for option in data.get("options", []):
            oid = str(option.get("id"))
            labels[oid] = _plain(str(option.get("text", "")))[:120] or oid
            credited[oid] = qtypes.dec(option.get("fraction")) > 0
        raw = response.get("choices") if qtype == "multiple" else [response.get("choice")]
        chosen: list[str] = [str(c) for c in (raw or []) if c not in (None, "")]
        if not chosen:
            empty += 1
        counts.update(chosen)
    rows = [
        ResponseCount(
            label=labels[oid],
            count=counts.get(oid, 0),
            percent=(_d(100 * counts.get(oid, 0) / total) or Decimal(0)) if total else Decimal(0),
            credited=credited.get(oid),
        )
        for oid in labels
    ]
    if empty:
        rows.append(ResponseCount(_("No answer"), empty, _d(100 * empty / total) or Decimal(0)))
    return rows


def _free_distribution(answers: list[AttemptAnswer]) -> list[ResponseCount]:
    total = len(answers)
    counts: Counter[str] = Counter()
    full: dict[str, bool] = {}
    for answer in answers:
        if not answer.response:
            counts[_("No answer")] += 1
            continue
        label = qtypes.response_summary(answer.question_version, answer.response)[:200]
        counts[label] += 1
        if answer.fraction is not None:
            full[label] = answer.fraction >= 1
    return [
        ResponseCount(label, n, _d(100 * n / total) or Decimal(0), full.get(label))
        for label, n in counts.most_common(TOP_RESPONSES)
    ]


def test_statistics(test: Test) -> TestStatistics:
    attempts = list(
        Attempt.objects.filter(test=test, state=AttemptState.FINISHED)
        .only("pk", "sum_marks", "max_marks", "score")
        .order_by("pk")
    )
    by_id = {a.pk: a for a in attempts}
    answers = list(
        AttemptAnswer.objects.filter(attempt_id__in=by_id)
        .select_related("question_version")
        .order_by("question_id", "attempt_id")
    )
    scores = [float(a.score) for a in attempts if a.score is not None]
    per_question: dict[int, list[AttemptAnswer]] = {}
    for answer in answers:
        per_question.setdefault(answer.question_id, []).append(answer)

    items: list[ItemStat] = []
    for question_id, rows in per_question.items():
        latest = max(rows, key=lambda r: r.question_version.number).question_version
        xs: list[float] = []
        rest: list[float] = []
        for row in rows:
            f = _fraction(row)
            if f is None:
                continue
            attempt = by_id[row.attempt_id]
            xs.append(f)
            rest_max = float((attempt.max_marks or 0) - row.max_mark)
            rest_sum = float((attempt.sum_marks or 0) - (row.final_mark or 0))
            rest.append(rest_sum / rest_max if rest_max > 0 else 0.0)
        correlation = _pearson(xs, rest)
        qtype = latest.qtype
        distribution = (
            _choice_distribution(rows, qtype)
            if qtype in ("single", "multiple", "truefalse")
            else _free_distribution(rows)
        )
        items.append(
            ItemStat(
                question_id=question_id,
                name=latest.name,
                qtype=qtype,
                qtype_label=str(latest.get_qtype_display()),
                versions=sorted({r.question_version.number for r in rows}),
                max_mark=latest.default_mark,
                attempts=len(rows),
                graded=len(xs),
                facility=_d(100 * st.fmean(xs)) if xs else None,
                sd=_d(100 * st.pstdev(xs)) if len(xs) > 1 else None,
                discrimination=_d(100 * correlation) if correlation is not None else None,
                distribution=distribution,
            )
        )
    items.sort(key=lambda i: i.name)
    return TestStatistics(
        attempts=len(attempts),
        mean=_d(st.fmean(scores)) if scores else None,
        median=_d(st.median(scores)) if scores else None,
        sd=_d(st.pstdev(scores)) if len(scores) > 1 else None,
        alpha=_d(_cronbach_alpha(attempts, per_question), "0.001"),
        items=items,
    )


def _cronbach_alpha(
    attempts: list[Attempt], per_question: dict[int, list[AttemptAnswer]]
) -> float | None:
    """α = k/(k−1) · (1 − Σ var(item) / var(total)) over the items every attempt saw."""
    n = len(attempts)
    if n < 3:
        return None
    common = {
        q: {r.attempt_id: _fraction(r) for r in rows}
        for q, rows in per_question.items()
        if len(rows) == n
    }
    columns = [
        [col[a.pk] for a in attempts]
        for col in common.values()
        if all(col.get(a.pk) is not None for a in attempts)
    ]
    k = len(columns)
    if k < 2:
        return None
    item_vars = sum(st.pvariance([float(v) for v in c if v is not None]) for c in columns)
    totals = [sum(float(c[i] or 0) for c in columns) for i in range(n)]
    total_var = st.pvariance(totals)
    if total_var == 0 or math.isnan(total_var):
        return None
    return k / (k - 1) * (1 - item_vars / total_var)
