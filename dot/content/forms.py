"""Forms of the content pages: they parse input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dot.academics.models import DisciplineModule
from dot.core.models import DecisionAction

from .files import ACCEPT
from .models import ComponentKind, ResourceKind


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented recipe)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)]


def _module_field(discipline_id: int) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("Module"),
        queryset=DisciplineModule.objects.filter(discipline_id=discipline_id),
        required=False,
        empty_label=_("— the whole discipline —"),
    )


class UploadForm(forms.Form):
    component = forms.ChoiceField(label=_("Component"), choices=ComponentKind.choices)
    uploads = MultipleFileField(
        label=_("Files"),
        help_text=_(
            "You may choose several files. PDF, DOCX, PPTX, XLSX, images, MP4/WebM video, "
            "MP3/OGG audio, ZIP; each file is checked by its content."
        ),
    )

    def __init__(self, *args: Any, discipline_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["module"] = _module_field(discipline_id)


class ResourceForm(forms.Form):
    """A link, an embedded video or a Markdown page (and editing any material)."""

    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[c for c in ResourceKind.choices if c[0] != ResourceKind.FILE],
    )
    component = forms.ChoiceField(label=_("Component"), choices=ComponentKind.choices)
    title = forms.CharField(label=_("Title"), max_length=255)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    url = forms.URLField(
        label=_("Address (URL)"),
        required=False,
        max_length=1000,
        assume_scheme="https",
        help_text=_(
            "For a link, a virtual lab or a video (YouTube, Vimeo, Rutube, or an MP4 file)."
        ),
    )
    body = forms.CharField(
        label=_("Text (Markdown)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Headings with #, lists with -, links as [text](https://…)."),
    )
    file = forms.FileField(
        label=_("Replace the file"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )

    def __init__(
        self, *args: Any, discipline_id: int, kind: str | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["module"] = _module_field(discipline_id)
        if kind is not None:
            # Editing: the kind is fixed; only a file material takes a new file.
            del self.fields["kind"]
            if kind != ResourceKind.FILE:
                del self.fields["file"]
            if kind == ResourceKind.FILE or kind == ResourceKind.PAGE:
                del self.fields["url"]
            if kind != ResourceKind.PAGE:
                del self.fields["body"]
        else:
            del self.fields["file"]
        self.order_fields(["kind", "component", "module", "title"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        if kind in (ResourceKind.LINK, ResourceKind.VIDEO) and not data.get("url"):
            self.add_error("url", _("Enter the address (URL)."))
        if kind == ResourceKind.PAGE and not (data.get("body") or "").strip():
            self.add_error("body", _("Write the text of the page."))
        return data


class ReviewForm(forms.Form):
    """A reviewer's decision with remarks attached to components (п. 4.6)."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (DecisionAction.APPROVE, _("Approve")),
            (DecisionAction.RETURN, _("Return for rework")),
            (DecisionAction.REJECT, _("Reject")),
        ],
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    comment = forms.CharField(
        label=_("General comment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    step = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind in ComponentKind:
            self.fields[f"c_{kind.value}"] = forms.CharField(
                label=kind.label, required=False, widget=forms.Textarea(attrs={"rows": 2})
            )

    def component_fields(self) -> list[Any]:
        return [self[f"c_{k.value}"] for k in ComponentKind]

    def component_comments(self) -> dict[str, str]:
        return {k.value: self.cleaned_data.get(f"c_{k.value}", "") for k in ComponentKind}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") in (DecisionAction.RETURN, DecisionAction.REJECT):
            has_remark = any((data.get(f"c_{k.value}") or "").strip() for k in ComponentKind)
            if not (data.get("comment") or "").strip() and not has_remark:
                self.add_error(
                    "comment",
                    _("Write what must be corrected: a general comment or one on a component."),
                )
        return data


class SubmitForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment for the reviewers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReviewerForm(forms.Form):
    reviewer: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Appointed reviewer"),
        queryset=None,
        required=False,  # type: ignore[arg-type]
    )

    def __init__(self, *args: Any, queryset: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = queryset  # type: ignore[attr-defined]


class ReportFilterForm(forms.Form):
    faculty: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Faculty"), queryset=None, required=False, empty_label=_("All")
    )  # type: ignore[arg-type]
    state = forms.ChoiceField(label=_("Status"), required=False)
    stale = forms.BooleanField(label=_("Only those needing revision"), required=False)

    def __init__(
        self, *args: Any, faculties: Any, states: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["faculty"].queryset = faculties  # type: ignore[attr-defined]
        self.fields["state"].choices = [("", _("All"))] + states  # type: ignore[attr-defined]
