"""Forms of the login, profile and password pages.

Kept apart from the user-management forms (``manage_*``) that the IT office screens use.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .models import User


class PortalAuthenticationForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "Wrong login or password. Both are case-sensitive; check the keyboard layout."
        ),
        "inactive": _("This account is deactivated. Contact the IT office."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Login")
        self.fields["password"].label = _("Password")

    def clean(self) -> dict[str, Any]:
        try:
            return super().clean()
        except forms.ValidationError as exc:
            # A wrong password belongs beside the password field, where the user looks.
            if exc.code == "invalid_login":
                self.add_error("password", exc)
                return self.cleaned_data
            raise


class ProfileForm(forms.ModelForm):
    """The contact data a user may change themself."""

    class Meta:
        model = User
        fields = ["email", "phone", "language"]
        labels = {"email": _("E-mail"), "phone": _("Phone"), "language": _("Interface language")}
        help_texts = {
            "email": _("Notifications and password reset links are sent here."),
            "phone": _("For example +996 555 123 456."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        taken = (
            User.objects.filter(email__iexact=email, is_active=True)
            .exclude(pk=self.instance.pk)
            .exists()
        )
        if taken:
            raise forms.ValidationError(
                _("Another user already has this e-mail address."), code="taken"
            )
        return email

    def clean_phone(self) -> str:
        phone = " ".join(self.cleaned_data["phone"].split())
        digits = [c for c in phone if c.isdigit()]
        if phone and (len(digits) < 6 or any(c not in "+0123456789 ()-" for c in phone)):
            raise forms.ValidationError(
                _("Enter a phone number of digits, spaces, brackets and dashes."), code="phone"
            )
        return phone


class PortalPasswordResetForm(PasswordResetForm):
    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        # The letter is written in the language the user chose in their profile.
        user = context["user"]
        with translation.override(user.language or settings.LANGUAGE_CODE):
            super().send_mail(
                subject_template_name,
                email_template_name,
                context,
                from_email,
                to_email,
                html_email_template_name,
            )
