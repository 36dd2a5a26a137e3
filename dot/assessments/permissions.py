"""Who may do what with tests and attempts. Views and the API use only these checks;
anything a user may not see answers 404.

* The course's teachers, and the head of the discipline's department, create and edit
  the course's tests, set accommodations, monitor the session and extend time.
* Course staff who only read (tutors, the faculty, the university offices — see
  ``dot.content.permissions``) see the tests and the attempts.
* A student registered to the course sees its *published* tests and takes them; an
  attempt is seen by its student and by the course staff, never by another student.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from dot.accounts.models import Role
from dot.accounts.roles import has_role
from dot.content import permissions as content_permissions
from dot.content.models import Course

from .models import Attempt, Test

MANAGERS = (Role.HEAD_OF_DEPARTMENT,)


def _auth(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def can_create_test(user: Any, course: Course) -> bool:
    """The course's teachers and the head of the discipline's department."""
    if not _auth(user):
        return False
    if has_role(user, MANAGERS, course.discipline.department):
        return True
    return content_permissions.is_course_teacher(user, course)


def can_manage(user: Any, test: Test) -> bool:
    """Edit the test, its questions and accommodations; monitor; extend time."""
    return can_create_test(user, test.course)


def is_staff_of(user: Any, test: Test) -> bool:
    """Sees the test as staff (all attempts and results)."""
    return content_permissions.is_course_staff(user, test.course)


def courses_for_new_test(user: Any) -> QuerySet[Course]:
    if not _auth(user):
        return Course.objects.none()
    if user.is_superuser:
        return Course.objects.all()
    from dot.accounts.roles import scope_q

    q = scope_q(user, MANAGERS, "discipline__department__path") | Q(teachers=user)
    return Course.objects.filter(q).distinct()


def visible_to(user: Any) -> QuerySet[Test]:
    """Tests the user sees: all tests of courses they see as staff, published tests of the
    courses they study."""
    if not _auth(user):
        return Test.objects.none()
    courses = content_permissions.courses_visible_to(user)
    staff = _staff_course_ids(user)
    return Test.objects.filter(course__in=courses).filter(
        Q(is_published=True) | Q(course__in=staff)
    )


def get_visible_test(user: Any, pk: int, *related: str) -> Test:
    """``visible_to(user).select_related(*related).get(pk=pk)`` for one test — the lookup
    of the exam session's test page and start. A registered student's published test is
    recognised by two small queries (the test, the registration), which ``visible_to``
    also accepts (its courses include the registered ones); any other caller is asked
    ``visible_to``. The course remembers the answers for the request (``can_take`` asks
    the same). Raises ``Test.DoesNotExist``."""
    if not _auth(user):
        raise Test.DoesNotExist
    test = Test.objects.select_related("course", *related).filter(pk=pk).first()
    if test is None:
        raise Test.DoesNotExist
    content_permissions.remember_access(test.course)
    if test.is_published and content_permissions.is_course_learner(user, test.course):
        return test
    if visible_to(user).filter(pk=pk).exists():
        return test
    raise Test.DoesNotExist


def _staff_course_ids(user: Any) -> QuerySet[Course, Any]:
    """Courses the user sees as staff (teachers, tutors, department/faculty, offices)."""
    visible = content_permissions.courses_visible_to(user)
    if content_permissions.is_university_reader(user) or user.is_superuser:
        return visible.values("pk")
    q = Q(teachers=user) | Q(tutors=user)
    for path in content_permissions.faculty_paths(user, content_permissions.UNIT_READERS):
        q |= Q(discipline__department__path__startswith=path)
    return Course.objects.filter(q).values("pk")


def can_view(user: Any, test: Test) -> bool:
    return visible_to(user).filter(pk=test.pk).exists()


def can_take(user: Any, test: Test) -> bool:
    """A registered student of the course, a published test."""
    return (
        _auth(user)
        and test.is_published
        and content_permissions.is_course_learner(user, test.course)
    )


def can_view_attempt(user: Any, attempt: Attempt) -> bool:
    if not _auth(user):
        return False
    return attempt.user_id == user.pk or is_staff_of(user, attempt.test)


def attempts_visible_to(user: Any) -> QuerySet[Attempt]:
    if not _auth(user):
        return Attempt.objects.none()
    return Attempt.objects.filter(Q(user=user) | Q(test__course__in=_staff_course_ids(user)))
