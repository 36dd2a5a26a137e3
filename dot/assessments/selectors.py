"""Reads of the testing app: lists, review rights, grades per grading method, monitoring."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Max, Q, QuerySet

from . import clock
from .models import (
    Accommodation,
    Attempt,
    AttemptAnswer,
    AttemptState,
    GradingMethod,
    ReviewWhen,
    Test,
)
from .services import accepts_until, window

OFFLINE_AFTER = datetime.timedelta(seconds=60)


@dataclass(frozen=True)
class Review:
    """What the student may see of a finished attempt (the test's review options)."""

    score: bool = False
    answers: bool = False
    correct: bool = False
    feedback: bool = False

    @property
    def any(self) -> bool:
        return self.score or self.answers or self.correct or self.feedback


NO_REVIEW = Review()
FULL_REVIEW = Review(score=True, answers=True, correct=True, feedback=True)


def review_for(
    attempt: Attempt,
    *,
    staff: bool = False,
    accommodation: Accommodation | None = None,
    now: datetime.datetime | None = None,
) -> Review:
    """Staff see everything of a finished attempt; the student what the options allow,
    when they allow it. Nothing while the attempt is open (answer keys never reach the
    browser before)."""
    if attempt.state == AttemptState.IN_PROGRESS:
        return NO_REVIEW
    if staff:
        return FULL_REVIEW
    test = attempt.test
    if test.review_when == ReviewWhen.NEVER:
        return NO_REVIEW
    if test.review_when == ReviewWhen.AFTER_CLOSE:
        _open, close_at = window(test, accommodation)
        if close_at is None or (now or clock.now()) < close_at:
            return NO_REVIEW
    return Review(
        score=test.review_score,
        answers=test.review_answers,
        correct=test.review_correct,
        feedback=test.review_feedback,
    )


def grade_of(test: Test, attempts: list[Attempt]) -> Decimal | None:
    """The student's result for the test by its grading method (finished attempts)."""
    done = sorted(
        (a for a in attempts if a.state == AttemptState.FINISHED and a.score is not None),
        key=lambda a: a.number,
    )
    if not done:
        return None
    scores = [a.score for a in done if a.score is not None]
    if test.grading_method == GradingMethod.FIRST:
        return scores[0]
    if test.grading_method == GradingMethod.LAST:
        return scores[-1]
    if test.grading_method == GradingMethod.AVERAGE:
        return (sum(scores, Decimal("0")) / len(scores)).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )
    return max(scores)


def tests_of_course(course: Any, user: Any, *, staff: bool) -> QuerySet[Test]:
    """The course's tests for the panel and the API list (one query)."""
    qs = Test.objects.filter(course=course).select_related("module")
    if not staff:
        qs = qs.filter(is_published=True)
    return qs.annotate(
        my_attempts=Count("attempts", filter=Q(attempts__user=user)),
        my_open=Count(
            "attempts", filter=Q(attempts__user=user, attempts__state=AttemptState.IN_PROGRESS)
        ),
    ).order_by("open_at", "pk")


def answers_of(attempt: Attempt) -> list[AttemptAnswer]:
    """The attempt's slots with the versions they show (one query)."""
    return list(
        AttemptAnswer.objects.filter(attempt=attempt)
        .select_related("question_version")
        .order_by("slot")
    )


@dataclass
class MonitorRow:
    attempt: Attempt
    answered: int
    total: int
    last_activity: datetime.datetime | None
    remaining: datetime.timedelta | None
    offline: bool


def monitor_rows(test: Test) -> list[MonitorRow]:
    """Attempts of the test with progress and liveness: two queries in all.

    "Offline": the page sent neither an answer nor a heartbeat for over 60 s."""
    now = clock.now()
    attempts = list(
        Attempt.objects.filter(test=test)
        .select_related("user")
        .annotate(
            total=Count("answers"),
            answered=Count("answers", filter=Q(answers__seq__gt=0) & ~Q(answers__response={})),
            last_save=Max("answers__saved_at"),
        )
        .order_by("user__last_name", "user__first_name", "number")
    )
    rows = []
    for attempt in attempts:
        attempt.test = test
        seen = [t for t in (attempt.last_seen_at, attempt.last_save) if t]  # type: ignore[attr-defined]
        last = max(seen) if seen else None
        remaining = None
        if attempt.state == AttemptState.IN_PROGRESS and attempt.deadline is not None:
            remaining = datetime.timedelta(
                seconds=max(0, int((attempt.deadline - now).total_seconds()))
            )
        rows.append(
            MonitorRow(
                attempt=attempt,
                answered=attempt.answered,  # type: ignore[attr-defined]
                total=attempt.total,  # type: ignore[attr-defined]
                last_activity=last,
                remaining=remaining,
                offline=attempt.state == AttemptState.IN_PROGRESS
                and (last is None or now - last > OFFLINE_AFTER),
            )
        )
    return rows


def remaining_seconds(attempt: Attempt, now: datetime.datetime | None = None) -> int | None:
    if attempt.deadline is None:
        return None
    return max(0, int((attempt.deadline - (now or clock.now())).total_seconds()))


def accepts_answers_until(attempt: Attempt) -> datetime.datetime | None:
    return accepts_until(attempt, attempt.test)
