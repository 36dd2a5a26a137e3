"""notify(): rows in the portal, e-mail after commit through a real SMTP server."""

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils.translation import gettext_lazy as _

from dot.communication.kinds import NotificationKind
from dot.communication.models import EmailStatus, Notification, NotificationPreference
from dot.communication.services import notification_preferences_set, notify
from dot.communication.tasks import MAX_RETRIES
from dot.communication.testing import text_of
from dot.testing.factories import UserFactory

SITE = "http://portal.example.kg"


@pytest.fixture
def student(db):
    return UserFactory(
        username="aidai",
        last_name="Асанова",
        first_name="Айдай",
        patronymic="Бакытовна",
        email="aidai@example.kg",
        language="ru",
    )


@override_settings(SITE_URL=SITE)
def test_russian_letter_is_delivered_with_decoded_subject_body_and_link(
    student, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        [n] = notify(
            recipients=[student],
            kind=NotificationKind.APPROVAL_DECIDED,
            title="РУП «Стоматология» утверждён",
            body="Проректор утвердил рабочий учебный план. Замечаний нет.",
            url="/plans/7/",
        )

    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert message["To"] == "aidai@example.kg"
    # A long encoded subject is folded onto a continuation line; readers drop the fold.
    assert message["Subject"].strip() == "РУП «Стоматология» утверждён"
    text = text_of(message)
    assert "Здравствуйте, Асанова Айдай Бакытовна!" in text
    assert "Проректор утвердил рабочий учебный план. Замечаний нет." in text
    assert f"{SITE}/plans/7/" in text
    assert f"{SITE}/notifications/settings/" in text
    assert "utf-8" in message.get_body(preferencelist=("plain",))["Content-Type"].lower()
    n.refresh_from_db()
    assert (n.email_status, n.email_attempts) == (EmailStatus.SENT, 1)
    assert n.emailed_at is not None


def test_lazy_text_is_rendered_in_each_recipients_language(
    student, smtp_server, django_capture_on_commit_callbacks
):
    english = UserFactory(username="john", email="john@example.org", language="en")

    with django_capture_on_commit_callbacks(execute=True):
        notify(
            recipients=[student, english],
            kind=NotificationKind.APPROVAL_REQUESTED,
            title=_("Approval requested"),
        )

    titles = dict(Notification.objects.values_list("recipient__username", "title"))
    assert titles == {"aidai": "Запрос на согласование", "john": "Approval requested"}
    subjects = {m["To"]: m["Subject"] for m in smtp_server.messages}
    assert subjects == {
        "aidai@example.kg": "Запрос на согласование",
        "john@example.org": "Approval requested",
    }
    english_text = text_of(next(m for m in smtp_server.messages if m["To"] == "john@example.org"))
    assert "Open in the portal:" in english_text


def test_muted_kind_is_kept_in_the_portal_but_not_emailed(
    student, smtp_server, django_capture_on_commit_callbacks
):
    notification_preferences_set(user=student, email_by_kind={NotificationKind.ANNOUNCEMENT: False})

    with django_capture_on_commit_callbacks(execute=True):
        [n] = notify(recipients=[student], kind=NotificationKind.ANNOUNCEMENT, title="Собрание")

    assert smtp_server.messages == []
    assert Notification.objects.get(pk=n.pk).email_status == EmailStatus.NOT_SENT


def test_mandatory_notice_is_emailed_even_when_its_kind_is_muted(
    student, smtp_server, django_capture_on_commit_callbacks
):
    notification_preferences_set(user=student, email_by_kind={NotificationKind.ANNOUNCEMENT: False})

    with django_capture_on_commit_callbacks(execute=True):
        notify(
            recipients=[student],
            kind=NotificationKind.ANNOUNCEMENT,
            title="Сессия переносится",
            mandatory=True,
        )

    assert [m["Subject"] for m in smtp_server.messages] == ["Сессия переносится"]
    assert "обязательное уведомление" in text_of(smtp_server.messages[0])


def test_mandatory_kind_cannot_be_muted(student):
    notification_preferences_set(
        user=student,
        email_by_kind={NotificationKind.SYSTEM: False, NotificationKind.ANNOUNCEMENT: False},
    )

    assert list(NotificationPreference.objects.values_list("kind", "delivery")) == [
        ("announcement", "off")
    ]


def test_nothing_is_sent_when_the_transaction_rolls_back(
    student, smtp_server, django_capture_on_commit_callbacks
):
    class RolledBackError(Exception):
        pass

    def submit_and_fail():
        with transaction.atomic():
            notify(recipients=[student], kind=NotificationKind.SYSTEM, title="Не отправится")
            raise RolledBackError

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RolledBackError):
            submit_and_fail()

    assert callbacks == []
    assert smtp_server.messages == []
    assert Notification.objects.count() == 0


