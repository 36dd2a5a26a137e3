"""Attempt rules at the service level: the server's clock, accommodations, grace,
exactly-once finalisation, automatic closing of overdue attempts, grading methods,
review options."""

from __future__ import annotations

import datetime
import threading
from decimal import Decimal
from typing import Any, cast

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from dot.assessments import selectors, services
from dot.assessments.factories import TestFactory, add_questions, make_test_with_questions
from dot.assessments.models import Attempt, AttemptAnswer, AttemptState, FinishedBy
from dot.assessments.tasks import finalize_overdue_attempts
from dot.core.models import AuditLog

pytestmark = pytest.mark.django_db


def _save(attempt: Attempt, slot: int, seq: int, choice: str) -> services.SaveResult:
    return services.attempt_save_answer(
        attempt_id=attempt.pk,
        user=attempt.user,
        slot=slot,
        seq=seq,
        fields={f"q{slot}-choice": [choice]},
    )


def _right(attempt: Attempt, slot: int) -> str:
    answer = AttemptAnswer.objects.get(attempt=attempt, slot=slot)
    return next(o["id"] for o in answer.question_version.data["options"] if o["fraction"] == "1")


def test_deadline_is_the_earlier_of_limit_and_close(world: Any, clock: Any) -> None:
    test = make_test_with_questions(
        course=world.course,
        count=1,
        time_limit=60,
        close_at=clock.current + datetime.timedelta(minutes=20),
    )
    attempt, created = services.attempt_start(test=test, user=world.student)
    assert created
    assert attempt.deadline == clock.current + datetime.timedelta(minutes=20)


def test_accommodation_extra_time_and_other_dates(world: Any, clock: Any) -> None:
    now = clock.current
    test = make_test_with_questions(
        course=world.course,
        count=1,
        time_limit=30,
        open_at=now - datetime.timedelta(days=2),
        close_at=now - datetime.timedelta(days=1),
    )
    # Closed for everybody …
    with pytest.raises(services.AttemptError) as refused:
        services.attempt_start(test=test, user=world.student2)
    assert refused.value.code == "closed"
    # … but the teacher gave this student other dates and 15 more minutes (ИУП).
    services.accommodation_set(
        test=test,
        user=world.student,
        actor=world.teacher,
        extra_minutes=15,
        open_at=now - datetime.timedelta(hours=1),
        close_at=now + datetime.timedelta(hours=2),
        note="ИУП",
    )
    attempt, _ = services.attempt_start(test=test, user=world.student)
    assert attempt.deadline == now + datetime.timedelta(minutes=45)
    assert AuditLog.objects.filter(action="assessments.accommodation_set").count() == 1


def test_not_open_yet(world: Any, clock: Any) -> None:
    test = make_test_with_questions(
        course=world.course, count=1, open_at=clock.current + datetime.timedelta(minutes=5)
    )
    with pytest.raises(services.AttemptError) as refused:
        services.attempt_start(test=test, user=world.student)
    assert refused.value.code == "not_open"
    clock.advance(minutes=5)
    assert services.attempt_start(test=test, user=world.student)[1] is True


def test_grace_period_boundaries(world: Any, clock: Any) -> None:
    test = make_test_with_questions(course=world.course, count=1, time_limit=10, grace_seconds=60)
    attempt, _ = services.attempt_start(test=test, user=world.student)
    clock.advance(minutes=11)  # exactly deadline + grace: still accepted
    assert _save(attempt, 1, 1, "1").saved is True
    clock.advance(seconds=1)
    with pytest.raises(services.AttemptClosedError):
        _save(attempt, 1, 2, "2")
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.FINISHED
    assert AttemptAnswer.objects.get(attempt=attempt).response == {"choice": "1"}


def test_overdue_attempts_are_finalised_by_the_task(world: Any, clock: Any) -> None:
    test = make_test_with_questions(course=world.course, count=2, time_limit=5, grace_seconds=0)
    late, _ = services.attempt_start(test=test, user=world.student)
    _save(late, 1, 1, _right(late, 1))
    clock.advance(minutes=3)
    fresh, _ = services.attempt_start(test=test, user=world.student2)
    clock.advance(minutes=2, seconds=1)

    assert finalize_overdue_attempts.delay().get() == 1

    late.refresh_from_db()
    fresh.refresh_from_db()
    assert late.state == AttemptState.FINISHED
    assert late.finished_by == FinishedBy.DEADLINE
    assert late.sum_marks == Decimal("1.00")
    assert late.score == Decimal("50.00")
    assert fresh.state == AttemptState.IN_PROGRESS


