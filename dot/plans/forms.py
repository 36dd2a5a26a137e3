"""Forms of section V: each rule's message next to its field, citing the clause."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from dot.academics.models import (
    CurriculumLine,
    Discipline,
    DisciplineModule,
    EducationLevel,
    Programme,
    Semester,
    StudentGroup,
)
from dot.content.files import ACCEPT
from dot.core.models import DecisionAction

from .models import MASTER_SHARE_CEILING, DotOrder, Period, PlanState, ReasonKind
from .services import MAX_DOCUMENTS


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


def _reason_clean(form: forms.Form) -> None:
    data = form.cleaned_data
    if data.get("reason_kind") == ReasonKind.OTHER and not (data.get("reason_text") or "").strip():
        form.add_error("reason_text", _("п. 5.4.2: describe the valid reason when it is «other»."))


class ApplicationForm(forms.Form):
    """п. 5.4.1, 5.4.2: disciplines or modules of one semester, the period, the reason."""

    semester = forms.ModelChoiceField(queryset=Semester.objects.none(), label=_("Semester"))
    items = forms.MultipleChoiceField(
        label=_("Disciplines or modules to study by DOT"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("A whole discipline, or some of its modules (п. 5.4.2)."),
    )
    period = forms.ChoiceField(label=_("Period"), choices=Period.choices, initial=Period.SEMESTER)
    month = forms.DateField(
        label=_("Month (for a period of a month)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Any day of the month."),
    )
    reason_kind = forms.ChoiceField(label=_("Valid reason"), choices=ReasonKind.choices)
    reason_text = forms.CharField(
        label=_("The reason, in detail"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
    )
    documents = MultipleFileField(
        label=_("Supporting documents"),
        required=False,
        help_text=_("A medical certificate or other document: PDF, DOCX or an image; up to 5."),
    )

    def __init__(
        self,
        *args: Any,
        semesters: list[Semester],
        lines: list[CurriculumLine],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["semester"].queryset = Semester.objects.filter(  # type: ignore[attr-defined]
            pk__in=[s.pk for s in semesters]
        )
        choices: list[tuple[str, str]] = []
        self.targets: dict[str, tuple[Discipline, DisciplineModule | None]] = {}
        for line in lines:
            key = f"d{line.discipline_id}"
            choices.append((key, str(line.discipline)))
            self.targets[key] = (line.discipline, None)
            for module in line.discipline.modules.all():
                mkey = f"m{module.pk}"
                choices.append((mkey, f"— {line.discipline}: {module}"))
                self.targets[mkey] = (line.discipline, module)
        self.fields["items"].choices = choices  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        _reason_clean(self)
        if data.get("period") == Period.MONTH and not data.get("month"):
            self.add_error("month", _("Choose the month of the individual study."))
        return data

    def clean_documents(self) -> list[Any]:
        files = self.cleaned_data.get("documents") or []
        if len(files) > MAX_DOCUMENTS:
            raise ValidationError(
                _("At most %(count)s documents can be attached.") % {"count": MAX_DOCUMENTS}
            )
        from dot.content.files import check_upload

        for f in files:
            check_upload(f, f.name, f.size)
        return list(files)

    def chosen(self) -> list[tuple[Discipline, DisciplineModule | None]]:
        keys = self.cleaned_data.get("items") or []
        chosen = [self.targets[k] for k in keys]
        whole = {d.pk for d, m in chosen if m is None}
        # A whole discipline covers its modules.
        return [(d, m) for d, m in chosen if m is None or d.pk not in whole]


class ReasonForm(forms.Form):
    reason_kind = forms.ChoiceField(label=_("Valid reason"), choices=ReasonKind.choices)
    reason_text = forms.CharField(
        label=_("The reason, in detail"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        _reason_clean(self)
        return data


class DocumentsForm(forms.Form):
    documents = MultipleFileField(label=_("Supporting documents"))

    def clean_documents(self) -> list[Any]:
        return ApplicationForm.clean_documents(self)  # type: ignore[arg-type]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (DecisionAction.APPROVE, _("Agree")),
            (DecisionAction.RETURN, _("Return for rework")),
            (DecisionAction.REJECT, _("Reject")),
        ],
        widget=forms.RadioSelect,
        initial=DecisionAction.APPROVE,
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=4000,
    )
    step = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("decision") in (DecisionAction.RETURN, DecisionAction.REJECT)
            and not (data.get("comment") or "").strip()
        ):
            self.add_error(
                "comment",
                _("Write a comment: what must be corrected, or why it is rejected."),
            )
        return data


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=4000,
    )


_HOURS = {"min_value": Decimal("0"), "max_digits": 7, "decimal_places": 2}


class HoursForm(forms.Form):
    """п. 5.5.1: the teacher sets the classroom hours of the ИУП (not above the РУП's)."""

    lecture_hours = forms.DecimalField(label=_("Lectures, h"), **_HOURS)  # type: ignore[arg-type]
    lab_hours = forms.DecimalField(label=_("Labs, h"), **_HOURS)  # type: ignore[arg-type]
    practice_hours = forms.DecimalField(label=_("Practice, h"), **_HOURS)  # type: ignore[arg-type]
    dot_hours = forms.DecimalField(
        label=_("Hours by DOT"),
        required=False,
        help_text=_("The hours studied by DOT; the DOT order and п. 5.4.3 cap them."),
        **_HOURS,  # type: ignore[arg-type]
    )

    def __init__(self, *args: Any, line: CurriculumLine | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.line = line

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.line is None:
            return data
        for name in ("lecture_hours", "lab_hours", "practice_hours"):
            value, rup = data.get(name), getattr(self.line, name)
            if value is not None and value > rup:
                self.add_error(name, _("At most %(rup)s h, as in the РУП.") % {"rup": rup})
        return data


class ResultForm(forms.Form):
    result = forms.CharField(label=_("Result"), max_length=255)


class RowForm(forms.Form):
    dot_hours = forms.DecimalField(label=_("Hours by DOT"), **_HOURS)  # type: ignore[arg-type]
    place_and_time = forms.CharField(
        label=_("Place and time of classes"), max_length=255, required=False
    )
    deadline = forms.DateField(
        label=_("Deadline"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(label=_("Note"), max_length=255, required=False)


class ScheduleForm(forms.Form):
    individual_schedule = forms.CharField(
        label=_("Individual schedule (п. 5.5.2)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=8000,
        help_text=_("Agreed with the teacher and the programme leader."),
    )


class OrderForm(forms.ModelForm):
    class Meta:
        model = DotOrder
        fields = [
            "programme",
            "intake_year",
            "valid_from",
            "valid_to",
            "master_dot_share_percent",
            "note",
        ]
        widgets = {
            "valid_from": forms.DateInput(attrs={"type": "date"}),
            "valid_to": forms.DateInput(attrs={"type": "date"}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, programmes: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if programmes is not None:
            self.fields["programme"].queryset = programmes  # type: ignore[attr-defined]
        if self.instance.pk:
            self.fields["programme"].disabled = True

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        programme: Programme | None = data.get("programme")
        share = data.get("master_dot_share_percent")
        if share is not None and programme is not None:
            if programme.level != EducationLevel.MASTER or programme.allows_extramural:
                self.add_error(
                    "master_dot_share_percent",
                    _(
                        "п. 5.4.3: the programme leader's share is set only for master's "
                        "programmes without the extramural form."
                    ),
                )
            elif share > MASTER_SHARE_CEILING:
                self.add_error(
                    "master_dot_share_percent",
                    _("п. 5.4.3: at most 50 per cent of the curriculum workload in credits."),
                )
        return data


class OrderItemForm(forms.Form):
    discipline = forms.ModelChoiceField(queryset=Discipline.objects.none(), label=_("Discipline"))
    module = forms.ModelChoiceField(
        queryset=DisciplineModule.objects.none(),
        label=_("Module"),
        required=False,
        help_text=_("Leave empty for the whole discipline."),
    )
    max_hours = forms.DecimalField(label=_("At most, hours by DOT"), required=False, **_HOURS)  # type: ignore[arg-type]
    max_percent = forms.DecimalField(
        label=_("At most, per cent of the classroom hours"),
        required=False,
        min_value=Decimal("0"),
        max_value=Decimal("100"),
        max_digits=5,
        decimal_places=2,
    )

    def __init__(self, *args: Any, order: DotOrder, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        disciplines = Discipline.objects.filter(
            curriculum_lines__curriculum__programme=order.programme
        ).distinct()
        self.fields["discipline"].queryset = disciplines  # type: ignore[attr-defined]
        self.fields["module"].queryset = DisciplineModule.objects.filter(  # type: ignore[attr-defined]
            discipline__in=disciplines
        ).select_related("discipline")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        module, discipline = data.get("module"), data.get("discipline")
        if module is not None and discipline is not None and module.discipline_id != discipline.pk:
            self.add_error("module", _("The module belongs to another discipline."))
        return data


class PlanFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All"))] + list(PlanState.choices)
    )
    programme = forms.ModelChoiceField(
        label=_("Programme"), required=False, queryset=Programme.objects.all()
    )
    group = forms.ModelChoiceField(
        label=_("Group"), required=False, queryset=StudentGroup.objects.all()
    )
    semester = forms.ModelChoiceField(
        label=_("Semester"),
        required=False,
        queryset=Semester.objects.select_related("academic_year"),
    )
