"""The compliance check of DOT applications and individual study plans (section V).

``check_plan(plan)`` and ``check_application(app)`` return a list of ``Finding``: the
clause, whether it passed, whether the failure blocks the next step, the exact numbers
used (``Decimal``) and a message in the user's language (translated lazily, when shown).

Rules (each finding cites its clause):

- п. 5.4.1 — DOT only on the student's application, with the permission of each
  discipline's teacher and of the programme leader (blocking).
- п. 5.4.2 — a valid reason (illness, family circumstances, other *with its text*) and a
  discipline (module) ready for DOT by ``dot_readiness`` (blocking); a missing
  supporting document warns.
- п. 5.4.3 — master's programmes only. Licensed for the extramural form: DOT hours at
  most 70 % of the curriculum hours. Without it: DOT credits at most the programme
  leader's figure from the DOT order, never above 50 % of the curriculum credits. The
  share is counted twice — over the plan's semester and over the whole curriculum (this
  plan plus the student's approved plans of other semesters) — and both must be within
  the cap (blocking). A row's DOT credits are its line's credits × its DOT hours / the
  line's total hours. Elective alternatives count only when the student takes them.
- п. 5.4.4 — each DOT discipline (module) is in the programme's DOT order in force over
  the whole semester, within its hours and % of the discipline's classroom hours
  (blocking).
- п. 3.3 — each teacher named on a row holds a valid DOT certificate on the first and
  the last day of the semester (blocking).
- п. 5.5.1 — the teacher has set the classroom hours of each row; the plan is agreed by
  the academic office and the heads of department and approved by the dean (warnings:
  the route itself holds the plan until then).

All arithmetic is exact ``Decimal``; numbers are rounded to two places for display only.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import F, Q
from django.utils.formats import number_format
from django.utils.functional import Promise, lazy
from django.utils.translation import gettext, gettext_noop

from dot.academics.models import Curriculum, CurriculumLine, EducationLevel
from dot.academics.selectors import approved_curriculum, teacher_has_valid_dot_certificate
from dot.core.models import ApprovalDecision, ApprovalStatus, DecisionAction

from .models import (
    HUNDRED,
    MASTER_SHARE_CEILING,
    ZERO,
    DotApplication,
    DotOrder,
    DotOrderItem,
    ReasonKind,
    StudyPlan,
    StudyPlanRow,
)

EXTRAMURAL_MASTER_CAP = Decimal("70")  # п. 5.4.3
STUDY_PLAN_ROUTE = "study_plan"
#: Steps of the ИУП route whose agreement п. 5.5.1 requires, in order.
REQUIRED_STEPS = ("academic_office", "department", "dean")

Number = Decimal | str


@dataclass(frozen=True)
class Finding:
    """One rule checked: ``blocking`` is True only for a failed rule that stops the route."""

    clause: str
    passed: bool
    blocking: bool
    message: Promise | str
    numbers: dict[str, Number] = field(default_factory=dict)
    subject: str = ""

    @property
    def text(self) -> str:
        return str(self.message)


def blocks(findings: Iterable[Finding]) -> bool:
    """Does any finding stop the next step?"""
    return any(f.blocking for f in findings)


# --- Formatting ----------------------------------------------------------------------------


def display(value: Decimal) -> Decimal:
    """Two decimal places, without trailing zeros: 69.9, 70, 70.13 (display only)."""
    q = value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return q.quantize(Decimal(1)) if q == q.to_integral_value() else q.normalize()


def _render(template: str, params: dict[str, Any]) -> str:
    values = {
        k: number_format(display(v), use_l10n=True) if isinstance(v, Decimal) else str(v)
        for k, v in params.items()
    }
    return gettext(template) % values


_render_lazy = lazy(_render, str)


def _msg(template: str, **params: Any) -> Promise:
    """The message translated when shown; numbers localised, rounded for display."""
    return _render_lazy(template, params)  # type: ignore[return-value]


def _finding(
    clause: str,
    passed: bool,
    message: Promise,
    *,
    blocks_when_failed: bool = True,
    numbers: dict[str, Number] | None = None,
    subject: str = "",
) -> Finding:
    return Finding(
        clause=clause,
        passed=passed,
        blocking=(not passed) and blocks_when_failed,
        message=message,
        numbers=numbers or {},
        subject=subject,
    )


def _share(part: Decimal, whole: Decimal) -> Decimal | None:
    return None if whole == ZERO else part * HUNDRED / whole


def _subject(discipline: Any, module: Any) -> str:
    return f"{discipline} / {module.title}" if module is not None else str(discipline)


# --- Shared rules --------------------------------------------------------------------------


def _reason_findings(app: DotApplication) -> list[Finding]:
    """п. 5.4.2: a justified valid reason, with supporting documents."""
    findings = []
    kind = app.get_reason_kind_display()
    if app.reason_kind == ReasonKind.OTHER and not app.reason_text.strip():
        findings.append(
            _finding(
                "п. 5.4.2",
                False,
                _msg(gettext_noop("п. 5.4.2: the reason «other» is not explained; describe it.")),
                numbers={"reason": app.reason_kind},
            )
        )
    elif app.reason_kind not in ReasonKind.values:
        findings.append(
            _finding(
                "п. 5.4.2",
                False,
                _msg(gettext_noop("п. 5.4.2: no valid reason is given.")),
                numbers={"reason": app.reason_kind},
            )
        )
    else:
        findings.append(
            _finding(
                "п. 5.4.2",
                True,
                _msg(gettext_noop("п. 5.4.2: valid reason: %(reason)s."), reason=kind),
                numbers={"reason": app.reason_kind},
            )
        )
    has_document = bool(app.document) or (app.pk is not None and app.documents.exists())
    findings.append(
        _finding(
            "п. 5.4.2",
            has_document,
            _msg(gettext_noop("п. 5.4.2: supporting document attached."))
            if has_document
            else _msg(gettext_noop("п. 5.4.2: no supporting document is attached.")),
            blocks_when_failed=False,
        )
    )
    return findings


def _readiness(discipline: Any, module: Any) -> Finding:
    """п. 5.4.2: the ЭУМК has independent-work assignments and an assessment fund."""
    subject = _subject(discipline, module)
    try:
        from dot.content.selectors import dot_readiness
    except ImportError:
        return _finding(
            "п. 5.4.2",
            False,
            _msg(
                gettext_noop(
                    "п. 5.4.2: «%(subject)s»: readiness for DOT cannot be checked "
                    "(the ЭУМК registry is not available), so it is not ready."
                ),
                subject=subject,
            ),
            subject=subject,
        )
    result = dot_readiness(discipline, module)
    if result.ready:
        return _finding(
            "п. 5.4.2",
            True,
            _msg(
                gettext_noop("п. 5.4.2: «%(subject)s» is ready for DOT."),
                subject=subject,
            ),
            subject=subject,
        )
    return _finding(
        "п. 5.4.2",
        False,
        _msg(
            gettext_noop("«%(subject)s» is not ready for DOT: %(reasons)s"),
            subject=subject,
            reasons=" ".join(str(r) for r in result.reasons),
        ),
        numbers={"reasons": " ".join(str(r) for r in result.reasons)},
        subject=subject,
    )


def order_in_force(
    programme: Any, intake_year: int | None, start: datetime.date, end: datetime.date
) -> DotOrder | None:
    """п. 5.4.4: the programme's approved DOT order covering ``start``..``end``; an order
    for the intake year wins over one for every intake, then the latest."""
    q = Q(intake_year__isnull=True)
    if intake_year is not None:
        q |= Q(intake_year=intake_year)
    return (
        DotOrder.objects.in_force(start, end)
        .filter(q, programme=programme, status=ApprovalStatus.APPROVED)
        .order_by(F("intake_year").desc(nulls_last=True), "-valid_from", "-id")
        .first()
    )


def _order_item(items: list[DotOrderItem], discipline_id: int, module: Any) -> DotOrderItem | None:
    """The item covering the discipline (or the module): a module's own item first."""
    same = [i for i in items if i.discipline_id == discipline_id]
    if module is not None:
        own = [i for i in same if i.module_id == module.pk]
        if own:
            return own[0]
    whole = [i for i in same if i.module_id is None]
    return whole[0] if whole else None


