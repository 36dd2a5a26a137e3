"""The e-mail preferences form: for each kind that may be changed, immediately / daily
digest / off."""

from __future__ import annotations

from typing import Any

from django import forms

from .models import Delivery
from .selectors import KindPreference


class EmailPreferencesForm(forms.Form):
    def __init__(self, *args: Any, preferences: list[KindPreference], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.preferences = preferences
        for pref in preferences:
            if pref.mandatory:
                continue
            self.fields[f"delivery_{pref.code}"] = forms.ChoiceField(
                label=str(pref.label),
                help_text=str(pref.description),
                choices=Delivery.choices,
                initial=pref.delivery,
                widget=forms.RadioSelect,
                # A kind left out of the POST keeps its choice.
                required=False,
            )

    def delivery_by_kind(self) -> dict[str, str]:
        return {
            name.removeprefix("delivery_"): str(value)
            for name, value in self.cleaned_data.items()
            if value
        }
