"""Who may do what with question banks (п. 2.3, 3.2: the assessment fund of an ЭУМК).

* A bank belongs to a discipline and is owned by the discipline's department: the
  department's head, teachers and programme leaders (roles held in the department or
  above it) manage it — create banks, categories, questions, import and export.
* The discipline's teachers (academics ``TeachingAssignment``) share the bank: they see
  and edit its questions even when they belong to another department.
* Everyone else — students included — gets 404, as if the bank did not exist; answer
  keys never leave these pages and the staff API.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from dot.academics.models import Discipline, TeachingAssignment
from dot.accounts.models import Role
from dot.accounts.roles import has_role, scope_q

from .models import Question, QuestionBank

MANAGERS = (Role.HEAD_OF_DEPARTMENT, Role.TEACHER, Role.PROGRAMME_LEADER)


def _auth(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def visible_to(user: Any) -> QuerySet[QuestionBank]:
    """Banks the user may open and edit."""
    if not _auth(user):
        return QuestionBank.objects.none()
    if user.is_superuser:
        return QuestionBank.objects.all()
    teaches = TeachingAssignment.objects.filter(teacher=user, discipline=OuterRef("discipline"))
    return QuestionBank.objects.filter(
        scope_q(user, MANAGERS, "department__path") | Q(Exists(teaches))
    )


def can_view(user: Any, bank: QuestionBank) -> bool:
    return visible_to(user).filter(pk=bank.pk).exists()


def can_edit(user: Any, bank: QuestionBank) -> bool:
    """The department's staff and the discipline's teachers edit questions."""
    return can_view(user, bank)


def can_manage(user: Any, bank: QuestionBank) -> bool:
    """Categories, import, renaming: the same people as editing (shared bank)."""
    return can_view(user, bank)


def disciplines_for_new_bank(user: Any) -> QuerySet[Discipline]:
    """Disciplines of the user's departments (the department owns the bank)."""
    if not _auth(user):
        return Discipline.objects.none()
    return Discipline.objects.filter(
        scope_q(user, MANAGERS, "department__path"), is_active=True
    ).order_by("name")


def can_create_bank(user: Any, discipline: Discipline) -> bool:
    return _auth(user) and has_role(user, MANAGERS, discipline.department)


def is_bank_user(user: Any) -> bool:
    """Shows the menu item: department staff (a discipline's teacher from another
    department holds the teacher role there). No query beyond the cached roles: the
    header menu is built on every page."""
    return _auth(user) and has_role(user, MANAGERS)


def questions_visible_to(user: Any) -> QuerySet[Question]:
    return Question.objects.filter(bank__in=visible_to(user))
