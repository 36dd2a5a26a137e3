"""Who may see, write in and moderate which forum. Views and the API use only these checks;
a forum, thread, post or file the user may not see answers 404, exactly like a missing one.

* Course forums: the course's students (registered to its discipline for its semester,
  п. 4.7), its teachers and tutors. Teachers moderate (hide, lock, pin, move) and create
  module forums; teachers and tutors post in announcements-only forums.
* Group forums: the group's students, its curator and tutor; programme forums: the
  programme's students and leader; faculty forums: everyone holding a role in the faculty
  (or below it) and its students; the university forum: everyone signed in.
  The dean and the dean's office moderate and create the forums of their faculty; the
  academic office those of the whole university (п. 4.8: the units organise forums).
* Questions and answers: a student sees the others' answers in a thread only after
  posting their own reply (the thread's author sees every answer to their question).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from dot.academics.models import SemesterRegistration, Student, StudentStatus
from dot.accounts.models import STAFF_ROLES, Role
from dot.accounts.roles import has_role, held_roles
from dot.content.models import Course
from dot.content.permissions import faculty_paths

from .models import Attachment, Forum, ForumKind, ForumScope, Post, Thread

FACULTY_MODERATORS = (Role.DEAN, Role.DEANS_OFFICE)
UNIVERSITY_MODERATORS = (Role.ACADEMIC_OFFICE,)

TEACHER, TUTOR, STUDENT = "teacher", "tutor", "student"


def edit_window() -> datetime.timedelta:
    """How long an author may edit a post (``DOT_FORUM_EDIT_MINUTES``, 30 by default)."""
    return datetime.timedelta(minutes=int(getattr(settings, "DOT_FORUM_EDIT_MINUTES", 30)))


def _auth(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


@dataclass
class Viewer:
    """What the permission checks need to know about a user, loaded once per request."""

    course_roles: dict[int, str] = field(default_factory=dict)
    group_id: int | None = None
    programme_id: int | None = None
    faculty_path: str = ""
    moderator_paths: list[str] = field(default_factory=list)
    university_moderator: bool = False
    held_paths: list[str] = field(default_factory=list)
    staff: bool = False


_VIEWER_ATTR = "_dot_forum_viewer"


def viewer(user: Any) -> Viewer:
    """The user's courses (with the role in each), their student record and their
    moderator scope; three or four queries, cached on the user object."""
    if not _auth(user):
        return Viewer()
    cached = getattr(user, _VIEWER_ATTR, None)
    if cached is not None:
        return cached
    roles: dict[int, str] = {}
    # п. 4.7: a student is in a course when registered to its discipline for its semester
    # and in one of its groups; looked up through the registrations, never all courses.
    registrations = list(
        SemesterRegistration.objects.filter(
            student__user=user, student__status=StudentStatus.STUDYING, student__group__isnull=False
        ).values_list("semester_id", "curriculum_line__discipline_id", "student__group_id")
    )
    if registrations:
        q = Q(pk__in=[])
        for semester_id, discipline_id, group_id in registrations:
            q |= Q(semester_id=semester_id, discipline_id=discipline_id, groups=group_id)
        roles.update((pk, STUDENT) for pk in Course.objects.filter(q).values_list("pk", flat=True))
    staff = Course.teachers.through.objects.filter(user=user).values_list("course_id", flat=True)
    tutors = Course.tutors.through.objects.filter(user=user).values_list("course_id", flat=True)
    roles.update((pk, TUTOR) for pk in tutors)
    roles.update((pk, TEACHER) for pk in staff)
    v = Viewer(course_roles=roles)
    student = (
        Student.objects.filter(user=user, status=StudentStatus.STUDYING)
        .select_related("programme__faculty")
        .first()
    )
    if student is not None:
        v.group_id = student.group_id
        v.programme_id = student.programme_id
        v.faculty_path = student.programme.faculty.path
    v.university_moderator = has_role(user, UNIVERSITY_MODERATORS)
    v.moderator_paths = faculty_paths(user, FACULTY_MODERATORS)
    v.held_paths = [h.unit_path for h in held_roles(user)]
    v.staff = user.is_superuser or any(h.role in STAFF_ROLES for h in held_roles(user))
    setattr(user, _VIEWER_ATTR, v)
    return v


def forget(user: Any) -> None:
    if hasattr(user, _VIEWER_ATTR):
        delattr(user, _VIEWER_ATTR)


def _prefixes(path: str) -> list[str]:
    parts = [p for p in path.split("/") if p]
    return ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


def _path_in(field_name: str, paths: list[str]) -> Q:
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(**{f"{field_name}__startswith": path})
    return q


def forum_q(user: Any) -> Q:
    """Forums the user belongs to (their audience), as a filter on ``Forum``."""
    if not _auth(user):
        return Q(pk__in=[])
    if user.is_superuser:
        return Q()
    v = viewer(user)
    if v.university_moderator:
        org = ~Q(scope=ForumScope.COURSE)
    else:
        mods = v.moderator_paths
        group = Q(group__curator=user) | Q(group__tutor=user)
        group |= _path_in("group__programme__faculty__path", mods)
        programme = Q(programme__leader=user) | _path_in("programme__faculty__path", mods)
        if v.group_id:
            group |= Q(group_id=v.group_id)
        if v.programme_id:
            programme |= Q(programme_id=v.programme_id)
        member_paths = {p for path in v.held_paths for p in _prefixes(path)}
        if v.faculty_path:
            member_paths |= set(_prefixes(v.faculty_path))
        org = (
            Q(scope=ForumScope.GROUP, group__isnull=False) & group
            | Q(scope=ForumScope.PROGRAMME, programme__isnull=False) & programme
            | Q(scope=ForumScope.FACULTY, unit__path__in=sorted(member_paths))
            | Q(scope=ForumScope.UNIVERSITY)
        )
    return Q(scope=ForumScope.COURSE, course_id__in=list(v.course_roles)) | org


def forums_visible_to(user: Any) -> QuerySet[Forum]:
    return Forum.objects.filter(forum_q(user))


def can_view_forum(user: Any, forum: Forum) -> bool:
    if not _auth(user):
        return False
    if user.is_superuser:
        return True
    if forum.scope == ForumScope.COURSE:
        return forum.course_id in viewer(user).course_roles
    return forums_visible_to(user).filter(pk=forum.pk).exists()


def course_role(user: Any, course_id: int | None) -> str | None:
    if not _auth(user) or course_id is None:
        return None
    return viewer(user).course_roles.get(course_id)


def can_view_course_forums(user: Any, course: Course) -> bool:
    return _auth(user) and (user.is_superuser or course_role(user, course.pk) is not None)


def can_moderate(user: Any, forum: Forum) -> bool:
    """Course forums: the course's teachers; the others: the faculty's dean and dean's
    office, the academic office."""
    if not _auth(user):
        return False
    if user.is_superuser:
        return True
    v = viewer(user)
    if forum.scope == ForumScope.COURSE:
        return v.course_roles.get(forum.course_id or 0) == TEACHER
    if v.university_moderator:
        return True
    if forum.scope == ForumScope.UNIVERSITY:
        return False
    path = org_forum_faculty_path(forum)
    return bool(path) and any(path.startswith(p) for p in v.moderator_paths)


def org_forum_faculty_path(forum: Forum) -> str:
    if forum.scope == ForumScope.GROUP and forum.group is not None:
        return forum.group.programme.faculty.path
    if forum.scope == ForumScope.PROGRAMME and forum.programme is not None:
        return forum.programme.faculty.path
    if forum.scope == ForumScope.FACULTY and forum.unit is not None:
        return forum.unit.path
    return ""


def is_forum_staff(user: Any, forum: Forum) -> bool:
    """Teachers and staff of the forum: they post in announcements-only forums and always
    see every answer of a questions-and-answers thread."""
    if not _auth(user):
        return False
    if forum.scope == ForumScope.COURSE:
        return user.is_superuser or course_role(user, forum.course_id) in (TEACHER, TUTOR)
    return can_moderate(user, forum) or viewer(user).staff


def can_start_thread(user: Any, forum: Forum) -> bool:
    if not can_view_forum(user, forum):
        return False
    if forum.kind == ForumKind.ANNOUNCEMENTS:
        return is_forum_staff(user, forum)
    return True


def can_view_thread(user: Any, thread: Thread) -> bool:
    if not can_view_forum(user, thread.forum):
        return False
    return not thread.is_hidden or can_moderate(user, thread.forum)


def can_reply(user: Any, thread: Thread) -> bool:
    if not can_view_thread(user, thread):
        return False
    if thread.forum.kind == ForumKind.ANNOUNCEMENTS and not is_forum_staff(user, thread.forum):
        return False
    return not thread.is_locked or can_moderate(user, thread.forum)


def can_edit_post(user: Any, post: Post, now: datetime.datetime | None = None) -> bool:
    """The author, within the edit window, while the thread is open and the post shown."""
    if not _auth(user) or post.author_id != user.pk or post.is_hidden:
        return False
    if post.thread.is_locked:
        return False
    return (now or timezone.now()) - post.created_at <= edit_window()


def editable_post_ids(user: Any, thread: Thread, posts: list[Post]) -> set[int]:
    """The posts of a thread page the user may still edit (no query)."""
    if not _auth(user) or thread.is_locked:
        return set()
    limit = timezone.now() - edit_window()
    return {
        p.pk for p in posts if p.author_id == user.pk and not p.is_hidden and p.created_at >= limit
    }


def sees_all_answers(user: Any, thread: Thread, has_posted: bool) -> bool:
    """п. 2.3 interactivity, questions and answers: a student first answers, then reads
    the others' answers. The question's author, teachers and staff see all."""
    if thread.forum.kind != ForumKind.QUESTIONS:
        return True
    return has_posted or thread.author_id == user.pk or is_forum_staff(user, thread.forum)


def visible_posts_q(user: Any, thread: Thread, has_posted: bool, moderator: bool) -> Q:
    """Posts of one thread the user sees (hidden ones only for moderators)."""
    q = Q(thread=thread)
    if not moderator:
        q &= Q(is_hidden=False)
    if not sees_all_answers(user, thread, has_posted):
        q &= Q(number=1) | Q(author=user)
    return q


def search_posts_q(user: Any) -> Q:
    """For search across forums: the posts a user may read (without the moderators'
    view of hidden posts, and with the questions-and-answers rule)."""
    own_reply = Post.objects.filter(thread=OuterRef("thread"), author=user, number__gt=1)
    v = viewer(user)
    staff_courses = [pk for pk, role in v.course_roles.items() if role in (TEACHER, TUTOR)]
    return Q(is_hidden=False, thread__is_hidden=False) & (
        ~Q(thread__forum__kind=ForumKind.QUESTIONS)
        | Q(number=1)
        | Q(author=user)
        | Q(thread__author=user)
        | Q(thread__forum__course_id__in=staff_courses)
        | Q(Exists(own_reply))
    )


def audience_user_ids(forum: Forum, *, hidden: bool = False) -> set[int] | None:
    """Users who see a forum's threads (or a hidden thread, ``hidden=True``), read in a
    few queries whatever their number; ``None`` means everyone signed in. Used to drop
    followers who no longer see a thread before notifying them."""
    from dot.accounts.models import RoleAssignment

    if forum.scope == ForumScope.COURSE and forum.course is not None:
        from dot.content.selectors import course_students

        course = forum.course
        teachers = set(course.teachers.values_list("pk", flat=True))
        if hidden:
            return teachers
        return (
            teachers
            | set(course.tutors.values_list("pk", flat=True))
            | set(course_students(course).values_list("user_id", flat=True))
        )
    assignments = RoleAssignment.objects.current()
    moderators = set(
        assignments.filter(role__in=UNIVERSITY_MODERATORS).values_list("user_id", flat=True)
    )
    faculty_path = org_forum_faculty_path(forum)
    if faculty_path:
        moderators |= set(
            assignments.filter(
                role__in=FACULTY_MODERATORS, unit__path__startswith=faculty_path
            ).values_list("user_id", flat=True)
        )
    if hidden:
        return moderators
    studying = Student.objects.filter(status=StudentStatus.STUDYING)
    if forum.scope == ForumScope.GROUP and forum.group is not None:
        group = forum.group
        members = set(studying.filter(group=group).values_list("user_id", flat=True))
        members |= {pk for pk in (group.curator_id, group.tutor_id) if pk}
        return moderators | members
    if forum.scope == ForumScope.PROGRAMME and forum.programme is not None:
        programme = forum.programme
        members = set(studying.filter(programme=programme).values_list("user_id", flat=True))
        members |= {programme.leader_id} if programme.leader_id else set()
        return moderators | members
    if forum.scope == ForumScope.FACULTY and forum.unit is not None:
        members = set(
            assignments.filter(unit__path__startswith=forum.unit.path).values_list(
                "user_id", flat=True
            )
        )
        members |= set(
            studying.filter(programme__faculty=forum.unit).values_list("user_id", flat=True)
        )
        return moderators | members
    return None


def can_open_attachment(user: Any, attachment: Attachment) -> bool:
    post = attachment.post
    if not can_view_thread(user, post.thread):
        return False
    moderator = can_moderate(user, post.thread.forum)
    if post.is_hidden and not moderator:
        return False
    if post.number == 1 or post.author_id == user.pk:
        return True
    has_posted = post.thread.posts.filter(author=user, number__gt=1).exists()
    return sees_all_answers(user, post.thread, has_posted)


def can_create_course_forum(user: Any, course: Course) -> bool:
    return _auth(user) and (user.is_superuser or course_role(user, course.pk) == TEACHER)


def can_create_org_forum(user: Any) -> bool:
    """п. 4.8: the dean's office for its faculty, the academic office for all."""
    return has_role(user, FACULTY_MODERATORS + UNIVERSITY_MODERATORS)


def can_view_questions(user: Any) -> bool:
    """The teacher's page of unanswered questions."""
    return _auth(user) and (
        TEACHER in viewer(user).course_roles.values() or has_role(user, Role.TEACHER)
    )
