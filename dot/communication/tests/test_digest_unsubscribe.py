"""Daily digest, per-kind unsubscribe links (signed, no login) and reply-by-link, all
delivered through the real loopback SMTP server."""

import re

import pytest
from django.core.management import call_command
from django.test import override_settings

from dot.communication.kinds import NotificationKind
from dot.communication.models import Delivery, EmailStatus, Notification, NotificationPreference
from dot.communication.services import notification_preferences_set, notify
from dot.communication.tasks import send_digests_task
from dot.communication.testing import text_of
from dot.communication.unsubscribe import make_token
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


def _header(message, name: str) -> str:
    # A long header is folded onto continuation lines; readers drop the folding.
    return "".join(str(message[name]).split())


def _link(text: str, prefix: str) -> str:
    match = re.search(re.escape(SITE) + r"(/notifications/unsubscribe/[^\s\"<]+/)", text)
    assert match, text
    return match.group(1)


@override_settings(SITE_URL=SITE)
def test_digest_collects_the_kind_into_one_russian_letter(
    student, smtp_server, django_capture_on_commit_callbacks
):
    notification_preferences_set(
        user=student, delivery_by_kind={NotificationKind.ANNOUNCEMENT: Delivery.DIGEST}
    )
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[student], kind=NotificationKind.ANNOUNCEMENT, title="Собрание группы")
        notify(
            recipients=[student],
            kind=NotificationKind.ANNOUNCEMENT,
            title="Экзамен перенесён",
            body="Экзамен по анатомии — в пятницу.",
            reply_url="/messages/1/#reply",
        )
        # Another kind, immediately: a letter at once, not in the digest.
        notify(recipients=[student], kind=NotificationKind.APPROVAL_DECIDED, title="Утверждено")

    assert [m["Subject"] for m in smtp_server.messages] == ["Утверждено"]
    assert Notification.objects.filter(email_status=EmailStatus.DIGEST).count() == 2

    result = send_digests_task.delay().get()

    assert result == {"sent": 1, "failed": 0}
    assert len(smtp_server.messages) == 2
    digest = smtp_server.messages[1]
    assert digest["Subject"].strip() == "Сводка портала: 2 новых уведомления"
    text = text_of(digest)
    assert "Собрание группы" in text
    assert "Экзамен по анатомии — в пятницу." in text
    assert f"Ответить: {SITE}/messages/1/#reply" in text
    assert "Объявления" in text
    assert _header(digest, "List-Unsubscribe").startswith(f"<{SITE}/notifications/unsubscribe/")
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert not Notification.objects.filter(email_status=EmailStatus.DIGEST).exists()

    # Nothing waits any more: the command (the embedded shape's cron) sends nothing.
    call_command("send_digests")
    assert len(smtp_server.messages) == 2


def test_refused_digest_waits_for_the_next_run(
    student, smtp_server, django_capture_on_commit_callbacks
):
    notification_preferences_set(
        user=student, delivery_by_kind={NotificationKind.ANNOUNCEMENT: Delivery.DIGEST}
    )
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[student], kind=NotificationKind.ANNOUNCEMENT, title="Собрание")
    smtp_server.refuse(1)

    assert send_digests_task.delay().get() == {"sent": 0, "failed": 1}
    assert Notification.objects.get().email_status == EmailStatus.DIGEST
    assert send_digests_task.delay().get() == {"sent": 1, "failed": 0}
    assert Notification.objects.get().email_status == EmailStatus.SENT


@override_settings(SITE_URL=SITE)
def test_unsubscribe_link_in_the_letter_works_without_login(
    client, student, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            recipients=[student],
            kind=NotificationKind.ANNOUNCEMENT,
            title="Собрание",
            reply_url="/messages/5/#reply",
        )
    [message] = smtp_server.messages
    text = text_of(message)
    assert f"Ответить: {SITE}/messages/5/#reply" in text
    path = _link(text, SITE)
    assert _header(message, "List-Unsubscribe") == f"<{SITE}{path}>"

    # GET only asks (a link preview must not unsubscribe anyone).
    response = client.get(path)
    assert response.status_code == 200
    assert "Объявления" in response.content.decode()
    assert not NotificationPreference.objects.exists()

    response = client.post(path)  # no login, no CSRF token: RFC 8058 one-click
    assert response.status_code == 200
    pref = NotificationPreference.objects.get(user=student, kind="announcement")
    assert pref.delivery == Delivery.OFF

    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[student], kind=NotificationKind.ANNOUNCEMENT, title="Ещё одно")
    assert len(smtp_server.messages) == 1
    assert Notification.objects.filter(title="Ещё одно").get().email_status == "not_sent"


@override_settings(SITE_URL=SITE)
def test_mandatory_letter_has_no_unsubscribe_link(
    student, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[student], kind=NotificationKind.SYSTEM, title="Пароль изменён")

    [message] = smtp_server.messages
    assert message["List-Unsubscribe"] is None
    assert "/notifications/unsubscribe/" not in text_of(message)


def test_forged_or_mandatory_unsubscribe_token(client, student):
    forged = make_token(student, ["announcement"])[:-3] + "abc"
    assert client.post(f"/notifications/unsubscribe/{forged}/").status_code == 404

    token = make_token(student, ["system", "announcement"])
    client.post(f"/notifications/unsubscribe/{token}/")
    assert list(NotificationPreference.objects.values_list("kind", "delivery")) == [
        ("announcement", "off")
    ]


def test_mandatory_notice_skips_the_digest(
    student, smtp_server, django_capture_on_commit_callbacks
):
    notification_preferences_set(
        user=student, delivery_by_kind={NotificationKind.ANNOUNCEMENT: Delivery.DIGEST}
    )
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            recipients=[student],
            kind=NotificationKind.ANNOUNCEMENT,
            title="Сессия переносится",
            mandatory=True,
        )

    assert [m["Subject"] for m in smtp_server.messages] == ["Сессия переносится"]
    assert Notification.objects.get().email_status == EmailStatus.SENT
