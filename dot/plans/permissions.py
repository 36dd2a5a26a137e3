"""Who may see and do what with DOT orders, applications and study plans (section V).

Views and the API use only these checks; an object the user may not see answers 404.

* The academic office, the vice-rector and the rector see everything (п. 4.1, 4.5).
* The dean and the dean's office see the orders, applications and plans of their
  faculty's programmes (п. 4.7); a role held in the faculty's dean's office covers the
  faculty.
* The programme leader (the programme's ``leader`` or the role in its department) sees
  those of the programme (п. 5.4.1, 5.5.1); heads of department see those of their
  department's programmes and every plan with a row of their department's disciplines.
* A teacher sees the applications and plans naming them on a line or a row.
* A student sees their own applications and plans, and the approved DOT orders of their
  programme.

Writes: the faculty (dean, dean's office) drafts DOT orders (п. 5.4.4); the student (or the
dean's office for them) applies (п. 5.4.1); the dean's office or the programme leader
makes the plan from an approved application and sends it along its route (п. 5.5.1).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from dot.accounts.models import STAFF_ROLES, Role
from dot.accounts.roles import has_role, scope_q
from dot.content.permissions import faculty_paths
from dot.core.models import ApprovalStatus

from .models import DotApplication, DotOrder, StudyPlan, StudyPlanRow

UNIVERSITY_READERS = (Role.ACADEMIC_OFFICE, Role.VICE_RECTOR, Role.RECTOR)
FACULTY_ROLES = (Role.DEAN, Role.DEANS_OFFICE)
EDITABLE = (ApprovalStatus.DRAFT, ApprovalStatus.RETURNED)


def _auth(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def is_university_reader(user: Any) -> bool:
    return has_role(user, UNIVERSITY_READERS)


def _faculty_q(user: Any, path_field: str) -> Q:
    """Objects of the faculties where the user is dean or in the dean's office."""
    if getattr(user, "is_superuser", False):
        return Q()
    q = Q(pk__in=[])
    for path in faculty_paths(user, FACULTY_ROLES):
        q |= Q(**{f"{path_field}__startswith": path})
    return q


def in_faculty(user: Any, faculty: Any) -> bool:
    """Is the user dean or dean's office staff of this faculty?"""
    if getattr(user, "is_superuser", False):
        return True
    path = getattr(faculty, "path", "")
    return any(path.startswith(p) for p in faculty_paths(user, FACULTY_ROLES))


def leads(user: Any, programme: Any) -> bool:
    """Is the user the programme's leader (named, or the role in its department)?"""
    if not _auth(user):
        return False
    if programme.leader_id is not None and programme.leader_id == user.pk:
        return True
    return has_role(user, Role.PROGRAMME_LEADER, programme.department)


def is_student(user: Any, student: Any) -> bool:
    return _auth(user) and student.user_id == user.pk


# --- DOT orders (п. 5.4.4) ---------------------------------------------------------------


def orders_visible_to(user: Any) -> QuerySet[DotOrder]:
    """A DOT order is a university document: staff see every order; a student sees the
    approved orders of their own programme."""
    qs = DotOrder.objects.all()
    if not _auth(user):
        return qs.none()
    if user.is_superuser or has_role(user, STAFF_ROLES):
        return qs
    return qs.filter(programme__students__user=user, status=ApprovalStatus.APPROVED).distinct()


def can_view_order(user: Any, order: DotOrder) -> bool:
    return orders_visible_to(user).filter(pk=order.pk).exists()


def can_create_order(user: Any, programme: Any = None) -> bool:
    """The faculty drafts the order (п. 5.4.4); without a programme: for some programme."""
    if not _auth(user):
        return False
    if programme is None:
        return user.is_superuser or bool(faculty_paths(user, FACULTY_ROLES))
    return in_faculty(user, programme.faculty)


def can_edit_order(user: Any, order: DotOrder) -> bool:
    return order.status in EDITABLE and can_create_order(user, order.programme)


# --- Applications (п. 5.4.1, 5.4.2) ------------------------------------------------------


def _student_scope_q(user: Any, prefix: str) -> Q:
    """Staff of the student's faculty and programme (``prefix`` leads to the Student)."""
    return (
        _faculty_q(user, f"{prefix}programme__faculty__path")
        | scope_q(
            user,
            (Role.PROGRAMME_LEADER, Role.HEAD_OF_DEPARTMENT),
            f"{prefix}programme__department__path",
        )
        | Q(**{f"{prefix}programme__leader": user})
        | Q(**{f"{prefix}user": user})
    )


def applications_visible_to(user: Any) -> QuerySet[DotApplication]:
    qs = DotApplication.objects.all()
    if not _auth(user):
        return qs.none()
    if user.is_superuser or is_university_reader(user):
        return qs
    q = (
        _student_scope_q(user, "student__")
        | Q(lines__teacher=user)
        | scope_q(user, Role.HEAD_OF_DEPARTMENT, "lines__discipline__department__path")
    )
    return qs.filter(pk__in=DotApplication.objects.filter(q).values("pk"))


def can_view_application(user: Any, app: DotApplication) -> bool:
    return applications_visible_to(user).filter(pk=app.pk).exists()


