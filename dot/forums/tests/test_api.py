"""The forums' API: the pages' permissions, the same services and rules."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from dot.forums import services
from dot.forums.models import Post, Thread

from .conftest import World, fresh

pytestmark = pytest.mark.django_db


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_forums_list_four_callers(world: World) -> None:
    assert api().get("/api/forums/forums/").status_code in (401, 403)
    ids = lambda user: {f["id"] for f in api(user).get("/api/forums/forums/").json()["results"]}  # noqa: E731
    assert ids(world.other_teacher) == set()
    assert ids(world.outsider) == set()
    assert ids(world.deans_office) == set()
    assert ids(world.student) == {world.qa.pk, world.discussion.pk}
    assert api(world.outsider).get(f"/api/forums/forums/{world.qa.pk}/").status_code == 404


def test_ask_answer_and_the_qa_rule(world: World) -> None:
    response = api(world.student).post(
        f"/api/forums/forums/{world.qa.pk}/threads/", {"title": "Вопрос", "body": "Как?"}
    )
    assert response.status_code == 201
    thread_id = response.json()["id"]
    assert response.json()["is_question"] is True
    reply = api(world.teacher).post(f"/api/forums/threads/{thread_id}/posts/", {"body": "Вот так."})
    assert reply.status_code == 201
    thread = Thread.objects.get(pk=thread_id)
    assert thread.answered_by == world.teacher
    # another student sees only the question until they answer
    posts = api(world.student2).get(f"/api/forums/threads/{thread_id}/posts/").json()["results"]
    assert [p["number"] for p in posts] == [1]
    assert api(world.student2).get(f"/api/forums/posts/{reply.json()['id']}/").status_code == 404
    api(world.student2).post(f"/api/forums/threads/{thread_id}/posts/", {"body": "Мой ответ"})
    posts = api(world.student2).get(f"/api/forums/threads/{thread_id}/posts/").json()["results"]
    assert [p["number"] for p in posts] == [1, 2, 3]
    # outsiders get 404
    assert api(world.outsider).get(f"/api/forums/threads/{thread_id}/").status_code == 404
    response = api(world.outsider).post(f"/api/forums/threads/{thread_id}/posts/", {"body": "x"})
    assert response.status_code == 404


def test_edit_window_and_moderation(world: World) -> None:
    thread = services.thread_create(
        forum=world.discussion, author=fresh(world.student), title="Тема", body="Текст"
    )
    post = thread.posts.get()
    url = f"/api/forums/posts/{post.pk}/"
    response = api(world.student).patch(url, {"body": "<b>Исправлено</b> <script>x</script>"})
    assert response.status_code == 200
    assert response.json()["html"] == "<p><b>Исправлено</b> </p>"
    assert api(world.student2).patch(url, {"body": "Чужое"}).status_code == 404
    Post.objects.filter(pk=post.pk).update(created_at=timezone.now() - datetime.timedelta(hours=1))
    assert api(world.student).patch(url, {"body": "Поздно"}).status_code == 400
    moderate = f"/api/forums/threads/{thread.pk}/moderate/"
    assert api(world.student).post(moderate, {"action": "lock"}).status_code == 404
    response = api(world.teacher).post(moderate, {"action": "move", "target": world.qa.pk})
    assert response.status_code == 200
    assert response.json()["forum"] == world.qa.pk
    assert api(world.teacher).post(moderate, {"action": "lock"}).json()["is_locked"] is True
    response = api(world.student2).post(f"/api/forums/threads/{thread.pk}/posts/", {"body": "x"})
    assert response.status_code == 404  # locked
    hide = api(world.teacher).post(f"/api/forums/posts/{post.pk}/hide/", {"hidden": True})
    assert hide.json()["is_hidden"] is True
    assert api(world.student2).get(url).status_code == 404


def test_schema_lists_the_endpoints(world: World) -> None:
    response = api(world.teacher).get("/api/schema/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "/api/forums/threads/{id}/posts/" in text
    assert "/api/forums/posts/{id}/hide/" in text
