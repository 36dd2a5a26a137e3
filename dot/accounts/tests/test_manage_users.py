"""The IT office's user screens: four callers, search, create, edit, (de)activate, roles."""

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dot.accounts.models import Role, RoleAssignment, User
from dot.core.models import AuditLog

TODAY = timezone.localdate


@pytest.fixture
def faculty_it(uni, make_user):
    """An IT officer whose role is held in the medical faculty (not the university)."""
    return make_user(Role.IT_OFFICE, uni["med"], username="it_med")


@pytest.fixture
def eco_teacher(uni, make_user):
    return make_user(Role.TEACHER, uni["em"], username="eco_teacher", last_name="Экономов")


@pytest.fixture
def med_teacher(uni, make_user):
    return make_user(Role.TEACHER, uni["kd"], username="med_teacher", last_name="Медиков")


def _screens(target):
    pk = target.pk
    return [
        reverse("manage_users:list"),
        reverse("manage_users:create"),
        reverse("manage_users:import"),
        reverse("manage_users:import_template", args=["csv"]),
        reverse("manage_users:detail", args=[pk]),
        reverse("manage_users:edit", args=[pk]),
        reverse("manage_users:role_assign", args=[pk]),
    ]


# --- Four callers -------------------------------------------------------------------------


def test_anonymous_is_sent_to_login_from_every_screen(client, eco_teacher):
    for url in _screens(eco_teacher):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:login")), url


def test_wrong_role_gets_404_on_every_screen(client, med_teacher, eco_teacher):
    client.force_login(med_teacher)
    for url in _screens(eco_teacher):
        assert client.get(url).status_code == 404, url


def test_wrong_role_cannot_post_actions(client, med_teacher, eco_teacher):
    client.force_login(med_teacher)
    assignment = eco_teacher.role_assignments.get()

    responses = [
        client.post(reverse("manage_users:deactivate", args=[eco_teacher.pk])),
        client.post(reverse("manage_users:send_link", args=[eco_teacher.pk])),
        client.post(reverse("manage_users:role_revoke", args=[eco_teacher.pk, assignment.pk])),
    ]

    assert [r.status_code for r in responses] == [404, 404, 404]
    eco_teacher.refresh_from_db()
    assert eco_teacher.is_active is True


def test_it_role_of_another_unit_gets_404_for_users_outside_it(client, faculty_it, eco_teacher):
    client.force_login(faculty_it)
    for url in _screens(eco_teacher)[4:]:
        assert client.get(url).status_code == 404, url
    response = client.post(reverse("manage_users:deactivate", args=[eco_teacher.pk]))
    assert response.status_code == 404
    eco_teacher.refresh_from_db()
    assert eco_teacher.is_active is True


def test_it_role_of_another_unit_manages_users_inside_it(client, faculty_it, med_teacher):
    client.force_login(faculty_it)
    for url in _screens(med_teacher):
        assert client.get(url).status_code == 200, url


def test_university_it_office_gets_200_everywhere(client, it_staff, eco_teacher):
    client.force_login(it_staff)
    for url in _screens(eco_teacher):
        assert client.get(url).status_code == 200, url


def test_dean_views_people_of_the_faculty_read_only(
    client, uni, make_user, med_teacher, eco_teacher
):
    dean = make_user(Role.DEAN, uni["med"], username="dean_med")
    client.force_login(dean)

    listing = client.get(reverse("manage_users:list"))
    detail = client.get(reverse("manage_users:detail", args=[med_teacher.pk]))
    outside = client.get(reverse("manage_users:detail", args=[eco_teacher.pk]))
    changes = [
        client.get(reverse("manage_users:create")).status_code,
        client.get(reverse("manage_users:import")).status_code,
        client.get(reverse("manage_users:edit", args=[med_teacher.pk])).status_code,
        client.get(reverse("manage_users:role_assign", args=[med_teacher.pk])).status_code,
        client.post(reverse("manage_users:deactivate", args=[med_teacher.pk])).status_code,
    ]

    assert {u.username for u in listing.context["page"].object_list} == {"dean_med", "med_teacher"}
    assert reverse("manage_users:create") not in listing.content.decode()
    assert detail.status_code == 200
    assert reverse("manage_users:edit", args=[med_teacher.pk]) not in detail.content.decode()
    assert outside.status_code == 404
    assert changes == [404, 404, 404, 404, 404]


# --- Scope ------------------------------------------------------------------------------------


