"""Pages of the chat: who sees which room (the four callers), the list with unread
counts, the plain-form fallbacks, moderation, consultations, the course panel and the
header badge; escaping of messages; query counts."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dot.chat import selectors, services
from dot.chat.models import Membership, Message, Mute, Room, RoomKind

from .conftest import World

pytestmark = pytest.mark.django_db


def _get(client: Any, user: Any, url: str) -> Any:
    if user is not None:
        client.force_login(user)
    return client.get(url)


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 302), ("other_student", 404), ("other_teacher", 404), ("student", 200)],
)
def test_room_page_for_the_four_callers(client: Any, world: World, who: str, status: int) -> None:
    user = None if who == "anonymous" else getattr(world, who)
    response = _get(client, user, reverse("chat:room", args=[world.room.pk]))
    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith(reverse("accounts:login"))


def test_department_head_reads_the_course_page_but_is_not_in_its_chat(
    client: Any, world: World
) -> None:
    response = _get(client, world.head, reverse("chat:room", args=[world.room.pk]))
    assert response.status_code == 404


def test_room_page_shows_recent_history_escaped_and_marks_it_read(
    client: Any, world: World
) -> None:
    Message.objects.create(room=world.room, author=world.teacher, text="Тема 1")
    last = Message.objects.create(
        room=world.room, author=world.teacher, text="<script>alert('x')</script>"
    )
    response = _get(client, world.student, reverse("chat:room", args=[world.room.pk]))
    html = response.content.decode()
    assert "Тема 1" in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "<script>alert(" not in html
    assert 'role="log"' in html
    assert 'aria-live="polite"' in html
    assert Membership.objects.get(room=world.room, user=world.student).last_read_id == last.pk


def test_load_earlier_without_javascript(client: Any, world: World) -> None:
    made = [
        Message.objects.create(room=world.room, author=world.teacher, text=f"№{i}")
        for i in range(32)
    ]
    response = _get(client, world.student, reverse("chat:room", args=[world.room.pk]))
    assert response.context["page"].has_more is True
    assert f"?before={made[2].pk}" in response.content.decode()
    earlier = client.get(reverse("chat:room", args=[world.room.pk]), {"before": made[2].pk})
    assert [m.pk for m in earlier.context["page"].messages] == [made[0].pk, made[1].pk]


def test_index_lists_my_rooms_with_unread_counts(client: Any, world: World) -> None:
    services.rooms_sync_for(user=world.student)
    for text in ("раз", "два", "три"):
        Message.objects.create(room=world.room, author=world.teacher, text=text)
    Message.objects.create(room=world.room, author=world.student, text="моё")
    response = _get(client, world.student, reverse("chat:index"))
    rooms = {r.pk: r for r in response.context["rooms"]}
    group_room = Room.objects.get(kind=RoomKind.GROUP, group=world.group)
    assert set(rooms) == {world.room.pk, group_room.pk}
    assert rooms[world.room.pk].unread == 3
    assert rooms[group_room.pk].unread == 0
    html = response.content.decode()
    assert f'data-unread="{world.room.pk}"' in html
    assert "— моё" in html  # the latest message under the room's name


def test_outsider_sees_only_own_rooms(client: Any, world: World) -> None:
    response = _get(client, world.other_student, reverse("chat:index"))
    titles = [r.title for r in response.context["rooms"]]
    assert "Анатомия" not in titles
    # Not registered to «Маркетинг» this semester: only the group's chat.
    assert titles == ["Группа МК-1-26"]


def test_index_query_count_does_not_grow_with_rooms(client: Any, world: World) -> None:
    client.force_login(world.teacher)
    client.get(reverse("chat:index"))  # the rooms are created on the first visit
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("chat:index"))
    for student in (world.student, world.student2):
        room = services.consultation_open(student=student, teacher=world.teacher)
        Message.objects.create(room=room, author=student, text="вопрос")
    for i in range(3):
        Message.objects.create(room=world.room, author=world.student, text=f"сообщение {i}")
    with CaptureQueriesContext(connection) as more:
        response = client.get(reverse("chat:index"))
    assert len(response.context["rooms"]) == 4
    assert len(more.captured_queries) == len(few.captured_queries)
    assert len(more.captured_queries) <= 22


def test_room_page_query_count_is_constant(
    client: Any, world: World, django_assert_max_num_queries: Any
) -> None:
    client.force_login(world.student)
    for i in range(30):
        Message.objects.create(
            room=world.room, author=world.teacher if i % 2 else world.student2, text=f"№{i}"
        )
    with django_assert_max_num_queries(22):
        client.get(reverse("chat:room", args=[world.room.pk]))


def test_post_without_javascript_and_its_limits(
    client: Any, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    client.force_login(world.student)
    url = reverse("chat:post", args=[world.room.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"text": "  Вопрос без JS  "})
    assert response.status_code == 302
    assert Message.objects.get().text == "Вопрос без JS"
    response = client.post(url, {"text": "я" * 2001}, follow=True)
    assert "Сообщение слишком длинное" in response.content.decode()
    assert Message.objects.count() == 1


def test_post_to_a_foreign_room_answers_404(client: Any, world: World) -> None:
    client.force_login(world.other_student)
    response = client.post(reverse("chat:post", args=[world.room.pk]), {"text": "чужой"})
    assert response.status_code == 404
    assert not Message.objects.exists()


def test_teacher_deletes_and_student_cannot(
    client: Any, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    message = Message.objects.create(room=world.room, author=world.student2, text="оффтоп")
    client.force_login(world.student)
    assert client.post(reverse("chat:delete", args=[message.pk])).status_code == 404
    client.force_login(world.teacher)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("chat:delete", args=[message.pk]))
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.deleted_by == world.teacher
    html = client.get(reverse("chat:room", args=[world.room.pk])).content.decode()
    assert "оффтоп" not in html
    assert "Сообщение удалено модератором." in html


def test_teacher_mutes_a_student_for_a_time(
    client: Any, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    client.force_login(world.teacher)
    page = client.get(reverse("chat:room", args=[world.room.pk]))
    assert world.student in page.context["members"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("chat:mute", args=[world.room.pk]),
            {"user": world.student.pk, "minutes": 60},
        )
    mute = Mute.objects.get()
    assert (mute.user, mute.muted_by) == (world.student, world.teacher)
    client.force_login(world.student)
    response = client.post(
        reverse("chat:post", args=[world.room.pk]), {"text": "можно?"}, follow=True
    )
    assert "Модератор заглушил вас в этом чате до" in response.content.decode()
    assert not Message.objects.exists()


def test_student_cannot_open_moderation(client: Any, world: World) -> None:
    client.force_login(world.student)
    response = client.post(
        reverse("chat:mute", args=[world.room.pk]), {"user": world.student2.pk, "minutes": 60}
    )
    assert response.status_code == 404
    assert not Mute.objects.exists()


def test_student_opens_a_consultation_with_a_teacher_of_their_course(
    client: Any, world: World
) -> None:
    client.force_login(world.student)
    index = client.get(reverse("chat:index"))
    assert index.context["teachers"] == [world.teacher]
    response = client.post(reverse("chat:consultation"), {"teacher": world.teacher.pk})
    room = Room.objects.get(kind=RoomKind.CONSULTATION)
    assert response["Location"] == room.get_absolute_url()
    assert (room.student, room.teacher) == (world.student, world.teacher)
    # Only the pair are in it.
    client.force_login(world.student2)
    assert client.get(room.get_absolute_url()).status_code == 404
    client.force_login(world.teacher)
    assert client.get(room.get_absolute_url()).status_code == 200


def test_consultation_with_a_teacher_of_another_course_answers_404(
    client: Any, world: World
) -> None:
    client.force_login(world.student)
    response = client.post(reverse("chat:consultation"), {"teacher": world.other_teacher.pk})
    assert response.status_code == 404
    assert not Room.objects.filter(kind=RoomKind.CONSULTATION).exists()


def test_course_page_has_the_live_panel_for_members_only(client: Any, world: World) -> None:
    Message.objects.create(room=world.room, author=world.teacher, text="Добро пожаловать")
    client.force_login(world.student)
    html = client.get(world.course.get_absolute_url()).content.decode()
    assert f'data-chat-room="{world.room.pk}"' in html
    assert "Добро пожаловать" in html
    client.force_login(world.head)
    head_page = client.get(world.course.get_absolute_url())
    assert head_page.status_code == 200
    assert "data-chat-room" not in head_page.content.decode()


def test_header_badge_counts_unread_messages(
    client: Any, world: World, django_assert_num_queries: Any
) -> None:
    services.rooms_sync_for(user=world.student)
    Message.objects.create(room=world.room, author=world.teacher, text="новое")
    Message.objects.create(room=world.room, author=world.teacher, text="ещё")
    with django_assert_num_queries(1):
        assert selectors.unread_total(world.student) == 2
    client.force_login(world.student)
    html = client.get(reverse("core:header_panels")).content.decode()
    assert 'id="header-chat-unread">2<' in html
