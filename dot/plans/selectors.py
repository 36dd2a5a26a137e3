"""Reads of section V: queues, lists with the DOT share, what a student may apply for.

Lists run a constant number of queries whatever their length: the DOT share of each plan
is computed from two prefetches (the rows, the curriculum lines of the plans' РУП).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from dot.academics.models import (
    ClassKind,
    CurriculumLine,
    EducationLevel,
    Semester,
    Student,
    TeachingAssignment,
)
from dot.academics.selectors import approved_curriculum
from dot.accounts.models import Role
from dot.accounts.roles import has_role, scope_q
from dot.core.approvals.selectors import pending_for
from dot.core.models import ApprovalStatus

from . import approval, permissions
from .compliance import ZERO, _counts, _intake_year, _row_credits, _share
from .models import DotApplication, DotOrder, PlanState, StudyPlan, StudyPlanRow

# --- What a student may apply for ---------------------------------------------------------


def student_of(user: Any) -> Student | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        Student.objects.select_related("programme__faculty", "programme__department", "group")
        .filter(user=user)
        .first()
    )


def open_semesters(on_date: datetime.date | None = None) -> list[Semester]:
    """п. 5.4.1: the current semester and the next one."""
    today = on_date or timezone.localdate()
    return list(
        Semester.objects.select_related("academic_year")
        .filter(end__gte=today)
        .order_by("start")[:2]
    )


def semester_lines(student: Student, semester: Semester) -> list[CurriculumLine]:
    """The student's РУП lines of the semester (the disciplines one may apply for)."""
    curriculum = approved_curriculum(student.programme, _intake_year(student, None) or 0)
    if curriculum is None:
        return []
    number = semester.curriculum_semester(curriculum.intake_year)
    return list(
        curriculum.lines.filter(semester_number=number)
        .select_related("discipline__department", "curriculum")
        .prefetch_related("discipline__modules")
        .order_by("order", "id")
    )


def line_teacher(student: Student, semester: Semester, discipline: Any) -> Any:
    """The teacher of the discipline for the student's group in the semester, lectures
    first (the one who gives the permission of п. 5.4.1 and sets the hours of п. 5.5.1)."""
    assignments = TeachingAssignment.objects.filter(
        discipline=discipline, semester=semester
    ).select_related("teacher")
    if student.group_id is not None:
        assignments = assignments.filter(Q(group=student.group) | Q(group__isnull=True))
    order: dict[str, int] = {ClassKind.LECTURE: 0, ClassKind.PRACTICE: 1, ClassKind.LAB: 2}
    found = sorted(assignments, key=lambda a: (order.get(a.class_kind, 9), a.group_id is None))
    return found[0].teacher if found else None


# --- The DOT share of each plan in a list -------------------------------------------------


@dataclass(frozen=True)
class Share:
    unit: str  # "hours" | "credits"
    dot: Decimal
    total: Decimal
    percent: Decimal | None


def _plan_shares(plans: list[StudyPlan]) -> dict[int, Share]:
    """The DOT share of each plan over its semester, as the compliance check counts it
    (hours; credits for master's programmes without the extramural form). One query."""
    curricula = {r.curriculum_line.curriculum_id for p in plans for r in p.rows.all()}
    lines: dict[int, list[CurriculumLine]] = defaultdict(list)
    for line in CurriculumLine.objects.filter(curriculum_id__in=curricula).select_related(
        "curriculum"
    ):
        lines[line.curriculum_id].append(line)
    shares = {}
    for plan in plans:
        rows = list(plan.rows.all())
        programme = plan.student.programme
        credits = programme.level == EducationLevel.MASTER and not programme.allows_extramural
        if not rows:
            shares[plan.pk] = Share("credits" if credits else "hours", ZERO, ZERO, None)
            continue
        curriculum = rows[0].curriculum_line.curriculum
        number = plan.semester.curriculum_semester(curriculum.intake_year)
        taken = {r.curriculum_line_id for r in rows}
        sem = [
            ln for ln in lines[curriculum.pk] if ln.semester_number == number and _counts(ln, taken)
        ]
        if credits:
            dot = sum((_row_credits(r) for r in rows), ZERO)
            total = sum((ln.ects for ln in sem), ZERO)
        else:
            dot = sum((r.dot_hours for r in rows), ZERO)
            total = sum((ln.total_hours for ln in sem), ZERO)
        shares[plan.pk] = Share("credits" if credits else "hours", dot, total, _share(dot, total))
    return shares


@dataclass(frozen=True)
class PlanItem:
    plan: StudyPlan
    share: Share


