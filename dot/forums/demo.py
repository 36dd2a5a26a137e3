"""Demo forums: the course forums of the demo student's courses with questions (some
answered, some waiting for days — п. 4.9), a discussion, the faculty's announcements
forum of the dean's office and a university forum.

Idempotent: a thread that exists (same forum and title) is left as it is. Without the
content demo (courses) only the faculty and university forums are made.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from dot.accounts.models import User
from dot.content.models import Course
from dot.org.models import OrgUnit, UnitKind

from . import services
from .models import Forum, ForumKind, ForumScope, Post, Thread

# (title, text, days ago asked, answer by the teacher or None)
QUESTIONS = [
    (
        "Как оформить отчёт по СРС?",
        "Здравствуйте! В силлабусе сказано, что отчёт по СРС сдаётся в PDF. "
        "Нужен ли титульный лист по образцу кафедры?",
        9,
        "Да, титульный лист по образцу кафедры обязателен, образец — в разделе «СРС».",
    ),
    (
        "Не открывается видеолекция 3",
        "Видеолекция по теме 3 не воспроизводится на телефоне. Можно ли скачать её файлом?",
        5,
        None,
    ),
    (
        "Перенос срока контрольной работы",
        "Я был на практике с 10 по 14 число. Можно ли написать контрольную позже?",
        3,
        None,
    ),
    (
        "Литература к модулю 2",
        "Какой учебник лучше взять в библиотеке к модулю 2?",
        1,
        None,
    ),
]


def _user(username: str) -> User | None:
    return User.objects.filter(username=username, is_active=True).first()


def _backdate(thread: Thread, when: datetime.datetime) -> None:
    Thread.objects.filter(pk=thread.pk).update(
        created_at=when, last_post_at=when, asked_at=when if thread.is_question else None
    )
    Post.objects.filter(thread=thread, number=1).update(created_at=when)


def _answer(thread: Thread, teacher: User, text: str, when: datetime.datetime) -> None:
    post = services.post_reply(thread=thread, author=teacher, body=text)
    Post.objects.filter(pk=post.pk).update(created_at=when)
    Thread.objects.filter(pk=thread.pk).update(last_post_at=when, answered_at=when)


def _course_forums(course: Course, teacher: User, student: User) -> None:
    forums = {f.kind: f for f in services.course_forums_ensure(course=course)}
    qa, discussion = forums[ForumKind.QUESTIONS], forums[ForumKind.DISCUSSION]
    now = timezone.now()
    for title, text, days, answer in QUESTIONS:
        if Thread.objects.filter(forum=qa, title=title).exists():
            continue
        thread = services.thread_create(forum=qa, author=student, title=title, body=text)
        asked = now - datetime.timedelta(days=days, hours=2)
        _backdate(thread, asked)
        if answer:
            _answer(thread, teacher, answer, asked + datetime.timedelta(hours=20))
    title = "Обсуждение: клинический случай недели"
    if not Thread.objects.filter(forum=discussion, title=title).exists():
        thread = services.thread_create(
            forum=discussion,
            author=teacher,
            title=title,
            body="Пациент 45 лет, жалобы на боль в груди при нагрузке. "
            "Какие исследования вы назначите в первую очередь? Аргументируйте.",
        )
        _backdate(thread, now - datetime.timedelta(days=2))
        services.post_reply(
            thread=thread,
            author=student,
            body="ЭКГ в покое и с нагрузкой, затем — общий анализ крови и липидный профиль.",
        )


def _org_forums(units: dict[str, Any], dean_office: User | None, academic: User | None) -> None:
    faculty = units.get("fldis")
    if faculty is not None and dean_office is not None:
        forum, _ = Forum.objects.get_or_create(
            scope=ForumScope.FACULTY,
            unit=faculty,
            kind=ForumKind.ANNOUNCEMENTS,
            defaults={"title": "Объявления деканата", "created_by": dean_office},
        )
        title = "График ликвидации академических задолженностей"
        if not Thread.objects.filter(forum=forum, title=title).exists():
            services.thread_create(
                forum=forum,
                author=dean_office,
                title=title,
                body="Ликвидация задолженностей — с 1 по 15 февраля по графику кафедр. "
                "Направления выдаёт деканат, ауд. 112.",
            )
    university = OrgUnit.objects.filter(kind=UnitKind.UNIVERSITY).first()
    if university is not None:
        Forum.objects.get_or_create(
            scope=ForumScope.UNIVERSITY,
            unit=university,
            kind=ForumKind.DISCUSSION,
            defaults={
                "title": "Форум университета",
                "description": "Вопросы о портале ДОТ и учёбе для всех.",
                "created_by": academic,
            },
        )


@transaction.atomic
def seed(units: dict[str, Any]) -> None:
    teacher, student = _user("teacher"), _user("student")
    _org_forums(units, _user("deanoffice"), _user("uo"))
    if teacher is None or student is None:
        return
    from .permissions import forget

    courses = Course.objects.filter(teachers=teacher).select_related("discipline")
    for course in courses:
        forget(student)
        forget(teacher)
        if course.pk not in _registered_courses(student):
            continue
        _course_forums(course, teacher, student)


def _registered_courses(student: User) -> set[int]:
    from .permissions import STUDENT, viewer

    return {pk for pk, role in viewer(student).course_roles.items() if role == STUDENT}
