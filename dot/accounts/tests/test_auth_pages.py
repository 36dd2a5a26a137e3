"""Login, logout, profile and password change pages."""

import pytest
from django.conf import settings
from django.urls import reverse

from dot.accounts.models import Role, User
from dot.core.models import AuditLog

LOGIN = reverse("accounts:login")
PROFILE = reverse("accounts:profile")


@pytest.fixture
def teacher(uni, make_user):
    return make_user(
        Role.TEACHER,
        uni["kd"],
        username="teacher",
        last_name="Иманов",
        first_name="Бакыт",
        patronymic="Асанович",
        email="imanov@example.kg",
        language="ky",
    )


@pytest.mark.parametrize(
    "name", ["accounts:profile", "accounts:password_change", "accounts:password_change_done"]
)
def test_private_pages_send_anonymous_to_login(client, db, name):
    response = client.get(reverse(name))

    assert response.status_code == 302
    assert response.url == f"{LOGIN}?next={reverse(name)}"


@pytest.mark.parametrize(
    "name",
    ["accounts:login", "accounts:password_reset", "accounts:password_reset_done"],
)
def test_public_pages_render_for_anonymous(client, db, name):
    response = client.get(reverse(name))

    assert response.status_code == 200


def test_wrong_password_is_reported_beside_the_field_in_russian(client, teacher):
    response = client.post(LOGIN, {"username": "teacher", "password": "wrong"})

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["password"] == [
        "Неверный логин или пароль. Оба чувствительны к регистру; проверьте раскладку клавиатуры."
    ]
    assert 'id="id_password_error"' in response.content.decode()


def test_empty_login_form_reports_required_fields(client, db):
    response = client.post(LOGIN, {"username": "", "password": ""})

    form = response.context["form"]
    assert form.errors["username"] == ["Обязательное поле."]
    assert form.errors["password"] == ["Обязательное поле."]


def test_login_switches_to_the_users_saved_language(client, teacher):
    response = client.post(LOGIN, {"username": "teacher", "password": "pass12345"})

    assert response.status_code == 302
    assert response.url == reverse("core:home")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ky"
    home = client.get(reverse("core:home"))
    assert '<html lang="ky">' in home.content.decode()


def test_logged_in_user_is_sent_past_the_login_page(client, teacher):
    client.force_login(teacher)

    response = client.get(LOGIN)

    assert response.status_code == 302


def test_logout_is_post_only(client, teacher):
    client.force_login(teacher)

    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_profile_shows_own_data_and_roles(client, teacher):
    client.force_login(teacher)

    response = client.get(PROFILE, HTTP_ACCEPT_LANGUAGE="ru")

    body = response.content.decode()
    assert response.status_code == 200
    assert "Иманов Бакыт Асанович" in body
    assert 'value="imanov@example.kg"' in body
    assert "Кафедра КД" in body


def test_profile_saves_contacts_switches_language_and_audits(client, teacher):
    client.force_login(teacher)

    response = client.post(
        PROFILE,
        {"email": "new@example.kg", "phone": "+996 555 123 456", "language": "ru"},
    )

    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ru"
    teacher.refresh_from_db()
    assert (teacher.email, teacher.phone, teacher.language) == (
        "new@example.kg",
        "+996 555 123 456",
        "ru",
    )
    log = AuditLog.objects.get(action="profile_update")
    assert log.changes == {
        "email": ["imanov@example.kg", "new@example.kg"],
        "phone": ["", "+996 555 123 456"],
        "language": ["ky", "ru"],
    }
    page = client.get(PROFILE).content.decode()
    assert "Профиль сохранён." in page


def test_profile_rejects_bad_input_beside_the_field(client, teacher, make_user):
    make_user(email="taken@example.kg", username="other")
    client.force_login(teacher)

    response = client.post(
        PROFILE,
        {"email": "TAKEN@example.kg", "phone": "звоните", "language": "xx"},
        HTTP_ACCEPT_LANGUAGE="ru",
    )

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["email"] == ["Этот адрес электронной почты уже есть у другого пользователя."]
    assert errors["phone"] == ["Введите номер телефона из цифр, пробелов, скобок и дефисов."]
    assert list(errors["language"]) == [
        "Выберите корректный вариант. xx нет среди допустимых значений."
    ]
    teacher.refresh_from_db()
    assert (teacher.email, teacher.phone, teacher.language) == ("imanov@example.kg", "", "ky")
    assert not AuditLog.objects.filter(action="profile_update").exists()


def test_password_change(client, teacher):
    client.force_login(teacher)

    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "pass12345",
            "new_password1": "Kafedra-2026-KD",
            "new_password2": "Kafedra-2026-KD",
        },
    )

    assert response.status_code == 302
    assert response.url == reverse("accounts:password_change_done")
    assert User.objects.get(pk=teacher.pk).check_password("Kafedra-2026-KD")
    # The session survives the change.
    assert client.get(PROFILE).status_code == 200


def test_password_change_wrong_old_password(client, teacher):
    client.force_login(teacher)

    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": "nope", "new_password1": "Kafedra-2026", "new_password2": "Kafedra-2026"},
        HTTP_ACCEPT_LANGUAGE="ru",
    )

    assert response.status_code == 200
    assert "old_password" in response.context["form"].errors
    assert User.objects.get(pk=teacher.pk).check_password("pass12345")