def can_apply(user: Any, student: Any) -> bool:
    """The student for themself, or the dean's office of the student's faculty."""
    if not _auth(user) or student is None:
        return False
    if is_student(user, student):
        return True
    return in_faculty(user, student.programme.faculty)


def can_edit_application(user: Any, app: DotApplication) -> bool:
    return app.status in EDITABLE and can_apply(user, app.student)


def can_teacher_permit(user: Any, app: DotApplication) -> bool:
    """п. 5.4.1: a teacher of a line gives (or refuses) permission at the first step."""
    if not _auth(user):
        return False
    return (
        app.status == ApprovalStatus.IN_REVIEW
        and app.approval_step == "teachers"
        and app.lines.filter(teacher=user, teacher_permission=False).exists()
    )


def can_create_plan(user: Any, app: DotApplication) -> bool:
    """The dean's office or the programme leader makes the ИУП of an approved application."""
    if not _auth(user) or app.status != ApprovalStatus.APPROVED:
        return False
    if app.study_plans.exists():
        return False
    return in_faculty(user, app.student.programme.faculty) or leads(user, app.student.programme)


# --- Study plans (п. 5.5.1) --------------------------------------------------------------


def plans_visible_to(user: Any) -> QuerySet[StudyPlan]:
    qs = StudyPlan.objects.all()
    if not _auth(user):
        return qs.none()
    if user.is_superuser or is_university_reader(user):
        return qs
    q = (
        _student_scope_q(user, "student__")
        | Q(rows__teacher=user)
        | scope_q(
            user, Role.HEAD_OF_DEPARTMENT, "rows__curriculum_line__discipline__department__path"
        )
    )
    return qs.filter(pk__in=StudyPlan.objects.filter(q).values("pk"))


def can_view_plan(user: Any, plan: StudyPlan) -> bool:
    return plans_visible_to(user).filter(pk=plan.pk).exists()


def can_manage_plan(user: Any, plan: StudyPlan) -> bool:
    """The dean's office of the faculty or the programme leader (п. 5.5.1)."""
    if not _auth(user):
        return False
    programme = plan.student.programme
    return in_faculty(user, programme.faculty) or leads(user, programme)


def can_edit_plan(user: Any, plan: StudyPlan) -> bool:
    return plan.status in EDITABLE and can_manage_plan(user, plan)


def _at(plan: StudyPlan, step: str) -> bool:
    return plan.status == ApprovalStatus.IN_REVIEW and plan.approval_step == step


def can_set_hours(user: Any, row: StudyPlanRow) -> bool:
    """п. 5.5.1: the row's teacher sets its ИУП classroom hours at the first step."""
    return _auth(user) and _at(row.plan, "teachers") and row.teacher_id == user.pk


def can_acknowledge(user: Any, plan: StudyPlan) -> bool:
    """The student signs «С ИУП ознакомлен»."""
    return _at(plan, "student") and is_student(user, plan.student)


def department_rows(user: Any, plan: StudyPlan) -> QuerySet[StudyPlanRow]:
    """Rows of the plan whose department the user heads."""
    return plan.rows.filter(
        scope_q(user, Role.HEAD_OF_DEPARTMENT, "curriculum_line__discipline__department__path")
    )


def can_agree_department(user: Any, plan: StudyPlan) -> bool:
    """A head of a department concerned agrees the rows of their department."""
    if not _auth(user) or not _at(plan, "department"):
        return False
    return department_rows(user, plan).filter(department_agreed_at__isnull=True).exists()


def is_in_force(plan: StudyPlan) -> bool:
    return plan.status == ApprovalStatus.APPROVED and plan.archived_at is None


def can_record_result(user: Any, row: StudyPlanRow) -> bool:
    """The row's teacher records its result while the plan is in force."""
    return _auth(user) and is_in_force(row.plan) and row.teacher_id == user.pk


def can_amend(user: Any, plan: StudyPlan) -> bool:
    """An approved plan in force is changed only through a new version."""
    if not is_in_force(plan) or plan.completed_at is not None:
        return False
    if plan.amendments.exclude(status=ApprovalStatus.REJECTED).exists():
        return False
    return can_manage_plan(user, plan)


def can_archive(user: Any, plan: StudyPlan) -> bool:
    return (
        plan.completed_at is not None
        and plan.archived_at is None
        and in_faculty(user, plan.student.programme.faculty)
    )


def can_download(user: Any, plan: StudyPlan) -> bool:
    """The Appendix 1 form exists once the plan is approved."""
    return plan.status == ApprovalStatus.APPROVED and can_view_plan(user, plan)


def sees_plan_lists(user: Any) -> bool:
    """Staff who have queues and lists of plans (not students, not plain teachers)."""
    return _auth(user) and (
        user.is_superuser
        or has_role(
            user,
            (
                *UNIVERSITY_READERS,
                *FACULTY_ROLES,
                Role.PROGRAMME_LEADER,
                Role.HEAD_OF_DEPARTMENT,
            ),
        )
    )


def is_teacher(user: Any) -> bool:
    return _auth(user) and has_role(user, Role.TEACHER)


def is_learner(user: Any) -> bool:
    return _auth(user) and hasattr(user, "student_record")
