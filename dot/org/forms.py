"""Forms of the structure-management screens."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from .models import OrgUnit, OrgUnitQuerySet, UnitKind
from .selectors import INDENT


class TreeUnitChoiceField(forms.ModelChoiceField):
    """A select of units indented as a tree (works without JavaScript)."""

    def __init__(self, queryset: QuerySet[OrgUnit], **kwargs: Any) -> None:
        super().__init__(queryset=queryset.order_by("path"), **kwargs)
        self._base_depth: int | None = None

    def label_from_instance(self, obj: Any) -> str:
        if self._base_depth is None:
            self._base_depth = min((u.depth for u in self.queryset or []), default=0)
        return f"{INDENT * max(obj.depth - self._base_depth, 0)}{obj.display_name}"


CONTACT_FIELDS = ["address", "phone", "email"]


class OrgUnitForm(forms.ModelForm):
    """Create or edit a unit. The kind is chosen on creation only."""

    class Meta:
        model = OrgUnit
        fields = [
            "kind",
            "office_type",
            "parent",
            "name",
            "name_ky",
            "name_en",
            "short_name",
            "code",
            "head_title",
            "description",
            "address",
            "phone",
            "email",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "code": _("Latin letters, digits and hyphens; used in imports (unit_code)."),
            "address": _("Required for an access point (п. 2.2)."),
        }

    def __init__(
        self,
        *args: Any,
        parents: OrgUnitQuerySet,
        can_move: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"] = TreeUnitChoiceField(
            parents.active(), label=_("parent unit"), required=True
        )
        self.fields["kind"].choices = [c for c in UnitKind.choices if c[0] != UnitKind.UNIVERSITY]  # type: ignore[attr-defined]
        if self.instance.pk:
            del self.fields["kind"]
            if self.instance.kind == UnitKind.UNIVERSITY:
                del self.fields["parent"]
            elif not can_move:
                self.fields["parent"].disabled = True
            if self.instance.kind != UnitKind.OFFICE:
                del self.fields["office_type"]

    @property
    def kind(self) -> str:
        if self.instance.pk:
            return self.instance.kind
        return self.cleaned_data.get("kind") or ""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = self.kind
        if "office_type" in self.fields:
            if kind == UnitKind.OFFICE and not data.get("office_type"):
                self.add_error("office_type", _("Choose the type of the office."))
            elif kind and kind != UnitKind.OFFICE and data.get("office_type"):
                self.add_error("office_type", _("Only an office has an office type."))
        if kind == UnitKind.ACCESS_POINT and not data.get("address"):
            self.add_error("address", _("An access point needs an address (п. 2.2)."))
        return data

    def _post_clean(self) -> None:
        # The model's own validation runs in the service (dot.org.services), which also
        # checks which kind may stand under which parent.
        pass
