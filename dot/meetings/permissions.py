"""Who sees, schedules and joins online lessons (п. 1.5, 2.3, 4.8).

* A lesson is seen by its teachers, the one who scheduled it, the teachers of its course
  and its audience: the course's registered students (or the group's students when the
  lesson is for a group), the consultation's student and the extra invitees.
* Nobody else sees it: the page, the join link and the API answer 404 (п. 2.3: the
  meeting is for the audience it is scheduled for).
* A teacher (tutor) of a course schedules lessons in it; a curator or tutor of a group,
  or a teacher of a course of the group, schedules lessons for the group.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from dot.academics.models import SemesterRegistration, Student, StudentGroup, StudentStatus
from dot.accounts.models import Role, User
from dot.accounts.roles import has_role
from dot.content.models import Course

from .models import Lesson

SCHEDULERS = (Role.TEACHER, Role.TUTOR, Role.HEAD_OF_DEPARTMENT)


def _auth(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def learner_courses(user: Any) -> QuerySet[Course]:
    """Courses the user studies: registered for the discipline in the semester (п. 4.7)."""
    registered = SemesterRegistration.objects.filter(
        student__user=user,
        student__status=StudentStatus.STUDYING,
        student__group__courses=OuterRef("pk"),
        semester=OuterRef("semester"),
        curriculum_line__discipline=OuterRef("discipline"),
    )
    return Course.objects.filter(Exists(registered))


def _group_member(user: Any) -> Exists:
    return Exists(
        Student.objects.filter(
            user=user, status=StudentStatus.STUDYING, group_id=OuterRef("group_id")
        )
    )


def _teaches(user: Any) -> Exists:
    return Exists(Lesson.teachers.through.objects.filter(lesson=OuterRef("pk"), user=user))


def _invited(user: Any) -> Exists:
    return Exists(Lesson.invitees.through.objects.filter(lesson=OuterRef("pk"), user=user))


def _course_staff(user: Any) -> Exists:
    return Exists(Course.teachers.through.objects.filter(course=OuterRef("course"), user=user))


def audience_q(user: Any) -> Q:
    """The lessons whose audience includes the user (not as a teacher)."""
    by_group = Q(group__isnull=False) & Q(_group_member(user))
    by_course = Q(group__isnull=True, course__in=learner_courses(user).values("pk"))
    return by_group | by_course | Q(student=user) | Q(_invited(user))


def staff_q(user: Any) -> Q:
    return Q(_teaches(user)) | Q(created_by=user) | Q(_course_staff(user))


def visible_to(user: Any) -> QuerySet[Lesson]:
    if not _auth(user):
        return Lesson.objects.none()
    if user.is_superuser:
        return Lesson.objects.all()
    return Lesson.objects.filter(staff_q(user) | audience_q(user))


def can_view(user: Any, lesson: Lesson) -> bool:
    return visible_to(user).filter(pk=lesson.pk).exists()


def is_moderator(user: Any, lesson: Lesson) -> bool:
    """Teachers of the lesson (and who scheduled it) run it: MODERATOR on the platform."""
    if not _auth(user):
        return False
    return (
        Lesson.objects.filter(pk=lesson.pk).filter(Q(_teaches(user)) | Q(created_by=user)).exists()
    )


def can_manage(user: Any, lesson: Lesson) -> bool:
    """Edit, cancel, end, fetch the recordings, see the attendance."""
    if not _auth(user):
        return False
    if user.is_superuser:
        return True
    return Lesson.objects.filter(pk=lesson.pk).filter(staff_q(user)).exists()


def can_join(user: Any, lesson: Lesson) -> bool:
    """Audience and teachers only; whether the window is open is checked separately."""
    return can_view(user, lesson) and lesson.cancelled_at is None


# --- Scheduling -------------------------------------------------------------------------


def courses_for_scheduling(user: Any) -> QuerySet[Course]:
    if not _auth(user):
        return Course.objects.none()
    return (
        Course.objects.filter(Q(teachers=user) | Q(tutors=user))
        .distinct()
        .select_related("discipline", "semester")
    )


def groups_for_scheduling(user: Any) -> QuerySet[StudentGroup]:
    if not _auth(user):
        return StudentGroup.objects.none()
    taught = Course.objects.filter(Q(teachers=user) | Q(tutors=user))
    return StudentGroup.objects.filter(
        Q(courses__in=taught) | Q(curator=user) | Q(tutor=user), is_active=True
    ).distinct()


def students_for_scheduling(user: Any) -> QuerySet[User]:
    """Students a consultation may be held with: those of the user's groups."""
    return User.objects.filter(
        student_record__group__in=groups_for_scheduling(user),
        student_record__status=StudentStatus.STUDYING,
        is_active=True,
    ).distinct()


def colleagues_for_scheduling(user: Any) -> QuerySet[User]:
    """Co-teachers: the teachers and tutors of the user's courses (and the user)."""
    courses = Course.objects.filter(Q(teachers=user) | Q(tutors=user))
    return User.objects.filter(
        Q(pk=user.pk) | Q(taught_courses__in=courses) | Q(tutored_courses__in=courses),
        is_active=True,
    ).distinct()


def can_schedule(user: Any) -> bool:
    if not _auth(user):
        return False
    if not has_role(user, SCHEDULERS) and not user.is_superuser:
        return False
    return courses_for_scheduling(user).exists() or groups_for_scheduling(user).exists()


def can_schedule_for(
    user: Any, *, course: Course | None, group: StudentGroup | None, student: User | None
) -> bool:
    if not can_schedule(user):
        return False
    if course is not None and not courses_for_scheduling(user).filter(pk=course.pk).exists():
        return False
    if group is not None and not groups_for_scheduling(user).filter(pk=group.pk).exists():
        return False
    if student is not None and not students_for_scheduling(user).filter(pk=student.pk).exists():
        return False
    return True
