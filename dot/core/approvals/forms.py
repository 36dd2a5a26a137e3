"""The decision form shown under the timeline to whoever may decide the current step."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dot.core.models import DecisionAction

DECISION_CHOICES = [
    (DecisionAction.APPROVE.value, _("Approve")),
    (DecisionAction.RETURN.value, _("Return for rework")),
    (DecisionAction.REJECT.value, _("Reject")),
]


class DecisionForm(forms.Form):
    # The decision comes from the submit button pressed (name="decision").
    decision = forms.ChoiceField(choices=DECISION_CHOICES, widget=forms.HiddenInput)
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you return the document for rework or reject it."),
    )
    # The step the user saw: a decision made meanwhile by someone else is not repeated.
    step = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "approval_%s")
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        decision = data.get("decision")
        if decision and decision != DecisionAction.APPROVE and not data.get("comment", "").strip():
            self.add_error(
                "comment",
                _("Write a comment: what must be corrected, or why the document is rejected."),
            )
        return data


class SubmitForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment for the approvers"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "approval_submit_%s")
        super().__init__(*args, **kwargs)
