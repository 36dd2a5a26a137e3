"""Who may do what with courses and ЭУМК (п. 4.6, 4.8, 5.4.5). Views and the API use
only these checks; anything a user may not see answers 404.

* Department staff (teachers, head, programme leaders) and the faculty (dean, dean's
  office, teaching-methods council) see the ЭУМК of their units' disciplines; the
  university-wide offices (editorial, academic, IT, rectorate) see all.
* Teachers of the owning department, and the teachers of a course of the discipline,
  edit a draft (or a version returned for rework) and submit it.
* The faculty teaching-methods council publishes an approved version (п. 5.4.5: the
  council controls the presence of ЭОР on the portal).
* Students see a course they are registered to, and only its published version.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from dot.academics.models import Discipline, SemesterRegistration, StudentStatus
from dot.accounts.models import Role
from dot.accounts.roles import has_role, held_roles, scope_q
from dot.org.models import UnitKind

from .models import Course, Resource, Umk, UmkVersion

UNIT_READERS = (
    Role.TEACHER,
    Role.HEAD_OF_DEPARTMENT,
    Role.PROGRAMME_LEADER,
    Role.METHODS_COUNCIL,
    Role.DEAN,
    Role.DEANS_OFFICE,
)
UNIVERSITY_READERS = (
    Role.EDITORIAL_OFFICE,
    Role.ACADEMIC_OFFICE,
    Role.IT_OFFICE,
    Role.VICE_RECTOR,
    Role.RECTOR,
)
EDITORS = (Role.TEACHER, Role.HEAD_OF_DEPARTMENT)
PUBLISHERS = (Role.METHODS_COUNCIL,)
REPORT_READERS = (Role.METHODS_COUNCIL, Role.DEAN, Role.DEANS_OFFICE)


def _auth(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def faculty_paths(user: Any, roles: tuple[str, ...]) -> list[str]:
    """Unit paths where the user holds ``roles``; a role held in an office (the faculty's
    teaching-methods council, its dean's office) covers the office's parent unit."""
    paths = []
    for held in held_roles(user):
        if held.role not in roles:
            continue
        if held.unit_kind == UnitKind.OFFICE:
            paths.append("/".join(held.unit_path.rstrip("/").split("/")[:-1]) + "/")
        else:
            paths.append(held.unit_path)
    return paths


def _faculty_q(user: Any, roles: tuple[str, ...], path_field: str) -> Q:
    if getattr(user, "is_superuser", False):
        return Q()
    q = Q(pk__in=[])
    for path in faculty_paths(user, roles):
        q |= Q(**{f"{path_field}__startswith": path})
    return q


def is_university_reader(user: Any) -> bool:
    return has_role(user, UNIVERSITY_READERS)


# --- ЭУМК -------------------------------------------------------------------------------


def umk_visible_to(user: Any) -> QuerySet[Umk]:
    """ЭУМК the user sees as staff (all versions)."""
    if not _auth(user):
        return Umk.objects.none()
    if is_university_reader(user):
        return Umk.objects.all()
    q = _faculty_q(user, UNIT_READERS, "discipline__department__path")
    teaches = Course.objects.filter(discipline=OuterRef("discipline"), teachers=user)
    return Umk.objects.filter(q | Q(Exists(teaches)))


def can_view_umk(user: Any, umk: Umk) -> bool:
    return umk_visible_to(user).filter(pk=umk.pk).exists()


def teaches_discipline(user: Any, discipline: Discipline) -> bool:
    return Course.objects.filter(discipline=discipline, teachers=user).exists()


def can_create_umk(user: Any, discipline: Discipline) -> bool:
    if not _auth(user):
        return False
    return has_role(user, EDITORS, discipline.department) or teaches_discipline(user, discipline)


def disciplines_for_new_umk(user: Any) -> QuerySet[Discipline]:
    """Disciplines without an ЭУМК for which the user may start one."""
    if not _auth(user):
        return Discipline.objects.none()
    q = scope_q(user, EDITORS, "department__path") | Q(courses__teachers=user)
    return Discipline.objects.filter(q, umk__isnull=True, is_active=True).distinct()


def can_edit_version(user: Any, version: UmkVersion) -> bool:
    """A draft or a returned version, by the department's teachers or the course teachers."""
    return version.is_editable and can_create_umk(user, version.umk.discipline)


def can_start_version(user: Any, umk: Umk) -> bool:
    return can_create_umk(user, umk.discipline)


def can_appoint_reviewer(user: Any, umk: Umk) -> bool:
    return has_role(user, Role.HEAD_OF_DEPARTMENT, umk.discipline.department)


def can_publish(user: Any, version: UmkVersion) -> bool:
    """п. 5.4.5: the faculty teaching-methods council places an approved version."""
    if version.status != "approved" or version.is_published or not _auth(user):
        return False
    if user.is_superuser:
        return True
    path = version.umk.discipline.department.path
    return any(path.startswith(p) for p in faculty_paths(user, PUBLISHERS))


def can_manage_requirements(user: Any) -> bool:
    """п. 4.6: the editorial office sets the requirements for ЭУМК."""
    return has_role(user, Role.EDITORIAL_OFFICE)


def can_see_review_queue(user: Any) -> bool:
    return has_role(user, (Role.HEAD_OF_DEPARTMENT, Role.EDITORIAL_OFFICE)) or (
        _auth(user) and Umk.objects.filter(reviewer=user).exists()
    )


def can_view_status_report(user: Any) -> bool:
    return has_role(user, REPORT_READERS + UNIVERSITY_READERS)


def report_scope(user: Any) -> QuerySet[Umk]:
    """ЭУМК in the publication-status report: the faculty's, or all for university offices."""
    if is_university_reader(user):
        return Umk.objects.all()
    return Umk.objects.filter(_faculty_q(user, REPORT_READERS, "discipline__department__path"))


# --- Courses ----------------------------------------------------------------------------


def _registered(user: Any) -> Exists:
    return Exists(
        SemesterRegistration.objects.filter(
            student__user=user,
            student__status=StudentStatus.STUDYING,
            student__group__courses=OuterRef("pk"),
            semester=OuterRef("semester"),
            curriculum_line__discipline=OuterRef("discipline"),
        )
    )


def courses_visible_to(user: Any) -> QuerySet[Course]:
    if not _auth(user):
        return Course.objects.none()
    if is_university_reader(user):
        return Course.objects.all()
    staff = Exists(Course.teachers.through.objects.filter(course=OuterRef("pk"), user=user))
    tutors = Exists(Course.tutors.through.objects.filter(course=OuterRef("pk"), user=user))
    scope = _faculty_q(user, UNIT_READERS, "discipline__department__path")
    return Course.objects.filter(Q(staff) | Q(tutors) | scope | Q(_registered(user)))


def remember_access(course: Course) -> Course:
    """Keep the answers about users and this course instance for its lifetime (one request):
    the course page and the panels other apps add to it ask the same questions of the same
    object. Only instances marked so remember; others always ask the database."""
    course.__dict__["_dot_access"] = {}
    return course


def _memo(course: Course, key: tuple[str, Any], compute: Any) -> bool:
    cache: dict[tuple[str, Any], bool] | None = course.__dict__.get("_dot_access")
    if cache is None:
        return bool(compute())
    if key not in cache:
        cache[key] = bool(compute())
    return cache[key]


def is_course_learner(user: Any, course: Course) -> bool:
    if not _auth(user):
        return False
    # ``_registered`` for this one course, asked of the registrations directly: the same
    # rows without joining the course (the exam's test page and start ask it for every
    # student; bench/exam_session.py).
    return _memo(
        course,
        ("learner", user.pk),
        lambda: SemesterRegistration.objects.filter(
            student__user=user,
            student__status=StudentStatus.STUDYING,
            student__group__courses=course.pk,
            semester_id=course.semester_id,
            curriculum_line__discipline_id=course.discipline_id,
        ).exists(),
    )


def is_course_teacher(user: Any, course: Course) -> bool:
    """Teaches the course (one of its teachers)."""
    if not _auth(user):
        return False
    return _memo(course, ("teacher", user.pk), lambda: course.teachers.filter(pk=user.pk).exists())


def is_course_staff(user: Any, course: Course) -> bool:
    """Sees the course as staff: teachers, tutors, the department and the faculty, offices."""
    if not _auth(user):
        return False
    if is_university_reader(user):
        return True
    path = course.discipline.department.path
    if any(path.startswith(p) for p in faculty_paths(user, UNIT_READERS)):
        return True
    return _memo(
        course,
        ("staff", user.pk),
        lambda: is_course_teacher(user, course) or course.tutors.filter(pk=user.pk).exists(),
    )


# --- Resources --------------------------------------------------------------------------


def can_open_resource(user: Any, resource: Resource) -> bool:
    """Staff who see the ЭУМК open any version's material; a learner only the published
    version's, visible materials of a course of the discipline (п. 4.6: never a version
    that has not passed the review)."""
    if not _auth(user):
        return False
    umk = resource.version.umk
    if can_view_umk(user, umk):
        return True
    if resource.is_hidden or umk.published_version_id != resource.version_id:
        return False
    return courses_visible_to(user).filter(discipline_id=umk.discipline_id).exists()