def _no_order(programme: Any, semester: Any) -> Finding:
    return _finding(
        "п. 5.4.4",
        False,
        _msg(
            gettext_noop(
                "п. 5.4.4: the programme «%(programme)s» has no approved DOT order in force "
                "from %(start)s to %(end)s."
            ),
            programme=programme,
            start=f"{semester.start:%d.%m.%Y}",
            end=f"{semester.end:%d.%m.%Y}",
        ),
        numbers={"start": f"{semester.start:%d.%m.%Y}", "end": f"{semester.end:%d.%m.%Y}"},
    )


def _not_in_order(subject: str, order: DotOrder) -> Finding:
    return _finding(
        "п. 5.4.4",
        False,
        _msg(
            gettext_noop(
                "п. 5.4.4: «%(subject)s» is not in the programme's DOT order "
                "(in force from %(from)s)."
            ),
            subject=subject,
            **{"from": f"{order.valid_from:%d.%m.%Y}"},
        ),
        numbers={"order": str(order.pk)},
        subject=subject,
    )


def _intake_year(student: Any, curriculum: Curriculum | None) -> int | None:
    if student.group_id is not None:
        return int(student.group.intake_year)
    return int(curriculum.intake_year) if curriculum is not None else None


# --- The application -----------------------------------------------------------------------


