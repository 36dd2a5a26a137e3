"""The schedule-a-lesson form: validation beside the fields, conflicts as a warning the
teacher confirms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dot.accounts.models import User

from . import permissions, selectors
from .models import LessonKind, Provider
from .services import default_provider


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.full_name or obj.username


class UsersChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.full_name or obj.username


class LessonForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=LessonKind.choices)
    title = forms.CharField(label=_("Title"), max_length=255)
    course: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Course"), queryset=None, required=False, empty_label=_("— no course —")
    )
    group: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Group"),
        queryset=None,
        required=False,
        empty_label=_("— all the course's students —"),
        help_text=_("Leave empty to invite every registered student of the course."),
    )
    student = UserChoiceField(
        label=_("Student (consultation)"),
        queryset=None,
        required=False,
        empty_label=_("— none —"),
    )
    start = forms.DateTimeField(
        label=_("Start"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    duration = forms.IntegerField(
        label=_("Duration, minutes"), min_value=5, max_value=480, initial=80
    )
    teachers = UsersChoiceField(
        label=_("Teachers"),
        queryset=None,
        required=False,
        help_text=_("Who runs the meeting as moderator; you if none is chosen."),
    )
    invitees = UsersChoiceField(label=_("Extra invitees"), queryset=None, required=False)
    provider = forms.ChoiceField(label=_("Platform"), choices=Provider.choices)
    record = forms.BooleanField(label=_("Record the meeting"), required=False)
    welcome = forms.CharField(label=_("Welcome message"), max_length=500, required=False)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    confirm = forms.BooleanField(
        label=_("Schedule despite the overlaps listed above"), required=False
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.conflicts: list[selectors.Conflict] = []
        fields: Any = self.fields
        fields["course"].queryset = permissions.courses_for_scheduling(user)
        fields["group"].queryset = permissions.groups_for_scheduling(user)
        fields["student"].queryset = permissions.students_for_scheduling(user).order_by(
            "last_name", "first_name"
        )
        colleagues = permissions.colleagues_for_scheduling(user)
        fields["teachers"].queryset = colleagues.order_by("last_name", "first_name")
        fields["invitees"].queryset = (
            User.objects.filter(
                Q(pk__in=colleagues.values("pk"))
                | Q(pk__in=permissions.students_for_scheduling(user).values("pk")),
            )
            .distinct()
            .order_by("last_name", "first_name")
        )
        if not self.is_bound:
            self.initial.setdefault("provider", default_provider())
            self.initial.setdefault("teachers", [user.pk])

    def clean_start(self) -> Any:
        start = self.cleaned_data["start"]
        if start and start < timezone.now():
            raise forms.ValidationError(_("The start is in the past."))
        return start

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        course, group, student = data.get("course"), data.get("group"), data.get("student")
        kind = data.get("kind")
        if kind == LessonKind.CONSULTATION and student is None and "student" not in self.errors:
            self.add_error("student", _("A consultation is held with a student: choose one."))
        elif course is None and group is None and student is None and "course" not in self.errors:
            self.add_error("course", _("Choose a course, a group or a student."))
        if (
            course is not None
            and group is not None
            and not course.groups.filter(pk=group.pk).exists()
        ):
            self.add_error("group", _("This group does not study the chosen course."))
        if self.errors or not data.get("start") or not data.get("duration"):
            return data
        teachers = list(data.get("teachers") or []) or [self.user]
        self.conflicts = selectors.conflicts(
            start=data["start"],
            duration=data["duration"],
            teachers=teachers,
            course=course,
            group=group,
            student=student,
        )
        if self.conflicts and not data.get("confirm"):
            self.add_error(
                "confirm",
                _("The time overlaps other lessons. Tick to schedule anyway, or change the time."),
            )
        return data

    def lesson_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "title": data["title"],
            "start": data["start"],
            "duration": data["duration"],
            "teachers": list(data.get("teachers") or []) or [self.user],
            "course": data.get("course"),
            "group": data.get("group"),
            "student": data.get("student"),
            "invitees": list(data.get("invitees") or []),
            "provider": data["provider"],
            "record": data.get("record", False),
            "welcome": data.get("welcome", ""),
            "description": data.get("description", ""),
        }


class RecordingLinkForm(forms.Form):
    url = forms.URLField(label=_("Recording link"), max_length=1000, assume_scheme="https")