def _with_rows(qs: QuerySet[StudyPlan]) -> QuerySet[StudyPlan]:
    return qs.select_related(
        "student__user",
        "student__group",
        "student__programme__direction",
        "semester__academic_year",
    ).prefetch_related(
        Prefetch(
            "rows",
            queryset=StudyPlanRow.objects.select_related(
                "curriculum_line__curriculum", "curriculum_line__discipline", "module", "teacher"
            ),
        )
    )


def plan_items(plans: Iterable[StudyPlan]) -> list[PlanItem]:
    plans = list(plans)
    shares = _plan_shares(plans)
    return [PlanItem(p, shares[p.pk]) for p in plans]


@dataclass(frozen=True)
class PlanFilters:
    state: str = ""
    programme: int | None = None
    group: int | None = None
    semester: int | None = None


def _state_q(state: str) -> Q:
    if state == PlanState.ARCHIVED:
        return Q(archived_at__isnull=False)
    if state == PlanState.COMPLETED:
        return Q(completed_at__isnull=False, archived_at__isnull=True)
    if state == PlanState.APPROVED:
        return Q(status=state, completed_at__isnull=True, archived_at__isnull=True)
    if state in ApprovalStatus.values:
        return Q(status=state, archived_at__isnull=True)
    return Q()


def plan_list(user: Any, filters: PlanFilters, limit: int = 200) -> list[PlanItem]:
    """Every plan the user may see, filtered, newest first, with the DOT share of each."""
    qs = permissions.plans_visible_to(user).filter(_state_q(filters.state))
    if filters.programme:
        qs = qs.filter(student__programme_id=filters.programme)
    if filters.group:
        qs = qs.filter(student__group_id=filters.group)
    if filters.semester:
        qs = qs.filter(semester_id=filters.semester)
    return plan_items(_with_rows(qs.order_by("-created_at", "-id"))[:limit])


def plans_of_student(student: Student) -> list[PlanItem]:
    return plan_items(_with_rows(StudyPlan.objects.filter(student=student).order_by("-created_at")))


def plans_of_teacher(user: Any) -> list[PlanItem]:
    """Plans with a row the teacher teaches (п. 5.5.1)."""
    qs = StudyPlan.objects.filter(
        pk__in=StudyPlanRow.objects.filter(teacher=user).values("plan_id")
    ).order_by("-created_at")
    return plan_items(_with_rows(qs))


def plan_detail(pk: Any) -> StudyPlan | None:
    try:
        return (
            _with_rows(StudyPlan.objects.all())
            .select_related(
                "student__programme__faculty",
                "student__programme__department",
                "application",
                "previous",
            )
            .filter(pk=pk)
            .first()
        )
    except (ValueError, TypeError):
        return None


# --- Queues: what awaits the user ---------------------------------------------------------


@dataclass
class Queues:
    application_permissions: list[DotApplication]  # teacher: permission to give
    hours_to_set: list[StudyPlanRow]  # teacher: ИУП hours to set
    results_to_record: list[StudyPlanRow]  # teacher: results
    applications: list[DotApplication]  # leader / dean's office: decisions
    applications_to_plan: list[DotApplication]  # dean's office: approved, no plan yet
    plans_to_submit: list[StudyPlan]  # dean's office / leader: drafts and returned
    plans: list[StudyPlan]  # student, academic office, heads, dean: decisions
    orders: list[DotOrder]  # academic office, dean

    @property
    def total(self) -> int:
        return sum(
            len(x)
            for x in (
                self.application_permissions,
                self.hours_to_set,
                self.results_to_record,
                self.applications,
                self.applications_to_plan,
                self.plans_to_submit,
                self.plans,
                self.orders,
            )
        )


_APP_RELATED = ("student__user", "student__programme", "semester__academic_year")
_PLAN_RELATED = ("student__user", "student__programme", "student__group", "semester__academic_year")
_ROW_RELATED = (
    "plan__student__user",
    "plan__semester__academic_year",
    "curriculum_line__discipline",
    "module",
)


