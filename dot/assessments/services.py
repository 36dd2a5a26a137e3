"""Writes of the testing app: tests and their items, accommodations, attempts.

The attempt rules (п. 2.3, 3.2 — online current and intermediate attestation):

* **The server owns the clock.** ``Attempt.deadline`` is fixed at start:
  ``min(start + time limit + extra time, close time of the test or of the student's
  accommodation)``; answers are accepted until ``deadline + grace``, whatever the
  client's clock says. Only an audited extension by the teacher moves it.
* **Every answer is saved the moment it is given, idempotently.** A save carries a
  per-slot sequence number; the row is changed by one conditional ``UPDATE … WHERE
  seq < new seq AND NOT locked`` in autocommit, so it is durable before the reply, a
  repeated or out-of-order save changes nothing, and the hot path is a fixed, small
  number of queries whatever the number of questions or students.
* **Finalisation is exactly-once.** ``finalize_attempt`` locks the attempt row
  (``SELECT … FOR UPDATE``) and checks its state; it locks the answer rows too, so a
  save racing it is either in the graded response or refused — never acknowledged and
  then dropped.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from dot.core.audit import audit_record, snapshot_changes

from . import clock
from .models import (
    Accommodation,
    Attempt,
    AttemptAnswer,
    AttemptState,
    FinishedBy,
    ItemKind,
    Test,
    TestItem,
)
from .net import ip_allowed, parse_networks

CENT = Decimal("0.01")


class AttemptError(Exception):
    """An attempt action the rules refuse; ``message`` is translated for the user."""

    def __init__(self, message: str, *, code: str = "refused") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


class AttemptClosedError(AttemptError):
    """The attempt no longer accepts answers (finished, or past the deadline + grace)."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(
            message or _("The attempt is closed: the time is over or it was submitted."),
            code="closed",
        )


def _qtypes() -> Any:
    # The question bank's grading module is the only code that reads answer keys.
    from dot.questions import qtypes

    return qtypes


# --- Tests ------------------------------------------------------------------------------

TEST_FIELDS = (
    "title",
    "description",
    "module",
    "kind",
    "is_published",
    "open_at",
    "close_at",
    "time_limit",
    "attempts_allowed",
    "grading_method",
    "shuffle_questions",
    "shuffle_options",
    "questions_per_page",
    "pass_mark",
    "review_when",
    "review_score",
    "review_answers",
    "review_correct",
    "review_feedback",
    "access_code",
    "allowed_networks",
    "grace_seconds",
)


def _validate_test(test: Test) -> None:
    errors: dict[str, list[str]] = {}
    if test.open_at and test.close_at and test.close_at <= test.open_at:
        errors.setdefault("close_at", []).append(_("The test must close after it opens."))
    if test.module is not None and test.module.discipline_id != test.course.discipline_id:
        errors.setdefault("module", []).append(_("Choose a module of the course's discipline."))
    try:
        parse_networks(test.allowed_networks)
    except ValidationError as exc:
        errors.setdefault("allowed_networks", []).extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    test.full_clean(exclude=["course", "created_by"])


@transaction.atomic
def test_create(*, course: Any, actor: Any, **fields: Any) -> Test:
    unknown = set(fields) - set(TEST_FIELDS)
    if unknown:
        raise TypeError(f"unknown test fields: {sorted(unknown)}")
    test = Test(course=course, created_by=actor, **fields)
    _validate_test(test)
    test.save()
    audit_record(actor=actor, obj=test, action="assessments.test_create")
    return test


@transaction.atomic
def test_update(*, test: Test, actor: Any, **fields: Any) -> Test:
    unknown = set(fields) - set(TEST_FIELDS)
    if unknown:
        raise TypeError(f"unknown test fields: {sorted(unknown)}")
    changes = snapshot_changes(test, fields)
    for name, value in fields.items():
        setattr(test, name, value)
    _validate_test(test)
    test.save()
    if changes:
        audit_record(actor=actor, obj=test, action="assessments.test_update", changes=changes)
    return test


def _next_order(test: Test) -> int:
    return (test.items.aggregate(m=Max("order"))["m"] or 0) + 1


@transaction.atomic
def item_add_question(
    *, test: Test, question: Any, actor: Any, mark: Decimal | None = None
) -> TestItem:
    if question.is_hidden or question.current_id is None:
        raise ValidationError({"question": _("This question is hidden or has no version.")})
    if test.items.filter(kind=ItemKind.QUESTION, question=question).exists():
        raise ValidationError({"question": _("This question is already in the test.")})
    item = TestItem.objects.create(
        test=test, order=_next_order(test), kind=ItemKind.QUESTION, question=question, mark=mark
    )
    audit_record(
        actor=actor, obj=test, action="assessments.item_add", changes={"question": question.pk}
    )
    return item


