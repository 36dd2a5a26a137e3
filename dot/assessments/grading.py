"""Manual grading and regrading of finished attempts (issue #6 "Grading and results").

- ``grade_manually``: a teacher gives an answer (an essay, or any answer they override)
  its mark with a comment; the attempt's totals are recomputed at once.
- ``regrade``: after a question is fixed, the finished attempts are graded again — with
  the versions they saw, or moved to the question's current version (the fix) when the
  teacher asks for it and the new version is compatible (same type). A dry run reports
  what would change before anything is written.

Manual marks always win over automatic ones (``AttemptAnswer.final_mark``) and survive a
regrade. Every change is audited.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dot.core.audit import audit_record
from dot.questions import qtypes

from .models import Attempt, AttemptAnswer, AttemptState, Test
from .services import TOTAL_FIELDS, recompute_totals

CENT = Decimal("0.01")
COMMENT_MAX = 5000


def _q(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def grade_manually(
    *, answer: AttemptAnswer, mark: Decimal | None, comment: str, actor: Any
) -> AttemptAnswer:
    """Set (or clear, with ``mark=None``) the teacher's mark of one answer of a finished
    attempt, within 0 … the slot's maximum mark."""
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX:
        raise ValidationError(
            {
                "comment": _("The comment is too long (at most %(n)s characters).")
                % {"n": COMMENT_MAX}
            }
        )
    if mark is not None:
        if mark < 0 or mark > answer.max_mark:
            raise ValidationError(
                {
                    "mark": _("The mark must be between 0 and %(max)s.")
                    % {"max": answer.max_mark.normalize()}
                }
            )
        mark = _q(mark)
    with transaction.atomic():
        attempt = Attempt.objects.select_for_update().get(pk=answer.attempt_id)
        if attempt.state != AttemptState.FINISHED:
            raise ValidationError(
                _("The attempt is still in progress: grade it when it is finished.")
            )
        answers = list(
            AttemptAnswer.objects.select_for_update(of=("self",))
            .filter(attempt=attempt)
            .order_by("slot")
        )
        row = next(a for a in answers if a.pk == answer.pk)
        before = {"manual_mark": row.manual_mark, "comment": row.comment}
        row.manual_mark = mark
        row.comment = comment
        row.graded_by = actor
        row.graded_at = timezone.now()
        # An essay waits for a teacher until it has a manual mark.
        row.needs_grading = row.mark is None and mark is None
        row.save(
            update_fields=["manual_mark", "comment", "graded_by", "graded_at", "needs_grading"]
        )
        recompute_totals(attempt, answers)
        attempt.save(update_fields=TOTAL_FIELDS)
        audit_record(
            actor=actor,
            obj=attempt,
            action="assessments.answer_graded",
            changes={
                "slot": row.slot,
                "manual_mark": [before["manual_mark"], mark],
                "comment": [before["comment"], comment],
            },
        )
    return row


@dataclass
class RegradeChange:
    attempt: Attempt
    slot: int
    question_name: str
    old_mark: Decimal | None
    new_mark: Decimal | None
    version_from: int
    version_to: int


@dataclass
class RegradeReport:
    attempts: int = 0
    answers: int = 0
    changes: list[RegradeChange] = field(default_factory=list)
    skipped_incompatible: int = 0
    applied: bool = False

    @property
    def changed_attempts(self) -> int:
        return len({c.attempt.pk for c in self.changes})


def regrade(
    *,
    test: Test,
    actor: Any,
    to_current_version: bool = False,
    question_ids: set[int] | None = None,
    dry_run: bool = False,
) -> RegradeReport:
    """Grade the test's finished attempts again (all questions, or only ``question_ids``).

    With ``to_current_version`` each answer moves to its question's current version when
    that version is of the same type (a fixed key, a corrected option); an incompatible
    version is skipped and counted. Manual marks are kept. Constant queries: attempts and
    answers are read in two queries and written with ``bulk_update``.
    """
    report = RegradeReport()
    with transaction.atomic():
        attempts = list(
            Attempt.objects.select_for_update(of=("self",))
            .filter(test=test, state=AttemptState.FINISHED)
            .select_related("user")
            .order_by("pk")
        )
        by_id = {a.pk: a for a in attempts}
        answers = list(
            AttemptAnswer.objects.filter(attempt_id__in=by_id)
            .select_related("question_version", "question__current")
            .order_by("attempt_id", "slot")
        )
        report.attempts = len(attempts)
        touched: dict[int, list[AttemptAnswer]] = {}
        for answer in answers:
            touched.setdefault(answer.attempt_id, []).append(answer)
        changed_rows: list[AttemptAnswer] = []
        for answer in answers:
            if question_ids is not None and answer.question_id not in question_ids:
                continue
            report.answers += 1
            version = answer.question_version
            current = answer.question.current
            if to_current_version and current is not None and current.pk != version.pk:
                if current.qtype != version.qtype:
                    report.skipped_incompatible += 1
                else:
                    version = current
            fraction = qtypes.grade(version, answer.response or {})
            if fraction is None:
                new_fraction, new_mark = None, None
            else:
                new_fraction = Decimal(fraction)
                new_mark = _q(new_fraction * answer.max_mark)
            if version.pk != answer.question_version_id or new_mark != answer.mark:
                report.changes.append(
                    RegradeChange(
                        attempt=by_id[answer.attempt_id],
                        slot=answer.slot,
                        question_name=version.name,
                        old_mark=answer.mark,
                        new_mark=new_mark,
                        version_from=answer.question_version.number,
                        version_to=version.number,
                    )
                )
                answer.question_version = version
                answer.fraction = new_fraction
                answer.mark = new_mark
                answer.needs_grading = new_mark is None and answer.manual_mark is None
                changed_rows.append(answer)
        if dry_run or not changed_rows:
            report.applied = not dry_run
            transaction.set_rollback(True)
            return report
        AttemptAnswer.objects.bulk_update(
            changed_rows, ["question_version", "fraction", "mark", "needs_grading"], batch_size=500
        )
        changed_attempts = {row.attempt_id for row in changed_rows}
        for attempt_id in changed_attempts:
            attempt = by_id[attempt_id]
            recompute_totals(attempt, touched[attempt_id])
        Attempt.objects.bulk_update(
            [by_id[i] for i in changed_attempts], TOTAL_FIELDS, batch_size=500
        )
        audit_record(
            actor=actor,
            obj=test,
            action="assessments.regraded",
            changes={
                "attempts": len(changed_attempts),
                "answers": len(changed_rows),
                "to_current_version": to_current_version,
            },
        )
        report.applied = True
    return report


def grading_queue(test: Test, *, by: str = "question") -> list[AttemptAnswer]:
    """Answers of finished attempts that wait for a teacher (essays without a manual mark),
    ordered by question then student (``by="question"``) or by student then slot."""
    qs = AttemptAnswer.objects.filter(
        attempt__test=test,
        attempt__state=AttemptState.FINISHED,
        needs_grading=True,
        manual_mark__isnull=True,
    ).select_related("attempt__user", "question_version")
    if by == "student":
        qs = qs.order_by(
            "attempt__user__last_name", "attempt__user__first_name", "attempt_id", "slot"
        )
    else:
        qs = qs.order_by("question_id", "attempt__user__last_name", "attempt__user__first_name")
    return list(qs)
