"""Threads, replies and their rules: questions and answers (п. 2.3), the edit window,
moderation, read marks, subscriptions with notifications, the п. 4.9 question records,
attachments and sanitised text."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from dot.communication.models import Notification
from dot.content.samples import pdf_bytes
from dot.core.models import AuditLog
from dot.forums import selectors, services
from dot.forums.models import Forum, ForumKind, ForumScope, Post, Thread

from .conftest import World, fresh

pytestmark = pytest.mark.django_db

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64


def _forums(rows: list[Forum]) -> list[Any]:
    return list(rows)


def ask(w: World, title: str = "Вопрос по анатомии", forum: Forum | None = None) -> Thread:
    return services.thread_create(
        forum=forum or w.qa, author=fresh(w.student), title=title, body="Где взять атлас?"
    )


# --- Questions and answers -----------------------------------------------------------------


def test_qa_student_sees_others_answers_only_after_answering(client, world: World) -> None:
    thread = ask(world)
    services.post_reply(thread=thread, author=fresh(world.tutor), body="Ответ тьютора")
    services.post_reply(thread=thread, author=fresh(world.student), body="Спасибо, автор")
    url = thread.get_absolute_url()
    client.force_login(world.student2)
    page = client.get(url).content.decode()
    assert "Где взять атлас?" in page  # the question itself
    assert "Ответ тьютора" not in page
    assert "Спасибо, автор" not in page
    assert "ответы других студентов появятся после того, как вы опубликуете свой ответ" in page
    client.post(reverse("forums:thread_reply", args=[thread.pk]), {"body": "Мой ответ"})
    page = client.get(url).content.decode()
    assert "Ответ тьютора" in page
    assert "Спасибо, автор" in page
    assert "Мой ответ" in page


def test_qa_the_asker_and_teachers_see_every_answer(client, world: World) -> None:
    thread = ask(world)
    services.post_reply(thread=thread, author=fresh(world.student2), body="Ответ однокурсника")
    for user in (world.student, world.teacher, world.tutor):
        client.force_login(user)
        assert "Ответ однокурсника" in client.get(thread.get_absolute_url()).content.decode()


def test_qa_rule_also_guards_search_and_attachments(client, world: World) -> None:
    thread = ask(world)
    services.post_reply(
        thread=thread,
        author=fresh(world.tutor),
        body="Секретный ответ: мышцы",
        uploads=[SimpleUploadedFile("ответ.pdf", pdf_bytes())],
    )
    attachment = Post.objects.get(thread=thread, number=2).attachments.get()
    client.force_login(world.student2)
    search = reverse("forums:course_search", args=[world.course.pk])
    assert "Секретный" not in client.get(search, {"q": "мышцы"}).content.decode()
    assert client.get(attachment.get_absolute_url()).status_code == 404
    client.force_login(world.student)
    assert "Секретный" in client.get(search, {"q": "мышцы"}).content.decode()
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


# --- Edit window ---------------------------------------------------------------------------


def test_author_edits_within_the_window_only(client, world: World, settings) -> None:
    settings.DOT_FORUM_EDIT_MINUTES = 30
    thread = ask(world)
    post = thread.posts.get()
    client.force_login(world.student)
    url = reverse("forums:post_edit", args=[post.pk])
    response = client.post(url, {"body": "Где взять **атлас** Синельникова?"})
    assert response.status_code == 302
    post.refresh_from_db()
    assert "<strong>атлас</strong>" in post.body_html
    assert post.edited_at is not None
    assert AuditLog.objects.filter(action="post_edit", object_id=str(post.pk)).exists()
    Post.objects.filter(pk=post.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=31)
    )
    assert client.get(url).status_code == 404
    post.refresh_from_db()
    with pytest.raises(ValidationError):
        services.post_edit(post=post, actor=fresh(world.student), body="Поздно")
    # another user never edits
    client.force_login(world.student2)
    Post.objects.filter(pk=post.pk).update(created_at=timezone.now())
    assert client.get(url).status_code == 404


# --- Moderation ----------------------------------------------------------------------------


def test_teacher_moderates_hide_lock_pin_move(client, world: World) -> None:
    thread = ask(world, forum=world.discussion)
    reply = services.post_reply(thread=thread, author=fresh(world.student2), body="Флуд")
    moderate = reverse("forums:thread_moderate", args=[thread.pk])
    # students cannot moderate
    client.force_login(world.student)
    assert client.post(moderate, {"action": "lock"}).status_code == 404
    client.force_login(world.teacher)
    client.post(reverse("forums:post_hide", args=[reply.pk]), {"hidden": "1"})
    client.post(moderate, {"action": "pin"})
    client.post(moderate, {"action": "lock"})
    thread.refresh_from_db()
    reply.refresh_from_db()
    assert thread.is_pinned
    assert thread.is_locked
    assert reply.is_hidden
    # a hidden post is gone for students; a locked thread takes no student replies
    client.force_login(world.student)
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "Флуд" not in page
    response = client.post(reverse("forums:thread_reply", args=[thread.pk]), {"body": "Ещё"})
    assert response.status_code == 404
    # move to the Q&A forum of the same course; not to a forum of another course
    client.force_login(world.teacher)
    client.post(moderate, {"action": "move", "target": world.qa.pk})
    thread.refresh_from_db()
    assert thread.forum_id == world.qa.pk
    with pytest.raises(ValidationError):
        services.thread_moderate(
            thread=thread,
            actor=world.teacher,
            action="move",
            target=services.forum_create(
                actor=None,
                scope=ForumScope.UNIVERSITY,
                kind=ForumKind.DISCUSSION,
                title="Общий",
                unit=world.units["uni"],
            ),
        )
    # hiding the thread hides it from the students, not from the teacher
    client.post(moderate, {"action": "hide"})
    assert client.get(thread.get_absolute_url()).status_code == 200
    client.force_login(world.student)
    assert client.get(thread.get_absolute_url()).status_code == 404
    assert AuditLog.objects.filter(action="thread_move", object_id=str(thread.pk)).exists()


# --- Read tracking --------------------------------------------------------------------------


def test_new_since_last_visit_counts(client, world: World) -> None:
    thread = ask(world, forum=world.discussion)
    services.post_reply(thread=thread, author=fresh(world.teacher), body="Ответ 1")
    services.post_reply(thread=thread, author=fresh(world.teacher), body="Ответ 2")
    student2 = fresh(world.student2)
    rows = {f.pk: f.new_posts for f in _forums(selectors.course_forums(world.course, student2))}
    assert rows[world.discussion.pk] == 3
    row: Any = selectors.thread_list(world.discussion, student2, False).get(pk=thread.pk)
    assert row.new_posts == 3
    client.force_login(world.student2)
    client.get(thread.get_absolute_url())
    row = selectors.thread_list(world.discussion, student2, False).get(pk=thread.pk)
    assert row.new_posts == 0
    services.post_reply(thread=thread, author=fresh(world.teacher), body="Ответ 3")
    rows = {f.pk: f.new_posts for f in _forums(selectors.course_forums(world.course, student2))}
    assert rows[world.discussion.pk] == 1
    # posting marks the thread read up to one's own post
    teacher = fresh(world.teacher)
    assert {f.pk: f.new_posts for f in _forums(selectors.course_forums(world.course, teacher))} == {
        world.qa.pk: 0,
        world.discussion.pk: 0,
    }


# --- Subscriptions and notifications ------------------------------------------------------


def test_question_notifies_teachers_and_reply_notifies_subscribers(
    world: World, eager_tasks, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        thread = ask(world)
    note = Notification.objects.get(recipient=world.teacher)
    assert note.kind == "forums.question"
    assert note.url == f"/forums/threads/{thread.pk}/?reply=1#reply"
    assert [m.to for m in mail.outbox] == [["t@example.kg"]]
    # the author follows the thread; the teacher's answer reaches them
    with django_capture_on_commit_callbacks(execute=True):
        services.post_reply(thread=thread, author=fresh(world.teacher), body="Атлас в библиотеке")
    note = Notification.objects.get(recipient=world.student)
    assert note.kind == "forums.post"
    assert "Атлас в библиотеке" in note.body
    assert mail.outbox[-1].to == ["student@example.kg"]
    # a forum subscriber hears of new threads; unsubscribed, no more
    services.subscription_set(user=world.student2, forum=world.qa, on=True)
    with django_capture_on_commit_callbacks(execute=True):
        ask(world, "Второй вопрос")
    assert Notification.objects.filter(recipient=world.student2, kind="forums.post").count() == 1
    services.subscription_set(user=world.student2, forum=world.qa, on=False)
    ask(world, "Третий вопрос")
    assert Notification.objects.filter(recipient=world.student2).count() == 1


def test_subscription_buttons(client, world: World) -> None:
    thread = ask(world)
    client.force_login(world.student2)
    client.post(reverse("forums:thread_subscribe", args=[thread.pk]), {"on": "1"})
    assert thread.subscriptions.filter(user=world.student2).exists()
    client.post(reverse("forums:thread_subscribe", args=[thread.pk]), {"on": "0"})
    assert not thread.subscriptions.filter(user=world.student2).exists()
    client.post(reverse("forums:forum_subscribe", args=[world.qa.pk]), {"on": "1"})
    assert world.qa.subscriptions.filter(user=world.student2).exists()
    client.force_login(world.outsider)
    response = client.post(reverse("forums:forum_subscribe", args=[world.qa.pk]), {"on": "1"})
    assert response.status_code == 404


# --- п. 4.9: response-time records -----------------------------------------------------------


def test_question_records_and_open_questions(
    client, world: World, django_assert_max_num_queries
) -> None:
    first = ask(world, "Старый вопрос")
    Thread.objects.filter(pk=first.pk).update(asked_at=timezone.now() - datetime.timedelta(days=3))
    second = ask(world, "Новый вопрос")
    # a teacher's thread is not a question; a tutor's reply does not answer it
    services.thread_create(
        forum=world.discussion, author=fresh(world.teacher), title="Тема", body="Обсудим"
    )
    services.post_reply(thread=second, author=fresh(world.tutor), body="Скоро ответят")
    services.post_reply(thread=second, author=fresh(world.student2), body="Я тоже не знаю")
    teacher = fresh(world.teacher)
    with django_assert_max_num_queries(1):
        rows = selectors.open_questions_for_teacher(teacher)
    assert [r["title"] for r in rows] == ["Старый вопрос", "Новый вопрос"]
    assert rows[0]["student"] == world.student
    assert rows[0]["source"] == "forum"
    assert rows[0]["url"] == f"/forums/threads/{first.pk}/?reply=1#reply"
    assert rows[0]["course"] == str(world.course)
    assert selectors.open_questions_for_teacher(fresh(world.other_teacher)) == []
    services.post_reply(thread=first, author=teacher, body="Ответ преподавателя")
    first.refresh_from_db()
    assert first.answered_by == world.teacher
    assert first.answered_at is not None
    answered_at = first.answered_at
    services.post_reply(thread=first, author=teacher, body="Ещё")
    first.refresh_from_db()
    assert first.answered_at == answered_at  # the first answer counts
    assert [r["title"] for r in selectors.open_questions_for_teacher(teacher)] == ["Новый вопрос"]
    records: list[Any] = list(selectors.response_records())
    assert [r.title for r in records] == ["Старый вопрос", "Новый вопрос"]
    assert records[0].response_time >= datetime.timedelta(days=3)
    assert records[1].response_time is None
    since = timezone.now() - datetime.timedelta(days=1)
    assert [r.title for r in selectors.response_records(since=since)] == ["Новый вопрос"]
    assert [r.title for r in selectors.response_records(until=since)] == ["Старый вопрос"]
    # the page
    client.force_login(world.teacher)
    page = client.get(reverse("forums:questions")).content.decode()
    assert "Новый вопрос" in page
    assert "Старый вопрос" not in page
    client.force_login(world.student)
    assert client.get(reverse("forums:questions")).status_code == 404


def test_open_questions_constant_queries(world: World, django_assert_num_queries) -> None:
    for i in range(3):
        ask(world, f"Вопрос {i}")
    teacher = fresh(world.teacher)
    with django_assert_num_queries(1):
        assert len(selectors.open_questions_for_teacher(teacher)) == 3
    for i in range(30):
        ask(world, f"Ещё вопрос {i}")
    teacher = fresh(world.teacher)
    with django_assert_num_queries(1):
        assert len(selectors.open_questions_for_teacher(teacher)) == 33


# --- Text, quotes, attachments -----------------------------------------------------------------


XSS = [
    '<script>alert("x")</script>',
    '<img src=x onerror="alert(1)">',
    "[нажми](javascript:alert(1))",
    '<a href="javascript:alert(2)">ссылка</a>',
    '<p onclick="alert(3)">абзац</p>',
    "<iframe src='https://evil.example'></iframe>",
]


@pytest.mark.parametrize("payload", XSS)
def test_xss_payloads_are_inert(client, world: World, payload: str) -> None:
    thread = services.thread_create(
        forum=world.discussion, author=fresh(world.student), title=payload, body=payload
    )
    client.force_login(world.student2)
    page = client.get(thread.get_absolute_url()).content.decode()
    body = page.split('class="card-body forum-post">', 1)[1].split("</article>", 1)[0]
    assert "<script" not in body
    assert "onerror" not in body
    assert "onclick" not in body
    assert "javascript:" not in body
    assert "<iframe" not in body
    assert "<script>alert" not in page  # the title is escaped too


def test_quote_reply(client, world: World) -> None:
    thread = ask(world, forum=world.discussion)
    original = thread.posts.get()
    client.force_login(world.teacher)
    page = client.get(thread.get_absolute_url(), {"quote": original.pk}).content.decode()
    assert "&gt; Где взять атлас?" in page  # prefilled in the textarea as a block quote
    response = client.post(
        reverse("forums:thread_reply", args=[thread.pk]),
        {"body": "> Где взять атлас?\n\nВ библиотеке.", "quote_of": original.pk},
    )
    assert response.status_code == 302
    reply = thread.posts.get(number=2)
    assert reply.quote_of == original
    assert "<blockquote>" in reply.body_html


def test_preview_renders_without_saving(client, world: World) -> None:
    client.force_login(world.student)
    response = client.post(
        reverse("forums:thread_new", args=[world.discussion.pk]),
        {"title": "Черновик", "body": "**жирный** <script>x()</script>", "preview": "1"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "<strong>жирный</strong>" in page
    assert "<script>x()" not in page
    assert not Thread.objects.filter(title="Черновик").exists()


def test_attachments_checked_like_materials(client, world: World) -> None:
    client.force_login(world.student)
    url = reverse("forums:thread_new", args=[world.discussion.pk])
    response = client.post(
        url,
        {
            "title": "С файлом",
            "body": "См. файл",
            "attachments": [SimpleUploadedFile("a.pdf", EXE)],
        },
    )
    assert response.status_code == 200
    assert 'id="id_attachments_error"' in response.content.decode()
    assert not Thread.objects.filter(title="С файлом").exists()
    response = client.post(
        url,
        {
            "title": "С файлом",
            "body": "См. файл",
            "attachments": [SimpleUploadedFile("конспект.pdf", pdf_bytes())],
        },
    )
    assert response.status_code == 302
    post = Thread.objects.get(title="С файлом").posts.get()
    assert post.attachments.get().original_name == "конспект.pdf"


def test_empty_reply_shows_the_error_beside_the_field(client, world: World) -> None:
    thread = ask(world)
    client.force_login(world.student)
    response = client.post(reverse("forums:thread_reply", args=[thread.pk]), {"body": "  "})
    assert response.status_code == 200
    assert 'id="id_body_error"' in response.content.decode()
    assert thread.posts.count() == 1


# --- Query counts ---------------------------------------------------------------------------


def test_thread_page_constant_queries(client, world: World, django_assert_max_num_queries) -> None:
    from dot.forums.factories import bulk_posts

    thread = ask(world, forum=world.discussion)
    bulk_posts(thread, [world.teacher, world.student2, world.tutor], 10)
    client.force_login(world.student)
    client.get(thread.get_absolute_url())
    with django_assert_max_num_queries(30) as small:
        assert client.get(thread.get_absolute_url()).status_code == 200
    bulk_posts(thread, [world.teacher, world.student2, world.tutor], 300)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(thread.get_absolute_url(), {"page": "last"})
    assert response.status_code == 200
    assert "Ответ 299" in response.content.decode()


def test_forum_and_course_pages_constant_queries(
    client, world: World, django_assert_max_num_queries
) -> None:
    from dot.forums.factories import bulk_threads

    bulk_threads(world.discussion, world.student2, 3)
    client.force_login(world.student)
    forum_url = reverse("forums:forum", args=[world.discussion.pk])
    course_url = reverse("forums:course", args=[world.course.pk])
    client.get(forum_url)
    with django_assert_max_num_queries(30) as forum_small:
        client.get(forum_url)
    with django_assert_max_num_queries(30) as course_small:
        client.get(course_url)
    bulk_threads(world.discussion, world.student2, 60)
    with django_assert_max_num_queries(len(forum_small.captured_queries)):
        client.get(forum_url)
    with django_assert_max_num_queries(len(course_small.captured_queries)):
        client.get(course_url)


def test_course_page_panel(client, world: World) -> None:
    ask(world)
    client.force_login(world.student2)
    page = client.get(world.course.get_absolute_url()).content.decode()
    assert 'id="panel-forums"' in page
    assert reverse("forums:forum", args=[world.qa.pk]) in page


def test_reply_notifies_many_subscribers_in_constant_queries(
    world: World, make_user, django_assert_max_num_queries
) -> None:
    from dot.academics.tests.factories import SemesterRegistrationFactory, StudentFactory
    from dot.accounts.models import Role

    registration = world.record.registrations.get()

    def add_subscribers(n: int, start: int) -> None:
        for i in range(n):
            user = make_user(Role.STUDENT, world.units["med"], username=f"s{start + i}")
            record = StudentFactory(user=user, group=world.group, programme=world.record.programme)
            SemesterRegistrationFactory(
                student=record,
                semester=registration.semester,
                curriculum_line=registration.curriculum_line,
            )
            services.subscription_set(user=user, forum=world.discussion, on=True)

    thread = ask(world, forum=world.discussion)
    add_subscribers(2, 0)
    teacher = fresh(world.teacher)
    services.post_reply(thread=thread, author=teacher, body="Разогрев")
    with django_assert_max_num_queries(40) as few:
        services.post_reply(thread=thread, author=teacher, body="Первый")
    add_subscribers(15, 100)
    with django_assert_max_num_queries(len(few.captured_queries)):
        services.post_reply(thread=thread, author=teacher, body="Второй")
    assert Notification.objects.filter(body__contains="Второй").count() == 18


def test_teacher_opens_a_module_forum(client, world: World) -> None:
    from dot.academics.tests.factories import DisciplineModuleFactory

    module: Any = DisciplineModuleFactory(
        discipline=world.course.discipline, order=2, title="Кости"
    )
    url = reverse("forums:course_forum_new", args=[world.course.pk])
    client.force_login(world.student)
    assert client.get(url).status_code == 404
    client.force_login(world.tutor)
    assert client.get(url).status_code == 404
    client.force_login(world.teacher)
    response = client.post(
        url, {"title": "Модуль 2: кости", "kind": "questions", "module": module.pk}
    )
    assert response.status_code == 302
    forum = Forum.objects.get(title="Модуль 2: кости")
    assert forum.module == module
    assert forum.course == world.course
    assert forum.scope == ForumScope.COURSE
    assert not forum.is_default
    client.force_login(world.student)
    assert client.get(forum.get_absolute_url()).status_code == 200


def test_index_page_constant_queries(client, world: World, django_assert_max_num_queries) -> None:
    client.force_login(world.student)
    url = reverse("forums:index")
    client.get(url)
    with django_assert_max_num_queries(30) as few:
        assert client.get(url).status_code == 200
    for i in range(10):
        services.forum_create(
            actor=world.deans_office,
            scope=ForumScope.FACULTY,
            kind=ForumKind.DISCUSSION,
            title=f"Форум {i}",
            unit=world.units["med"],
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert "Форум 9" in response.content.decode()
