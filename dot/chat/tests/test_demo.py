"""The demo seed: course chats with history, a consultation, unread counters; idempotent."""

from __future__ import annotations

from typing import Any, cast

from django.urls import reverse

from dot.academics import demo as academics_demo
from dot.accounts.models import User
from dot.chat import demo
from dot.chat.models import Message, Room, RoomKind
from dot.chat.selectors import my_rooms
from dot.content import demo as content_demo
from dot.org.demo import seed_org, seed_users


def test_demo_chats_have_history_and_unread_counts(
    db: Any, settings: Any, tmp_path: Any, client: Any
) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    units = seed_org()
    seed_users(units)
    academics_demo.seed(units)
    content_demo.seed(units)
    demo.seed(units)
    count = Message.objects.count()
    demo.seed(units)
    assert Message.objects.count() == count
    course_rooms = Room.objects.filter(kind=RoomKind.COURSE)
    assert course_rooms.exists()
    assert all(room.messages.count() >= 7 for room in course_rooms)
    assert Room.objects.filter(kind=RoomKind.CONSULTATION).exists()
    student = User.objects.get(username="student")
    rooms = list(my_rooms(student))
    assert any(r.kind == RoomKind.COURSE and cast(Any, r).unread > 0 for r in rooms)
    client.force_login(student)
    room = next(r for r in rooms if r.kind == RoomKind.COURSE)
    response = client.get(reverse("chat:room", args=[room.pk]))
    assert "Добрый день! Это чат курса" in response.content.decode()