@transaction.atomic
def item_add_draw(
    *,
    test: Test,
    category: Any,
    count: int,
    actor: Any,
    include_subcategories: bool = True,
    mark: Decimal | None = None,
) -> TestItem:
    if count < 1:
        raise ValidationError({"count": _("Draw at least one question.")})
    item = TestItem.objects.create(
        test=test,
        order=_next_order(test),
        kind=ItemKind.DRAW,
        category=category,
        count=count,
        include_subcategories=include_subcategories,
        mark=mark,
    )
    audit_record(
        actor=actor,
        obj=test,
        action="assessments.item_add",
        changes={"category": category.pk, "count": count},
    )
    return item


@transaction.atomic
def item_remove(*, item: TestItem, actor: Any) -> None:
    test = item.test
    audit_record(actor=actor, obj=test, action="assessments.item_remove", changes={"item": item.pk})
    item.delete()


@transaction.atomic
def accommodation_set(
    *,
    test: Test,
    user: Any,
    actor: Any,
    extra_minutes: int = 0,
    open_at: datetime.datetime | None = None,
    close_at: datetime.datetime | None = None,
    study_plan: Any = None,
    note: str = "",
) -> Accommodation:
    """Extra time and/or other dates for one student (by the teacher; the reason may be
    the student's individual study plan, ИУП)."""
    if open_at and close_at and close_at <= open_at:
        raise ValidationError({"close_at": _("The test must close after it opens.")})
    acc, _created = Accommodation.objects.update_or_create(
        test=test,
        user=user,
        defaults={
            "extra_minutes": extra_minutes,
            "open_at": open_at,
            "close_at": close_at,
            "study_plan": study_plan,
            "note": note,
            "created_by": actor,
        },
    )
    audit_record(
        actor=actor,
        obj=test,
        action="assessments.accommodation_set",
        changes={
            "student": user.pk,
            "extra_minutes": extra_minutes,
            "open_at": open_at,
            "close_at": close_at,
        },
        comment=note,
    )
    return acc


@transaction.atomic
def accommodation_delete(*, accommodation: Accommodation, actor: Any) -> None:
    audit_record(
        actor=actor,
        obj=accommodation.test,
        action="assessments.accommodation_delete",
        changes={"student": accommodation.user_id},
    )
    accommodation.delete()


# --- Time -------------------------------------------------------------------------------


def window(
    test: Test, accommodation: Accommodation | None
) -> tuple[datetime.datetime | None, datetime.datetime | None]:
    """The (open, close) window of the test for one student (accommodation dates win)."""
    open_at, close_at = test.open_at, test.close_at
    if accommodation is not None:
        open_at = accommodation.open_at or open_at
        close_at = accommodation.close_at or close_at
    return open_at, close_at


def compute_deadline(
    test: Test, accommodation: Accommodation | None, started_at: datetime.datetime
) -> datetime.datetime | None:
    """min(start + limit + extra time, close time); None when neither exists."""
    candidates = []
    if test.time_limit:
        extra = accommodation.extra_minutes if accommodation else 0
        candidates.append(started_at + datetime.timedelta(minutes=test.time_limit + extra))
    _open, close_at = window(test, accommodation)
    if close_at is not None:
        candidates.append(close_at)
    return min(candidates) if candidates else None


def accepts_until(attempt: Attempt, test: Test) -> datetime.datetime | None:
    if attempt.deadline is None:
        return None
    return attempt.deadline + datetime.timedelta(seconds=test.grace_seconds)


def is_overdue(attempt: Attempt, now: datetime.datetime | None = None) -> bool:
    """Open past deadline + grace: to be finalised with what was saved."""
    limit = accepts_until(attempt, attempt.test)
    return (
        attempt.state == AttemptState.IN_PROGRESS
        and limit is not None
        and (now or clock.now()) > limit
    )


# --- Start ------------------------------------------------------------------------------


def start_refusal(
    *,
    test: Test,
    attempts: list[Attempt],
    accommodation: Accommodation | None,
    access_code: str,
    ip: str | None,
    now: datetime.datetime,
) -> AttemptError | None:
    """Why a new attempt may not start now (None: it may)."""
    if not test.is_published:
        return AttemptError(_("The test is not published yet."), code="unpublished")
    open_at, close_at = window(test, accommodation)
    if open_at is not None and now < open_at:
        return AttemptError(_("The test is not open yet."), code="not_open")
    if close_at is not None and now >= close_at:
        return AttemptError(_("The test is closed."), code="closed")
    if test.attempts_allowed and len(attempts) >= test.attempts_allowed:
        return AttemptError(_("No attempts left."), code="no_attempts")
    if not ip_allowed(ip, test.allowed_networks):
        return AttemptError(
            _("This test can only be taken from the university's access points."),
            code="network",
        )
    if test.access_code and access_code.strip() != test.access_code:
        return AttemptError(_("The access code is wrong."), code="access_code")
    return None