def check_application(app: DotApplication) -> list[Finding]:
    """п. 5.4.1, 5.4.2, 5.4.4 for a student's DOT application."""
    student = app.student
    semester = app.semester
    lines = list(app.lines.select_related("discipline", "module"))
    findings = [
        _finding(
            "п. 5.4.1",
            bool(lines),
            _msg(
                gettext_noop(
                    "п. 5.4.1: the student applies for DOT in %(count)s discipline(s) or module(s)."
                ),
                count=len(lines),
            )
            if lines
            else _msg(gettext_noop("п. 5.4.1: the application names no discipline or module.")),
            numbers={"lines": Decimal(len(lines))},
        )
    ]
    findings += _reason_findings(app)
    findings += [_readiness(line.discipline, line.module) for line in lines]
    order = order_in_force(
        student.programme, _intake_year(student, None), semester.start, semester.end
    )
    if order is None:
        findings.append(_no_order(student.programme, semester))
        return findings
    items = list(order.items.all())
    for line in lines:
        subject = _subject(line.discipline, line.module)
        item = _order_item(items, line.discipline_id, line.module)
        if item is None:
            findings.append(_not_in_order(subject, order))
        else:
            findings.append(
                _finding(
                    "п. 5.4.4",
                    True,
                    _msg(
                        gettext_noop("п. 5.4.4: «%(subject)s» is in the programme's DOT order."),
                        subject=subject,
                    ),
                    subject=subject,
                )
            )
    return findings


# --- The plan ------------------------------------------------------------------------------


def _rows(plan: StudyPlan) -> list[StudyPlanRow]:
    return list(
        plan.rows.select_related(
            "curriculum_line__curriculum",
            "curriculum_line__discipline",
            "module",
            "teacher",
        )
    )