def test_overdue_attempt_is_finalised_lazily_on_resume(world: Any, clock: Any) -> None:
    test = make_test_with_questions(
        course=world.course, count=1, time_limit=5, grace_seconds=0, attempts_allowed=2
    )
    first, _ = services.attempt_start(test=test, user=world.student)
    clock.advance(minutes=6)
    second, created = services.attempt_start(test=test, user=world.student)
    first.refresh_from_db()
    assert first.state == AttemptState.FINISHED
    assert first.finished_by == FinishedBy.DEADLINE
    assert created
    assert second.number == 2


def test_submit_is_exactly_once(world: Any) -> None:
    test = make_test_with_questions(course=world.course, count=2)
    attempt, _ = services.attempt_start(test=test, user=world.student)
    _save(attempt, 1, 1, _right(attempt, 1))
    first = services.attempt_submit(attempt=attempt, user=world.student)
    second = services.attempt_submit(attempt=attempt, user=world.student)
    assert (first.finished_at, first.score) == (second.finished_at, second.score)
    assert AuditLog.objects.filter(action="assessments.attempt_finish").count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_submits_finalise_once(world: Any) -> None:
    """Two submits of the same attempt at once (a double click, two devices).

    On PostgreSQL two threads really race (the row lock serialises them); SQLite has one
    writer at a time, so there both submits start from copies loaded before either ran —
    the state the second request sees in a race."""
    test = make_test_with_questions(course=world.course, count=3)
    attempt, _ = services.attempt_start(test=test, user=world.student)
    _save(attempt, 1, 1, _right(attempt, 1))
    copies = [Attempt.objects.get(pk=attempt.pk) for _ in range(2)]
    results: list[Any] = []
    errors: list[BaseException] = []

    def submit(copy: Attempt, barrier: threading.Barrier | None) -> None:
        try:
            if barrier is not None:
                barrier.wait(timeout=10)
            results.append(services.attempt_submit(attempt=copy, user=world.student))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            if barrier is not None:
                connection.close()

    if connection.vendor == "postgresql":
        barrier = threading.Barrier(2)
        threads = [threading.Thread(target=submit, args=(c, barrier)) for c in copies]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    else:
        for copy in copies:
            submit(copy, None)

    assert not errors, errors
    assert len({(r.finished_at, r.score, r.state) for r in results}) == 1
    assert AuditLog.objects.filter(action="assessments.attempt_finish").count() == 1
    attempt.refresh_from_db()
    assert attempt.sum_marks == Decimal("1.00")


def test_save_racing_the_finalisation_is_refused_not_lost(world: Any) -> None:
    """A save that read the slot before the attempt was finalised finds the row locked:
    it answers 409 instead of acknowledging an answer that would not be graded."""
    test = make_test_with_questions(course=world.course, count=1)
    attempt, _ = services.attempt_start(test=test, user=world.student)
    stale_row = AttemptAnswer.objects.select_related("attempt__test", "question_version").get(
        attempt=attempt
    )
    services.attempt_submit(attempt=attempt, user=world.student)
    # The conditional UPDATE of the save path no longer matches the locked row.
    updated = AttemptAnswer.objects.filter(pk=stale_row.pk, seq__lt=1, locked=False).update(seq=1)
    assert updated == 0
    with pytest.raises(services.AttemptClosedError):
        _save(attempt, 1, 1, "1")


def test_grading_methods(world: Any) -> None:
    test: Any = TestFactory(course=world.course)
    made = [
        Attempt(
            test=test,
            user=world.student,
            number=n,
            started_at=test.created_at,
            state="finished",
            score=Decimal(s),
        )
        for n, s in [(1, "40"), (2, "90"), (3, "50")]
    ]
    for method, expected in [
        ("first", "40"),
        ("last", "50"),
        ("highest", "90"),
        ("average", "60.00"),
    ]:
        test.grading_method = method
        assert selectors.grade_of(test, made) == Decimal(expected)
    assert selectors.grade_of(test, []) is None


