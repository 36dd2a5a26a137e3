"""Private messages: who may write to whom, 404 for others' conversations, XSS, unread
counts, blocks, reports, attachments and the response-time records (п. 4.9)."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dot.communication.models import Notification
from dot.messaging import permissions, services
from dot.messaging.models import Block, Conversation, Message, MessageReport, StudentQuestion
from dot.messaging.selectors import unanswered_questions, unread_conversations

INBOX = reverse("messaging:inbox")
COMPOSE = reverse("messaging:compose")
XSS = '<script>alert(1)</script><img src=x onerror="alert(2)"><a href="javascript:alert(3)">x</a>'


def _start(sender, recipients, body="Здравствуйте!", subject="Вопрос"):
    return services.conversation_start(
        sender=sender, recipients=recipients, subject=subject, body=body
    )


def test_student_contacts_follow_roles(school):
    contacts = set(permissions.contacts(school.student).values_list("username", flat=True))

    assert {"teacher", "tutor", "deanoffice", "uo"} <= contacts
    assert not contacts & {"classmate", "other", "outsider", "ecodean", "it", "ecostudent"}


def test_teacher_and_staff_contacts(school):
    teacher = set(permissions.contacts(school.teacher).values_list("username", flat=True))
    assert {"student", "classmate", "deanoffice", "outsider", "uo"} <= teacher
    assert not teacher & {"other", "ecostudent"}  # students of groups they do not teach

    dean = set(permissions.contacts(school.deans_office).values_list("username", flat=True))
    assert {"student", "classmate", "other", "teacher"} <= dean
    assert "ecostudent" not in dean  # another faculty's student

    academic = set(permissions.contacts(school.academic_office).values_list("username", flat=True))
    assert {"student", "ecostudent", "outsider"} <= academic


def test_student_cannot_message_an_arbitrary_user(client, school):
    client.force_login(school.student)

    response = client.post(COMPOSE, {"recipients": [school.outsider.pk], "body": "Привет"})

    assert response.status_code == 200
    assert "invalid-feedback" in response.content.decode()
    assert not Conversation.objects.exists()
    with pytest.raises(ValidationError, match="не можете написать"):
        _start(school.student, [school.classmate])
    assert not Conversation.objects.exists()


def test_picker_offers_only_allowed_people(client, school):
    client.force_login(school.student)

    body = client.get(COMPOSE).content.decode()

    assert f'value="{school.teacher.pk}"' in body
    assert f'value="{school.outsider.pk}"' not in body
    assert f'value="{school.classmate.pk}"' not in body


def test_another_users_conversation_answers_404(client, school):
    conv = _start(school.student, [school.teacher])
    message = conv.messages.get()

    for user in (school.classmate, school.deans_office, school.academic_office):
        client.force_login(user)
        assert client.get(conv.get_absolute_url()).status_code == 404
        assert client.post(conv.get_absolute_url(), {"body": "влезть"}).status_code == 404
        assert client.get(reverse("messaging:report", args=[message.pk])).status_code == 404
    assert conv.messages.count() == 1
    client.logout()
    assert client.get(conv.get_absolute_url()).status_code == 302  # anonymous: to login


def test_student_writes_teacher_replies_with_unread_counts_and_notification(client, school):
    client.force_login(school.student)
    response = client.post(
        COMPOSE, {"recipients": [school.teacher.pk], "subject": "Про зачёт", "body": "Когда зачёт?"}
    )
    conv = Conversation.objects.get()
    assert response.status_code == 302
    assert unread_conversations(user=school.teacher) == 1
    assert unread_conversations(user=school.student) == 0
    note = Notification.objects.get(recipient=school.teacher)
    assert note.kind == "messaging.message"
    assert note.reply_url == f"{conv.get_absolute_url()}#reply"

    client.force_login(school.teacher)
    home = client.get(reverse("core:header_panels")).content.decode()
    assert 'id="header-unread-messages">1<' in home
    page = client.get(conv.get_absolute_url()).content.decode()
    assert "Когда зачёт?" in page
    assert unread_conversations(user=school.teacher) == 0
    client.post(conv.get_absolute_url(), {"body": "В пятницу."})
    assert unread_conversations(user=school.student) == 1


def test_xss_in_a_message_is_rendered_inert(client, school):
    conv = _start(school.student, [school.teacher], body=f"Вопрос {XSS}", subject="<b>тема</b>")
    client.force_login(school.teacher)

    body = client.get(conv.get_absolute_url()).content.decode()

    assert "<script>alert(1)" not in body
    assert "onerror" not in body
    assert "javascript:alert" not in body
    assert "&lt;b&gt;тема&lt;/b&gt;" in body
    stored = Message.objects.get().body
    assert "<script" not in stored
    assert "onerror" not in stored
    inbox = client.get(INBOX).content.decode()
    assert "<script>alert(1)" not in inbox


def test_empty_or_script_only_message_is_refused(client, school):
    client.force_login(school.student)

    response = client.post(
        COMPOSE, {"recipients": [school.teacher.pk], "body": "<script></script>"}
    )

    assert response.status_code == 200
    assert "invalid-feedback" in response.content.decode()
    assert not Conversation.objects.exists()


def test_group_conversation_limit(school, make_user):
    with pytest.raises(ValidationError, match="не более 10"):
        _start(
            school.academic_office,
            [make_user() for _ in range(10)],
        )


def test_block_stops_messages(client, school):
    conv = _start(school.student, [school.teacher])
    client.force_login(school.teacher)

    client.post(reverse("messaging:block", args=[school.student.pk]))

    assert Block.objects.filter(blocker=school.teacher, blocked=school.student).exists()
    with pytest.raises(ValidationError):
        services.message_send(sender=school.student, conversation=conv, body="Ещё вопрос")
    with pytest.raises(ValidationError, match="не принимает"):
        _start(school.student, [school.teacher])
    client.post(reverse("messaging:unblock", args=[school.student.pk]))
    services.message_send(sender=school.student, conversation=conv, body="Ещё вопрос")
    assert conv.messages.count() == 2


def test_report_reaches_the_queue_of_it_and_the_dean_office(client, school):
    conv = _start(school.teacher, [school.student], body="Грубое сообщение")
    message = conv.messages.get()
    client.force_login(school.student)

    response = client.post(reverse("messaging:report", args=[message.pk]), {"reason": "Грубость"})

    assert response.status_code == 302
    report = MessageReport.objects.get()
    recipients = set(
        Notification.objects.filter(kind="messaging.report").values_list(
            "recipient__username", flat=True
        )
    )
    assert recipients == {"it", "deanoffice"}
    for handler in (school.it_office, school.deans_office):
        client.force_login(handler)
        page = client.get(reverse("messaging:reports")).content.decode()
        assert "Грубость" in page
    client.force_login(school.other_deans_office)
    assert "Грубость" not in client.get(reverse("messaging:reports")).content.decode()
    client.force_login(school.student)
    assert client.get(reverse("messaging:reports")).status_code == 404
    client.force_login(school.it_office)
    client.post(reverse("messaging:report_resolve", args=[report.pk]), {"resolution": "Беседа"})
    report.refresh_from_db()
    assert report.status == "resolved"


def test_attachment_checked_and_served_only_to_participants(client, school):
    client.force_login(school.student)
    exe = SimpleUploadedFile("notes.pdf", b"MZ\x90\x00" + b"\x00" * 64)
    response = client.post(
        COMPOSE, {"recipients": [school.teacher.pk], "body": "Файл", "attachment": exe}
    )
    assert response.status_code == 200
    assert "executable" in response.content.decode() or "программ" in response.content.decode()
    assert not Conversation.objects.exists()

    pdf = SimpleUploadedFile(
        "notes.pdf", b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"
    )
    client.post(COMPOSE, {"recipients": [school.teacher.pk], "body": "Файл", "attachment": pdf})
    message = Message.objects.get()
    url = reverse("messaging:attachment", args=[message.pk])
    client.force_login(school.teacher)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    client.force_login(school.classmate)
    assert client.get(url).status_code == 404


def test_response_time_is_recorded_and_unanswered_page_lists_oldest_first(client, school):
    first = _start(school.student, [school.teacher], subject="Первый")
    second = _start(school.classmate, [school.teacher], subject="Второй")
    _start(school.student, [school.deans_office], subject="Не преподавателю")

    assert StudentQuestion.objects.count() == 2
    items = unanswered_questions(teacher=school.teacher)
    assert [i["title"] for i in items] == ["Первый", "Второй"]
    client.force_login(school.teacher)
    page = client.get(reverse("messaging:unanswered")).content.decode()
    assert page.index("Первый") < page.index("Второй")

    services.message_send(sender=school.teacher, conversation=first, body="Ответ")

    question = StudentQuestion.objects.get(conversation=first)
    assert question.answered_at is not None
    assert question.response_time is not None
    assert [i["title"] for i in unanswered_questions(teacher=school.teacher)] == ["Второй"]
    assert second.pk
    client.force_login(school.student)
    assert client.get(reverse("messaging:unanswered")).status_code == 404


def _bulk_conversations(author, others, count):
    """``count`` conversations with one message each, written in bulk (fast set-up)."""
    import datetime

    from django.utils import timezone

    from dot.messaging.models import Participant

    now = timezone.now()
    convs = Conversation.objects.bulk_create(
        [Conversation(subject=f"Ещё {i}", created_by=author) for i in range(count)]
    )
    messages = Message.objects.bulk_create(
        [Message(conversation=c, author=author, body=f"<p>Текст {c.subject}</p>") for c in convs]
    )
    for i, (c, m) in enumerate(zip(convs, messages, strict=True)):
        c.last_message, c.last_message_at = m, now + datetime.timedelta(seconds=i)
    Conversation.objects.bulk_update(convs, ["last_message", "last_message_at"])
    Participant.objects.bulk_create(
        [
            Participant(
                conversation=c, user=u, unread=int(u != author), last_message_at=c.last_message_at
            )
            for c in convs
            for u in [author, *others]
        ]
    )


def test_inbox_queries_do_not_grow_with_conversations(
    client, school, django_assert_max_num_queries
):
    for i in range(3):
        _start(school.teacher, [school.student], subject=f"Тема {i}")
    client.force_login(school.student)
    client.get(INBOX)
    with django_assert_max_num_queries(16) as small:
        client.get(INBOX)
    _bulk_conversations(school.teacher, [school.student, school.classmate], 200)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(INBOX)
    assert response.status_code == 200
    assert "Ещё 199" in response.content.decode()
    # The other participants are named (not the reader), without a dangling comma.
    names = re.findall(r'<div class="small">([^<]*)</div>', response.content.decode())
    assert names[0].strip() == f"{school.classmate.short_name}, Асанова Г. Ф."


def test_conversation_queries_do_not_grow_with_messages(
    client, school, django_assert_max_num_queries
):
    conv = _start(school.student, [school.teacher])
    client.force_login(school.teacher)
    client.get(conv.get_absolute_url())
    with django_assert_max_num_queries(20) as small:
        client.get(conv.get_absolute_url())
    for i in range(200):
        services.message_send(sender=school.student, conversation=conv, body=f"Сообщение {i}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(conv.get_absolute_url())
    body = response.content.decode()
    assert "Сообщение 199" in body
    assert "Сообщение 100" not in body  # the last page only (50 a page)


def test_header_count_is_one_query(client, school, django_assert_num_queries):
    from django.test import RequestFactory

    from dot.messaging.panels import header_context

    for i in range(5):
        _start(school.teacher, [school.student], subject=f"Тема {i}")
    request = RequestFactory().get("/")
    request.user = school.student
    with django_assert_num_queries(1):
        context = header_context(request, None)
    assert context == {"unread_messages": 5}


def test_message_email_carries_the_reply_link(
    school, smtp_server, settings, django_capture_on_commit_callbacks
):
    from dot.communication.testing import text_of

    settings.SITE_URL = "http://portal.example.kg"
    with django_capture_on_commit_callbacks(execute=True):
        conv = _start(school.student, [school.teacher], body="Когда консультация?")

    [letter] = smtp_server.messages
    assert letter["To"] == "teacher@example.kg"
    assert letter["Subject"].strip().startswith("Новое сообщение от Бекова А.")
    text = text_of(letter)
    assert "Когда консультация?" in text
    assert f"Ответить: http://portal.example.kg/messages/{conv.pk}/#reply" in text
    assert "/notifications/unsubscribe/" in text


def test_unanswered_page_merges_forum_questions_oldest_first(client, school, monkeypatch):
    import datetime
    import sys
    import types

    from django.utils import timezone

    _start(school.student, [school.teacher], subject="Вопрос в сообщении")
    forum = types.ModuleType("dot.forums.selectors")
    old = timezone.now() - datetime.timedelta(days=3)

    def open_questions_for_teacher(user):
        assert user == school.teacher
        return [
            {
                "asked_at": old,
                "student": school.classmate,
                "title": "Вопрос на форуме",
                "url": "/forums/threads/1/",
                "course": school.course,
                "source": "forum",
            }
        ]

    forum.open_questions_for_teacher = open_questions_for_teacher  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "dot.forums.selectors", forum)
    client.force_login(school.teacher)

    page = client.get(reverse("messaging:unanswered")).content.decode()

    assert page.index("Вопрос на форуме") < page.index("Вопрос в сообщении")
    assert 'href="/forums/threads/1/"' in page


def test_pages_for_anonymous_and_wrong_roles(client, school):
    conv = _start(school.student, [school.teacher])
    for url in (INBOX, COMPOSE, conv.get_absolute_url(), reverse("messaging:announcements")):
        assert client.get(url).status_code == 302  # anonymous: to the login page
    client.force_login(school.student)
    assert client.get(reverse("messaging:reports")).status_code == 404
    assert client.get(reverse("messaging:unanswered")).status_code == 404
    assert client.get(reverse("messaging:announcement_new")).status_code == 404
    client.force_login(school.outsider)  # a teacher of another faculty: only their own
    page = client.get(reverse("messaging:unanswered")).content.decode()
    assert "Бекова" not in page
    assert client.get(conv.get_absolute_url()).status_code == 404