def queues(user: Any, limit: int = 100) -> Queues:
    """What awaits the user on the three routes, plus the teacher's own tasks."""
    empty = Queues([], [], [], [], [], [], [], [])
    if not getattr(user, "is_authenticated", False):
        return empty
    in_review = ApprovalStatus.IN_REVIEW
    q = empty
    q.application_permissions = list(
        DotApplication.objects.filter(
            status=in_review,
            approval_step=approval.TEACHERS,
            lines__teacher=user,
            lines__teacher_permission=False,
        )
        .distinct()
        .select_related(*_APP_RELATED)[:limit]
    )
    q.hours_to_set = list(
        StudyPlanRow.objects.filter(
            teacher=user,
            plan__status=in_review,
            plan__approval_step=approval.TEACHERS,
        )
        .filter(
            Q(lecture_hours__isnull=True)
            | Q(lab_hours__isnull=True)
            | Q(practice_hours__isnull=True)
        )
        .select_related(*_ROW_RELATED)[:limit]
    )
    q.results_to_record = list(
        StudyPlanRow.objects.filter(
            teacher=user,
            result="",
            plan__status=ApprovalStatus.APPROVED,
            plan__archived_at__isnull=True,
        ).select_related(*_ROW_RELATED)[:limit]
    )
    leader_q = Q(student__programme__leader=user) | scope_q(
        user, Role.PROGRAMME_LEADER, "student__programme__department__path"
    )
    faculty_q = permissions._faculty_q(user, "student__programme__faculty__path")
    dean_only_q = scope_q(user, Role.DEAN, "student__programme__faculty__path")
    apps = DotApplication.objects.filter(
        (Q(approval_step=approval.LEADER) & leader_q)
        | (Q(approval_step=approval.DEANS_OFFICE) & faculty_q),
        status=in_review,
    )
    q.applications = list(apps.select_related(*_APP_RELATED).order_by("created_at")[:limit])
    manager_q = faculty_q | leader_q
    q.applications_to_plan = list(
        DotApplication.objects.filter(manager_q, status=ApprovalStatus.APPROVED)
        .exclude(
            pk__in=StudyPlan.objects.filter(application__isnull=False).values("application_id")
        )
        .select_related(*_APP_RELATED)
        .order_by("created_at")[:limit]
    )
    q.plans_to_submit = list(
        StudyPlan.objects.filter(
            manager_q, status__in=(ApprovalStatus.DRAFT, ApprovalStatus.RETURNED)
        )
        .select_related(*_PLAN_RELATED)
        .order_by("created_at")[:limit]
    )
    plan_q = Q(approval_step=approval.STUDENT, student__user=user)
    if has_role(user, Role.ACADEMIC_OFFICE):
        plan_q |= Q(approval_step=approval.ACADEMIC_OFFICE)
    plan_q |= Q(approval_step=approval.DEAN) & dean_only_q
    heads = StudyPlanRow.objects.filter(
        scope_q(user, Role.HEAD_OF_DEPARTMENT, "curriculum_line__discipline__department__path"),
        department_agreed_at__isnull=True,
    ).values("plan_id")
    if has_role(user, Role.HEAD_OF_DEPARTMENT):
        plan_q |= Q(approval_step=approval.DEPARTMENT, pk__in=heads)
    q.plans = list(
        StudyPlan.objects.filter(plan_q, status=in_review)
        .select_related(*_PLAN_RELATED)
        .order_by("created_at")[:limit]
    )
    q.orders = list(
        pending_for(user, approval.ORDER_ROUTE)
        .select_related("programme")
        .order_by("created_at")[:limit]
    )
    return q


def deadlines_of_student(student: Student) -> list[StudyPlanRow]:
    """The deadlines (срок сдачи) of the rows of the student's plans in force."""
    return list(
        StudyPlanRow.objects.filter(
            plan__student=student,
            plan__status=ApprovalStatus.APPROVED,
            plan__archived_at__isnull=True,
            deadline__isnull=False,
        )
        .select_related("curriculum_line__discipline", "module", "teacher", "plan")
        .order_by("deadline", "id")
    )


# --- Orders -------------------------------------------------------------------------------


def order_list(user: Any) -> list[DotOrder]:
    return list(
        permissions.orders_visible_to(user)
        .select_related("programme__direction", "programme__faculty")
        .prefetch_related("items__discipline", "items__module")
        .order_by("programme__name", "-valid_from")
    )


def department_agreements(plan: StudyPlan) -> list[tuple[Any, Any, datetime.datetime]]:
    """Who agreed the plan for each department concerned and when (п. 5.5.1):
    ``[(department, user, at)]`` (for the Appendix 1 form, besides the step's decision)."""
    seen: dict[int, tuple[Any, Any, datetime.datetime]] = {}
    for row in plan.rows.select_related(
        "curriculum_line__discipline__department", "department_agreed_by"
    ):
        if row.department_agreed_at is None:
            continue
        department = row.curriculum_line.discipline.department
        seen.setdefault(
            department.pk, (department, row.department_agreed_by, row.department_agreed_at)
        )
    return list(seen.values())
