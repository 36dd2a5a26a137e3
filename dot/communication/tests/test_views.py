"""The notification centre pages: who sees what, marking read, settings, the header badge."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dot.communication.kinds import NotificationKind
from dot.communication.models import Notification, NotificationPreference
from dot.communication.services import notify
from dot.testing.factories import UserFactory

LIST = reverse("communication:list")
SETTINGS = reverse("communication:preferences")


@pytest.fixture
def reader(db):
    return UserFactory(username="reader", language="ru")


def _notify(user, title, **kw):
    [n] = notify(
        recipients=[user], kind=kw.pop("kind", NotificationKind.ANNOUNCEMENT), title=title, **kw
    )
    return n


@pytest.mark.parametrize(
    "url",
    [LIST, SETTINGS],
)
def test_anonymous_is_sent_to_login(client, db, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_list_shows_only_own_notifications_unread_first(client, reader):
    other = UserFactory(username="other")
    old_unread = _notify(reader, "Старое непрочитанное")
    read = _notify(reader, "Прочитанное")
    Notification.objects.filter(pk=read.pk).update(read_at=read.created_at)
    new_unread = _notify(reader, "Новое непрочитанное")
    _notify(other, "Чужое уведомление")
    client.force_login(reader)

    response = client.get(LIST)

    assert response.status_code == 200
    assert [n.pk for n in response.context["page"].object_list] == [
        new_unread.pk,
        old_unread.pk,
        read.pk,
    ]
    body = response.content.decode()
    assert "Чужое уведомление" not in body
    assert "2 непрочитанных уведомления." in body
    assert 'id="header-unread-count">2<' in body


def test_list_query_count_does_not_grow_with_rows(client, reader, django_assert_max_num_queries):
    actor = UserFactory(username="dean")
    notify(
        recipients=[reader],
        kind=NotificationKind.ANNOUNCEMENT,
        title="Объявление",
        actor=actor,
        url="/x/",
    )
    client.force_login(reader)
    with CaptureQueriesContext(connection) as one_row:
        client.get(LIST)
    for i in range(40):
        notify(recipients=[reader], kind="announcement", title=f"Объявление {i}", actor=actor)

    with django_assert_max_num_queries(len(one_row.captured_queries)):
        response = client.get(LIST)

    assert len(response.context["page"].object_list) == 20
    assert response.context["page"].paginator.count == 41
    notification_queries = [
        q["sql"] for q in one_row.captured_queries if "communication_notification" in q["sql"]
    ]
    # The page of rows (with the sender joined), the paginator's count, the unread count.
    assert len(notification_queries) == 3


def test_second_page(client, reader):
    for i in range(25):
        _notify(reader, f"Уведомление {i}")
    client.force_login(reader)

    response = client.get(LIST, {"page": 2})

    assert len(response.context["page"].object_list) == 5
    assert "Страница 2 из 2" in response.content.decode()


def test_open_marks_read_and_goes_to_the_link(client, reader):
    n = _notify(reader, "Заявка", url="/org/")
    client.force_login(reader)

    response = client.post(reverse("communication:read", args=[n.pk]), {"next": "/org/"})

    assert response.status_code == 302
    assert response.url == "/org/"
    n.refresh_from_db()
    assert n.read_at is not None


def test_open_refuses_a_foreign_next(client, reader):
    n = _notify(reader, "Заявка")
    client.force_login(reader)

    response = client.post(
        reverse("communication:read", args=[n.pk]), {"next": "https://evil.example/"}
    )

    assert response.url == LIST


def test_another_users_notification_is_404(client, reader):
    foreign = _notify(UserFactory(username="other"), "Чужое")
    client.force_login(reader)

    response = client.post(reverse("communication:read", args=[foreign.pk]))

    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.read_at is None


def test_marking_read_needs_post(client, reader):
    n = _notify(reader, "Заявка")
    client.force_login(reader)

    response = client.get(reverse("communication:read", args=[n.pk]))

    assert response.status_code == 405


def test_mark_all_read_touches_only_own(client, reader):
    _notify(reader, "Раз")
    _notify(reader, "Два")
    foreign = _notify(UserFactory(username="other"), "Чужое")
    client.force_login(reader)

    response = client.post(reverse("communication:read_all"), follow=True)

    assert Notification.objects.filter(recipient=reader, read_at__isnull=True).count() == 0
    foreign.refresh_from_db()
    assert foreign.read_at is None
    body = response.content.decode()
    assert "Все уведомления отмечены как прочитанные." in body
    assert 'id="header-unread-count"' not in body


def test_settings_page_lists_kinds_and_explains_mandatory(client, reader):
    client.force_login(reader)

    response = client.get(SETTINGS)

    body = response.content.decode()
    assert response.status_code == 200
    assert 'name="delivery_announcement"' in body
    assert 'name="delivery_system"' not in body
    assert "В ежедневной сводке" in body
    assert "Служебные сообщения портала" in body
    assert "нельзя отключить" in body


def test_settings_mute_and_unmute(client, reader):
    client.force_login(reader)

    response = client.post(
        SETTINGS,
        {
            "delivery_approval_requested": "immediately",
            "delivery_approval_decided": "off",
            "delivery_announcement": "digest",
            "delivery_system": "off",  # mandatory: ignored
        },
    )

    assert response.status_code == 302
    assert dict(
        NotificationPreference.objects.filter(user=reader).values_list("kind", "delivery")
    ) == {
        "approval_requested": "immediately",
        "approval_decided": "off",
        "announcement": "digest",
    }
    client.post(SETTINGS, {"delivery_announcement": "immediately"})
    assert NotificationPreference.objects.get(user=reader, kind="announcement").email is True
    # A value that is not a choice is refused next to the field, nothing is stored.
    response = client.post(SETTINGS, {"delivery_announcement": "sometimes"})
    assert response.status_code == 200
    assert "invalid-feedback" in response.content.decode()
    assert NotificationPreference.objects.get(user=reader, kind="announcement").delivery == (
        "immediately"
    )


def test_header_badge_on_home_page(client, reader):
    _notify(reader, "Раз")
    client.force_login(reader)

    body = client.get(reverse("core:home")).content.decode()

    assert f'href="{LIST}"' in body
    assert 'id="header-unread-count">1<' in body
