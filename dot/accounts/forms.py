"""Forms of the user-management screens (validation of input; writes go to services)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.utils.translation import gettext_lazy as _

from dot.org.forms import TreeUnitChoiceField
from dot.org.models import OrgUnit, OrgUnitQuerySet

from .models import Role, User
from .services import check_dates

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class UserFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    role = forms.ChoiceField(label=_("Role"), required=False)
    unit = forms.ModelChoiceField(label=_("Unit"), required=False, queryset=OrgUnit.objects.none())
    active = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), ("yes", _("Active")), ("no", _("Deactivated"))],
    )

    def __init__(self, *args: Any, units: OrgUnitQuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [("", _("Any role")), *Role.choices]  # type: ignore[attr-defined]
        self.fields["unit"] = TreeUnitChoiceField(
            units, label=_("Unit"), required=False, empty_label=_("Any unit")
        )


class UserForm(forms.ModelForm):
    """The person's data: used to edit an account and as the base of the create form."""

    class Meta:
        model = User
        fields = ["last_name", "first_name", "patronymic", "username", "email", "phone", "position"]
        labels = {"username": _("Login")}
        help_texts = {"username": _("Letters, digits and @/./+/-/_ only.")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("last_name", "first_name", "email"):
            self.fields[name].required = True

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip()
        clash = User.objects.filter(username__iexact=username).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("A user with this login already exists."))
        return username

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        clash = User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk)
        if email and clash.exists():
            raise forms.ValidationError(_("A user with this e-mail already exists."))
        return email

    def _post_clean(self) -> None:
        # Model validation runs in the service; do not write the instance here.
        pass


class UserCreateForm(UserForm):
    PASSWORD_SET = "set"  # noqa: S105 - a choice value, not a password
    PASSWORD_LINK = "link"  # noqa: S105 - a choice value, not a password

    password_mode = forms.ChoiceField(
        label=_("Password"),
        widget=forms.RadioSelect,
        choices=[
            (PASSWORD_LINK, _("Send the user a link to set a password")),
            (PASSWORD_SET, _("Set an initial password now")),
        ],
        initial=PASSWORD_LINK,
    )
    password1 = forms.CharField(
        label=_("Initial password"), required=False, strip=False, widget=forms.PasswordInput
    )
    password2 = forms.CharField(
        label=_("Initial password again"), required=False, strip=False, widget=forms.PasswordInput
    )
    role = forms.ChoiceField(label=_("Role"), required=False)
    unit = forms.ModelChoiceField(label=_("Unit"), required=False, queryset=OrgUnit.objects.none())
    valid_from = forms.DateField(label=_("Valid from"), required=False, widget=DATE_WIDGET)

    class Meta(UserForm.Meta):
        pass

    def __init__(
        self, *args: Any, units: OrgUnitQuerySet, role_required: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [("", "—"), *Role.choices]  # type: ignore[attr-defined]
        self.fields["unit"] = TreeUnitChoiceField(units.active(), label=_("Unit"), required=False)
        self.role_required = role_required
        if role_required:
            self.fields["role"].required = True
            self.fields["unit"].required = True

    @property
    def person_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in UserForm.Meta.fields]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password_mode") == self.PASSWORD_SET:
            p1, p2 = data.get("password1"), data.get("password2")
            if not p1:
                self.add_error("password1", _("Enter the initial password."))
            elif p1 != p2:
                self.add_error("password2", _("The two passwords do not match."))
            else:
                probe = User(
                    username=data.get("username", ""),
                    first_name=data.get("first_name", ""),
                    last_name=data.get("last_name", ""),
                    email=data.get("email", ""),
                )
                try:
                    password_validation.validate_password(p1, probe)
                except forms.ValidationError as error:
                    self.add_error("password1", error)
        if bool(data.get("role")) != bool(data.get("unit")):
            field = "unit" if data.get("role") else "role"
            self.add_error(field, _("Choose both the role and the unit, or neither."))
        return data


class RoleAssignmentForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=OrgUnit.objects.none())
    valid_from = forms.DateField(label=_("Valid from"), required=False, widget=DATE_WIDGET)
    valid_to = forms.DateField(
        label=_("Valid to"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("Inclusive. Leave empty for an open-ended assignment."),
    )

    def __init__(self, *args: Any, units: OrgUnitQuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"] = TreeUnitChoiceField(units.active(), label=_("Unit"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        try:
            check_dates(data.get("valid_from"), data.get("valid_to"))
        except forms.ValidationError as error:
            self.add_error(None, error)
        return data


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("File (CSV or XLSX)"),
        help_text=_("Use the template below. CSV: UTF-8 or Windows-1251, comma or semicolon."),
    )
    send_links = forms.BooleanField(
        label=_("E-mail every new user a link to set their password"),
        required=False,
        initial=True,
    )


USERNAME_VALIDATOR = UnicodeUsernameValidator()
