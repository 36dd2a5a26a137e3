"""Who may see and change the academic structure (п. 4.5, 4.7, 4.8).

Roles are scoped to org units and inherited downward (``dot.accounts.roles``):

* university-wide readers — the academic office (п. 4.5 controls the РУП of every
  department), the rector and vice-rectors — see every programme and РУП;
* a faculty's dean and dean's office see the programmes of their faculty;
* a department's head, programme leaders and teachers see the programmes the
  department owns; only the head of the owning department drafts and edits its РУП and
  submits them (п. 4.8);
* the academic office edits time norms (п. 5.4.4).

Everything a user may not see answers 404 in views and the API.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from dot.accounts.models import Role
from dot.accounts.roles import has_role, scope_q

from .models import Curriculum, CurriculumLine, Discipline, Programme, TimeNorm

UNIVERSITY_READERS = (Role.ACADEMIC_OFFICE, Role.VICE_RECTOR, Role.RECTOR)
FACULTY_READERS = (Role.DEAN, Role.DEANS_OFFICE)
DEPARTMENT_READERS = (Role.HEAD_OF_DEPARTMENT, Role.PROGRAMME_LEADER, Role.TEACHER)
CURRICULUM_EDITORS = (Role.HEAD_OF_DEPARTMENT,)
NORM_EDITORS = (Role.ACADEMIC_OFFICE,)


def _authenticated(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def is_university_reader(user: Any) -> bool:
    return has_role(user, UNIVERSITY_READERS)


def can_list_curricula(user: Any) -> bool:
    return has_role(user, UNIVERSITY_READERS + FACULTY_READERS + DEPARTMENT_READERS)


def is_department_staff(user: Any) -> bool:
    return has_role(user, DEPARTMENT_READERS)


def _programme_q(user: Any, prefix: str = "") -> Q:
    """Programmes the user may see, as a filter (``prefix`` e.g. ``"programme__"``)."""
    return scope_q(user, FACULTY_READERS, f"{prefix}faculty__path") | scope_q(
        user, DEPARTMENT_READERS, f"{prefix}department__path"
    )


# --- Programmes --------------------------------------------------------------------------


def programmes_visible_to(user: Any) -> QuerySet[Programme]:
    if not _authenticated(user):
        return Programme.objects.none()
    qs = Programme.objects.all()
    if is_university_reader(user):
        return qs
    return qs.filter(_programme_q(user))


def programmes_editable_by(user: Any) -> QuerySet[Programme]:
    """Programmes for which the user may draft a РУП (head of the owning department)."""
    if not _authenticated(user):
        return Programme.objects.none()
    return Programme.objects.filter(
        scope_q(user, CURRICULUM_EDITORS, "department__path"), is_active=True
    )


# --- Working curricula (РУП) -------------------------------------------------------------


def visible_to(user: Any) -> QuerySet[Curriculum]:
    """The РУП the user may see."""
    if not _authenticated(user):
        return Curriculum.objects.none()
    qs = Curriculum.objects.all()
    if is_university_reader(user):
        return qs
    return qs.filter(_programme_q(user, "programme__"))


def can_view_curriculum(user: Any, curriculum: Curriculum) -> bool:
    return visible_to(user).filter(pk=curriculum.pk).exists()


def can_create_curriculum(user: Any, programme: Programme | None = None) -> bool:
    if programme is None:
        # Some programme of the user's department to draft a РУП for.
        return has_role(user, CURRICULUM_EDITORS) and programmes_editable_by(user).exists()
    return has_role(user, CURRICULUM_EDITORS, programme.department)


def can_edit_curriculum(user: Any, curriculum: Curriculum) -> bool:
    """Lines change only in a draft or a returned РУП, by the head of the owning department."""
    return curriculum.is_editable and has_role(
        user, CURRICULUM_EDITORS, curriculum.programme.department
    )


def can_edit_line(user: Any, line: CurriculumLine) -> bool:
    return can_edit_curriculum(user, line.curriculum)


def can_submit_curriculum(user: Any, curriculum: Curriculum) -> bool:
    return can_edit_curriculum(user, curriculum)


def can_copy_curriculum(user: Any, curriculum: Curriculum) -> bool:
    """An approved РУП may be copied into a new draft by the owning department."""
    return curriculum.status == "approved" and can_create_curriculum(user, curriculum.programme)


def can_see_queue(user: Any) -> bool:
    return has_role(user, (Role.ACADEMIC_OFFICE, Role.VICE_RECTOR))


# --- Disciplines ---------------------------------------------------------------------------


def disciplines_visible_to(user: Any) -> QuerySet[Discipline]:
    if not _authenticated(user):
        return Discipline.objects.none()
    if is_university_reader(user):
        return Discipline.objects.all()
    return Discipline.objects.filter(
        scope_q(user, DEPARTMENT_READERS, "department__path")
        | scope_q(user, FACULTY_READERS, "department__path")
    )


def can_edit_discipline(user: Any, discipline: Discipline) -> bool:
    """The head of the owning department keeps the discipline's modules (п. 5.4.2)."""
    return has_role(user, CURRICULUM_EDITORS, discipline.department)


# --- Time norms ----------------------------------------------------------------------------


def can_view_norms(user: Any) -> bool:
    return is_university_reader(user) or has_role(user, (Role.HEAD_OF_DEPARTMENT, Role.DEAN))


def can_edit_norms(user: Any) -> bool:
    """Time norms are the university's (п. 5.4.4): only its academic office edits them."""
    from .setup_permissions import can_manage_setup

    return can_manage_setup(user)


def norms_visible_to(user: Any) -> QuerySet[TimeNorm]:
    return TimeNorm.objects.all() if can_view_norms(user) else TimeNorm.objects.none()
