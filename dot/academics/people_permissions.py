"""Who may see and change groups, students, registrations, teaching assignments,
workload and DOT certificates (п. 3.3, 4.7, 4.8, 5.4.4, 5.4.6).

* The dean and the dean's office of a faculty keep its groups and students and register
  them to the semester's disciplines (п. 4.7). A role held in the faculty's dean's office
  (an office unit under the faculty) counts for the whole faculty.
* The head of a department assigns teachers to the department's disciplines and keeps
  the DOT certificates and training records of the department's teachers (п. 3.3, 4.8).
* The academic office, the rector and the vice-rectors read everything; the academic
  office also keeps certificates (п. 5.4.6) and the time norms (``permissions.py``).
* A teacher sees their own load and certificates; a student sees their disciplines.

Anything outside a caller's scope answers 404, like a missing object.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from dot.accounts.models import Role, RoleAssignment, User
from dot.accounts.roles import held_roles
from dot.org.models import OrgUnit, UnitKind

from .models import (
    DotCertificate,
    SemesterRegistration,
    Student,
    StudentGroup,
    TeachingAssignment,
    TrainingRecord,
)

UNIVERSITY_READERS = (Role.ACADEMIC_OFFICE, Role.VICE_RECTOR, Role.RECTOR)
FACULTY_STAFF = (Role.DEAN, Role.DEANS_OFFICE)
DEPARTMENT_HEADS = (Role.HEAD_OF_DEPARTMENT,)
CERTIFICATE_KEEPERS = (Role.ACADEMIC_OFFICE,)
# Roles that make a user a member of a department's teaching staff (п. 3.3, 4.8).
TEACHING_ROLES = (Role.TEACHER, Role.HEAD_OF_DEPARTMENT, Role.PROGRAMME_LEADER)
LEARNER_ROLES = (Role.STUDENT, Role.MASTER_STUDENT, Role.LISTENER)


def _authenticated(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def _parent_path(path: str) -> str:
    parts = [p for p in path.strip("/").split("/") if p]
    return "/" + "".join(f"{p}/" for p in parts[:-1]) if len(parts) > 1 else path


def scope_paths(user: Any, roles: Iterable[str]) -> list[str]:
    """Unit paths where the user holds ``roles``; a dean's office unit covers its faculty."""
    wanted = set(roles)
    paths: list[str] = []
    for held in held_roles(user):
        if held.role not in wanted:
            continue
        if held.unit_kind == UnitKind.OFFICE and held.role in FACULTY_STAFF:
            paths.append(_parent_path(held.unit_path))
        else:
            paths.append(held.unit_path)
    return paths


def _scope(user: Any, roles: Iterable[str], path_field: str) -> Q:
    if getattr(user, "is_superuser", False):
        return Q()
    q = Q(pk__in=[])
    for path in scope_paths(user, roles):
        q |= Q(**{f"{path_field}__startswith": path})
    return q


def _holds(user: Any, roles: Iterable[str], unit: OrgUnit | None = None) -> bool:
    if not _authenticated(user):
        return False
    if user.is_superuser:
        return True
    paths = scope_paths(user, roles)
    if unit is None:
        return bool(paths)
    return any(unit.path.startswith(p) for p in paths)


def is_university_reader(user: Any) -> bool:
    return _holds(user, UNIVERSITY_READERS)


# --- Groups and students (п. 4.7) ----------------------------------------------------------


def can_list_groups(user: Any) -> bool:
    return _holds(user, FACULTY_STAFF + UNIVERSITY_READERS)


def groups_visible_to(user: Any) -> QuerySet[StudentGroup]:
    if not can_list_groups(user):
        return StudentGroup.objects.none()
    if is_university_reader(user):
        return StudentGroup.objects.all()
    return StudentGroup.objects.filter(_scope(user, FACULTY_STAFF, "programme__faculty__path"))


def can_manage_faculty(user: Any, faculty: OrgUnit) -> bool:
    """The dean or dean's office of this faculty (п. 4.7)."""
    return _holds(user, FACULTY_STAFF, faculty)


def can_manage_groups(user: Any) -> bool:
    return _holds(user, FACULTY_STAFF)


def can_edit_group(user: Any, group: StudentGroup) -> bool:
    return can_manage_faculty(user, group.programme.faculty)


def students_visible_to(user: Any) -> QuerySet[Student]:
    if not can_list_groups(user):
        return Student.objects.none()
    if is_university_reader(user):
        return Student.objects.all()
    return Student.objects.filter(_scope(user, FACULTY_STAFF, "programme__faculty__path"))


def can_edit_student(user: Any, student: Student) -> bool:
    return can_manage_faculty(user, student.programme.faculty)


def registrations_visible_to(user: Any) -> QuerySet[SemesterRegistration]:
    """The dean's office sees its faculty's registrations; a student sees their own."""
    if not _authenticated(user):
        return SemesterRegistration.objects.none()
    q = Q(student__user=user)
    if is_university_reader(user):
        return SemesterRegistration.objects.all()
    if can_list_groups(user):
        q |= _scope(user, FACULTY_STAFF, "student__programme__faculty__path")
    return SemesterRegistration.objects.filter(q)


