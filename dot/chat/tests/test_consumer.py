"""The chat's WebSocket with the in-memory channel layer (one process): join, send,
receive, typing, presence, history, missed messages on reconnect, moderation, limits,
outsiders refused (п. 1.5, 2.3: chats of DOT)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from dot.chat.models import Message, Mute

from .conftest import World, communicator, join, next_of

pytestmark = pytest.mark.django_db(transaction=True)


def test_members_see_each_others_messages_live(world: World, run: Any) -> None:
    async def scenario() -> None:
        student, hello, history = await join(world.student, world.room.pk)
        teacher, teacher_hello, _ = await join(world.teacher, world.room.pk)
        assert hello["moderator"] is False
        assert teacher_hello["moderator"] is True
        assert history == {"type": "history", "before": None, "messages": [], "has_more": False}

        await student.send_json_to({"type": "message", "text": "Здравствуйте! Вопрос по теме 2."})

        seen_by_teacher = await next_of(teacher, "message")
        seen_by_student = await next_of(student, "message")
        assert seen_by_teacher["message"]["text"] == "Здравствуйте! Вопрос по теме 2."
        assert seen_by_teacher["message"]["author"]["id"] == world.student.pk
        assert seen_by_student["message"]["id"] == seen_by_teacher["message"]["id"]
        await student.disconnect()
        await teacher.disconnect()

    run(scenario)
    message = Message.objects.get()
    assert (message.room, message.author, message.text) == (
        world.room,
        world.student,
        "Здравствуйте! Вопрос по теме 2.",
    )


def test_typing_reaches_the_others_not_the_typist(world: World, run: Any) -> None:
    async def scenario() -> None:
        student, _, _ = await join(world.student, world.room.pk)
        teacher, _, _ = await join(world.teacher, world.room.pk)
        await student.send_json_to({"type": "typing"})
        typing = await next_of(teacher, "typing")
        assert typing["user"]["id"] == world.student.pk
        frames = []
        while not await student.receive_nothing(timeout=0.3):
            frames.append((await student.receive_json_from())["type"])
        assert "typing" not in frames
        await student.disconnect()
        await teacher.disconnect()

    run(scenario)


def test_presence_lists_who_is_online_and_drops_who_left(world: World, run: Any) -> None:
    async def scenario() -> None:
        student, hello, _ = await join(world.student, world.room.pk)
        assert [u["id"] for u in hello["presence"]] == [world.student.pk]
        teacher, teacher_hello, _ = await join(world.teacher, world.room.pk)
        assert {u["id"] for u in teacher_hello["presence"]} == {world.student.pk, world.teacher.pk}
        both = await next_of(student, "presence")
        assert {u["id"] for u in both["users"]} == {world.student.pk, world.teacher.pk}
        await teacher.disconnect()
        left = await next_of(student, "presence")
        assert [u["id"] for u in left["users"]] == [world.student.pk]
        await student.disconnect()

    run(scenario)


def test_room_opens_with_recent_history_and_pages_back(world: World, run: Any) -> None:
    made = [
        Message.objects.create(room=world.room, author=world.teacher, text=f"Сообщение {i}")
        for i in range(35)
    ]

    async def scenario() -> None:
        student, _, history = await join(world.student, world.room.pk)
        assert [m["id"] for m in history["messages"]] == [m.pk for m in made[5:]]
        assert history["has_more"] is True
        await student.send_json_to({"type": "history", "before": made[5].pk})
        earlier = await next_of(student, "history")
        assert [m["id"] for m in earlier["messages"]] == [m.pk for m in made[:5]]
        assert earlier["has_more"] is False
        await student.disconnect()

    run(scenario)


def test_reconnect_with_last_seen_id_gets_what_was_missed(world: World, run: Any) -> None:
    seen = Message.objects.create(room=world.room, author=world.teacher, text="до обрыва")

    async def scenario() -> None:
        teacher, _, _ = await join(world.teacher, world.room.pk)
        # The student is offline while two messages are sent.
        await teacher.send_json_to({"type": "message", "text": "первое"})
        await teacher.send_json_to({"type": "message", "text": "второе"})
        await next_of(teacher, "message")
        await next_of(teacher, "message")
        student, _, missed = await join(world.student, world.room.pk, f"after={seen.pk}")
        assert missed["type"] == "missed"
        assert missed["complete"] is True
        assert [m["text"] for m in missed["messages"]] == ["первое", "второе"]
        await student.disconnect()
        await teacher.disconnect()

    run(scenario)


def test_teacher_deletes_a_message_for_everyone(world: World, run: Any) -> None:
    message = Message.objects.create(room=world.room, author=world.student, text="спам")

    async def scenario() -> None:
        student, _, _ = await join(world.student, world.room.pk)
        teacher, _, _ = await join(world.teacher, world.room.pk)
        await student.send_json_to({"type": "delete", "id": message.pk})
        refused = await next_of(student, "error")
        assert refused["code"] == "not_allowed"
        await teacher.send_json_to({"type": "delete", "id": message.pk})
        assert (await next_of(student, "deleted"))["id"] == message.pk
        assert (await next_of(teacher, "deleted"))["id"] == message.pk
        await student.disconnect()
        await teacher.disconnect()

    run(scenario)
    message.refresh_from_db()
    assert message.deleted_by == world.teacher


def test_muted_member_is_told_and_cannot_write(world: World, run: Any) -> None:
    async def scenario() -> None:
        student, _, _ = await join(world.student, world.room.pk)
        teacher, _, _ = await join(world.teacher, world.room.pk)
        await teacher.send_json_to({"type": "mute", "user": world.student.pk, "minutes": 15})
        muted = await next_of(student, "muted")
        assert "заглушил" in muted["message"]
        notice = await next_of(teacher, "notice")
        assert "Бекова" in notice["message"]
        await student.send_json_to({"type": "message", "text": "а теперь?"})
        refused = await next_of(student, "error")
        assert refused["code"] == "muted"
        assert "заглушил" in refused["message"]
        await student.disconnect()
        await teacher.disconnect()

    run(scenario)
    assert Mute.objects.get().user == world.student
    assert not Message.objects.exists()


def test_student_cannot_mute(world: World, run: Any) -> None:
    async def scenario() -> None:
        student, _, _ = await join(world.student, world.room.pk)
        await student.send_json_to({"type": "mute", "user": world.student2.pk, "minutes": 15})
        assert (await next_of(student, "error"))["code"] == "not_allowed"
        await student.disconnect()

    run(scenario)
    assert not Mute.objects.exists()


def test_too_long_and_too_fast_messages_are_refused_with_a_clear_message(
    world: World, run: Any
) -> None:
    async def scenario() -> None:
        student, _, _ = await join(world.student, world.room.pk)
        await student.send_json_to({"type": "message", "text": "я" * 2001})
        too_long = await next_of(student, "error")
        assert too_long["code"] == "too_long"
        assert "2001" in too_long["message"]
        assert "2000" in too_long["message"]
        for i in range(5):
            await student.send_json_to({"type": "message", "text": f"№{i}"})
            await next_of(student, "message")
        await student.send_json_to({"type": "message", "text": "шестое"})
        limited = await next_of(student, "error")
        assert limited["code"] == "rate_limited"
        assert "не больше 5 сообщений за 5 секунд" in limited["message"]
        await student.disconnect()

    run(scenario)
    assert Message.objects.count() == 5


@pytest.mark.parametrize("who", ["anonymous", "other_student", "other_teacher", "head"])
def test_outsiders_are_refused(world: World, run: Any, who: str) -> None:
    user = AnonymousUser() if who == "anonymous" else getattr(world, who)

    async def scenario() -> tuple[bool, Any]:
        comm = communicator(user, world.room.pk)
        connected, code = await comm.connect()
        await comm.disconnect()
        return connected, code

    connected, code = run(scenario)
    assert connected is False
    assert code == 4404


def test_unknown_room_is_refused(world: World, run: Any) -> None:
    async def scenario() -> bool:
        comm = communicator(world.student, world.room.pk + 1000)
        connected, _ = await comm.connect()
        return connected

    assert run(scenario) is False


def test_read_mark_moves_forward(world: World, run: Any) -> None:
    message = Message.objects.create(room=world.room, author=world.teacher, text="прочтите")

    async def scenario() -> None:
        student, _, _ = await join(world.student, world.room.pk)
        await student.send_json_to({"type": "read", "id": message.pk})
        await student.send_json_to({"type": "heartbeat"})
        await next_of(student, "presence")
        await student.disconnect()

    run(scenario)
    assert world.room.memberships.get(user=world.student).last_read_id == message.pk
