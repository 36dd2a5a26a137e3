"""Demo chats: each demo course's room with a short conversation between its teacher and
students, a consultation of the first student with the teacher, and read marks so the
unread counters show something. Idempotent: a room that has messages is left alone."""

from __future__ import annotations

import datetime

from django.utils import timezone

from dot.accounts.models import User
from dot.content.models import Course
from dot.content.selectors import course_students
from dot.org.models import OrgUnit

from . import services
from .models import Membership, Message, Room

CONVERSATION = (
    ("teacher", "Добрый день! Это чат курса: здесь можно задавать вопросы по темам и заданиям."),
    ("student", "Здравствуйте! Подскажите, к какому сроку сдать первое задание СРС?"),
    ("teacher", "До конца третьей недели, срок указан в календаре курса."),
    ("student", "Спасибо! Лекцию по второй теме выложат сегодня?"),
    ("teacher", "Уже выложена в разделе «Конспект лекций»."),
    ("student", "Можно ли сдать реферат в формате PDF?"),
    ("teacher", "Да, PDF подходит. Объём — до 15 страниц."),
)


def _write(room: Room, lines: list[tuple[User, str]]) -> list[Message]:
    start = timezone.now() - datetime.timedelta(days=2)
    made = []
    for i, (author, text) in enumerate(lines):
        message = Message.objects.create(room=room, author=author, text=text)
        Message.objects.filter(pk=message.pk).update(
            created_at=start + datetime.timedelta(hours=3 * i)
        )
        made.append(message)
    return made


def seed(units: dict[str, OrgUnit]) -> None:
    for course in Course.objects.prefetch_related("teachers").order_by("pk"):
        teacher = next(iter(course.teachers.all()), None)
        students = [s.user for s in course_students(course)[:3]]
        if teacher is None:
            continue
        room = services.room_for_course(course=course)
        if room.messages.exists():
            continue
        speakers = students or [teacher]
        lines = [
            (teacher if who == "teacher" else speakers[i % len(speakers)], text)
            for i, (who, text) in enumerate(CONVERSATION)
        ]
        made = _write(room, lines)
        # The teacher has read everything; students have read the first half.
        Membership.objects.update_or_create(
            room=room, user=teacher, defaults={"last_read_id": made[-1].pk}
        )
        for student in students:
            Membership.objects.update_or_create(
                room=room, user=student, defaults={"last_read_id": made[len(made) // 2].pk}
            )
        if students and not Room.objects.filter(student=students[0], teacher=teacher).exists():
            consultation = services.consultation_open(student=students[0], teacher=teacher)
            _write(
                consultation,
                [
                    (students[0], "Здравствуйте! Можно уточнить тему курсовой работы?"),
                    (teacher, "Да, напишите, какую тему вы выбрали, обсудим."),
                ],
            )
    for username in ("teacher", "teacher2", "student", "student2"):
        user = User.objects.filter(username=username).first()
        if user is not None:
            services.rooms_sync_for(user=user)