def _permission_findings(plan: StudyPlan, rows: list[StudyPlanRow]) -> list[Finding]:
    """п. 5.4.1: the application, the teacher's and the programme leader's permission."""
    app = plan.application
    if app is None:
        findings = [
            _finding(
                "п. 5.4.1",
                False,
                _msg(
                    gettext_noop(
                        "п. 5.4.1: the plan has no student's application; DOT is allowed "
                        "only on the student's application."
                    )
                ),
            )
        ]
    elif app.status != ApprovalStatus.APPROVED:
        findings = [
            _finding(
                "п. 5.4.1",
                False,
                _msg(
                    gettext_noop(
                        "п. 5.4.1: the student's application is not approved (%(status)s)."
                    ),
                    status=app.get_status_display(),
                ),
                numbers={"application_status": app.status},
            )
        ]
    else:
        findings = [
            _finding(
                "п. 5.4.1",
                True,
                _msg(gettext_noop("п. 5.4.1: the student's application is approved.")),
                numbers={"application_status": app.status},
            )
        ]
    for row in rows:
        subject = _subject(row.curriculum_line.discipline, row.module)
        numbers: dict[str, Number] = {
            "teacher_permission": "yes" if row.teacher_permission else "no",
            "leader_permission": "yes" if row.leader_permission else "no",
        }
        if row.teacher_permission and row.leader_permission:
            message = _msg(
                gettext_noop(
                    "п. 5.4.1: «%(subject)s»: the teacher and the programme leader gave "
                    "their permission."
                ),
                subject=subject,
            )
        elif row.leader_permission:
            message = _msg(
                gettext_noop("п. 5.4.1: «%(subject)s»: the teacher's permission is missing."),
                subject=subject,
            )
        elif row.teacher_permission:
            message = _msg(
                gettext_noop(
                    "п. 5.4.1: «%(subject)s»: the programme leader's permission is missing."
                ),
                subject=subject,
            )
        else:
            message = _msg(
                gettext_noop(
                    "п. 5.4.1: «%(subject)s»: the permissions of the teacher and of the "
                    "programme leader are missing."
                ),
                subject=subject,
            )
        findings.append(
            _finding(
                "п. 5.4.1",
                row.teacher_permission and row.leader_permission,
                message,
                numbers=numbers,
                subject=subject,
            )
        )
    return findings


def _counts(line: CurriculumLine, taken: set[int]) -> bool:
    """Elective alternatives count only when the student takes them."""
    return not (line.is_elective and line.elective_group) or line.pk in taken


def _row_credits(row: StudyPlanRow) -> Decimal:
    line = row.curriculum_line
    total = line.total_hours
    return ZERO if total == ZERO else line.ects * row.dot_hours / total


