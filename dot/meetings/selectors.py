"""Reads of online lessons: audiences, conflicts, lists, attendance, course panel."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from dot.academics.models import SemesterRegistration, StudentGroup, StudentStatus
from dot.accounts.models import User
from dot.content.models import Course

from . import permissions
from .models import Attendance, Lesson, Recording


def with_related(qs: QuerySet[Lesson]) -> QuerySet[Lesson]:
    return qs.select_related(
        "course__discipline", "course__semester", "group", "student"
    ).prefetch_related(
        Prefetch("teachers", queryset=User.objects.order_by("last_name", "first_name")),
    )


def audience(lesson: Lesson) -> QuerySet[User]:
    """The users a lesson is for (not its teachers): one query."""
    q = Q(pk__in=lesson.invitees.values("pk"))
    if lesson.student_id:
        q |= Q(pk=lesson.student_id)
    if lesson.group_id:
        q |= Q(student_record__group_id=lesson.group_id, student_record__status="studying")
    elif lesson.course_id:
        course = lesson.course
        assert course is not None
        learners = SemesterRegistration.objects.filter(
            student__status=StudentStatus.STUDYING,
            student__group__courses=course,
            semester_id=course.semester_id,
            curriculum_line__discipline_id=course.discipline_id,
        ).values("student__user_id")
        q |= Q(pk__in=learners)
    return User.objects.filter(q, is_active=True).distinct().order_by("last_name", "first_name")


def user_lessons(user: Any, *, past: bool = False) -> QuerySet[Lesson]:
    now = timezone.now()
    qs = permissions.visible_to(user).filter(cancelled_at__isnull=True)
    if past:
        qs = qs.filter(end__lte=now).order_by("-start")
    else:
        qs = qs.filter(end__gt=now).order_by("start")
    return with_related(qs)


def lessons_between(
    user: Any, start: datetime.datetime, end: datetime.datetime
) -> QuerySet[Lesson]:
    return (
        permissions.visible_to(user)
        .filter(cancelled_at__isnull=True, start__lt=end, end__gte=start)
        .select_related("course__discipline")
        .order_by("start")
    )


# --- Conflicts --------------------------------------------------------------------------


@dataclass(frozen=True)
class Conflict:
    lesson: Lesson
    reason: str


def _groups_of(course: Course | None, group: StudentGroup | None) -> list[int]:
    if group is not None:
        return [group.pk]
    if course is not None and course.pk:
        return list(course.groups.values_list("pk", flat=True))
    return []


def conflicts(
    *,
    start: datetime.datetime,
    duration: int,
    teachers: Iterable[User],
    course: Course | None = None,
    group: StudentGroup | None = None,
    student: User | None = None,
    exclude: Lesson | None = None,
) -> list[Conflict]:
    """Lessons overlapping the time that share a teacher, a group or the student."""
    end = start + datetime.timedelta(minutes=duration)
    teacher_ids = [t.pk for t in teachers]
    group_ids = _groups_of(course, group)
    busy = Lesson.objects.filter(cancelled_at__isnull=True, start__lt=end, end__gt=start)
    if exclude is not None and exclude.pk:
        busy = busy.exclude(pk=exclude.pk)
    same_group = Q(group_id__in=group_ids) | Q(group__isnull=True, course__groups__in=group_ids)
    q = Q(teachers__in=teacher_ids) | same_group
    if student is not None:
        q |= Q(student=student)
    found = []
    rows = (
        busy.filter(q)
        .distinct()
        .select_related("group")
        .prefetch_related("teachers", "course__groups")
        .order_by("start")
    )
    for lesson in rows:
        shared_teachers = [t for t in lesson.teachers.all() if t.pk in teacher_ids]
        lesson_groups = (
            [lesson.group]
            if lesson.group
            else (list(lesson.course.groups.all()) if lesson.course else [])
        )
        shared_groups = [g for g in lesson_groups if g.pk in group_ids]
        when = timezone.localtime(lesson.start)
        params = {
            "title": lesson.title,
            "start": when.strftime("%d.%m.%Y %H:%M"),
            "end": timezone.localtime(lesson.end).strftime("%H:%M"),
        }
        if shared_teachers:
            params["who"] = ", ".join(str(t) for t in shared_teachers)
            reason = _("%(who)s already teaches «%(title)s» on %(start)s–%(end)s.") % params
        elif shared_groups:
            params["who"] = ", ".join(g.name for g in shared_groups)
            reason = _("Group %(who)s already has «%(title)s» on %(start)s–%(end)s.") % params
        else:
            reason = _("The student already has «%(title)s» on %(start)s–%(end)s.") % params
        found.append(Conflict(lesson, reason))
    return found


# --- Attendance -------------------------------------------------------------------------


@dataclass(frozen=True)
class AttendanceRow:
    user: User
    record: Attendance | None
    is_teacher: bool


def attendance_rows(lesson: Lesson) -> list[AttendanceRow]:
    """Everyone expected (teachers, audience) and anyone else who joined: three queries."""
    records = {a.user_id: a for a in lesson.attendance.select_related("user")}
    teachers = list(lesson.teachers.order_by("last_name", "first_name"))
    rows = [AttendanceRow(t, records.pop(t.pk, None), True) for t in teachers]
    teacher_ids = {t.pk for t in teachers}
    rows.extend(
        AttendanceRow(user, records.pop(user.pk, None), False)
        for user in audience(lesson)
        if user.pk not in teacher_ids
    )
    rows += [AttendanceRow(a.user, a, a.as_teacher) for a in records.values()]
    return rows


# --- Course panel -----------------------------------------------------------------------


def course_lessons(user: Any, course: Course, limit: int = 5) -> list[Lesson]:
    now = timezone.now()
    qs = (
        permissions.visible_to(user)
        .filter(course=course, cancelled_at__isnull=True, end__gt=now)
        .order_by("start")
    )
    return list(qs[:limit])


def course_recordings(user: Any, course: Course, limit: int = 10) -> list[Recording]:
    # The ids first: the visibility subqueries do not nest inside another subquery.
    lesson_ids = list(
        permissions.visible_to(user).filter(course=course).values_list("pk", flat=True)
    )
    return list(
        Recording.objects.filter(lesson_id__in=lesson_ids, published=True)
        .select_related("lesson")
        .order_by("-started_at", "-id")[:limit]
    )