def test_faculty_it_lists_only_people_of_its_faculty(
    client, faculty_it, med_teacher, eco_teacher, make_user
):
    make_user(username="nobody")  # no role: only the university's IT office sees them
    client.force_login(faculty_it)

    response = client.get(reverse("manage_users:list"))

    names = {u.username for u in response.context["page"].object_list}
    assert names == {"it_med", "med_teacher"}


def test_university_it_lists_users_without_roles(client, it_staff, make_user):
    make_user(username="nobody")
    client.force_login(it_staff)

    response = client.get(reverse("manage_users:list"))

    assert "nobody" in {u.username for u in response.context["page"].object_list}


def test_faculty_it_cannot_change_someone_who_also_works_elsewhere(
    client, uni, faculty_it, med_teacher
):
    RoleAssignment.objects.create(user=med_teacher, role=Role.TEACHER, unit=uni["em"])
    client.force_login(faculty_it)

    detail = client.get(reverse("manage_users:detail", args=[med_teacher.pk]))
    edit = client.get(reverse("manage_users:edit", args=[med_teacher.pk]))

    assert detail.status_code == 200
    assert edit.status_code == 404


def test_faculty_it_cannot_assign_a_role_outside_its_faculty(client, uni, faculty_it, med_teacher):
    client.force_login(faculty_it)

    response = client.post(
        reverse("manage_users:role_assign", args=[med_teacher.pk]),
        {"role": Role.TEACHER, "unit": uni["em"].pk},
    )

    # The unit is not even offered: the form rejects it as an invalid choice.
    assert response.status_code == 200
    assert "unit" in response.context["form"].errors
    assert not RoleAssignment.objects.filter(user=med_teacher, unit=uni["em"]).exists()


# --- List -------------------------------------------------------------------------------------


def test_search_by_surname_login_and_email(client, it_staff, make_user):
    make_user(username="petrov", last_name="Петров", patronymic="Иванович", email="pp@example.org")
    make_user(
        username="sidorov", last_name="Сидоров", patronymic="Иванович", email="ss@example.org"
    )
    client.force_login(it_staff)

    def found(q):
        response = client.get(reverse("manage_users:list"), {"q": q})
        return {u.username for u in response.context["page"].object_list}

    assert found("петров") == {"petrov"}
    assert found("sidor") == {"sidorov"}
    assert found("pp@example") == {"petrov"}


def test_filter_by_role_unit_and_status(client, uni, it_staff, med_teacher, eco_teacher):
    eco_teacher.is_active = False
    eco_teacher.save()
    client.force_login(it_staff)

    def found(**params):
        response = client.get(reverse("manage_users:list"), params)
        return {u.username for u in response.context["page"].object_list}

    assert found(role=Role.TEACHER) == {"med_teacher"}  # inactive users hold no current role
    assert found(unit=uni["med"].pk) == {"med_teacher"}
    assert found(active="no") == {"eco_teacher"}
    assert found(role=Role.IT_OFFICE, active="yes") == {"it"}


def test_list_query_count_does_not_grow_with_users(
    client, uni, it_staff, make_user, django_assert_max_num_queries
):
    client.force_login(it_staff)
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("manage_users:list"))
    for i in range(60):
        user = make_user(Role.STUDENT, uni["med"], username=f"s{i:02d}")
        RoleAssignment.objects.create(user=user, role=Role.TUTOR, unit=uni["kd"])

    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("manage_users:list"), {"page": 2})

    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 25
    assert response.context["total"] == 61


# --- Create, edit, deactivate ------------------------------------------------------------------


def _create_data(**extra):
    return {
        "last_name": "Асанов",
        "first_name": "Бакыт",
        "patronymic": "Маратович",
        "username": "basanov",
        "email": "basanov@example.org",
        "phone": "+996 555 12 34 56",
        "position": "Доцент",
        "password_mode": "set",
        "password1": "Kh7!mountain",
        "password2": "Kh7!mountain",
        **extra,
    }


def test_create_user_with_initial_password_and_role(client, uni, it_staff):
    client.force_login(it_staff)

    response = client.post(
        reverse("manage_users:create"),
        _create_data(role=Role.TEACHER, unit=uni["kd"].pk, valid_from="2025-09-01"),
    )

    user = User.objects.get(username="basanov")
    assert response.status_code == 302
    assert response["Location"] == reverse("manage_users:detail", args=[user.pk])
    assert user.check_password("Kh7!mountain")
    assert user.short_name == "Асанов Б. М."
    assignment = user.role_assignments.get()
    assert (assignment.role, assignment.unit, assignment.valid_from) == (
        Role.TEACHER,
        uni["kd"],
        datetime.date(2025, 9, 1),
    )
    assert AuditLog.objects.filter(object_id=str(user.pk), action="create").exists()


