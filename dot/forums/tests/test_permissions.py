"""Who sees a course forum: the four callers (anonymous, wrong role, right role of
another unit, right role), and the forums of the structure (п. 4.8)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from dot.accounts.models import Role
from dot.forums import permissions, services
from dot.forums.models import ForumKind, ForumScope

from .conftest import World, fresh

pytestmark = pytest.mark.django_db


def _thread(w: World):
    return services.thread_create(
        forum=w.qa, author=fresh(w.student), title="Вопрос", body="Как сдать?"
    )


@pytest.mark.parametrize("url_name", ["forums:course", "forums:course_search"])
def test_course_forums_anonymous_is_sent_to_login(client, world: World, url_name: str) -> None:
    response = client.get(reverse(url_name, args=[world.course.pk]))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_thread_four_callers(client, world: World) -> None:
    thread = _thread(world)
    url = thread.get_absolute_url()
    # anonymous
    assert client.get(url).status_code == 302
    # wrong role: the faculty's dean's office is not in a course's audience
    client.force_login(world.deans_office)
    assert client.get(url).status_code == 404
    # the right role of another unit: a teacher of another course, a student elsewhere
    client.force_login(world.other_teacher)
    assert client.get(url).status_code == 404
    assert client.get(reverse("forums:forum", args=[world.qa.pk])).status_code == 404
    client.force_login(world.outsider)
    assert client.get(url).status_code == 404
    # the right roles: the course's student, teacher and tutor
    for user in (world.student2, world.teacher, world.tutor):
        client.force_login(user)
        assert client.get(url).status_code == 200


def test_course_forums_page_is_for_the_course_people_only(client, world: World) -> None:
    url = reverse("forums:course", args=[world.course.pk])
    client.force_login(world.outsider)
    assert client.get(url).status_code == 404
    client.force_login(world.student)
    response = client.get(url)
    assert response.status_code == 200
    assert "Вопросы преподавателям" in response.content.decode()


def test_posting_needs_the_audience(client, world: World) -> None:
    thread = _thread(world)
    client.force_login(world.other_teacher)
    response = client.post(reverse("forums:thread_reply", args=[thread.pk]), {"body": "Чужой"})
    assert response.status_code == 404
    assert thread.posts.count() == 1
    response = client.post(
        reverse("forums:thread_new", args=[world.qa.pk]), {"title": "x", "body": "y"}
    )
    assert response.status_code == 404


def test_announcements_only_students_read(client, world: World) -> None:
    forum = services.forum_create(
        actor=world.teacher,
        scope=ForumScope.COURSE,
        kind=ForumKind.ANNOUNCEMENTS,
        title="Объявления",
        course=world.course,
    )
    assert not permissions.can_start_thread(fresh(world.student), forum)
    assert permissions.can_start_thread(fresh(world.teacher), forum)
    assert permissions.can_start_thread(fresh(world.tutor), forum)
    client.force_login(world.student)
    assert client.get(reverse("forums:forum", args=[forum.pk])).status_code == 200
    assert client.get(reverse("forums:thread_new", args=[forum.pk])).status_code == 404
    thread = services.thread_create(
        forum=forum, author=fresh(world.teacher), title="Экзамен", body="Экзамен 20 января."
    )
    response = client.post(reverse("forums:thread_reply", args=[thread.pk]), {"body": "Понял"})
    assert response.status_code == 404


def test_structure_forums_audience(world: World, make_user) -> None:
    group_forum = services.forum_create(
        actor=world.deans_office,
        scope=ForumScope.GROUP,
        kind=ForumKind.DISCUSSION,
        title="Группа ЛД-1-26",
        group=world.group,
    )
    faculty_forum = services.forum_create(
        actor=world.deans_office,
        scope=ForumScope.FACULTY,
        kind=ForumKind.ANNOUNCEMENTS,
        title="Медфак: объявления",
        unit=world.units["med"],
    )
    uni_forum = services.forum_create(
        actor=None,
        scope=ForumScope.UNIVERSITY,
        kind=ForumKind.DISCUSSION,
        title="Университет",
        unit=world.units["uni"],
    )
    visible = lambda u: set(  # noqa: E731
        permissions.forums_visible_to(fresh(u)).values_list("pk", flat=True)
    )
    student = visible(world.student)
    assert {group_forum.pk, faculty_forum.pk, uni_forum.pk} <= student
    outsider = visible(world.outsider)
    assert group_forum.pk not in outsider
    assert faculty_forum.pk not in outsider
    assert uni_forum.pk in outsider
    # the faculty's teachers are in the faculty forum, not in the group's
    teacher = visible(world.teacher)
    assert faculty_forum.pk in teacher
    assert group_forum.pk not in teacher
    # the dean's office moderates its faculty's forums, not another faculty's
    assert permissions.can_moderate(fresh(world.deans_office), group_forum)
    other_office = make_user(Role.DEANS_OFFICE, world.units["eco"], username="ecooffice")
    assert not permissions.can_moderate(other_office, group_forum)
    assert group_forum.pk not in visible(other_office)
    # students read the faculty announcements but do not post in them
    assert not permissions.can_start_thread(fresh(world.student), faculty_forum)
    assert permissions.can_start_thread(fresh(world.deans_office), faculty_forum)


def test_org_forum_creation_page(client, world: World) -> None:
    url = reverse("forums:org_forum_new")
    client.force_login(world.student)
    assert client.get(url).status_code == 404
    client.force_login(world.deans_office)
    assert client.get(url).status_code == 200
    response = client.post(url, {"scope": "group", "kind": "discussion", "title": "Группа"})
    assert response.status_code == 200
    assert "Выберите аудиторию форума." in response.content.decode()
    response = client.post(
        url, {"scope": "group", "kind": "discussion", "title": "Группа", "group": world.group.pk}
    )
    assert response.status_code == 302


def test_bulk_audience_agrees_with_the_per_user_check(world: World, make_user) -> None:
    """The followers' filter (a few queries) and the page check (per user) agree."""
    people = [
        world.student,
        world.student2,
        world.teacher,
        world.tutor,
        world.other_teacher,
        world.outsider,
        world.deans_office,
        make_user(Role.ACADEMIC_OFFICE, world.units["uo"], username="uo"),
        make_user(Role.DEANS_OFFICE, world.units["eco"], username="ecooffice"),
    ]
    forums = [
        world.qa,
        services.forum_create(
            actor=None, scope=ForumScope.GROUP, kind="discussion", title="Г", group=world.group
        ),
        services.forum_create(
            actor=None,
            scope=ForumScope.PROGRAMME,
            kind="discussion",
            title="П",
            programme=world.record.programme,
        ),
        services.forum_create(
            actor=None,
            scope=ForumScope.FACULTY,
            kind="discussion",
            title="Ф",
            unit=world.units["med"],
        ),
    ]
    for forum in forums:
        audience = permissions.audience_user_ids(forum)
        assert audience is not None
        for user in people:
            assert (user.pk in audience) == permissions.can_view_forum(fresh(user), forum), (
                forum.title,
                user.username,
            )
        moderators = permissions.audience_user_ids(forum, hidden=True)
        assert moderators is not None
        for user in people:
            assert (user.pk in moderators) == permissions.can_moderate(fresh(user), forum), (
                forum.title,
                user.username,
            )
