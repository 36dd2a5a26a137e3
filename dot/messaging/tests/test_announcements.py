"""Announcements: who may send to which audience, recipient counts before sending, exact
delivery to a group, mandatory notices, delivery status and e-mail through real SMTP."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from dot.accounts.models import Role
from dot.communication.models import Delivery, EmailStatus, Notification
from dot.communication.services import notification_preferences_set
from dot.communication.testing import text_of
from dot.messaging import services
from dot.messaging.models import Announcement, AnnouncementDelivery
from dot.messaging.selectors import Audience

NEW = reverse("messaging:announcement_new")
COUNT = reverse("messaging:announcement_count")


def _send(sender, audience, **kw):
    return services.announcement_send(
        sender=sender,
        audience=audience,
        title=kw.pop("title", "Собрание группы"),
        body=kw.pop("body", "Собрание в пятницу в 14:00."),
        **kw,
    )


def test_deans_office_announcement_to_a_group_reaches_exactly_that_group(
    client, school, smtp_server, django_capture_on_commit_callbacks
):
    client.force_login(school.deans_office)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            NEW,
            {
                "audience": "group",
                "group": school.group.pk,
                "title": "Собрание группы ЛД-1-26",
                "body": "Собрание в пятницу в 14:00, ауд. 305.",
            },
        )

    assert response.status_code == 302
    announcement = Announcement.objects.get()
    reached = set(
        AnnouncementDelivery.objects.filter(announcement=announcement).values_list(
            "recipient__username", flat=True
        )
    )
    assert reached == {"student", "classmate"}
    assert set(
        Notification.objects.filter(kind="announcement").values_list(
            "recipient__username", flat=True
        )
    ) == {"student", "classmate"}
    assert announcement.recipient_count == 2
    # E-mail through the real SMTP server, in Russian.
    letter = next(m for m in smtp_server.messages if m["To"] == "student@example.kg")
    assert letter["Subject"].strip() == "Собрание группы ЛД-1-26"
    text = text_of(letter)
    assert "Собрание в пятницу в 14:00, ауд. 305." in text
    assert "/notifications/unsubscribe/" in text
    assert letter["List-Unsubscribe"] is not None


def test_recipient_count_before_sending(client, school):
    client.force_login(school.deans_office)

    response = client.post(COUNT, {"audience": "group", "group": school.group.pk})
    assert response.status_code == 200
    assert 'id="recipient-count-value">2 получателя<' in response.content.decode()

    response = client.post(COUNT, {"audience": "programme", "programme": school.programme.pk})
    assert "3 получателя" in response.content.decode()

    response = client.post(COUNT, {"audience": "faculty", "faculty": school.units["med"].pk})
    assert "получател" in response.content.decode()
    assert not Announcement.objects.exists()


def test_sender_rules(school):
    group = Audience(kind="group", group=school.group)
    everyone = Audience(kind="everyone")
    eco_faculty = Audience(kind="faculty", faculty=school.units["eco"])

    # A student may not announce at all.
    with pytest.raises(ValidationError):
        _send(school.student, group)
    # Another faculty's dean's office: outside its units.
    with pytest.raises(ValidationError, match="вне подразделений"):
        _send(school.other_deans_office, group)
    with pytest.raises(ValidationError):
        _send(school.deans_office, everyone)
    with pytest.raises(ValidationError, match="вне подразделений"):
        _send(school.deans_office, eco_faculty)
    # A teacher: their course and its groups only.
    _send(school.teacher, Audience(kind="course", course=school.course))
    with pytest.raises(ValidationError, match="вне подразделений"):
        _send(school.teacher, Audience(kind="group", group=school.other_group))
    with pytest.raises(ValidationError):
        _send(school.teacher, Audience(kind="role", role=Role.STUDENT))
    # The academic office: anyone.
    a = _send(school.academic_office, everyone)
    assert a.recipient_count >= 10
    assert not Announcement.objects.filter(sender=school.other_deans_office).exists()


def test_role_audience_stays_in_the_faculty(school):
    a = _send(school.deans_office, Audience(kind="role", role=Role.STUDENT))

    reached = set(a.deliveries.values_list("recipient__username", flat=True))
    assert reached == {"student", "classmate", "other"}


def test_four_callers_of_the_composer(client, school):
    assert client.get(NEW).status_code == 302  # anonymous → login
    client.force_login(school.student)
    assert client.get(NEW).status_code == 404  # wrong role
    client.force_login(school.other_deans_office)
    response = client.post(
        NEW, {"audience": "group", "group": school.group.pk, "title": "X", "body": "Y"}
    )
    assert response.status_code == 200  # right role of another unit: the group is not offered
    assert not Announcement.objects.exists()
    client.force_login(school.deans_office)
    assert client.get(NEW).status_code == 200


def test_mandatory_announcement_is_emailed_despite_the_preference_and_status_shown(
    client, school, smtp_server, django_capture_on_commit_callbacks
):
    notification_preferences_set(
        user=school.student, delivery_by_kind={"announcement": Delivery.OFF}
    )
    with django_capture_on_commit_callbacks(execute=True):
        a = _send(
            school.deans_office,
            Audience(kind="group", group=school.group),
            title="Сессия переносится",
            mandatory=True,
        )

    assert "student@example.kg" in [m["To"] for m in smtp_server.messages]
    n = Notification.objects.get(recipient=school.student)
    assert n.mandatory
    assert n.email_status == EmailStatus.SENT
    # The recipient opens it: the sender sees «read».
    client.force_login(school.student)
    assert client.get(a.get_absolute_url()).status_code == 200
    client.force_login(school.deans_office)
    page = client.get(a.get_absolute_url()).content.decode()
    assert 'id="deliveries"' in page
    assert "Прочитано на портале: <strong>1</strong>" in page
    assert "Отправлено письмом" in page or "E-mailed" in page
    # Neither another faculty's dean's office nor a non-recipient sees it.
    for user in (school.other_deans_office, school.other_student):
        client.force_login(user)
        assert client.get(a.get_absolute_url()).status_code == 404
    # A recipient sees the text but not the delivery table.
    client.force_login(school.classmate)
    page = client.get(a.get_absolute_url()).content.decode()
    assert "Сессия переносится" in page
    assert 'id="deliveries"' not in page


def test_xss_in_an_announcement_is_inert(client, school):
    a = _send(
        school.deans_office,
        Audience(kind="group", group=school.group),
        body='Текст <script>alert(1)</script><img src=x onerror="alert(2)">',
    )
    client.force_login(school.student)
    page = client.get(a.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in page
    assert "onerror" not in page


def test_delivery_page_queries_constant(client, school, make_user, django_assert_max_num_queries):
    a = _send(school.deans_office, Audience(kind="group", group=school.group))
    client.force_login(school.deans_office)
    client.get(a.get_absolute_url())
    with django_assert_max_num_queries(20) as small:
        client.get(a.get_absolute_url())
    from dot.academics.tests.factories import StudentFactory

    for i in range(60):
        user = make_user(Role.STUDENT, school.units["med"], username=f"s{i}")
        StudentFactory(user=user, group=school.group, programme=school.programme)
    big = _send(school.deans_office, Audience(kind="group", group=school.group))
    assert big.recipient_count == 62
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(big.get_absolute_url())
    assert response.status_code == 200
