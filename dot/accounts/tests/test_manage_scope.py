"""Which units an IT office role manages, and where each role may be held."""

import pytest

from dot.accounts import permissions
from dot.accounts.models import Role
from dot.accounts.roles import forget_roles
from dot.accounts.services import role_unit_problem
from dot.org.models import OfficeType, UnitKind
from dot.testing.factories import OrgUnitFactory


def test_it_office_under_the_university_manages_everything(uni, it_staff):
    assert permissions.manage_scope_paths(it_staff) == ["/"]
    assert permissions.is_university_manager(it_staff)


def test_it_role_held_in_a_faculty_manages_that_faculty(uni, make_user):
    officer = make_user(Role.IT_OFFICE, uni["med"])

    assert permissions.manage_scope_paths(officer) == [uni["med"].path]
    assert permissions.in_scope(officer, uni["kd"])
    assert not permissions.in_scope(officer, uni["em"])
    assert not permissions.in_scope(officer, uni["uni"])


def test_it_office_of_a_faculty_manages_that_faculty(uni, make_user):
    office = OrgUnitFactory(
        kind=UnitKind.OFFICE, office_type=OfficeType.IT, parent=uni["eco"], code="eco-it"
    )
    officer = make_user(Role.IT_OFFICE, office)

    assert permissions.manage_scope_paths(officer) == [uni["eco"].path]


def test_other_roles_manage_nothing(uni, make_user):
    head = make_user(Role.HEAD_OF_DEPARTMENT, uni["kd"])

    assert permissions.manage_scope_paths(head) == []
    assert not permissions.visible_to(head).exists()


def test_deans_office_sees_its_faculty_and_manages_nothing(uni, make_user):
    deans_office = OrgUnitFactory(
        kind=UnitKind.OFFICE, office_type=OfficeType.DEANS_OFFICE, parent=uni["med"], code="d"
    )
    clerk = make_user(Role.DEANS_OFFICE, deans_office)

    assert permissions.view_scope_paths(clerk) == [uni["med"].path]
    assert permissions.manage_scope_paths(clerk) == []


def test_a_university_role_covers_a_faculty_role(uni, it_staff):
    from dot.accounts.models import RoleAssignment

    RoleAssignment.objects.create(user=it_staff, role=Role.IT_OFFICE, unit=uni["med"])
    forget_roles(it_staff)

    assert permissions.manage_scope_paths(it_staff) == ["/"]


@pytest.mark.parametrize(
    ("role", "unit_code", "ok"),
    [
        (Role.DEAN, "med", True),
        (Role.DEAN, "kd", False),
        (Role.HEAD_OF_DEPARTMENT, "kd", True),
        (Role.HEAD_OF_DEPARTMENT, "med", False),
        (Role.IT_OFFICE, "oitc", True),
        (Role.IT_OFFICE, "med", True),
        (Role.IT_OFFICE, "rio", False),
        (Role.EDITORIAL_OFFICE, "rio", True),
        (Role.ACADEMIC_OFFICE, "uo", True),
        (Role.TEACHER, "kd", True),
        (Role.TEACHER, "uo", False),
        (Role.STUDENT, "med", True),
        (Role.RECTOR, "uni", True),
        (Role.RECTOR, "med", False),
    ],
)
def test_where_each_role_may_be_held(uni, role, unit_code, ok):
    assert (role_unit_problem(role, uni[unit_code]) is None) is ok


def test_a_deactivated_unit_takes_no_new_roles(uni):
    uni["kd"].is_active = False

    assert role_unit_problem(Role.TEACHER, uni["kd"]) == "Подразделение «Кафедра КД» отключено."