def _draw_slots(
    test: Test, items: list[TestItem], rng: random.Random
) -> list[tuple[Any, Decimal | None]]:
    """(question, item mark) per slot: fixed questions and this student's random draws.

    One query per *draw rule* (not per question); fixed questions come with the items."""
    from dot.questions.selectors import draw_questions

    chosen: list[tuple[Any, Decimal | None]] = []
    used: set[int] = {i.question_id for i in items if i.question_id}
    for item in items:
        if item.kind == ItemKind.QUESTION:
            q = item.question
            if q is not None and q.current_id and not q.is_hidden:
                chosen.append((q, item.mark))
        else:
            if item.category is None:
                continue
            drawn = draw_questions(
                category=item.category,
                count=item.count,
                include_subcategories=item.include_subcategories,
                rng=rng,
                exclude_ids=set(used),
            )
            for q in drawn:
                used.add(q.pk)
                chosen.append((q, item.mark))
    return chosen


def attempt_start(
    *,
    test: Test,
    user: Any,
    access_code: str = "",
    ip: str | None = None,
) -> tuple[Attempt, bool]:
    """Resume the student's open attempt, or start a new one: ``(attempt, created)``.

    Reopening the test on another device resumes the same attempt (one open attempt per
    student and test is a database constraint). A fixed number of queries whatever the
    number of questions: the slots are written with one ``bulk_create``.
    """
    now = clock.now()
    attempts = list(Attempt.objects.filter(test=test, user=user).order_by("number"))
    for attempt in attempts:
        if attempt.state == AttemptState.IN_PROGRESS:
            attempt.test = test
            if not is_overdue(attempt, now):
                return attempt, False
            finalize_attempt(attempt=attempt, finished_by=FinishedBy.DEADLINE)
    accommodation = Accommodation.objects.filter(test=test, user=user).first()
    refusal = start_refusal(
        test=test,
        attempts=attempts,
        accommodation=accommodation,
        access_code=access_code,
        ip=ip,
        now=now,
    )
    if refusal is not None:
        raise refusal
    rng = random.Random(random.SystemRandom().randrange(2**62))  # noqa: S311 (not crypto)
    items = list(test.items.select_related("question__current", "category"))
    chosen = _draw_slots(test, items, rng)
    if not chosen:
        raise AttemptError(_("The test has no questions yet."), code="empty")
    if test.shuffle_questions:
        rng.shuffle(chosen)
    per_page = test.questions_per_page or len(chosen)
    attempt = Attempt(
        test=test,
        user=user,
        number=(attempts[-1].number if attempts else 0) + 1,
        started_at=now,
        deadline=compute_deadline(test, accommodation, now),
        last_seen_at=now,
        ip_address=ip or None,
    )
    answers = []
    for index, (question, mark) in enumerate(chosen):
        version = question.current  # loaded with the item or by draw_questions
        answers.append(
            AttemptAnswer(
                attempt=attempt,
                slot=index + 1,
                page=index // per_page + 1,
                question=question,
                question_version=version,
                seed=rng.randrange(1, 2**31) if test.shuffle_options else 0,
                max_mark=mark if mark is not None else version.default_mark,
            )
        )
    attempt.max_marks = sum((a.max_mark for a in answers), Decimal("0"))
    try:
        with transaction.atomic():
            attempt.save(force_insert=True)
            AttemptAnswer.objects.bulk_create(answers)
    except IntegrityError:
        # Another device started the attempt at the same moment: resume that one.
        existing = Attempt.objects.filter(
            test=test, user=user, state=AttemptState.IN_PROGRESS
        ).first()
        if existing is None:
            raise
        existing.test = test
        return existing, False
    attempt.prefetched_answers = answers  # type: ignore[attr-defined]
    for answer in answers:  # the saves that follow find the versions in this process
        _VERSIONS.setdefault(answer.question_version_id, answer.question_version)
    return attempt, True


# --- Save -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SaveResult:
    slot: int
    seq: int
    saved: bool
    saved_at: datetime.datetime | None
    deadline: datetime.datetime | None


