"""The audit-trail screen and the object-history component."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dot.accounts.models import Role
from dot.core.audit import audit_record
from dot.core.models import AuditLog
from dot.core.navigation import items_for

URL = reverse("core:audit_list")


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def trail(uni, make_user):
    """Three audit rows: two by the IT engineer on org units, one by the dean on a user."""
    it = make_user(Role.IT_OFFICE, uni["oitc"], username="it", last_name="Исаков")
    dean = make_user(Role.DEAN, uni["med"], username="dean", last_name="Деканова")
    audit_record(actor=it, obj=uni["kd"], action="org_unit.update", changes={"name": ["А", "Б"]})
    audit_record(actor=it, obj=uni["sd"], action="org_unit.create")
    audit_record(actor=dean, obj=it, action="user.update", comment="Сменил должность")
    return {"it": it, "dean": dean}


def _rows(response: Any) -> list[str]:
    return [row.action for row in response.context["page"].object_list]


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),
        ("student", 403),  # wrong role
        ("vice_rector_of_faculty", 403),  # right role, but held in a faculty only
        ("it_office", 200),
        ("rector", 200),
        ("vice_rector", 200),
    ],
)
def test_audit_screen_callers(client, uni, make_user, who, status):
    roles = {
        "student": (Role.STUDENT, uni["med"]),
        "vice_rector_of_faculty": (Role.VICE_RECTOR, uni["med"]),
        "it_office": (Role.IT_OFFICE, uni["oitc"]),
        "rector": (Role.RECTOR, uni["uni"]),
        "vice_rector": (Role.VICE_RECTOR, uni["uni"]),
    }
    if who != "anonymous":
        client.force_login(make_user(*roles[who]))

    response = client.get(URL)

    assert response.status_code == status
    if who == "anonymous":
        assert response["Location"].startswith(reverse("accounts:login"))


def test_lists_every_row_newest_first_with_who_and_what(client, trail):
    client.force_login(trail["it"])

    response = client.get(URL)

    body = response.content.decode()
    assert _rows(response) == ["user.update", "org_unit.create", "org_unit.update"]
    assert "Кафедра КД" in body
    assert "А → Б" in body
    assert "«Сменил должность»" in body


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"actor": "Деканова"}, ["user.update"]),
        ({"actor": "it"}, ["org_unit.create", "org_unit.update"]),
        ({"action": "org_unit.create"}, ["org_unit.create"]),
        ({"q": "КД"}, ["org_unit.update"]),
        ({"q": "Кафедра"}, ["org_unit.create", "org_unit.update"]),
    ],
)
def test_filters(client, trail, query, expected):
    client.force_login(trail["it"])

    response = client.get(URL, query)

    assert _rows(response) == expected


def test_filter_by_object_type(client, trail):
    client.force_login(trail["it"])
    user_type = ContentType.objects.get(app_label="accounts", model="user")

    response = client.get(URL, {"content_type": user_type.pk})

    assert _rows(response) == ["user.update"]


def test_filter_by_dates(client, trail):
    # given the first row happened ten days ago
    first = AuditLog.objects.get(action="org_unit.update")
    AuditLog.objects.filter(pk=first.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=10)
    )
    client.force_login(trail["it"])
    today = timezone.localdate()

    recent = client.get(URL, {"date_from": today.isoformat()})
    old = client.get(URL, {"date_to": (today - datetime.timedelta(days=5)).isoformat()})

    assert _rows(recent) == ["user.update", "org_unit.create"]
    assert _rows(old) == ["org_unit.update"]


def test_reversed_dates_show_an_error_beside_the_field(client, trail):
    client.force_login(trail["it"])

    response = client.get(URL, {"date_from": "2026-05-10", "date_to": "2026-05-01"})

    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_date_to_error"' in body
    assert _rows(response) == []


def test_list_is_paginated_with_constant_queries(
    client, uni, make_user, django_assert_max_num_queries
):
    # given two rows by one person, the page costs some number of queries
    it = make_user(Role.IT_OFFICE, uni["oitc"], username="it")
    audit_record(actor=it, obj=uni["kd"], action="org_unit.update")
    audit_record(actor=it, obj=uni["sd"], action="org_unit.create")
    client.force_login(it)
    client.get(URL)  # warm the caches the layout may use
    with CaptureQueriesContext(connection) as few:
        client.get(URL)

    # when 130 rows by 13 different people are listed, first and third page
    actors = [make_user(username=f"u{i}") for i in range(13)]
    for i in range(128):
        audit_record(actor=actors[i % 13], obj=uni["em"], action="user.update")
    with django_assert_max_num_queries(len(few)):
        first = client.get(URL)
    with django_assert_max_num_queries(len(few)):
        third = client.get(URL, {"page": 3})

    # then the number of queries did not grow, and the pages hold 50 and 30 rows
    assert len(first.context["page"].object_list) == 50
    assert len(third.context["page"].object_list) == 30
    assert "page=2" in first.content.decode()


def test_nav_item_for_audit_roles_only(uni, make_user):
    it = make_user(Role.IT_OFFICE, uni["oitc"])
    rector = make_user(Role.RECTOR, uni["uni"])
    teacher = make_user(Role.TEACHER, uni["kd"])

    def has_item(user: Any) -> bool:
        return any(item.url_name == "core:audit_list" for item in items_for(user))

    assert (has_item(it), has_item(rector), has_item(teacher)) == (True, True, False)


def test_audit_history_component(trail, uni, django_assert_max_num_queries):
    template = Template("{% load audit_tags %}{% audit_history unit limit=5 %}")

    with django_assert_max_num_queries(1):
        html = template.render(Context({"unit": uni["kd"]}))
    empty = template.render(Context({"unit": uni["em"]}))

    assert "Исаков" in html
    assert "А → Б" in html
    assert "Изменения пока не записывались" in empty