def _share_finding(
    plan: StudyPlan,
    rows: list[StudyPlanRow],
    curriculum: Curriculum | None,
    order: DotOrder | None,
) -> Finding:
    """п. 5.4.3: the master's caps, over the semester and over the whole curriculum."""
    programme = plan.student.programme
    if programme.level != EducationLevel.MASTER:
        return _finding(
            "п. 5.4.3",
            True,
            _msg(
                gettext_noop(
                    "п. 5.4.3: the cap applies to master's programmes only; this programme "
                    "is %(level)s, not applicable."
                ),
                level=programme.get_level_display(),
            ),
            numbers={"level": programme.level},
        )
    if curriculum is None:
        return _finding(
            "п. 5.4.3",
            False,
            _msg(
                gettext_noop(
                    "п. 5.4.3: there is no approved curriculum (РУП) in force, so the DOT "
                    "share cannot be counted."
                )
            ),
        )
    sem_no = plan.semester.curriculum_semester(curriculum.intake_year)
    others = list(
        StudyPlanRow.objects.filter(
            plan__student=plan.student,
            plan__status=ApprovalStatus.APPROVED,
            curriculum_line__curriculum=curriculum,
        )
        .exclude(plan__semester=plan.semester)
        .select_related("curriculum_line")
    )
    taken = {r.curriculum_line_id for r in rows + others}
    lines = [ln for ln in curriculum.lines.all() if _counts(ln, taken)]
    sem_lines = [ln for ln in lines if ln.semester_number == sem_no]
    extramural = programme.allows_extramural
    if extramural:
        unit = "hours"
        cap = EXTRAMURAL_MASTER_CAP
        leader: Decimal | None = None
        sem_dot = sum((r.dot_hours for r in rows), ZERO)
        all_dot = sem_dot + sum((r.dot_hours for r in others), ZERO)
        sem_total = sum((ln.total_hours for ln in sem_lines), ZERO)
        all_total = sum((ln.total_hours for ln in lines), ZERO)
    else:
        unit = "credits"
        leader = order.master_dot_share_percent if order is not None else None
        cap = min(leader, MASTER_SHARE_CEILING) if leader is not None else MASTER_SHARE_CEILING
        sem_dot = sum((_row_credits(r) for r in rows), ZERO)
        all_dot = sem_dot + sum((_row_credits(r) for r in others), ZERO)
        sem_total = sum((ln.ects for ln in sem_lines), ZERO)
        all_total = sum((ln.ects for ln in lines), ZERO)
    sem_share = _share(sem_dot, sem_total)
    all_share = _share(all_dot, all_total)
    sem_ok = sem_share is not None and sem_share <= cap or sem_dot == ZERO
    all_ok = all_share is not None and all_share <= cap or all_dot == ZERO
    passed = sem_ok and all_ok
    numbers: dict[str, Number] = {
        "unit": unit,
        "cap_percent": cap,
        "leader_percent": leader if leader is not None else "",
        "semester_number": Decimal(sem_no),
        "semester_dot": sem_dot,
        "semester_total": sem_total,
        "semester_share_percent": sem_share if sem_share is not None else "",
        "curriculum_dot": all_dot,
        "curriculum_total": all_total,
        "curriculum_share_percent": all_share if all_share is not None else "",
    }
    params = {
        "sem_no": sem_no,
        "sem_dot": sem_dot,
        "sem_total": sem_total,
        "sem_share": sem_share if sem_share is not None else "—",
        "all_dot": all_dot,
        "all_total": all_total,
        "all_share": all_share if all_share is not None else "—",
        "cap": cap,
    }
    if extramural:
        template = (
            gettext_noop(
                "п. 5.4.3: master's programme with the extramural form: by DOT "
                "%(sem_dot)s of %(sem_total)s h of semester %(sem_no)s (%(sem_share)s %%) and "
                "%(all_dot)s of %(all_total)s h of the whole curriculum (%(all_share)s %%); "
                "within the cap of %(cap)s %% of the curriculum hours."
            )
            if passed
            else gettext_noop(
                "п. 5.4.3: master's programme with the extramural form: by DOT "
                "%(sem_dot)s of %(sem_total)s h of semester %(sem_no)s (%(sem_share)s %%) and "
                "%(all_dot)s of %(all_total)s h of the whole curriculum (%(all_share)s %%); "
                "the cap of %(cap)s %% of the curriculum hours is exceeded."
            )
        )
    elif leader is None:
        template = (
            gettext_noop(
                "п. 5.4.3: master's programme without the extramural form: by DOT "
                "%(sem_dot)s of %(sem_total)s credits of semester %(sem_no)s (%(sem_share)s %%) "
                "and %(all_dot)s of %(all_total)s credits of the whole curriculum "
                "(%(all_share)s %%); the programme leader has not set a share in the DOT "
                "order, the ceiling of %(cap)s %% applies and is respected."
            )
            if passed
            else gettext_noop(
                "п. 5.4.3: master's programme without the extramural form: by DOT "
                "%(sem_dot)s of %(sem_total)s credits of semester %(sem_no)s (%(sem_share)s %%) "
                "and %(all_dot)s of %(all_total)s credits of the whole curriculum "
                "(%(all_share)s %%); the programme leader has not set a share in the DOT "
                "order, and the ceiling of %(cap)s %% is exceeded."
            )
        )
    else:
        template = (
            gettext_noop(
                "п. 5.4.3: master's programme without the extramural form: by DOT "
                "%(sem_dot)s of %(sem_total)s credits of semester %(sem_no)s (%(sem_share)s %%) "
                "and %(all_dot)s of %(all_total)s credits of the whole curriculum "
                "(%(all_share)s %%); within the programme leader's share of %(cap)s %%."
            )
            if passed
            else gettext_noop(
                "п. 5.4.3: master's programme without the extramural form: by DOT "
                "%(sem_dot)s of %(sem_total)s credits of semester %(sem_no)s (%(sem_share)s %%) "
                "and %(all_dot)s of %(all_total)s credits of the whole curriculum "
                "(%(all_share)s %%); the programme leader's share of %(cap)s %% is exceeded."
            )
        )
    return _finding("п. 5.4.3", passed, _msg(template, **params), numbers=numbers)