def can_see_my_disciplines(user: Any) -> bool:
    return _authenticated(user) and (
        _holds(user, LEARNER_ROLES) or Student.objects.filter(user=user).exists()
    )


# --- Departments: assignments, workload, certificates (п. 3.3, 4.8) -------------------------


def departments_visible_to(user: Any) -> QuerySet[OrgUnit]:
    """Departments whose assignments, load and certificates the user may see."""
    qs = OrgUnit.objects.filter(kind=UnitKind.DEPARTMENT, is_active=True)
    if not _authenticated(user):
        return qs.none()
    if is_university_reader(user):
        return qs
    if not _holds(user, DEPARTMENT_HEADS):
        return qs.none()
    return qs.filter(_scope(user, DEPARTMENT_HEADS, "path"))


def can_list_departments(user: Any) -> bool:
    return _holds(user, DEPARTMENT_HEADS + UNIVERSITY_READERS)


def can_manage_assignments(user: Any, department: OrgUnit) -> bool:
    """The head of the department assigns its teachers (п. 4.8)."""
    return _holds(user, DEPARTMENT_HEADS, department)


def assignments_visible_to(user: Any) -> QuerySet[TeachingAssignment]:
    if not _authenticated(user):
        return TeachingAssignment.objects.none()
    if is_university_reader(user):
        return TeachingAssignment.objects.all()
    q = Q(teacher=user) | _scope(user, DEPARTMENT_HEADS, "discipline__department__path")
    return TeachingAssignment.objects.filter(q)


def my_departments_assignments_q(user: Any) -> Q:
    """Assignments of the disciplines of the departments the user heads."""
    return _scope(user, DEPARTMENT_HEADS, "discipline__department__path")


def can_edit_assignment(user: Any, assignment: TeachingAssignment) -> bool:
    return can_manage_assignments(user, assignment.discipline.department)


def staff_ids_q(paths: Iterable[str]) -> Q:
    """Users holding a teaching role now in a unit below one of ``paths``."""
    today = timezone.localdate()
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(unit__path__startswith=path)
    ids = RoleAssignment.objects.current(today).filter(q, role__in=TEACHING_ROLES).values("user_id")
    return Q(pk__in=ids)


def teachers_visible_to(user: Any) -> QuerySet[User]:
    """Teachers whose certificates and load the user may see: the staff of the user's
    departments and anyone teaching the departments' disciplines (external teachers)."""
    if not _authenticated(user):
        return User.objects.none()
    if is_university_reader(user):
        return User.objects.filter(
            Q(
                pk__in=RoleAssignment.objects.current()
                .filter(role__in=TEACHING_ROLES)
                .values("user_id")
            )
            | Q(pk__in=TeachingAssignment.objects.values("teacher_id"))
        )
    paths = scope_paths(user, DEPARTMENT_HEADS)
    q = Q(pk=user.pk) if _holds(user, TEACHING_ROLES) else Q(pk__in=[])
    if paths:
        dept_q = Q(pk__in=[])
        for path in paths:
            dept_q |= Q(discipline__department__path__startswith=path)
        q |= staff_ids_q(paths) | Q(
            pk__in=TeachingAssignment.objects.filter(dept_q).values("teacher_id")
        )
    return User.objects.filter(q)


def can_view_teacher(user: Any, teacher: User) -> bool:
    return teachers_visible_to(user).filter(pk=teacher.pk).exists()


def can_keep_certificates(user: Any, teacher: User) -> bool:
    """The academic office (п. 5.4.6) or the head of a department the teacher works in."""
    if _holds(user, CERTIFICATE_KEEPERS):
        return True
    paths = scope_paths(user, DEPARTMENT_HEADS)
    return bool(paths) and User.objects.filter(staff_ids_q(paths), pk=teacher.pk).exists()


def can_keep_any_certificates(user: Any) -> bool:
    return _holds(user, CERTIFICATE_KEEPERS + DEPARTMENT_HEADS)


def certificates_visible_to(user: Any) -> QuerySet[DotCertificate]:
    return DotCertificate.objects.filter(teacher__in=teachers_visible_to(user))


def trainings_visible_to(user: Any) -> QuerySet[TrainingRecord]:
    return TrainingRecord.objects.filter(teacher__in=teachers_visible_to(user))


def can_view_my_load(user: Any) -> bool:
    return _holds(user, TEACHING_ROLES)


def dean_office_units(user: Any) -> QuerySet[OrgUnit]:
    """Faculties whose groups the user keeps."""
    qs = OrgUnit.objects.filter(kind=UnitKind.FACULTY)
    if getattr(user, "is_superuser", False):
        return qs
    return qs.filter(_scope(user, FACULTY_STAFF, "path"))
