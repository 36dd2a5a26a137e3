"""The home page per role: a card per held role with its unit, the role's duties from the
regulation (section IV, V) and what the portal offers it; the user's units."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from dot.accounts.models import Role, User
from dot.accounts.roles import held_roles
from dot.core.role_duties import ROLE_DUTIES


@pytest.fixture
def demo_users(db):
    from dot.org.demo import USERS, seed_org, seed_users

    units = seed_org()
    seed_users(units)
    return USERS


def test_every_role_has_a_duty_from_the_regulation():
    assert set(ROLE_DUTIES) == {r.value for r in Role}
    assert all(d.clauses.startswith("п. ") for d in ROLE_DUTIES.values())


def test_each_demo_user_sees_a_card_per_role_with_unit_and_duty(client, demo_users):
    for spec in demo_users:
        user = User.objects.get(username=spec.username)
        client.force_login(user)

        body = client.get(reverse("core:home")).content.decode()

        cards = re.findall(r'data-role="([a-z_]+)"', body)
        assert sorted(cards) == sorted(h.role for h in held_roles(user)), spec.username
        assert spec.last_name in body
        for held in held_roles(user):
            assert held.unit_name in body
            assert str(ROLE_DUTIES[held.role].text)[:40] in body.replace("&#x27;", "'")


def test_home_lists_only_existing_menu_items(client, demo_users):
    client.force_login(User.objects.get(username="student"))

    body = client.get(reverse("core:home")).content.decode()

    assert reverse("public:info") in body
    assert reverse("public:units") in body
    assert 'href="#"' not in body


def test_academic_office_card_offers_public_information_editing(client, demo_users):
    client.force_login(User.objects.get(username="uo"))

    body = client.get(reverse("core:home")).content.decode()

    assert reverse("public:manage") in body
    assert "Учебный отдел (УО)" in body
    assert "Мои подразделения" in body


def test_user_with_two_roles_gets_two_cards_and_one_unit_line(client, demo_users):
    user = User.objects.get(username="head_kd")
    client.force_login(user)

    body = client.get(reverse("core:home")).content.decode()

    assert sorted(re.findall(r'data-role="([a-z_]+)"', body)) == ["head_of_department", "teacher"]
    assert (
        "Заведующий кафедрой, Преподаватель" in body or "Преподаватель, Заведующий кафедрой" in body
    )


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("ru", "Знакомит студентов с обучением с применением ДОТ"),
        ("ky", "Студенттерди ДОТ менен окутуу менен тааныштырат"),
        ("en", "Introduces students to DOT"),
    ],
)
def test_home_in_each_language(client, demo_users, lang, text):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    client.force_login(User.objects.get(username="deanoffice"))

    body = client.get(reverse("core:home")).content.decode()

    assert f'<html lang="{lang}">' in body
    assert text in body


def test_home_query_count_does_not_grow_with_roles(client, demo_users):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from dot.accounts.models import RoleAssignment
    from dot.org.models import OrgUnit

    user = User.objects.get(username="teacher")
    client.force_login(user)

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            client.get(reverse("core:home"))
        return len(ctx.captured_queries)

    one_role = count_queries()
    for unit in OrgUnit.objects.filter(kind="department"):
        RoleAssignment.objects.get_or_create(user=user, role=Role.TEACHER, unit=unit)
    six_roles = count_queries()
    body = client.get(reverse("core:home")).content.decode()

    assert six_roles == one_role
    assert body.count('data-role="teacher"') == 6


def test_landing_links_the_public_pages_and_login(client, db):
    body = client.get(reverse("core:home")).content.decode()

    for name in ("public:info", "public:units", "public:documents", "accounts:login"):
        assert f'href="{reverse(name)}"' in body


def test_superuser_without_roles_sees_every_menu_item(client, demo_users):
    client.force_login(User.objects.get(username="admin"))

    body = client.get(reverse("core:home")).content.decode()

    assert "Администратор портала" in body
    assert reverse("public:manage") in body
    assert "You hold no role" not in body
