"""Join window, attendance, conflicts, reminders."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from dot.communication.models import Delivery, EmailStatus, Notification, NotificationPreference
from dot.meetings import selectors, services
from dot.meetings.factories import World, make_lesson
from dot.meetings.models import Attendance, Lesson, LessonKind, Reminder
from dot.meetings.tasks import send_lesson_reminders

NOW = datetime.datetime(2026, 11, 26, 10, 0, tzinfo=datetime.UTC)


# --- Join window ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("offset", "open_"),
    [
        (datetime.timedelta(minutes=-15, seconds=-1), False),  # just before start − 15 min
        (datetime.timedelta(minutes=-15), True),  # exactly start − 15 min
        (datetime.timedelta(minutes=30), True),
        (datetime.timedelta(minutes=60, seconds=-1), True),  # last second
        (datetime.timedelta(minutes=60), False),  # the end
    ],
)
def test_join_window_boundaries(world: World, offset: datetime.timedelta, open_: bool) -> None:
    lesson = make_lesson(world, start=timezone.now() + datetime.timedelta(days=2), duration=60)
    at = lesson.start + offset
    assert lesson.is_open(at) is open_
    if open_:
        assert services.lesson_join(lesson=lesson, user=world.student, now=at)
    else:
        with pytest.raises(services.LessonClosedError):
            services.lesson_join(lesson=lesson, user=world.student, now=at)


def test_early_minutes_setting(world: World, settings: Any) -> None:
    settings.DOT_MEETINGS_JOIN_EARLY_MINUTES = 5
    lesson = make_lesson(world, start=timezone.now() + datetime.timedelta(days=1))
    assert not lesson.is_open(lesson.start - datetime.timedelta(minutes=6))
    assert lesson.is_open(lesson.start - datetime.timedelta(minutes=5))


def test_cancelled_or_ended_lesson_is_closed(world: World) -> None:
    lesson = make_lesson(world, start=timezone.now())
    services.lesson_cancel(lesson=lesson, actor=world.teacher)
    assert not lesson.is_open()
    other = make_lesson(world, start=timezone.now())
    services.lesson_end(lesson=other, actor=world.teacher)
    with pytest.raises(services.LessonClosedError):
        services.lesson_join(lesson=other, user=world.student)


def test_closed_join_page_says_when_it_opens(client: Any, world: World) -> None:
    lesson = make_lesson(world, start=timezone.now() + datetime.timedelta(hours=3))
    client.force_login(world.student)
    page = client.get(f"/lessons/{lesson.pk}/").content.decode()
    assert 'id="join-info"' in page
    assert 'id="join"' not in page
    response = client.post(f"/lessons/{lesson.pk}/join/", follow=True)
    assert "Joining opens at" in response.content.decode() or "Подключение откроется" in (
        response.content.decode()
    )
    assert not Attendance.objects.exists()


# --- Attendance -------------------------------------------------------------------------


def test_attendance_first_and_last_join(world: World) -> None:
    lesson = make_lesson(world, start=timezone.now() + datetime.timedelta(days=1))
    first = lesson.start - datetime.timedelta(minutes=2)
    later = lesson.start + datetime.timedelta(minutes=20)
    services.lesson_join(lesson=lesson, user=world.student, now=first)
    services.lesson_join(lesson=lesson, user=world.student, now=later)
    services.lesson_join(lesson=lesson, user=world.teacher, now=first)
    record = Attendance.objects.get(lesson=lesson, user=world.student)
    assert (record.first_joined_at, record.last_joined_at, record.joins) == (first, later, 2)
    assert not record.as_teacher
    assert Attendance.objects.get(lesson=lesson, user=world.teacher).as_teacher
    rows = {r.user.pk: r for r in selectors.attendance_rows(lesson)}
    assert rows[world.student.pk].record == record
    assert rows[world.teacher.pk].is_teacher


def test_attendance_shown_to_teacher_only(client: Any, world: World) -> None:
    lesson = make_lesson(world, start=timezone.now())
    services.lesson_join(lesson=lesson, user=world.student)
    client.force_login(world.teacher)
    page = client.get(f"/lessons/{lesson.pk}/").content.decode()
    assert 'id="attendance"' in page
    assert world.student.full_name in page
    client.force_login(world.student)
    assert 'id="attendance"' not in client.get(f"/lessons/{lesson.pk}/").content.decode()


# --- Conflicts --------------------------------------------------------------------------


def test_conflicts_same_teacher_and_same_group(world: World) -> None:
    start = timezone.now() + datetime.timedelta(days=3)
    busy = make_lesson(world, start=start, duration=90, title="Занято")
    # same teacher, overlapping
    found = selectors.conflicts(start=start + datetime.timedelta(minutes=30), duration=30,
                                teachers=[world.teacher])  # fmt: skip
    assert [c.lesson for c in found] == [busy]
    assert "Занято" in found[0].reason
    # same group (through the course), another teacher
    found = selectors.conflicts(start=start, duration=30, teachers=[world.other_teacher],
                                group=world.group)  # fmt: skip
    assert [c.lesson for c in found] == [busy]
    assert world.group.name in found[0].reason
    # back to back is not a conflict; another teacher and group is not either
    assert not selectors.conflicts(start=busy.end, duration=30, teachers=[world.teacher])
    assert not selectors.conflicts(start=start, duration=30, teachers=[world.other_teacher])


def _form(world: World, start: datetime.datetime, **extra: Any) -> dict[str, Any]:
    local = timezone.localtime(start)
    return {
        "kind": LessonKind.LESSON,
        "title": "Новая лекция",
        "course": world.course.pk,
        "start": local.strftime("%Y-%m-%dT%H:%M"),
        "duration": 60,
        "teachers": [world.teacher.pk],
        "provider": "jitsi",
        **extra,
    }


def test_form_warns_about_conflict_and_saves_on_confirm(client: Any, world: World) -> None:
    start = (timezone.now() + datetime.timedelta(days=3)).replace(second=0, microsecond=0)
    make_lesson(world, start=start, title="Занято")
    client.force_login(world.teacher)
    response = client.post("/lessons/new/", _form(world, start))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="conflicts"' in page
    assert "Занято" in page
    assert 'id="id_confirm_error"' in page
    assert Lesson.objects.filter(course=world.course).count() == 1
    response = client.post("/lessons/new/", _form(world, start, confirm="on"))
    assert response.status_code == 302
    assert Lesson.objects.filter(course=world.course).count() == 2


def test_form_errors_next_to_fields(client: Any, world: World) -> None:
    client.force_login(world.teacher)
    past = timezone.now() - datetime.timedelta(days=1)
    response = client.post("/lessons/new/", _form(world, past, course="", duration=0, title=""))
    page = response.content.decode()
    for field in ("title", "start", "duration", "course"):
        assert f'id="id_{field}_error"' in page, field
    consultation = client.post(
        "/lessons/new/",
        _form(world, timezone.now() + datetime.timedelta(days=1), kind="consultation"),
    )
    assert 'id="id_student_error"' in consultation.content.decode()


# --- Reminders --------------------------------------------------------------------------


def test_reminders_sent_once_per_lesson_and_user(
    world: World, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.DOT_MEETINGS_REMINDER_MINUTES = 30
    soon = make_lesson(world, start=timezone.now() + datetime.timedelta(minutes=20))
    make_lesson(world, start=timezone.now() + datetime.timedelta(hours=3), title="Позже")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert send_lesson_reminders() == 2  # the teacher and the student
    assert send_lesson_reminders() == 0
    assert Reminder.objects.filter(lesson=soon).count() == 2
    notes = Notification.objects.filter(kind="meetings.reminder")
    assert sorted(n.recipient_id for n in notes) == sorted([world.teacher.pk, world.student.pk])
    assert all(n.url == f"/lessons/{soon.pk}/" for n in notes)
    assert {n.email_status for n in notes} == {EmailStatus.PENDING}  # e-mailed after commit
    assert callbacks
    # a user who joins the audience later is reminded, the others not again
    soon.invitees.add(world.other_teacher)
    assert services.send_reminders() == 1


def test_reminder_email_respects_preferences(world: World) -> None:
    NotificationPreference.objects.create(
        user=world.student, kind="meetings.reminder", delivery=Delivery.OFF
    )
    make_lesson(world, start=timezone.now() + datetime.timedelta(minutes=10))
    services.send_reminders()
    student = Notification.objects.get(recipient=world.student, kind="meetings.reminder")
    teacher = Notification.objects.get(recipient=world.teacher, kind="meetings.reminder")
    assert student.email_status == EmailStatus.NOT_SENT  # in the portal only
    assert teacher.email_status == EmailStatus.PENDING


def test_cancel_notifies_the_audience_and_leaves_the_calendar(client: Any, world: World) -> None:
    lesson = make_lesson(world, start=timezone.now() + datetime.timedelta(days=1))
    client.force_login(world.student)
    assert client.post(f"/lessons/{lesson.pk}/action/", {"action": "cancel"}).status_code == 404
    client.force_login(world.teacher)
    client.post(f"/lessons/{lesson.pk}/action/", {"action": "cancel"})
    lesson.refresh_from_db()
    assert lesson.cancelled_at is not None
    note = Notification.objects.get(recipient=world.student, kind="meetings.scheduled")
    assert "отменено" in note.title
    assert not selectors.lessons_between(
        world.student, lesson.start - datetime.timedelta(hours=1), lesson.end
    ).exists()
