"""Who is in the group room and who moderates it; consultations are only for the pair."""

from __future__ import annotations

from typing import Any

import pytest

from dot.accounts.models import Role
from dot.chat import permissions, services
from dot.chat.models import Room, RoomKind

from .conftest import World

pytestmark = pytest.mark.django_db


def test_group_room_members_and_moderators(world: World, make_user: Any) -> None:
    curator = make_user(Role.TEACHER, world.units["kd"], username="curator")
    world.group.curator = curator
    world.group.save(update_fields=["curator"])
    services.rooms_sync_for(user=world.student)
    room = Room.objects.get(kind=RoomKind.GROUP, group=world.group)
    members = {
        u
        for u in (world.student, world.student2, world.teacher, curator)
        if permissions.can_view(u, room)
    }
    assert members == {world.student, world.student2, world.teacher, curator}
    for outsider in (world.other_student, world.other_teacher, world.head, world.tutor):
        assert permissions.can_view(outsider, room) is False
    assert permissions.can_moderate(curator, room) is True
    assert permissions.can_moderate(world.teacher, room) is True
    assert permissions.can_moderate(world.student, room) is False


def test_course_room_moderators_are_its_teachers(world: World) -> None:
    assert permissions.can_moderate(world.teacher, world.room) is True
    assert permissions.can_moderate(world.tutor, world.room) is False
    assert permissions.can_view(world.tutor, world.room) is True


def test_a_student_who_left_loses_the_room(world: World) -> None:
    record = world.student.student_record
    record.status = "expelled"
    record.save(update_fields=["status"])
    assert permissions.can_view(world.student, world.room) is False
    services.rooms_sync_for(user=world.student)
    assert not world.room.memberships.filter(user=world.student).exists()


def test_consultation_is_opened_once_and_only_with_own_teachers(world: World) -> None:
    first = services.consultation_open(student=world.student, teacher=world.teacher)
    again = services.consultation_open(student=world.student, teacher=world.teacher)
    assert first == again
    assert permissions.can_moderate(world.teacher, first) is True
    with pytest.raises(services.ChatRefused) as refused:
        services.consultation_open(student=world.student, teacher=world.other_teacher)
    assert refused.value.code == "not_allowed"
    assert Room.objects.filter(kind=RoomKind.CONSULTATION).count() == 1


def test_a_moderator_cannot_be_muted(world: World) -> None:
    with pytest.raises(services.ChatRefused) as refused:
        services.member_mute(room=world.room, user=world.teacher, actor=world.teacher, minutes=5)
    assert refused.value.code == "not_allowed"
    with pytest.raises(services.ChatRefused) as outside:
        services.member_mute(
            room=world.room, user=world.other_student, actor=world.teacher, minutes=5
        )
    assert outside.value.code == "not_member"
    with pytest.raises(services.ChatRefused) as bad:
        services.member_mute(room=world.room, user=world.student, actor=world.teacher, minutes=0)
    assert bad.value.code == "bad_minutes"


def test_clean_text_keeps_text_and_drops_control_characters() -> None:
    assert services.clean_text("  a\r\nb\x00\u200bc <b>  ") == "a\nbc <b>"


def test_deans_office_of_the_faculty_is_in_and_moderates_its_group_rooms(
    world: World, make_user: Any
) -> None:
    from dot.org.models import OfficeType, UnitKind
    from dot.testing.factories import OrgUnitFactory

    med_office = OrgUnitFactory(
        kind=UnitKind.OFFICE,
        office_type=OfficeType.DEANS_OFFICE,
        parent=world.units["med"],
        name="Деканат медфака",
        code="med-do",
    )
    eco_office = OrgUnitFactory(
        kind=UnitKind.OFFICE,
        office_type=OfficeType.DEANS_OFFICE,
        parent=world.units["eco"],
        name="Деканат экофака",
        code="eco-do",
    )
    med_staff = make_user(Role.DEANS_OFFICE, med_office, username="med_do")
    eco_staff = make_user(Role.DEANS_OFFICE, eco_office, username="eco_do")
    services.rooms_sync_for(user=med_staff)
    room = Room.objects.get(kind=RoomKind.GROUP, group=world.group)
    assert permissions.can_view(med_staff, room) is True
    assert permissions.can_moderate(med_staff, room) is True
    assert permissions.can_view(eco_staff, room) is False
    assert permissions.can_view(med_staff, world.room) is False  # not the course's chat
    from dot.chat.selectors import members

    assert med_staff in members(room)
    assert eco_staff not in members(room)


def test_a_new_room_counts_as_unread_for_members_who_never_opened_the_chat(
    world: World,
) -> None:
    from dot.chat.models import Message
    from dot.chat.selectors import unread_total

    services.rooms_sync_for(user=world.student)  # creates the group's room
    room = Room.objects.get(kind=RoomKind.GROUP, group=world.group)
    Message.objects.create(room=room, author=world.student, text="Кто идёт на консультацию?")
    # The course room was created with its members too (the world fixture).
    Message.objects.create(room=world.room, author=world.teacher, text="Напоминание")
    assert unread_total(world.student2) == 2
    assert unread_total(world.student) == 1
