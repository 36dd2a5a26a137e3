"""Password reset by e-mail, delivered through a real SMTP server on loopback."""

import re

from django.urls import reverse

from dot.accounts.models import User
from dot.communication import testing as smtp_testing

smtp_server = smtp_testing.smtp_server


def test_reset_letter_arrives_in_russian_and_its_link_sets_a_new_password(
    client, smtp_server, make_user
):
    make_user(
        username="dean",
        email="dean@example.kg",
        last_name="Осмонова",
        first_name="Гульнара",
        patronymic="Маратовна",
        language="ru",
    )

    response = client.post(reverse("accounts:password_reset"), {"email": "dean@example.kg"})

    assert response.status_code == 302
    assert response.url == reverse("accounts:password_reset_done")
    [letter] = smtp_server.messages
    assert letter["To"] == "dean@example.kg"
    assert letter["Subject"].strip() == "Сброс пароля на портале ДОТ"
    text = smtp_testing.text_of(letter)
    assert "Здравствуйте, Осмонова Гульнара Маратовна!" in text
    assert "Ваш логин: dean" in text
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/)", text)
    assert link is not None

    form_page = client.get(link.group(1), follow=True)
    assert form_page.status_code == 200
    assert form_page.context["validlink"] is True
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Novyi-parol-2026", "new_password2": "Novyi-parol-2026"},
    )

    assert done.status_code == 302
    assert done.url == reverse("accounts:password_reset_complete")
    assert User.objects.get(username="dean").check_password("Novyi-parol-2026")
    assert client.get(link.group(1), follow=True).context["validlink"] is False


def test_reset_letter_is_written_in_the_users_language(client, smtp_server, make_user):
    make_user(username="john", email="john@example.org", language="en")

    client.post(reverse("accounts:password_reset"), {"email": "john@example.org"})

    [letter] = smtp_server.messages
    assert letter["Subject"] == "Password reset on the DOT portal"


def test_unknown_address_gets_the_same_answer_and_no_letter(client, smtp_server, db):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.kg"})

    assert response.status_code == 302
    assert response.url == reverse("accounts:password_reset_done")
    assert smtp_server.messages == []


def test_smtp_failure_does_not_break_the_page(client, smtp_server, make_user):
    make_user(username="dean", email="dean@example.kg")
    smtp_server.refuse(1)

    response = client.post(reverse("accounts:password_reset"), {"email": "dean@example.kg"})

    assert response.status_code == 302
    assert smtp_server.messages == []
