"""The shell: landing, login, home per role."""

from django.urls import reverse

from dot.accounts.models import Role


def test_landing_for_anonymous(client, db):
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    assert reverse("accounts:login") in response.content.decode()


def test_login_then_home_shows_role_and_unit(client, uni, make_user):
    make_user(Role.DEAN, uni["med"], username="dean1")

    response = client.post(
        reverse("accounts:login"), {"username": "dean1", "password": "pass12345"}, follow=True
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "Декан" in body
    assert "Медфак" in body


def test_seed_demo_is_idempotent(db):
    from django.core.management import call_command

    from dot.accounts.models import User
    from dot.org.models import OrgUnit

    call_command("seed_demo", "--quiet")
    users, units = User.objects.count(), OrgUnit.objects.count()
    call_command("seed_demo", "--quiet")

    assert (User.objects.count(), OrgUnit.objects.count()) == (users, units)
    assert {"ЕГД", "МФД", "КД", "СД"} <= set(
        OrgUnit.objects.filter(kind="department").values_list("short_name", flat=True)
    )
    assert OrgUnit.objects.filter(kind="access_point").count() == 2
