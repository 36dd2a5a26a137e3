"""Forms of the academic office's editing screens. Writes go through services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .files import detect_document_type
from .models import InfoPage, NormativeDocument
from .services import validate_link

MARKDOWN_HELP = _(
    "Markdown: a blank line starts a new paragraph, «## » a heading, «- » a list item, "
    "[text](https://…) a link. Other HTML is removed."
)


class InfoPageForm(forms.ModelForm):
    class Meta:
        model = InfoPage
        fields = [
            "title", "body", "title_ky", "body_ky", "title_en", "body_en",
            "slug", "clauses", "order", "is_published",
        ]  # fmt: skip
        widgets = {
            "body": forms.Textarea(attrs={"rows": 14}),
            "body_ky": forms.Textarea(attrs={"rows": 10}),
            "body_en": forms.Textarea(attrs={"rows": 10}),
        }
        help_texts = {"body": MARKDOWN_HELP, "body_ky": MARKDOWN_HELP, "body_en": MARKDOWN_HELP}


class NormativeDocumentForm(forms.ModelForm):
    upload = forms.FileField(
        label=_("File (PDF or DOCX)"),
        required=False,
        help_text=_("At most 20 MB. The format is checked by the file's content."),
        widget=forms.FileInput(attrs={"accept": ".pdf,.docx"}),
    )
    remove_file = forms.BooleanField(label=_("Remove the attached file"), required=False)

    class Meta:
        model = NormativeDocument
        fields = [
            "title", "title_ky", "title_en", "code", "kind", "approved_on", "approved_by",
            "link", "order", "is_published",
        ]  # fmt: skip
        widgets = {"approved_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not (self.instance.pk and self.instance.file):
            del self.fields["remove_file"]

    def clean_upload(self) -> Any:
        upload = self.cleaned_data.get("upload")
        if upload:
            detect_document_type(upload)
        return upload

    def clean_link(self) -> str:
        link = (self.cleaned_data.get("link") or "").strip()
        try:
            validate_link(link)
        except ValidationError as exc:
            raise ValidationError(exc.message_dict["link"]) from None
        return link

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        has_file = bool(data.get("upload")) or (
            bool(self.instance.pk and self.instance.file) and not data.get("remove_file")
        )
        if not has_file and not data.get("link") and "upload" not in self.errors:
            self.add_error("upload", _("Attach the document's file or give a link to it."))
        return data

    def _post_clean(self) -> None:
        # The model is saved by the service; skip ModelForm's instance validation of
        # the file/link constraint, which the form checks itself above.
        pass