def test_review_options(world: Any, clock: Any) -> None:
    test = make_test_with_questions(
        course=world.course,
        count=1,
        review_when="after_close",
        review_correct=True,
        close_at=clock.current + datetime.timedelta(hours=1),
    )
    attempt, _ = services.attempt_start(test=test, user=world.student)
    assert selectors.review_for(attempt) == selectors.NO_REVIEW
    attempt = services.attempt_submit(attempt=attempt, user=world.student)
    assert selectors.review_for(attempt) == selectors.NO_REVIEW
    assert selectors.review_for(attempt, staff=True) == selectors.FULL_REVIEW
    clock.advance(hours=1)
    review = selectors.review_for(attempt)
    assert review.correct
    assert review.score
    assert not review.feedback


def test_essay_needs_grading_and_regrade_keeps_manual_marks(world: Any) -> None:
    test = make_test_with_questions(
        course=world.course, count=2, qtypes=("single", "essay"), shuffle_questions=False
    )
    attempt, _ = services.attempt_start(test=test, user=world.student)
    _save(attempt, 1, 1, _right(attempt, 1))
    services.attempt_save_answer(
        attempt_id=attempt.pk,
        user=world.student,
        slot=2,
        seq=1,
        fields={"q2-text": ["<p>Ответ</p>"]},
    )
    attempt = services.attempt_submit(attempt=attempt, user=world.student)
    assert attempt.needs_grading is True
    essay = AttemptAnswer.objects.get(attempt=attempt, slot=2)
    assert essay.needs_grading
    assert essay.mark is None
    essay.manual_mark = Decimal("1")
    essay.needs_grading = False
    essay.save()
    attempt = services.regrade(attempt=attempt, actor=world.teacher)
    assert attempt.needs_grading is False
    assert attempt.sum_marks == Decimal("2.00")
    assert attempt.score == Decimal("100.00")


def test_extend_time_is_audited(world: Any, clock: Any) -> None:
    test = make_test_with_questions(course=world.course, count=1, time_limit=10)
    attempt, _ = services.attempt_start(test=test, user=world.student)
    extended = services.attempt_extend(
        attempt=attempt, minutes=15, actor=world.teacher, reason="сбой сети"
    )
    assert extended.deadline == clock.current + datetime.timedelta(minutes=25)
    log = AuditLog.objects.get(action="assessments.attempt_extend")
    assert log.actor == world.teacher
    assert log.comment == "сбой сети"
    with pytest.raises(ValidationError):
        services.attempt_extend(attempt=attempt, minutes=0, actor=world.teacher)


def test_random_draws_per_student(world: Any) -> None:
    from dot.questions.factories import CategoryFactory, QuestionBankFactory, make_question

    bank = QuestionBankFactory(discipline=world.course.discipline, department=world.units["kd"])
    top = cast(Any, CategoryFactory)(bank=bank)
    sub = cast(Any, CategoryFactory)(bank=bank, parent=top)
    for _ in range(6):
        make_question(category=top)
    for _ in range(6):
        make_question(category=sub)
    test: Any = TestFactory(course=world.course)
    fixed = make_question(category=top)
    add_questions(test, [fixed])
    services.item_add_draw(
        test=test, category=top, count=5, include_subcategories=True, actor=world.teacher
    )
    a1, _ = services.attempt_start(test=test, user=world.student)
    a2, _ = services.attempt_start(test=test, user=world.student2)
    q1 = set(a1.answers.values_list("question_id", flat=True))
    q2 = set(a2.answers.values_list("question_id", flat=True))
    assert len(q1) == len(q2) == 6  # the fixed question is never drawn again
    assert fixed.pk in q1
    assert fixed.pk in q2


def test_test_validation(world: Any) -> None:
    now = datetime.datetime(2026, 12, 1, 9, tzinfo=datetime.UTC)
    with pytest.raises(ValidationError) as bad:
        services.test_create(
            course=world.course,
            actor=world.teacher,
            title="Экзамен",
            open_at=now,
            close_at=now - datetime.timedelta(hours=1),
            allowed_networks="10.0.0.0/8\nне сеть",
        )
    assert set(bad.value.message_dict) == {"close_at", "allowed_networks"}
