"""Forms of the messaging pages. Choices come from the permission filters, so the picker
offers only allowed people and audiences; the services check again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dot.accounts.models import Role, User
from dot.content.files import ACCEPT

from . import permissions, selectors
from .models import AudienceKind
from .selectors import Audience

PICKER_SIZE = 100


class PersonChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name or obj.username}" + (f" — {obj.position}" if obj.position else "")


class ComposeForm(forms.Form):
    recipients = PersonChoiceField(
        label=pgettext_lazy("message recipients", "To"),
        queryset=User.objects.none(),
        help_text=_(
            "Only the people you may write to are listed. Hold Ctrl (⌘ on a Mac) to choose "
            "several (up to 9)."
        ),
        error_messages={
            "invalid_choice": _(
                "You cannot write to this person: choose from the list of your teachers, "
                "tutors, students, colleagues and offices."
            ),
            "required": _("Choose at least one recipient."),
        },
    )
    subject = forms.CharField(label=_("Subject"), max_length=200, required=False)
    body = forms.CharField(
        label=_("Message"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Plain text; **bold**, *italics*, lists and links are allowed."),
    )
    attachment = forms.FileField(
        label=_("Attachment"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )

    def __init__(self, *args: Any, user: Any, query: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["recipients"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = permissions.contacts(user)
        shown = list(selectors.contacts(user=user, query=query)[:PICKER_SIZE])
        data: Any = self.data
        chosen_ids = [str(v) for v in (data.getlist("recipients") if data else [])]
        chosen_ids += [str(v) for v in (self.initial.get("recipients") or [])]
        extra = [
            u
            for u in permissions.contacts(user).filter(
                pk__in=[c for c in chosen_ids if c.isdigit()]
            )
            if u not in shown
        ]
        field.widget.choices = [(u.pk, field.label_from_instance(u)) for u in [*extra, *shown]]
        field.widget.attrs["size"] = "8"


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Your reply"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Plain text; **bold**, *italics*, lists and links are allowed."),
    )
    attachment = forms.FileField(
        label=_("Attachment"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("What is wrong with this message?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )


class ResolveForm(forms.Form):
    resolution = forms.CharField(
        label=_("What was done"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class AnnouncementForm(forms.Form):
    audience = forms.ChoiceField(label=_("Send to"), choices=())
    course: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Course"),
        queryset=None,
        required=False,  # type: ignore[arg-type]
    )
    group: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Group"),
        queryset=None,
        required=False,  # type: ignore[arg-type]
    )
    programme: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Programme"),
        queryset=None,
        required=False,  # type: ignore[arg-type]
    )
    faculty: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Faculty"),
        queryset=None,
        required=False,  # type: ignore[arg-type]
    )
    role = forms.ChoiceField(label=_("Role"), choices=[("", "—"), *Role.choices], required=False)
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Plain text; **bold**, *italics*, lists and links are allowed."),
    )
    mandatory = forms.BooleanField(
        label=_("Mandatory notice"),
        required=False,
        help_text=_("E-mailed to everyone, even to those who switched announcements off."),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = permissions.audiences_for(user)
        self.fields["audience"].choices = [  # type: ignore[attr-defined]
            (k, label) for k, label in AudienceKind.choices if k in allowed
        ]
        querysets = {
            "course": permissions.announce_courses(user).select_related("discipline", "semester"),
            "group": permissions.announce_groups(user),
            "programme": permissions.announce_programmes(user),
            "faculty": permissions.announce_faculties(user),
        }
        for name, qs in querysets.items():
            self.fields[name].queryset = qs  # type: ignore[attr-defined]

    def get_audience(self) -> Audience:
        data = self.cleaned_data
        return Audience(
            kind=data.get("audience", ""),
            course=data.get("course"),
            group=data.get("group"),
            programme=data.get("programme"),
            faculty=data.get("faculty"),
            role=data.get("role") or "",
        )