@dataclass
class SlotState:
    """What saving one slot needs, read by one SELECT (``load_slot``): the answer row, its
    attempt and test, and the owner's password hash and active flag (the WSGI fast path
    checks the session's auth hash with them); the question version it shows comes from
    the process's cache of versions (one more query the first time)."""

    answer_id: int
    seq: int
    saved_at: datetime.datetime | None
    locked: bool
    attempt_state: str
    deadline: datetime.datetime | None
    grace_seconds: int
    allowed_networks: str
    version: Any  # the QuestionVersion (id, qtype, data), from the process's cache
    user_password: str
    user_active: bool

    def accepts_until(self) -> datetime.datetime | None:
        if self.deadline is None:
            return None
        return self.deadline + datetime.timedelta(seconds=self.grace_seconds)

    def is_open(self, now: datetime.datetime) -> bool:
        """In progress, not locked and not past deadline + grace."""
        limit = self.accepts_until()
        return (
            self.attempt_state == AttemptState.IN_PROGRESS
            and not self.locked
            and (limit is None or now <= limit)
        )


class _SlotQuery:
    """The SQL of ``load_slot`` and the UPDATE of a save, written once from the models'
    metadata, with the same value converters the ORM would apply (datetimes on SQLite,
    JSON on PostgreSQL). Hand-written because compiling the equivalent ORM query was most
    of the save's CPU time (bench/exam_session.py); the ORM path gave the same result."""

    def __init__(self) -> None:
        from django.contrib.auth import get_user_model

        from dot.questions.models import QuestionVersion

        self.version_model = QuestionVersion
        user_model = get_user_model()
        self.columns: list[tuple[Any, str, str]] = [
            (AttemptAnswer, "a", "id"),
            (AttemptAnswer, "a", "seq"),
            (AttemptAnswer, "a", "saved_at"),
            (AttemptAnswer, "a", "locked"),
            (Attempt, "t", "state"),
            (Attempt, "t", "deadline"),
            (Test, "x", "grace_seconds"),
            (Test, "x", "allowed_networks"),
            (AttemptAnswer, "a", "question_version"),
            (user_model, "u", "password"),
            (user_model, "u", "is_active"),
        ]
        self.tables: dict[str, Any] = {
            "a": AttemptAnswer,
            "t": Attempt,
            "x": Test,
            "u": user_model,
        }
        self._sql: dict[str, tuple[str, str, list[Any]]] = {}

    def for_connection(self, connection: Any) -> tuple[str, str, list[Any]]:
        """(select SQL, update SQL, converters per column) for this database."""
        cached = self._sql.get(connection.vendor)
        if cached is not None:
            return cached
        q = connection.ops.quote_name

        def col(alias: str, model: Any, name: str) -> str:
            return f"{alias}.{q(model._meta.get_field(name).column)}"

        def table(alias: str) -> str:
            return f"{q(self.tables[alias]._meta.db_table)} {alias}"

        a: Any = AttemptAnswer
        t: Any = Attempt
        # Only quoted table and column names of the models go into the text; values are
        # always parameters.
        select = (
            "SELECT "  # noqa: S608
            + ", ".join(col(alias, model, name) for model, alias, name in self.columns)
            + f" FROM {table('a')}"
            + f" JOIN {table('t')} ON {col('t', t, 'id')} = {col('a', a, 'attempt')}"
            + f" JOIN {table('x')} ON {col('x', Test, 'id')} = {col('t', t, 'test')}"
            + f" JOIN {table('u')} ON {col('u', self.tables['u'], 'id')} = {col('t', t, 'user')}"
            + f" WHERE {col('a', a, 'attempt')} = %s AND {col('a', a, 'slot')} = %s"
            + f" AND {col('t', t, 'user')} = %s"
        )
        field: Any = a._meta.get_field
        update = (
            f"UPDATE {q(a._meta.db_table)} SET {q(field('response').column)} = %s,"  # noqa: S608
            f" {q(field('seq').column)} = %s, {q(field('saved_at').column)} = %s"
            f" WHERE {q(field('id').column)} = %s AND {q(field('seq').column)} < %s"
            f" AND {q(field('locked').column)} = %s"
        )
        converters = []
        for model, alias, name in self.columns:
            f = model._meta.get_field(name)
            expression = f.get_col(alias)
            funcs = connection.ops.get_db_converters(expression) + f.get_db_converters(connection)
            converters.append((expression, funcs))
        result = (select, update, converters)
        self._sql[connection.vendor] = result
        return result


_slot_query: _SlotQuery | None = None


def _queries() -> _SlotQuery:
    global _slot_query
    if _slot_query is None:
        _slot_query = _SlotQuery()
    return _slot_query


# Question versions never change once written (an edit makes a new version), so each web
# process keeps the few it serves: the save's SELECT then joins four tables, not five
# (bench/exam_session.py: PostgreSQL CPU per save 0.33 → 0.24 ms). Bounded; emptied by
# the tests between cases (ids are reused after a rollback).
_VERSIONS: dict[int, Any] = {}
VERSION_CACHE_SIZE = 5000


def _version(model: Any, version_id: int) -> Any:
    version = _VERSIONS.get(version_id)
    if version is None:
        version = model.objects.only("id", "qtype", "data").get(pk=version_id)
        remember_version(version)
    return version