def _order_findings(
    plan: StudyPlan, rows: list[StudyPlanRow], order: DotOrder | None
) -> list[Finding]:
    """п. 5.4.4: every DOT row in the order in force, within its limits."""
    if not rows:
        return []
    if order is None:
        return [_no_order(plan.student.programme, plan.semester)]
    items = list(order.items.all())
    findings = []
    for row in rows:
        line = row.curriculum_line
        subject = _subject(line.discipline, row.module)
        item = _order_item(items, line.discipline_id, row.module)
        if item is None:
            findings.append(_not_in_order(subject, order))
            continue
        classroom = line.classroom_hours
        share = _share(row.dot_hours, classroom)
        numbers: dict[str, Number] = {
            "dot_hours": row.dot_hours,
            "classroom_hours": classroom,
            "share_percent": share if share is not None else "",
            "max_hours": item.max_hours if item.max_hours is not None else "",
            "max_percent": item.max_percent if item.max_percent is not None else "",
        }
        over_hours = item.max_hours is not None and row.dot_hours > item.max_hours
        over_percent = item.max_percent is not None and (
            row.dot_hours * HUNDRED > item.max_percent * classroom
        )
        params = {
            "subject": subject,
            "dot": row.dot_hours,
            "classroom": classroom,
            "share": share if share is not None else "—",
            "max_hours": item.max_hours if item.max_hours is not None else "—",
            "max_percent": item.max_percent if item.max_percent is not None else "—",
        }
        if over_hours or over_percent:
            message = _msg(
                gettext_noop(
                    "п. 5.4.4: «%(subject)s»: %(dot)s h by DOT (%(share)s %% of %(classroom)s "
                    "classroom hours) exceed the DOT order's limit: at most %(max_hours)s h, "
                    "at most %(max_percent)s %%."
                ),
                **params,
            )
        else:
            message = _msg(
                gettext_noop(
                    "п. 5.4.4: «%(subject)s»: %(dot)s h by DOT (%(share)s %% of %(classroom)s "
                    "classroom hours), within the DOT order's limit: at most %(max_hours)s h, "
                    "at most %(max_percent)s %%."
                ),
                **params,
            )
        findings.append(
            _finding(
                "п. 5.4.4",
                not (over_hours or over_percent),
                message,
                numbers=numbers,
                subject=subject,
            )
        )
    return findings


