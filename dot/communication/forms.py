"""The e-mail preferences form: one checkbox per kind that may be muted."""

from __future__ import annotations

from typing import Any

from django import forms

from .selectors import KindPreference


class EmailPreferencesForm(forms.Form):
    def __init__(self, *args: Any, preferences: list[KindPreference], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.preferences = preferences
        for pref in preferences:
            if pref.mandatory:
                continue
            self.fields[f"email_{pref.code}"] = forms.BooleanField(
                label=str(pref.label),
                help_text=str(pref.description),
                required=False,
                initial=pref.email,
            )

    def email_by_kind(self) -> dict[str, bool]:
        return {
            name.removeprefix("email_"): bool(value) for name, value in self.cleaned_data.items()
        }
