"""Online lessons, consultations and webinars (п. 1.5, 2.3, 4.8): a meeting on a video
platform scheduled in a course, for a group or with one student; who joined it and its
recordings."""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class LessonKind(models.TextChoices):
    LESSON = "lesson", _("Online lesson")
    CONSULTATION = "consultation", _("Consultation")
    WEBINAR = "webinar", _("Webinar")


class Provider(models.TextChoices):
    BBB = "bbb", _("BigBlueButton")
    JITSI = "jitsi", _("Jitsi Meet")


def new_room() -> str:
    # Unguessable: the room name is the only secret of a Jitsi meeting without JWT.
    return secrets.token_urlsafe(18)


def join_early() -> datetime.timedelta:
    return datetime.timedelta(minutes=settings.DOT_MEETINGS_JOIN_EARLY_MINUTES)


class Lesson(models.Model):
    kind = models.CharField(
        _("kind"), max_length=20, choices=LessonKind.choices, default=LessonKind.LESSON
    )
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    course = models.ForeignKey(
        "content.Course",
        verbose_name=_("course"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="lessons",
    )
    group = models.ForeignKey(
        "academics.StudentGroup",
        verbose_name=_("group"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="lessons",
    )
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("student"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="consultations",
    )
    start = models.DateTimeField(_("start"), db_index=True)
    duration = models.PositiveIntegerField(_("duration, minutes"), default=80)
    end = models.DateTimeField(_("end"), db_index=True, editable=False)
    teachers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("teachers"), related_name="lessons_taught"
    )
    invitees = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("extra invitees"),
        related_name="lessons_invited",
        blank=True,
    )
    provider = models.CharField(_("platform"), max_length=10, choices=Provider.choices)
    room = models.CharField(_("room"), max_length=64, unique=True, default=new_room)
    record = models.BooleanField(_("record the meeting"), default=False)
    welcome = models.CharField(_("welcome message"), max_length=500, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("scheduled by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("online lesson")
        verbose_name_plural = _("online lessons")
        ordering = ["start", "id"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: object, **kwargs: object) -> None:
        self.end = self.start + datetime.timedelta(minutes=self.duration)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def get_absolute_url(self) -> str:
        return reverse("meetings:detail", args=[self.pk])

    @property
    def opens_at(self) -> datetime.datetime:
        return self.start - join_early()

    def is_open(self, now: datetime.datetime | None = None) -> bool:
        """Joining is open from ``start − DOT_MEETINGS_JOIN_EARLY_MINUTES`` until the end."""
        now = now or timezone.now()
        if self.cancelled_at or self.ended_at:
            return False
        return self.opens_at <= now < self.end

    @property
    def is_past(self) -> bool:
        return bool(self.ended_at) or self.end <= timezone.now()

    @property
    def uid(self) -> str:
        return f"meetings-lesson-{self.pk}"


class Attendance(models.Model):
    """Who joined a lesson: the first and the last time, and how many times."""

    lesson = models.ForeignKey(
        Lesson, verbose_name=_("lesson"), on_delete=models.CASCADE, related_name="attendance"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="lesson_attendance",
    )
    first_joined_at = models.DateTimeField(_("first joined"))
    last_joined_at = models.DateTimeField(_("last joined"))
    joins = models.PositiveIntegerField(_("joins"), default=1)
    as_teacher = models.BooleanField(_("as a teacher"), default=False)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["first_joined_at"]
        constraints = [
            models.UniqueConstraint(fields=["lesson", "user"], name="meetings_attend_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.lesson}"


class Recording(models.Model):
    lesson = models.ForeignKey(
        Lesson, verbose_name=_("lesson"), on_delete=models.CASCADE, related_name="recordings"
    )
    record_id = models.CharField(_("recording id"), max_length=255, unique=True)
    url = models.URLField(_("link"), max_length=1000)
    started_at = models.DateTimeField(_("start"), null=True, blank=True)
    ended_at = models.DateTimeField(_("end"), null=True, blank=True)
    published = models.BooleanField(_("published"), default=True)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("recording")
        verbose_name_plural = _("recordings")
        ordering = ["started_at", "id"]

    def __str__(self) -> str:
        return f"{self.lesson} ({self.record_id})"

    @property
    def duration_minutes(self) -> int | None:
        if self.started_at and self.ended_at:
            return int((self.ended_at - self.started_at).total_seconds() // 60)
        return None


class Reminder(models.Model):
    """A reminder sent: one per lesson and user, whatever the number of task runs."""

    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="reminders")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(fields=["lesson", "user"], name="meetings_remind_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} — {self.lesson_id}"