def _certificate_findings(plan: StudyPlan, rows: list[StudyPlanRow]) -> list[Finding]:
    """п. 3.3: each teacher certified for DOT on the first and the last day of the semester."""
    semester = plan.semester
    dates = {"start": f"{semester.start:%d.%m.%Y}", "end": f"{semester.end:%d.%m.%Y}"}
    findings = []
    known: dict[int, bool] = {}
    for row in rows:
        subject = _subject(row.curriculum_line.discipline, row.module)
        teacher = row.teacher
        if teacher is None:
            findings.append(
                _finding(
                    "п. 3.3",
                    False,
                    _msg(
                        gettext_noop("п. 3.3: «%(subject)s»: no teacher is named."), subject=subject
                    ),
                    blocks_when_failed=False,
                    subject=subject,
                )
            )
            continue
        if teacher.pk not in known:
            known[teacher.pk] = teacher_has_valid_dot_certificate(
                teacher, semester.start
            ) and teacher_has_valid_dot_certificate(teacher, semester.end)
        ok = known[teacher.pk]
        template = (
            gettext_noop(
                "п. 3.3: «%(subject)s»: the teacher %(teacher)s holds a valid DOT certificate "
                "from %(start)s to %(end)s."
            )
            if ok
            else gettext_noop(
                "п. 3.3: «%(subject)s»: the teacher %(teacher)s has no DOT certificate valid "
                "from %(start)s to %(end)s."
            )
        )
        findings.append(
            _finding(
                "п. 3.3",
                ok,
                _msg(template, subject=subject, teacher=teacher.short_name, **dates),
                numbers={"teacher": str(teacher.pk), **dates},
                subject=subject,
            )
        )
    return findings


def _route_findings(plan: StudyPlan, rows: list[StudyPlanRow]) -> list[Finding]:
    """п. 5.5.1: classroom hours set by the teacher; agreements and the dean's approval."""
    findings = []
    for row in rows:
        subject = _subject(row.curriculum_line.discipline, row.module)
        ok = row.classroom_hours_set
        findings.append(
            _finding(
                "п. 5.5.1",
                ok,
                _msg(
                    gettext_noop(
                        "п. 5.5.1: «%(subject)s»: the teacher has set the classroom hours."
                    ),
                    subject=subject,
                )
                if ok
                else _msg(
                    gettext_noop(
                        "п. 5.5.1: «%(subject)s»: the teacher has not yet set the classroom hours."
                    ),
                    subject=subject,
                ),
                blocks_when_failed=False,
                subject=subject,
            )
        )
    agreed = set()
    if plan.pk is not None:
        agreed = set(
            ApprovalDecision.objects.filter(
                content_type=ContentType.objects.get_for_model(StudyPlan),
                object_id=str(plan.pk),
                route=STUDY_PLAN_ROUTE,
                action=DecisionAction.APPROVE,
                step__in=REQUIRED_STEPS,
            ).values_list("step", flat=True)
        )
    approved = plan.status == ApprovalStatus.APPROVED
    steps = ", ".join(s for s in REQUIRED_STEPS if s in agreed)
    findings.append(
        _finding(
            "п. 5.5.1",
            approved,
            _msg(
                gettext_noop(
                    "п. 5.5.1: the plan is agreed by the academic office and the head of "
                    "department and approved by the dean."
                )
            )
            if approved
            else _msg(
                gettext_noop(
                    "п. 5.5.1: the plan is not yet approved (%(status)s): it needs the "
                    "agreement of the academic office and of the head of department and the "
                    "dean's approval."
                ),
                status=plan.get_status_display(),
            ),
            blocks_when_failed=False,
            numbers={"status": plan.status, "agreed_steps": steps},
        )
    )
    return findings


def check_plan(plan: StudyPlan) -> list[Finding]:
    """Every rule of section V for an individual study plan, in the order of the clauses."""
    rows = _rows(plan)
    student = plan.student
    curriculum = (
        rows[0].curriculum_line.curriculum
        if rows
        else approved_curriculum(student.programme, _intake_year(student, None) or 0)
    )
    order = order_in_force(
        student.programme,
        _intake_year(student, curriculum),
        plan.semester.start,
        plan.semester.end,
    )
    findings = _permission_findings(plan, rows)
    if plan.application is not None:
        findings += _reason_findings(plan.application)
    findings += [_readiness(r.curriculum_line.discipline, r.module) for r in rows]
    findings.append(_share_finding(plan, rows, curriculum, order))
    findings += _order_findings(plan, rows, order)
    findings += _certificate_findings(plan, rows)
    findings += _route_findings(plan, rows)
    return findings