def forget_versions() -> None:
    """Empty the process's cache of question versions (tests)."""
    _VERSIONS.clear()


def load_slot(*, attempt_id: int, slot: int, user_id: int) -> SlotState | None:
    """One SELECT: the slot of the caller's own attempt, or None (not theirs, no slot)."""
    from django.db import connection

    query = _queries()
    select, _update, _converters = query.for_connection(connection)
    with connection.cursor() as cursor:
        cursor.execute(select, [attempt_id, slot, user_id])
        row = cursor.fetchone()
    if row is None:
        return None
    values = slot_values(row, connection)
    return slot_state(values, _version(query.version_model, values[8]))


def slot_sql(connection: Any) -> tuple[str, str]:
    """(SELECT of ``load_slot``, conditional UPDATE of a save) for this database: the
    parameters are (attempt, slot, user) and (response, seq, saved_at, answer, seq,
    locked=False)."""
    select, update, _converters = _queries().for_connection(connection)
    return select, update


def slot_values(row: Any, connection: Any) -> list[Any]:
    """The SELECT's row with the ORM's value converters applied."""
    _select, _update, converters = _queries().for_connection(connection)
    values = []
    for value, (expression, funcs) in zip(row, converters, strict=True):
        for func in funcs:
            value = func(value, expression, connection)
        values.append(value)
    return values


def slot_state(values: list[Any], version: Any) -> SlotState:
    return SlotState(
        answer_id=values[0],
        seq=values[1],
        saved_at=values[2],
        locked=bool(values[3]),
        attempt_state=values[4],
        deadline=values[5],
        grace_seconds=values[6],
        allowed_networks=values[7] or "",
        version=version,
        user_password=values[9],
        user_active=bool(values[10]),
    )


def cached_version(version_id: int) -> Any:
    """The question version from the process's cache, or None."""
    return _VERSIONS.get(version_id)


def remember_version(version: Any) -> None:
    if len(_VERSIONS) >= VERSION_CACHE_SIZE:
        _VERSIONS.clear()
    _VERSIONS[version.pk] = version


def write_answer(*, answer_id: int, response: dict, seq: int, now: datetime.datetime) -> int:
    """The conditional UPDATE (autocommit: durable before the reply); rows changed."""
    from django.db import connection

    _select, update, _conv = _queries().for_connection(connection)
    field: Any = AttemptAnswer._meta.get_field
    params = [
        field("response").get_db_prep_save(response, connection),
        seq,
        field("saved_at").get_db_prep_save(now, connection),
        answer_id,
        seq,
        field("locked").get_db_prep_save(False, connection),
    ]
    with connection.cursor() as cursor:
        cursor.execute(update, params)
        return int(cursor.rowcount)


def attempt_save_answer(
    *,
    attempt_id: int,
    user: Any,
    slot: int,
    seq: int,
    fields: dict[str, list[str]],
    ip: str | None = None,
) -> SaveResult:
    """Save one slot's answer (the hot path of an exam session).

    Queries: one SELECT (``load_slot``: answer + attempt + test + owner; the question
    version from the process's cache, one more query the first time) and one
    conditional UPDATE. No transaction is opened: the UPDATE commits
    on its own, so the answer is durable before the 200 is sent. Raises
    ``AttemptAnswer.DoesNotExist`` for another student's attempt or a missing slot (404),
    ``ValidationError`` for a malformed answer, ``AttemptClosedError`` after the deadline
    + grace (409).
    """
    state = load_slot(attempt_id=attempt_id, slot=slot, user_id=user.pk)
    if state is None:
        raise AttemptAnswer.DoesNotExist()
    return save_loaded_slot(state, attempt_id=attempt_id, slot=slot, seq=seq, fields=fields, ip=ip)


def save_loaded_slot(
    state: SlotState,
    *,
    attempt_id: int,
    slot: int,
    seq: int,
    fields: dict[str, list[str]],
    ip: str | None,
    now: datetime.datetime | None = None,
) -> SaveResult:
    """The rules of a save once its slot is loaded (shared by the API view and the WSGI
    fast path, dot/assessments/fastpath.py)."""
    now = now or clock.now()
    try:
        response = check_save(
            state, attempt_id=attempt_id, slot=slot, seq=seq, fields=fields, ip=ip, now=now
        )
    except AttemptOverdueError:
        attempt = Attempt.objects.select_related("test").get(pk=attempt_id)
        finalize_attempt(attempt=attempt, finished_by=FinishedBy.DEADLINE)
        raise AttemptClosedError(_("The time is over: the answer was not saved.")) from None
    if response is None:
        return SaveResult(slot, seq, False, state.saved_at, state.deadline)
    if write_answer(answer_id=state.answer_id, response=response, seq=seq, now=now):
        return SaveResult(slot, seq, True, now, state.deadline)
    # Rare: a newer save or the finalisation won the race.
    current = AttemptAnswer.objects.only("seq", "saved_at", "locked").get(pk=state.answer_id)
    if current.locked:
        raise AttemptClosedError()
    return SaveResult(slot, seq, False, current.saved_at, state.deadline)


