"""Reads of the academic structure used by pages, the API and other apps."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from .models import ZERO, Curriculum, CurriculumLine, DotCertificate, Programme


def valid_dot_certificates(on_date: datetime.date) -> QuerySet[DotCertificate]:
    """Certificates in force on ``on_date``: issued by then, not expired before it.

    ``valid_until`` is the last day of validity (inclusive); empty means no expiry.
    """
    return DotCertificate.objects.filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=on_date), issued_on__lte=on_date
    )


def teacher_has_valid_dot_certificate(teacher: Any, on_date: datetime.date) -> bool:
    """п. 3.3: does the teacher hold a DOT certificate or attestation valid on the date?"""
    return valid_dot_certificates(on_date).filter(teacher=teacher).exists()


def approved_curriculum(programme: Programme, intake_year: int) -> Curriculum | None:
    """The approved РУП in force for a programme and intake: the only one that feeds
    registration, courses and study plans (п. 4.5). None when none is approved yet."""
    return (
        Curriculum.objects.in_force()
        .filter(programme=programme, intake_year=intake_year)
        .select_related("programme")
        .first()
    )


# --- РУП totals --------------------------------------------------------------------------


@dataclass
class Totals:
    """Sums of a set of lines, exact (Decimal)."""

    ects: Decimal = ZERO
    lecture_hours: Decimal = ZERO
    lab_hours: Decimal = ZERO
    practice_hours: Decimal = ZERO
    srs_hours: Decimal = ZERO
    elective_ects: Decimal = ZERO
    lines: int = 0

    @property
    def classroom_hours(self) -> Decimal:
        return self.lecture_hours + self.lab_hours + self.practice_hours

    @property
    def total_hours(self) -> Decimal:
        return self.classroom_hours + self.srs_hours

    def add(self, line: CurriculumLine) -> None:
        self.ects += line.ects
        self.lecture_hours += line.lecture_hours
        self.lab_hours += line.lab_hours
        self.practice_hours += line.practice_hours
        self.srs_hours += line.srs_hours
        if line.is_elective:
            self.elective_ects += line.ects
        self.lines += 1


@dataclass
class LineView:
    line: CurriculumLine
    problem: str = ""


@dataclass
class SemesterBlock:
    number: int
    lines: list[LineView] = field(default_factory=list)
    totals: Totals = field(default_factory=Totals)


@dataclass
class CurriculumSummary:
    semesters: list[SemesterBlock]
    totals: Totals
    flagged: int
    norm: Decimal


def line_problem(line: CurriculumLine, norm: Decimal) -> str:
    """Why a line's hours disagree with its credits, or "" when they agree."""
    expected = line.ects * norm
    total = line.total_hours
    if total == expected:
        return ""
    return _(
        "%(ects)s ECTS × %(norm)s h = %(expected)s h, but the line has %(total)s h "
        "(%(diff)s h %(direction)s)."
    ) % {
        "ects": _num(line.ects),
        "norm": _num(norm),
        "expected": _num(expected),
        "total": _num(total),
        "diff": _num(abs(total - expected)),
        "direction": _("more") if total > expected else _("less"),
    }


def _num(value: Decimal) -> str:
    """A decimal without trailing zeros: 4, 3.5, 120."""
    text = format(value.normalize(), "f")
    return text


def curriculum_lines(curriculum: Curriculum) -> QuerySet[CurriculumLine]:
    return curriculum.lines.select_related("discipline", "discipline__department").order_by(
        "semester_number", "order", "id"
    )


def curriculum_summary(curriculum: Curriculum) -> CurriculumSummary:
    """Lines grouped by semester with totals per semester and per plan (one query)."""
    norm = curriculum.hours_per_credit
    blocks: dict[int, SemesterBlock] = {}
    plan = Totals()
    flagged = 0
    for line in curriculum_lines(curriculum):
        line.curriculum = curriculum
        block = blocks.setdefault(line.semester_number, SemesterBlock(line.semester_number))
        problem = line_problem(line, norm)
        flagged += bool(problem)
        block.lines.append(LineView(line, problem))
        block.totals.add(line)
        plan.add(line)
    return CurriculumSummary(
        semesters=[blocks[n] for n in sorted(blocks)], totals=plan, flagged=flagged, norm=norm
    )
