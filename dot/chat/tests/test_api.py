"""REST API of the chat: the caller's rooms with unread counts, paged history, sending
a message (delivered to the room's sockets through the channel layer), the read mark;
refusals with clear messages; 404 for rooms of others; query counts."""

from __future__ import annotations

from typing import Any

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from rest_framework.test import APIClient

from dot.chat import services
from dot.chat.models import Membership, Message, Mute

from .conftest import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def api() -> APIClient:
    return APIClient()


def _as(api: APIClient, user: Any) -> APIClient:
    api.force_authenticate(user)
    return api


def test_anonymous_is_refused(api: APIClient, world: World) -> None:
    assert api.get("/api/chat/rooms/").status_code in (401, 403)
    assert api.get(f"/api/chat/rooms/{world.room.pk}/messages/").status_code in (401, 403)


def test_my_rooms_with_unread_counts(api: APIClient, world: World) -> None:
    services.rooms_sync_for(user=world.student)
    Message.objects.create(room=world.room, author=world.teacher, text="раз")
    Message.objects.create(room=world.room, author=world.teacher, text="два")
    data = _as(api, world.student).get("/api/chat/rooms/").json()
    course_room = next(r for r in data if r["id"] == world.room.pk)
    assert course_room["unread"] == 2
    assert course_room["kind"] == "course"
    assert course_room["title"] == "Анатомия"
    assert course_room["websocket"] == f"/ws/chat/{world.room.pk}/"
    assert {r["kind"] for r in data} == {"course", "group"}


@pytest.mark.parametrize("who", ["other_student", "other_teacher", "head"])
def test_rooms_of_others_answer_404(api: APIClient, world: World, who: str) -> None:
    client = _as(api, getattr(world, who))
    assert client.get(f"/api/chat/rooms/{world.room.pk}/").status_code == 404
    assert client.get(f"/api/chat/rooms/{world.room.pk}/messages/").status_code == 404
    response = client.post(
        f"/api/chat/rooms/{world.room.pk}/messages/", {"text": "чужой"}, format="json"
    )
    assert response.status_code == 404
    assert not Message.objects.exists()


def test_history_is_paged_backwards(api: APIClient, world: World) -> None:
    made = [
        Message.objects.create(room=world.room, author=world.teacher, text=f"№{i}")
        for i in range(45)
    ]
    client = _as(api, world.student)
    first = client.get(f"/api/chat/rooms/{world.room.pk}/messages/").json()
    assert [m["id"] for m in first["results"]] == [m.pk for m in made[15:]]
    assert first["has_more"] is True
    assert first["next_before"] == made[15].pk
    second = client.get(
        f"/api/chat/rooms/{world.room.pk}/messages/", {"before": first["next_before"]}
    ).json()
    assert [m["id"] for m in second["results"]] == [m.pk for m in made[:15]]
    assert second["has_more"] is False
    assert second["next_before"] is None


def test_history_query_count_is_constant(
    api: APIClient, world: World, django_assert_max_num_queries: Any
) -> None:
    for i in range(40):
        author = (world.teacher, world.student, world.student2, world.tutor)[i % 4]
        Message.objects.create(room=world.room, author=author, text=f"№{i}")
    client = _as(api, world.student)
    with django_assert_max_num_queries(4):
        client.get(f"/api/chat/rooms/{world.room.pk}/messages/")


def test_rooms_query_count_is_constant(
    api: APIClient, world: World, django_assert_max_num_queries: Any
) -> None:
    client = _as(api, world.teacher)
    client.get("/api/chat/rooms/")
    for student in (world.student, world.student2):
        services.consultation_open(student=student, teacher=world.teacher)
    with django_assert_max_num_queries(10):
        data = client.get("/api/chat/rooms/").json()
    assert len(data) == 4


def test_post_is_stored_and_broadcast_to_the_room(
    api: APIClient, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    layer = get_channel_layer()
    channel = async_to_sync(layer.new_channel)()
    async_to_sync(layer.group_add)(world.room.group_name, channel)
    with django_capture_on_commit_callbacks(execute=True):
        response = _as(api, world.student).post(
            f"/api/chat/rooms/{world.room.pk}/messages/",
            {"text": "<img src=x onerror=alert(1)>Вопрос"},
            format="json",
        )
    assert response.status_code == 201
    message = Message.objects.get()
    assert response.json()["id"] == message.pk
    event = async_to_sync(layer.receive)(channel)
    assert event["type"] == "chat.message"
    assert event["message"]["id"] == message.pk
    # Stored and sent as plain text; the pages escape it (see test_pages).
    assert event["message"]["text"] == "<img src=x onerror=alert(1)>Вопрос"
    assert Membership.objects.get(room=world.room, user=world.student).last_read_id == message.pk


def test_post_refusals_are_clear(api: APIClient, world: World) -> None:
    client = _as(api, world.student)
    url = f"/api/chat/rooms/{world.room.pk}/messages/"
    too_long = client.post(url, {"text": "я" * 2001}, format="json")
    assert too_long.status_code == 400
    blank = client.post(url, {"text": "   "}, format="json")
    assert blank.status_code == 400
    for i in range(5):
        assert client.post(url, {"text": f"№{i}"}, format="json").status_code == 201
    limited = client.post(url, {"text": "шестое"}, format="json")
    assert limited.status_code == 429
    assert limited.json()["code"] == "rate_limited"
    assert "не больше 5 сообщений за 5 секунд" in limited.json()["detail"]
    assert Message.objects.count() == 5


def test_muted_member_gets_403_with_the_time(api: APIClient, world: World) -> None:
    services.member_mute(room=world.room, user=world.student, actor=world.teacher, minutes=5)
    response = _as(api, world.student).post(
        f"/api/chat/rooms/{world.room.pk}/messages/", {"text": "можно?"}, format="json"
    )
    assert response.status_code == 403
    assert response.json()["code"] == "muted"
    assert Mute.objects.get().user == world.student


def test_read_mark(api: APIClient, world: World) -> None:
    services.rooms_sync_for(user=world.student)
    message = Message.objects.create(room=world.room, author=world.teacher, text="прочтите")
    response = _as(api, world.student).post(
        f"/api/chat/rooms/{world.room.pk}/read/", {"last_read": message.pk}, format="json"
    )
    assert response.status_code == 204
    assert Membership.objects.get(room=world.room, user=world.student).last_read_id == message.pk


def test_openapi_schema_describes_the_chat(api: APIClient, world: World) -> None:
    response = _as(api, world.teacher).get("/api/schema/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "/api/chat/rooms/{id}/messages/" in body