def test_create_user_with_set_password_link(client, it_staff, django_capture_on_commit_callbacks):
    client.force_login(it_staff)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("manage_users:create"),
            _create_data(password_mode="link", password1="", password2=""),
        )

    user = User.objects.get(username="basanov")
    assert response.status_code == 302
    assert not user.has_usable_password()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["basanov@example.org"]
    assert "/accounts/password/reset/" in mail.outbox[0].body


def test_create_rejects_duplicate_login_and_mismatched_passwords(client, it_staff):
    client.force_login(it_staff)

    response = client.post(
        reverse("manage_users:create"),
        _create_data(username="IT", password2="other"),
    )

    errors = response.context["form"].errors
    assert response.status_code == 200
    assert "username" in errors
    assert "password2" in errors
    assert not User.objects.filter(email="basanov@example.org").exists()


def test_faculty_it_must_give_a_first_role(client, uni, faculty_it):
    client.force_login(faculty_it)

    missing = client.post(reverse("manage_users:create"), _create_data())
    given = client.post(
        reverse("manage_users:create"),
        _create_data(role=Role.STUDENT, unit=uni["med"].pk),
    )

    assert "role" in missing.context["form"].errors
    assert given.status_code == 302
    assert User.objects.get(username="basanov").role_assignments.get().unit == uni["med"]


def test_edit_user_records_changes(client, it_staff, med_teacher):
    client.force_login(it_staff)
    data = {
        "last_name": "Медикова",
        "first_name": med_teacher.first_name,
        "patronymic": med_teacher.patronymic,
        "username": med_teacher.username,
        "email": med_teacher.email,
        "phone": "",
        "position": "Профессор",
    }

    response = client.post(reverse("manage_users:edit", args=[med_teacher.pk]), data)

    med_teacher.refresh_from_db()
    assert response.status_code == 302
    assert (med_teacher.last_name, med_teacher.position) == ("Медикова", "Профессор")
    record = AuditLog.objects.get(object_id=str(med_teacher.pk), action="update")
    assert record.changes["last_name"] == ["Медиков", "Медикова"]
    assert record.actor == it_staff


def test_deactivate_and_reactivate_never_delete(client, it_staff, med_teacher):
    client.force_login(it_staff)

    client.post(reverse("manage_users:deactivate", args=[med_teacher.pk]))
    med_teacher.refresh_from_db()
    assert med_teacher.is_active is False

    client.post(reverse("manage_users:reactivate", args=[med_teacher.pk]))
    med_teacher.refresh_from_db()
    assert med_teacher.is_active is True
    actions = list(
        AuditLog.objects.filter(object_id=str(med_teacher.pk)).values_list("action", flat=True)
    )
    assert actions == ["reactivate", "deactivate"]


def test_deactivated_user_cannot_log_in(client, it_staff, med_teacher):
    client.force_login(it_staff)
    client.post(reverse("manage_users:deactivate", args=[med_teacher.pk]))
    client.logout()

    client.post(reverse("accounts:login"), {"username": "med_teacher", "password": "pass12345"})

    assert "_auth_user_id" not in client.session


def test_it_staff_cannot_deactivate_themselves(client, it_staff):
    client.force_login(it_staff)

    response = client.post(reverse("manage_users:deactivate", args=[it_staff.pk]))

    it_staff.refresh_from_db()
    assert response.status_code == 404
    assert it_staff.is_active is True


def test_get_is_not_allowed_on_actions(client, it_staff, med_teacher):
    client.force_login(it_staff)
    response = client.get(reverse("manage_users:deactivate", args=[med_teacher.pk]))
    assert response.status_code == 405


# --- Roles ------------------------------------------------------------------------------------


def test_assign_role_with_period(client, uni, it_staff, med_teacher):
    client.force_login(it_staff)

    response = client.post(
        reverse("manage_users:role_assign", args=[med_teacher.pk]),
        {
            "role": Role.HEAD_OF_DEPARTMENT,
            "unit": uni["kd"].pk,
            "valid_from": "2025-09-01",
            "valid_to": "2030-08-31",
        },
    )

    assert response.status_code == 302
    assignment = med_teacher.role_assignments.get(role=Role.HEAD_OF_DEPARTMENT)
    assert (assignment.valid_from, assignment.valid_to) == (
        datetime.date(2025, 9, 1),
        datetime.date(2030, 8, 31),
    )
    assert AuditLog.objects.filter(object_id=str(med_teacher.pk), action="role_assign").exists()


