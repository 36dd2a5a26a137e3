"""The audit-trail screen: the IT office and the administration browse who changed what."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import AuditLog
from .permissions import audit_visible_to, can_view_audit
from .templatetags.audit_tags import action_label

PAGE_SIZE = 50


class AuditFilterForm(forms.Form):
    actor = forms.CharField(
        label=_("Who"),
        required=False,
        max_length=150,
        help_text=_("Surname, name or login."),
    )
    content_type = forms.TypedChoiceField(
        label=_("Object type"), required=False, coerce=int, empty_value=None
    )
    action = forms.ChoiceField(label=_("Action"), required=False)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    q = forms.CharField(
        label=_("Object"),
        required=False,
        max_length=200,
        help_text=_("Part of the object's name, or its number."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        type_ids = AuditLog.objects.values("content_type_id").distinct()
        types = sorted(
            ContentType.objects.filter(pk__in=type_ids), key=lambda ct: str(ct.name).lower()
        )
        type_field = self.fields["content_type"]
        assert isinstance(type_field, forms.ChoiceField)
        type_field.choices = [("", _("Any type"))] + [
            (ct.pk, str(ct.name).capitalize()) for ct in types
        ]
        actions = AuditLog.objects.order_by("action").values_list("action", flat=True).distinct()
        action_field = self.fields["action"]
        assert isinstance(action_field, forms.ChoiceField)
        action_field.choices = [("", _("Any action"))] + [(a, action_label(a)) for a in actions]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is earlier than the start date."))
        return data


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def filter_audit(rows: QuerySet[AuditLog], data: dict[str, Any]) -> QuerySet[AuditLog]:
    if actor := (data.get("actor") or "").strip():
        for word in actor.split():
            rows = rows.filter(
                Q(actor__last_name__icontains=word)
                | Q(actor__first_name__icontains=word)
                | Q(actor__username__icontains=word)
            )
    if data.get("content_type"):
        rows = rows.filter(content_type_id=data["content_type"])
    if data.get("action"):
        rows = rows.filter(action=data["action"])
    if data.get("date_from"):
        rows = rows.filter(created_at__gte=_day_start(data["date_from"]))
    if data.get("date_to"):
        rows = rows.filter(created_at__lt=_day_start(data["date_to"] + datetime.timedelta(days=1)))
    if text := (data.get("q") or "").strip():
        rows = rows.filter(Q(object_repr__icontains=text) | Q(object_id=text))
    return rows


@login_required
def audit_list(request: HttpRequest) -> HttpResponse:
    if not can_view_audit(request.user):
        raise PermissionDenied
    form = AuditFilterForm(request.GET or None)
    rows = audit_visible_to(request.user).select_related("actor", "content_type")
    if form.is_bound and form.is_valid():
        rows = filter_audit(rows, form.cleaned_data)
    elif form.is_bound:
        rows = rows.none()
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "core/audit_list.html", {"form": form, "page": page})
