"""Scoped roles: authority flows downward (university → faculty → department)."""

import datetime

from django.utils import timezone

from dot.accounts.models import Role, RoleAssignment
from dot.accounts.roles import forget_roles, has_role, scope_q
from dot.org.models import OrgUnit


def test_role_in_faculty_covers_its_departments_only(uni, make_user):
    dean = make_user(Role.DEAN, uni["med"])

    assert has_role(dean, Role.DEAN, uni["kd"])
    assert has_role(dean, Role.DEAN, uni["med"])
    assert not has_role(dean, Role.DEAN, uni["em"])
    assert not has_role(dean, Role.DEAN, uni["uni"])
    assert not has_role(dean, Role.TEACHER, uni["kd"])


def test_expired_assignment_gives_no_authority(uni, make_user):
    user = make_user()
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    RoleAssignment.objects.create(user=user, role=Role.DEAN, unit=uni["med"], valid_to=yesterday)

    assert not has_role(user, Role.DEAN, uni["kd"])


def test_scope_q_filters_units_within_held_units(uni, make_user):
    head = make_user(Role.HEAD_OF_DEPARTMENT, uni["kd"])

    visible = set(OrgUnit.objects.filter(scope_q(head, Role.HEAD_OF_DEPARTMENT, "path")))

    assert visible == {uni["kd"]}


def test_scope_q_matches_nothing_without_role(uni, make_user):
    user = make_user()
    assert not OrgUnit.objects.filter(scope_q(user, Role.DEAN, "path")).exists()


def test_roles_are_loaded_once_per_user_object(uni, make_user, django_assert_num_queries):
    dean = make_user(Role.DEAN, uni["med"])
    forget_roles(dean)
    with django_assert_num_queries(1):
        for _ in range(5):
            has_role(dean, Role.DEAN, uni["kd"])


def test_short_name_is_surname_and_initials(make_user):
    user = make_user(last_name="Иванов", first_name="Сергей", patronymic="Петрович")
    assert user.short_name == "Иванов С. П."
    assert user.full_name == "Иванов Сергей Петрович"
