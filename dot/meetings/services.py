"""Writes of online lessons: schedule, cancel, join (with attendance), end, recordings,
reminders. Keyword-only, atomic, audited."""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dot.academics.models import StudentGroup
from dot.accounts.models import User
from dot.communication.services import notify
from dot.content.models import Course
from dot.core.audit import audit_record

from . import permissions, selectors
from .models import Attendance, Lesson, LessonKind, Provider, Recording, Reminder
from .providers import BigBlueButton, ProviderError, bbb_password, jitsi_join_url

REMINDER_KIND = "meetings.reminder"
SCHEDULED_KIND = "meetings.scheduled"


class LessonClosedError(ValidationError):
    """Joining outside the lesson's time window."""


def _local(value: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(value, zoneinfo.ZoneInfo(settings.DOT_CALENDAR_TIME_ZONE))


def _lazy_text(message: Any, params: dict[str, Any]) -> Any:
    """``message`` (gettext_lazy) rendered in each recipient's language by ``notify``."""
    return lazy(lambda: str(message) % params, str)()


def default_provider() -> str:
    value = settings.DOT_MEETINGS_PROVIDER
    return value if value in Provider.values else Provider.JITSI


@transaction.atomic
def lesson_schedule(
    *,
    actor: Any,
    kind: str,
    title: str,
    start: datetime.datetime,
    duration: int,
    teachers: Iterable[User],
    course: Course | None = None,
    group: StudentGroup | None = None,
    student: User | None = None,
    invitees: Iterable[User] = (),
    provider: str = "",
    record: bool = False,
    welcome: str = "",
    description: str = "",
    notify_audience: bool = True,
) -> Lesson:
    """Schedule a lesson (conflicts are the form's warning, not an error here)."""
    if course is None and group is None and student is None:
        raise ValidationError(_("Choose a course, a group or a student."))
    if kind == LessonKind.CONSULTATION and student is None and course is None and group is None:
        raise ValidationError(_("A consultation needs a student."))
    if duration <= 0:
        raise ValidationError(_("The duration must be positive."))
    teacher_list = list(teachers) or [actor]
    lesson = Lesson.objects.create(
        kind=kind,
        title=title,
        description=description,
        course=course,
        group=group,
        student=student,
        start=start,
        duration=duration,
        provider=provider or default_provider(),
        record=record,
        welcome=welcome,
        created_by=actor if actor.pk else None,
    )
    lesson.teachers.set(teacher_list)
    lesson.invitees.set(list(invitees))
    audit_record(
        actor=actor,
        obj=lesson,
        action="meetings.lesson_scheduled",
        changes={"start": start, "duration": duration, "kind": kind},
    )
    if notify_audience:
        local = _local(start)
        notify(
            recipients=list(selectors.audience(lesson)),
            kind=SCHEDULED_KIND,
            title=_lazy_text(
                gettext_lazy("«%(title)s» is scheduled on %(date)s at %(time)s"),
                {
                    "title": title,
                    "date": local.strftime("%d.%m.%Y"),
                    "time": local.strftime("%H:%M"),
                },
            ),
            url=lesson.get_absolute_url(),
            actor=actor,
        )
    return lesson


@transaction.atomic
def lesson_cancel(*, lesson: Lesson, actor: Any) -> Lesson:
    """Cancel a lesson and tell its audience (it leaves their calendars)."""
    if lesson.cancelled_at is None:
        lesson.cancelled_at = timezone.now()
        lesson.save(update_fields=["cancelled_at"])
        audit_record(actor=actor, obj=lesson, action="meetings.lesson_cancelled")
        local = _local(lesson.start)
        notify(
            recipients=list(selectors.audience(lesson)),
            kind=SCHEDULED_KIND,
            title=_lazy_text(
                gettext_lazy("«%(title)s» on %(date)s at %(time)s is cancelled"),
                {
                    "title": lesson.title,
                    "date": local.strftime("%d.%m.%Y"),
                    "time": local.strftime("%H:%M"),
                },
            ),
            url=lesson.get_absolute_url(),
            actor=actor,
        )
    return lesson


def _record_attendance(lesson: Lesson, user: Any, now: datetime.datetime, teacher: bool) -> None:
    updated = Attendance.objects.filter(lesson=lesson, user=user).update(
        last_joined_at=now, joins=F("joins") + 1
    )
    if not updated:
        Attendance.objects.create(
            lesson=lesson,
            user=user,
            first_joined_at=now,
            last_joined_at=now,
            as_teacher=teacher,
        )


def lesson_join(
    *, lesson: Lesson, user: Any, logout_url: str = "", now: datetime.datetime | None = None
) -> str:
    """The user's link into the meeting; records the attendance.

    The caller has checked that the user is a teacher or in the audience
    (``permissions.can_join``). Raises ``LessonClosedError`` outside the window and
    ``ProviderError`` when the platform refuses.
    """
    now = now or timezone.now()
    if not lesson.is_open(now):
        if now < lesson.opens_at:
            raise LessonClosedError(
                _("Joining opens at %(time)s.")
                % {"time": _local(lesson.opens_at).strftime("%d.%m.%Y %H:%M")}
            )
        raise LessonClosedError(_("The lesson is over."))
    moderator = permissions.is_moderator(user, lesson)
    name = user.full_name or user.username
    if lesson.provider == Provider.BBB:
        client = BigBlueButton.from_settings()
        client.create(
            meeting_id=lesson.room,
            name=lesson.title,
            attendee_pw=bbb_password(lesson.room, "viewer"),
            moderator_pw=bbb_password(lesson.room, "moderator"),
            record=lesson.record,
            welcome=lesson.welcome,
            logout_url=logout_url,
        )
        url = client.join_url(
            meeting_id=lesson.room, full_name=name, moderator=moderator, user_id=str(user.pk)
        )
    else:
        url = jitsi_join_url(
            room=lesson.room,
            name=name,
            email=user.email,
            moderator=moderator,
            not_before=lesson.opens_at,
            expires=lesson.end + datetime.timedelta(minutes=30),
        )
    with transaction.atomic():
        _record_attendance(lesson, user, now, moderator)
    return url


@transaction.atomic
def lesson_end(*, lesson: Lesson, actor: Any) -> Lesson:
    if lesson.provider == Provider.BBB and lesson.is_open():
        client = BigBlueButton.from_settings()
        try:
            client.end(meeting_id=lesson.room, moderator_pw=bbb_password(lesson.room, "moderator"))
        except ProviderError as exc:
            if exc.key != "notFound":
                raise
    lesson.ended_at = timezone.now()
    lesson.save(update_fields=["ended_at"])
    audit_record(actor=actor, obj=lesson, action="meetings.lesson_ended")
    return lesson


@transaction.atomic
def recordings_sync(*, lesson: Lesson, actor: Any = None) -> list[Recording]:
    """Fetch the lesson's recordings from BigBlueButton and link them to the lesson."""
    if lesson.provider != Provider.BBB:
        return list(lesson.recordings.all())
    client = BigBlueButton.from_settings()
    for rec in client.get_recordings(meeting_id=lesson.room):
        Recording.objects.update_or_create(
            record_id=rec.record_id,
            defaults={
                "lesson": lesson,
                "url": rec.url,
                "started_at": rec.started_at,
                "ended_at": rec.ended_at,
                "published": rec.published,
            },
        )
    if actor is not None:
        audit_record(actor=actor, obj=lesson, action="meetings.recordings_synced")
    return list(lesson.recordings.all())


@transaction.atomic
def recording_add(*, lesson: Lesson, actor: Any, url: str, record_id: str = "") -> Recording:
    """Link a recording by its address (Jitsi recordings are stored elsewhere)."""
    recording = Recording.objects.create(
        lesson=lesson,
        record_id=record_id or f"link-{lesson.pk}-{timezone.now().timestamp():.0f}",
        url=url,
        started_at=lesson.start,
        ended_at=lesson.end,
    )
    audit_record(actor=actor, obj=lesson, action="meetings.recording_added", changes={"url": url})
    return recording


# --- Reminders --------------------------------------------------------------------------


def send_reminders(now: datetime.datetime | None = None) -> int:
    """Remind the teachers and the audience of lessons starting within
    ``DOT_MEETINGS_REMINDER_MINUTES``: once per lesson and user, however often it runs."""
    now = now or timezone.now()
    horizon = now + datetime.timedelta(minutes=settings.DOT_MEETINGS_REMINDER_MINUTES)
    sent = 0
    lessons = Lesson.objects.filter(
        cancelled_at__isnull=True, ended_at__isnull=True, start__gt=now, start__lte=horizon
    )
    for lesson_id in lessons.values_list("pk", flat=True):
        with transaction.atomic():
            lesson = Lesson.objects.select_for_update().get(pk=lesson_id)
            people = {u.pk: u for u in selectors.audience(lesson)}
            people.update({u.pk: u for u in lesson.teachers.all()})
            done = set(lesson.reminders.values_list("user_id", flat=True))
            recipients = [u for pk, u in people.items() if pk not in done]
            if not recipients:
                continue
            Reminder.objects.bulk_create(
                [Reminder(lesson=lesson, user=u) for u in recipients], ignore_conflicts=True
            )
            local = _local(lesson.start)
            notify(
                recipients=recipients,
                kind=REMINDER_KIND,
                title=_lazy_text(
                    gettext_lazy("«%(title)s» starts at %(time)s"),
                    {"title": lesson.title, "time": local.strftime("%H:%M")},
                ),
                body=_lazy_text(
                    gettext_lazy(
                        "The online lesson starts on %(date)s at %(time)s. Join from its page."
                    ),
                    {"date": local.strftime("%d.%m.%Y"), "time": local.strftime("%H:%M")},
                ),
                url=lesson.get_absolute_url(),
            )
            sent += len(recipients)
    return sent


def sync_recent_recordings(days: int = 3) -> int:
    """Link the recordings of recorded BBB lessons that ended in the last ``days`` days;
    a platform error on one lesson does not stop the others. Returns recordings linked."""
    now = timezone.now()
    lessons = Lesson.objects.filter(
        provider=Provider.BBB,
        record=True,
        cancelled_at__isnull=True,
        end__lte=now,
        end__gte=now - datetime.timedelta(days=days),
    )
    linked = 0
    for lesson in lessons:
        try:
            linked += len(recordings_sync(lesson=lesson))
        except ProviderError:
            continue
    return linked
