"""Results of tests: per test (every registered student, their attempts and the grade by
the test's grading method), per student of a course, and the XLSX export with the
results, every attempt's marks per question and the item statistics.

Reads only; constant queries in the number of students and attempts.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from dot.content import selectors as content_selectors

from .item_statistics import TestStatistics, test_statistics
from .models import Attempt, AttemptAnswer, AttemptState, Test
from .selectors import grade_of


@dataclass
class ResultRow:
    user: Any
    group: str
    attempts: list[Attempt] = field(default_factory=list)
    grade: Decimal | None = None
    passed: bool | None = None
    needs_grading: bool = False
    in_progress: bool = False
    registered: bool = True


def test_results(test: Test) -> list[ResultRow]:
    """One row per registered student of the course (and per other user with attempts),
    ordered by group and name. Two queries."""
    rows: dict[int, ResultRow] = {}
    for student in content_selectors.course_students(test.course).order_by(
        "group__name", "user__last_name", "user__first_name"
    ):
        group = student.group.name if student.group else ""
        rows[student.user_id] = ResultRow(user=student.user, group=group)
    attempts = list(
        Attempt.objects.filter(test=test).select_related("user").order_by("user_id", "number")
    )
    for attempt in attempts:
        attempt.test = test
        row = rows.get(attempt.user_id)
        if row is None:
            row = rows[attempt.user_id] = ResultRow(user=attempt.user, group="", registered=False)
        row.attempts.append(attempt)
    for row in rows.values():
        row.grade = grade_of(test, row.attempts)
        row.passed = None if row.grade is None else row.grade >= test.pass_mark
        row.needs_grading = any(a.needs_grading for a in row.attempts)
        row.in_progress = any(a.state == AttemptState.IN_PROGRESS for a in row.attempts)
    return sorted(
        rows.values(),
        key=lambda r: (not r.registered, r.group, r.user.last_name, r.user.first_name),
    )


@dataclass
class StudentTestResult:
    test: Test
    attempts: list[Attempt]
    grade: Decimal | None
    passed: bool | None


def student_results(tests: list[Test], user: Any) -> list[StudentTestResult]:
    """The user's attempts and grades in the given tests (one query)."""
    attempts: dict[int, list[Attempt]] = {}
    for attempt in Attempt.objects.filter(test__in=tests, user=user).order_by("test_id", "number"):
        attempts.setdefault(attempt.test_id, []).append(attempt)
    out = []
    for test in tests:
        mine = attempts.get(test.pk, [])
        for attempt in mine:
            attempt.test = test
        grade = grade_of(test, mine)
        out.append(
            StudentTestResult(
                test=test,
                attempts=mine,
                grade=grade,
                passed=None if grade is None else grade >= test.pass_mark,
            )
        )
    return out


# --- XLSX ------------------------------------------------------------------------------


def _num(value: Decimal | None) -> float | str:
    return float(value) if value is not None else ""


def _local(dt: Any) -> Any:
    return timezone.localtime(dt).replace(tzinfo=None) if dt else ""


def _sheet(wb: Workbook, title: str, header: list[str], first: bool = False) -> Any:
    ws = wb.active if first else wb.create_sheet()
    ws.title = title[:31]
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"
    return ws


def _fit(ws: Any) -> None:
    for idx, column in enumerate(ws.columns, start=1):
        width = max((len(str(c.value)) for c in column if c.value is not None), default=8)
        ws.column_dimensions[get_column_letter(idx)].width = min(60, max(8, width + 2))


def results_xlsx(test: Test) -> bytes:
    """The test's results workbook: «Results», «Attempts» (marks per slot), «Items»."""
    rows = test_results(test)
    stats: TestStatistics = test_statistics(test)
    wb = Workbook()
    ws = _sheet(
        wb,
        _("Results"),
        [
            _("Student"),
            _("Group"),
            _("Attempts"),
            _("Grade, %"),
            _("Passed"),
            _("Needs grading"),
        ],
        first=True,
    )
    for row in rows:
        ws.append(
            [
                row.user.full_name,
                row.group,
                len(row.attempts),
                _num(row.grade),
                "" if row.passed is None else (_("yes") if row.passed else _("no")),
                _("yes") if row.needs_grading else "",
            ]
        )
    _fit(ws)

    answers: dict[int, list[AttemptAnswer]] = {}
    slots = 0
    for answer in AttemptAnswer.objects.filter(attempt__test=test).order_by("attempt_id", "slot"):
        answers.setdefault(answer.attempt_id, []).append(answer)
        slots = max(slots, answer.slot)
    ws = _sheet(
        wb,
        _("Attempts"),
        [
            _("Student"),
            _("Attempt No."),
            _("State"),
            _("Started"),
            _("Finished"),
            _("Marks"),
            _("Maximum"),
            _("Score, %"),
            *[_("Q%(n)s") % {"n": n} for n in range(1, slots + 1)],
        ],
    )
    for row in rows:
        for attempt in row.attempts:
            marks = {a.slot: a.final_mark for a in answers.get(attempt.pk, [])}
            ws.append(
                [
                    row.user.full_name,
                    attempt.number,
                    str(attempt.get_state_display()),
                    _local(attempt.started_at),
                    _local(attempt.finished_at),
                    _num(attempt.sum_marks),
                    _num(attempt.max_marks),
                    _num(attempt.score),
                    *[_num(marks.get(n)) for n in range(1, slots + 1)],
                ]
            )
    _fit(ws)

    ws = _sheet(
        wb,
        _("Items"),
        [
            _("Question"),
            _("Type"),
            _("Attempts"),
            _("Facility index, %"),
            _("Standard deviation, %"),
            _("Discrimination index"),
        ],
    )
    for item in stats.items:
        ws.append(
            [
                item.name,
                item.qtype_label,
                item.attempts,
                _num(item.facility),
                _num(item.sd),
                _num(item.discrimination),
            ]
        )
    _fit(ws)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