def test_assign_role_rejects_end_before_start(client, uni, it_staff, med_teacher):
    client.force_login(it_staff)

    response = client.post(
        reverse("manage_users:role_assign", args=[med_teacher.pk]),
        {
            "role": Role.TUTOR,
            "unit": uni["med"].pk,
            "valid_from": "2026-01-10",
            "valid_to": "2026-01-09",
        },
    )

    assert response.context["form"].errors["valid_to"] == [
        "Дата окончания не может быть раньше даты начала."
    ]
    assert not med_teacher.role_assignments.filter(role=Role.TUTOR).exists()


@pytest.mark.parametrize(
    ("role", "unit_code"),
    [(Role.DEAN, "kd"), (Role.HEAD_OF_DEPARTMENT, "med"), (Role.EDITORIAL_OFFICE, "oitc")],
)
def test_assign_role_in_an_unsuitable_unit_is_refused(
    client, uni, it_staff, med_teacher, role, unit_code
):
    client.force_login(it_staff)

    response = client.post(
        reverse("manage_users:role_assign", args=[med_teacher.pk]),
        {"role": role, "unit": uni[unit_code].pk},
    )

    assert response.status_code == 200
    assert "unit" in response.context["form"].errors
    assert not med_teacher.role_assignments.filter(role=role).exists()


def test_assign_overlapping_same_role_is_refused(client, uni, it_staff, med_teacher):
    client.force_login(it_staff)

    response = client.post(
        reverse("manage_users:role_assign", args=[med_teacher.pk]),
        {"role": Role.TEACHER, "unit": uni["kd"].pk, "valid_from": "2026-01-01"},
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert med_teacher.role_assignments.count() == 1


def test_revoke_current_role_ends_it_at_once(client, it_staff, med_teacher):
    client.force_login(it_staff)
    assignment = med_teacher.role_assignments.get()

    response = client.post(
        reverse("manage_users:role_revoke", args=[med_teacher.pk, assignment.pk])
    )

    assignment.refresh_from_db()
    assert response.status_code == 302
    assert assignment.valid_to == TODAY() - datetime.timedelta(days=1)
    assert not RoleAssignment.objects.current().filter(user=med_teacher).exists()
    record = AuditLog.objects.get(object_id=str(assignment.pk), action="revoke")
    assert record.actor == it_staff


def test_revoke_future_role_removes_it(client, uni, it_staff, med_teacher):
    future = RoleAssignment.objects.create(
        user=med_teacher,
        role=Role.HEAD_OF_DEPARTMENT,
        unit=uni["kd"],
        valid_from=TODAY() + datetime.timedelta(days=10),
    )
    client.force_login(it_staff)

    client.post(reverse("manage_users:role_revoke", args=[med_teacher.pk, future.pk]))

    assert not RoleAssignment.objects.filter(pk=future.pk).exists()
    assert AuditLog.objects.filter(object_id=str(future.pk), action="delete").exists()


def test_revoked_role_takes_authority_away_in_the_same_request_cycle(
    client, uni, it_staff, faculty_it
):
    client.force_login(it_staff)
    assignment = faculty_it.role_assignments.get()
    client.post(reverse("manage_users:role_revoke", args=[faculty_it.pk, assignment.pk]))
    client.force_login(faculty_it)

    assert client.get(reverse("manage_users:list")).status_code == 404


def test_detail_shows_role_assignments(client, uni, it_staff, med_teacher):
    client.force_login(it_staff)

    response = client.get(reverse("manage_users:detail", args=[med_teacher.pk]))

    body = response.content.decode()
    assert "Преподаватель" in body
    assert "Кафедра КД" in body


def test_nav_items_on_it_office_home(client, it_staff):
    client.force_login(it_staff)

    body = client.get(reverse("core:home")).content.decode()

    assert reverse("manage_users:list") in body
    assert reverse("org:tree") in body


@pytest.mark.parametrize(
    ("lang", "heading", "button"),
    [
        ("ru", "Пользователи", "Добавить пользователя"),
        ("ky", "Колдонуучулар", "Колдонуучу кошуу"),
        ("en", "Users", "Add a user"),
    ],
)
def test_user_list_in_every_language(client, it_staff, settings, lang, heading, button):
    client.force_login(it_staff)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang

    body = client.get(reverse("manage_users:list")).content.decode()

    assert f">{heading}</h1>" in body
    assert button in body