class AttemptOverdueError(AttemptClosedError):
    """Past the deadline + grace but not finalised yet (the caller finalises it)."""


def check_save(
    state: SlotState,
    *,
    attempt_id: int,
    slot: int,
    seq: int,
    fields: dict[str, list[str]],
    ip: str | None,
    now: datetime.datetime,
) -> dict | None:
    """The answer to store for this save, or None for an older or repeated ``seq`` (the
    save changes nothing). No I/O: shared by ``save_loaded_slot`` and the asynchronous
    fast path (dot/assessments/asgi_fastpath.py). Raises ``AttemptClosedError`` (finished
    or locked), ``AttemptOverdueError`` (past the deadline + grace), ``AttemptError``
    (outside the test's networks), ``ValidationError`` (a malformed answer)."""
    if state.attempt_state != AttemptState.IN_PROGRESS or state.locked:
        raise AttemptClosedError()
    limit = state.accepts_until()
    if limit is not None and now > limit:
        raise AttemptOverdueError()
    if not ip_allowed(ip, state.allowed_networks):
        raise AttemptError(
            _("This test can only be taken from the university's access points."),
            code="network",
        )
    if seq <= state.seq:
        return None
    response = _qtypes().parse_fields(state.version, fields, prefix=slot_prefix(slot))
    if response.get("file") and not str(response["file"]).startswith(
        answer_file_dir(attempt_id, slot)
    ):
        # Only a file uploaded to this slot (attempt_attach_file) may be referenced.
        raise ValidationError(_("Upload the file again."), code="file")
    return response


def answer_file_dir(attempt_id: int, slot: int) -> str:
    """Where a slot's uploaded files live in the storage (the response's ``file``)."""
    return f"assessments/answers/{attempt_id}/{slot}/"


ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024


def attempt_attach_file(*, attempt_id: int, user: Any, slot: int, upload: Any) -> str:
    """Store a file for an essay slot (the student attaches it to the answer).

    Returns the stored name to put in the slot's ``file`` field; the answer itself is
    then saved by ``attempt_save_answer`` like any other. Checked like every upload of
    the portal (content sniffing: no programs, the name matches the content)."""
    from django.core.files.storage import default_storage
    from django.utils.text import get_valid_filename

    from dot.content.files import check_upload

    row = AttemptAnswer.objects.select_related("attempt__test", "question_version").get(
        attempt_id=attempt_id, slot=slot, attempt__user_id=user.pk
    )
    attempt = row.attempt
    if attempt.state != AttemptState.IN_PROGRESS or row.locked:
        raise AttemptClosedError()
    if is_overdue(attempt):
        finalize_attempt(attempt=attempt, finished_by=FinishedBy.DEADLINE)
        raise AttemptClosedError(_("The time is over: the answer was not saved."))
    data = row.question_version.data or {}
    if row.question_version.qtype != "essay" or not int(data.get("attachments") or 0):
        raise ValidationError(_("This question takes no files."), code="file")
    name = str(getattr(upload, "name", "") or "file")
    size = int(getattr(upload, "size", 0) or 0)
    if size > ATTACHMENT_MAX_BYTES:
        raise ValidationError(_("The file is too large: at most 20 MB."), code="too_large")
    check_upload(upload, name, size)
    safe = get_valid_filename(name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]) or "file"
    return default_storage.save(answer_file_dir(attempt_id, slot) + safe, upload)


def slot_prefix(slot: int) -> str:
    """The input-name prefix of a slot's widget (``q3-``)."""
    return f"q{slot}-"


def attempt_heartbeat(*, attempt_id: int, user: Any) -> int:
    """The attempt page is alive (monitoring shows it as online); one UPDATE."""
    return Attempt.objects.filter(
        pk=attempt_id, user_id=user.pk, state=AttemptState.IN_PROGRESS
    ).update(last_seen_at=clock.now())


