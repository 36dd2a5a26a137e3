"""Forms of the forum pages (input parsing only; the rules are in services/permissions)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from dot.academics.models import DisciplineModule, Programme, StudentGroup
from dot.content.forms import MultipleFileField
from dot.org.models import OrgUnit, UnitKind

from .models import Forum, ForumKind, ForumScope

BODY_HELP = _(
    "Markdown: **bold**, *italic*, lists, > quotes, links. Scripts and HTML styles are removed."
)


def _attachments() -> MultipleFileField:
    return MultipleFileField(
        label=_("Attachments"),
        required=False,
        help_text=_(
            "Up to 5 files: PDF, DOCX, PPTX, XLSX, images, MP4/WebM video, MP3/OGG audio, "
            "ZIP; each file is checked by its content."
        ),
    )


class ThreadForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=255)
    body = forms.CharField(
        label=_("Text"), widget=forms.Textarea(attrs={"rows": 8}), help_text=BODY_HELP
    )
    attachments = _attachments()


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Your reply"), widget=forms.Textarea(attrs={"rows": 6}), help_text=BODY_HELP
    )
    quote_of = forms.IntegerField(required=False, widget=forms.HiddenInput)
    attachments = _attachments()


class EditForm(forms.Form):
    body = forms.CharField(
        label=_("Text"), widget=forms.Textarea(attrs={"rows": 8}), help_text=BODY_HELP
    )


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search in the course's forums"), max_length=200, required=False)


class CourseForumForm(forms.Form):
    """A further forum of a course: for one module, or of another kind."""

    title = forms.CharField(label=_("Title"), max_length=255)
    kind = forms.ChoiceField(label=_("Kind"), choices=ForumKind.choices)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, discipline_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["module"] = forms.ModelChoiceField(
            label=_("Module"),
            queryset=DisciplineModule.objects.filter(discipline_id=discipline_id),
            required=False,
            empty_label=_("— the whole course —"),
        )


class OrgForumForm(forms.Form):
    """A forum of a group, a programme, a faculty or the university (п. 4.8)."""

    scope = forms.ChoiceField(
        label=_("Audience"), choices=[c for c in ForumScope.choices if c[0] != ForumScope.COURSE]
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=ForumKind.choices)
    title = forms.CharField(label=_("Title"), max_length=255)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    group = forms.ModelChoiceField(
        label=_("Group"), queryset=StudentGroup.objects.none(), required=False
    )
    programme = forms.ModelChoiceField(
        label=_("Programme"), queryset=Programme.objects.none(), required=False
    )
    faculty = forms.ModelChoiceField(
        label=_("Faculty"), queryset=OrgUnit.objects.none(), required=False
    )

    def __init__(
        self, *args: Any, moderator_paths: list[str], everywhere: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        groups = StudentGroup.objects.filter(is_active=True).select_related("programme")
        programmes = Programme.objects.filter(is_active=True).select_related("direction")
        faculties = OrgUnit.objects.filter(kind=UnitKind.FACULTY, is_active=True)
        if not everywhere:
            from django.db.models import Q

            q_group, q_prog, q_fac = Q(pk__in=[]), Q(pk__in=[]), Q(pk__in=[])
            for path in moderator_paths:
                q_group |= Q(programme__faculty__path__startswith=path)
                q_prog |= Q(faculty__path__startswith=path)
                q_fac |= Q(path__startswith=path)
            groups, programmes, faculties = (
                groups.filter(q_group),
                programmes.filter(q_prog),
                faculties.filter(q_fac),
            )
            scope = cast(forms.ChoiceField, self.fields["scope"])
            scope.choices = [
                c
                for c in ForumScope.choices
                if c[0] not in (ForumScope.COURSE, ForumScope.UNIVERSITY)
            ]
        self.fields["group"].queryset = groups  # type: ignore[attr-defined]
        self.fields["programme"].queryset = programmes  # type: ignore[attr-defined]
        self.fields["faculty"].queryset = faculties  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        scope = data.get("scope")
        targets: dict[str, str] = {
            ForumScope.GROUP.value: "group",
            ForumScope.PROGRAMME.value: "programme",
            ForumScope.FACULTY.value: "faculty",
        }
        needed = targets.get(str(scope or ""))
        if needed and not data.get(needed):
            self.add_error(needed, _("Choose the audience of the forum."))
        return data


class MoveForm(forms.Form):
    target = forms.ModelChoiceField(label=_("Move to the forum"), queryset=Forum.objects.none())

    def __init__(self, *args: Any, targets: list[Forum], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = Forum.objects.filter(  # type: ignore[attr-defined]
            pk__in=[f.pk for f in targets]
        )
