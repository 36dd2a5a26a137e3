"""Lockout after repeated wrong passwords (django-axes, AXES_FAILURE_LIMIT=5)."""

from django.urls import reverse

from dot.accounts.models import Role

LOGIN = reverse("accounts:login")


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(client, uni, make_user):
    make_user(Role.STUDENT, uni["med"], username="student1")
    for _ in range(4):
        response = client.post(LOGIN, {"username": "student1", "password": "wrong"})
        assert response.status_code == 200

    fifth = client.post(LOGIN, {"username": "student1", "password": "wrong"})
    right = client.post(LOGIN, {"username": "student1", "password": "pass12345"})

    assert fifth.status_code == 429
    assert right.status_code == 429
    body = right.content.decode()
    assert "Слишком много неудачных попыток входа" in body
    assert "Попробуйте снова через 15 минут." in body
    assert reverse("accounts:password_reset") in body
    assert "_auth_user_id" not in client.session


def test_another_user_from_the_same_address_is_not_locked(client, uni, make_user):
    make_user(Role.STUDENT, uni["med"], username="student1")
    make_user(Role.STUDENT, uni["med"], username="student2")
    for _ in range(5):
        client.post(LOGIN, {"username": "student1", "password": "wrong"})

    response = client.post(LOGIN, {"username": "student2", "password": "pass12345"})

    assert response.status_code == 302
    assert client.session["_auth_user_id"]


def test_a_success_before_the_limit_resets_the_count(client, uni, make_user):
    make_user(Role.STUDENT, uni["med"], username="student1")
    for _ in range(4):
        client.post(LOGIN, {"username": "student1", "password": "wrong"})
    client.post(LOGIN, {"username": "student1", "password": "pass12345"})
    client.post(reverse("accounts:logout"))
    for _ in range(4):
        client.post(LOGIN, {"username": "student1", "password": "wrong"})

    response = client.post(LOGIN, {"username": "student1", "password": "pass12345"})

    assert response.status_code == 302