def save_page(
    *,
    attempt: Attempt,
    user: Any,
    fields: dict[str, list[str]],
    ip: str | None,
    files: dict[str, Any] | None = None,
) -> int:
    """The form fallback without JavaScript: save every slot of the submitted page whose
    inputs are present (seq = stored + 1), with the files attached to essays. Returns
    how many were saved."""
    fields = dict(fields)
    for name, upload in (files or {}).items():
        if name.endswith("-file-upload") and _is_slot_field(name):
            slot_no = int(name[1:].split("-")[0])
            stored = attempt_attach_file(
                attempt_id=attempt.pk, user=user, slot=slot_no, upload=upload
            )
            fields[f"{slot_prefix(slot_no)}file"] = [stored]
    saved = 0
    slots = sorted(
        {int(name[1:].split("-")[0]) for name in fields if _is_slot_field(name)}
        | {int(v) for v in fields.get("slots", []) if v.isdigit()}
    )
    rows = {
        a.slot: a
        for a in AttemptAnswer.objects.filter(attempt=attempt, slot__in=slots).only("slot", "seq")
    }
    for slot in slots:
        row = rows.get(slot)
        if row is None:
            continue
        prefix = slot_prefix(slot)
        own = {k: v for k, v in fields.items() if k.startswith(prefix)}
        result = attempt_save_answer(
            attempt_id=attempt.pk, user=user, slot=slot, seq=row.seq + 1, fields=own, ip=ip
        )
        saved += int(result.saved)
    return saved


def _is_slot_field(name: str) -> bool:
    if not name.startswith("q"):
        return False
    head = name[1:].split("-")[0]
    return head.isdigit() and "-" in name


# --- Finalisation and grading ------------------------------------------------------------