def test_email_waits_for_the_commit(student, smtp_server, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(recipients=[student], kind=NotificationKind.SYSTEM, title="Позже")
        assert smtp_server.messages == []

    assert len(callbacks) == 1
    callbacks[0]()
    assert [m["Subject"] for m in smtp_server.messages] == ["Позже"]


def test_refused_letter_is_retried_and_then_delivered(
    student, smtp_server, django_capture_on_commit_callbacks
):
    smtp_server.refuse(1)

    with django_capture_on_commit_callbacks(execute=True):
        [n] = notify(recipients=[student], kind=NotificationKind.SYSTEM, title="Повтор")

    assert [m["Subject"] for m in smtp_server.messages] == ["Повтор"]
    n.refresh_from_db()
    assert (n.email_status, n.email_attempts) == (EmailStatus.SENT, 2)


def test_letter_refused_every_time_is_marked_failed(
    student, smtp_server, django_capture_on_commit_callbacks
):
    smtp_server.refuse(100)

    with django_capture_on_commit_callbacks(execute=True):
        [n] = notify(recipients=[student], kind=NotificationKind.SYSTEM, title="Не дойдёт")

    n.refresh_from_db()
    assert (n.email_status, n.email_attempts) == (EmailStatus.FAILED, MAX_RETRIES + 1)
    assert smtp_server.messages == []


def test_recipients_without_email_inactive_or_repeated(db, django_capture_on_commit_callbacks):
    no_mail = UserFactory(username="nomail", email="")
    gone = UserFactory(username="gone", is_active=False)
    twice = UserFactory(username="twice")

    with django_capture_on_commit_callbacks(execute=True):
        created = notify(
            recipients=[no_mail, gone, twice, twice], kind=NotificationKind.SYSTEM, title="Тест"
        )

    assert sorted(n.recipient.username for n in created) == ["nomail", "twice"]
    statuses = dict(Notification.objects.values_list("recipient__username", "email_status"))
    assert statuses == {"nomail": EmailStatus.NOT_SENT, "twice": EmailStatus.SENT}


def test_link_must_stay_inside_the_portal(student):
    with pytest.raises(ValueError, match="inside the portal"):
        notify(recipients=[student], kind="system", title="x", url="https://evil.example/")
    assert Notification.objects.count() == 0


def test_unregistered_kind_gets_a_readable_label(student):
    [n] = notify(recipients=[student], kind="forum_reply", title="Ответ")

    assert n.kind_label == "Forum reply"


def test_letter_text_is_not_html_escaped(student, smtp_server, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            recipients=[student],
            kind=NotificationKind.SYSTEM,
            title='Курс "Анатомия" & <практикум>',
            body="Q&A: 'вопросы' <и ответы>",
        )

    [message] = smtp_server.messages
    assert message["Subject"].strip() == 'Курс "Анатомия" & <практикум>'
    assert "Q&A: 'вопросы' <и ответы>" in text_of(message)
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "Q&amp;A: &#x27;вопросы&#x27; &lt;и ответы&gt;" in html