def _quantize(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def recompute_totals(attempt: Attempt, answers: list[AttemptAnswer]) -> None:
    """Sum of marks (manual over automatic), score in percent, needs-grading flag.

    Sets the fields on ``attempt``; the caller saves them (grading helpers: after a manual
    mark, call this with all the attempt's answers and save the listed fields)."""
    total = sum(((a.final_mark or Decimal("0")) for a in answers), Decimal("0"))
    attempt.sum_marks = _quantize(total)
    attempt.max_marks = sum((a.max_mark for a in answers), Decimal("0"))
    attempt.score = (
        _quantize(total * 100 / attempt.max_marks) if attempt.max_marks else Decimal("0.00")
    )
    attempt.needs_grading = any(a.needs_grading and a.manual_mark is None for a in answers)


TOTAL_FIELDS = ["sum_marks", "max_marks", "score", "needs_grading"]


def _grade_answer(answer: AttemptAnswer) -> None:
    fraction = _qtypes().grade(answer.question_version, answer.response or {})
    if fraction is None:
        answer.fraction = None
        answer.mark = None
        answer.needs_grading = answer.manual_mark is None
    else:
        answer.fraction = Decimal(fraction)
        answer.mark = _quantize(Decimal(fraction) * answer.max_mark)
        answer.needs_grading = False


def _store_grades(answers: list[AttemptAnswer]) -> None:
    """Write fraction, mark, needs_grading and locked of the graded answers: on PostgreSQL
    one UPDATE … FROM (VALUES …) — Django's bulk_update builds a CASE per field and row,
    the most expensive part of a submit; elsewhere bulk_update."""
    from django.db import connection

    if not answers:
        return
    if connection.vendor != "postgresql":
        AttemptAnswer.objects.bulk_update(
            answers, ["fraction", "mark", "needs_grading", "locked"], batch_size=500
        )
        return
    q = connection.ops.quote_name
    field: Any = AttemptAnswer._meta.get_field
    rows = ", ".join(["(%s::bigint, %s::numeric, %s::numeric, %s::boolean)"] * len(answers))
    params: list[Any] = []
    for a in answers:
        params += [a.pk, a.fraction, a.mark, a.needs_grading]
    table = q(AttemptAnswer._meta.db_table)
    sql = (
        f"UPDATE {table} SET {q(field('fraction').column)} = v.fraction,"  # noqa: S608
        f" {q(field('mark').column)} = v.mark,"
        f" {q(field('needs_grading').column)} = v.needs_grading,"
        f" {q(field('locked').column)} = true"
        f" FROM (VALUES {rows}) AS v(id, fraction, mark, needs_grading)"
        f" WHERE {table}.{q(field('id').column)} = v.id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def finalize_attempt(*, attempt: Attempt, finished_by: str, actor: Any = None) -> Attempt:
    """Close and grade the attempt with what was saved — exactly once.

    A second call (double click, a race with the deadline task, another device) finds the
    attempt finished under the row lock and returns it unchanged."""
    now = clock.now()
    with transaction.atomic():
        locked = Attempt.objects.select_for_update().select_related("test").get(pk=attempt.pk)
        if locked.state != AttemptState.IN_PROGRESS:
            return locked
        if actor is not None and actor.pk == locked.user_id:
            locked.user = actor  # the audit record names the attempt: no query for its user
        answers = list(
            AttemptAnswer.objects.select_for_update(of=("self",))
            .select_related("question_version")
            .filter(attempt=locked)
            .order_by("slot")
        )
        for answer in answers:
            _grade_answer(answer)
            answer.locked = True
        _store_grades(answers)
        recompute_totals(locked, answers)
        locked.state = AttemptState.FINISHED
        locked.finished_by = finished_by
        if finished_by == FinishedBy.DEADLINE and locked.deadline is not None:
            locked.finished_at = min(now, locked.deadline)
        else:
            locked.finished_at = now
        locked.save(update_fields=["state", "finished_by", "finished_at", *TOTAL_FIELDS])
        # The reply shows the graded slots: no second query for them (api.result_payload).
        locked.prefetched_answers = answers  # type: ignore[attr-defined]
        audit_record(
            actor=actor,
            obj=locked,
            action="assessments.attempt_finish",
            changes={"finished_by": finished_by, "score": locked.score},
        )
    return locked


def attempt_submit(*, attempt: Attempt, user: Any) -> Attempt:
    """The student submits (exactly once; a repeated submit returns the same result).

    A submit after the deadline + grace still closes the attempt, as the deadline would."""
    if attempt.user_id != user.pk:
        raise Attempt.DoesNotExist
    finished_by = FinishedBy.DEADLINE if is_overdue(attempt) else FinishedBy.STUDENT
    return finalize_attempt(attempt=attempt, finished_by=finished_by, actor=user)


def attempt_close_by_teacher(*, attempt: Attempt, actor: Any) -> Attempt:
    return finalize_attempt(attempt=attempt, finished_by=FinishedBy.TEACHER, actor=actor)


def finalize_overdue_attempts() -> int:
    """Finalise every open attempt past its deadline + grace (Celery beat, every minute)."""
    now = clock.now()
    count = 0
    candidates = Attempt.objects.filter(
        state=AttemptState.IN_PROGRESS, deadline__lt=now
    ).select_related("test")
    for attempt in candidates.iterator(chunk_size=200):
        if is_overdue(attempt, now):
            finalize_attempt(attempt=attempt, finished_by=FinishedBy.DEADLINE)
            count += 1
    return count


def finalize_overdue_for_test(test: Test) -> int:
    """Lazy finalisation when a test's pages are opened (monitoring, results)."""
    now = clock.now()
    count = 0
    for attempt in Attempt.objects.filter(
        test=test, state=AttemptState.IN_PROGRESS, deadline__lt=now
    ):
        attempt.test = test
        if is_overdue(attempt, now):
            finalize_attempt(attempt=attempt, finished_by=FinishedBy.DEADLINE)
            count += 1
    return count


def regrade(*, attempt: Attempt, actor: Any = None, use_current_versions: bool = False) -> Attempt:
    """Grade a finished attempt again (after a question was fixed).

    With ``use_current_versions`` each slot moves to its question's current version
    (the fix); otherwise the slot's own version is graded again. Manual marks stay."""
    with transaction.atomic():
        locked = Attempt.objects.select_for_update().get(pk=attempt.pk)
        answers = list(
            AttemptAnswer.objects.select_for_update(of=("self",))
            .select_related("question_version", "question__current")
            .filter(attempt=locked)
        )
        before = locked.sum_marks
        for answer in answers:
            if use_current_versions and answer.question.current_id:
                answer.question_version = answer.question.current  # type: ignore[assignment]
            _grade_answer(answer)
        AttemptAnswer.objects.bulk_update(
            answers, ["question_version", "fraction", "mark", "needs_grading"], batch_size=500
        )
        if locked.state == AttemptState.FINISHED:
            recompute_totals(locked, answers)
            locked.save(update_fields=TOTAL_FIELDS)
        audit_record(
            actor=actor,
            obj=locked,
            action="assessments.attempt_regrade",
            changes={"sum_marks": [str(before), str(locked.sum_marks)]},
        )
    return locked


# --- Monitoring --------------------------------------------------------------------------


@transaction.atomic
def attempt_extend(*, attempt: Attempt, minutes: int, actor: Any, reason: str = "") -> Attempt:
    """Add time to one student's open attempt during the session (audited)."""
    if minutes < 1 or minutes > 24 * 60:
        raise ValidationError({"minutes": _("Add between 1 and 1440 minutes.")})
    locked = Attempt.objects.select_for_update().get(pk=attempt.pk)
    if locked.state != AttemptState.IN_PROGRESS:
        raise AttemptError(_("The attempt is already finished."), code="finished")
    old = locked.deadline
    if locked.deadline is not None:
        base = max(locked.deadline, clock.now())
        locked.deadline = base + datetime.timedelta(minutes=minutes)
    locked.extended_minutes += minutes
    locked.save(update_fields=["deadline", "extended_minutes"])
    audit_record(
        actor=actor,
        obj=locked,
        action="assessments.attempt_extend",
        changes={"deadline": [old, locked.deadline], "minutes": minutes},
        comment=reason,
    )
    return locked
