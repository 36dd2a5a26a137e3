"""Forms of the academic screens: they parse input; services validate state and write."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dot.org.models import OrgUnit

from .models import (
    ControlForm,
    CurriculumLine,
    CurriculumStatus,
    Discipline,
    DisciplineModule,
    Programme,
    TimeNorm,
)


class CurriculumCreateForm(forms.Form):
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=Programme.objects.none())
    intake_year = forms.IntegerField(label=_("Intake year"), min_value=2000, max_value=2100)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea({"rows": 2}))

    def __init__(self, *args: Any, programmes: QuerySet[Programme], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes.select_related("direction")  # type: ignore[attr-defined]
        self.fields["intake_year"].initial = timezone.localdate().year


class CurriculumCopyForm(forms.Form):
    intake_year = forms.IntegerField(
        label=_("Intake year of the new draft"), min_value=2000, max_value=2100
    )


class CurriculumLineForm(forms.ModelForm):
    class Meta:
        model = CurriculumLine
        fields = [
            "discipline",
            "semester_number",
            "ects",
            "lecture_hours",
            "lab_hours",
            "practice_hours",
            "srs_hours",
            "control_form",
            "is_elective",
            "elective_group",
        ]

    def __init__(self, *args: Any, disciplines: QuerySet[Discipline], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["discipline"].queryset = disciplines  # type: ignore[attr-defined]
        self.fields["control_form"].choices = ControlForm.choices  # type: ignore[attr-defined]

    def _post_clean(self) -> None:
        # Model validation (uniqueness, semester range) is the service's job.
        pass


class CurriculumImportForm(forms.Form):
    file = forms.FileField(
        label=_("XLSX file in the template"),
        help_text=_("All lines of the draft are replaced by the rows of the file."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )


class CurriculumFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    programme = forms.ModelChoiceField(
        label=_("Programme"), queryset=Programme.objects.none(), required=False
    )
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=OrgUnit.objects.none(), required=False
    )
    intake_year = forms.IntegerField(label=_("Intake year"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("any"))] + CurriculumStatus.choices, required=False
    )

    def __init__(self, *args: Any, programmes: QuerySet[Programme], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes  # type: ignore[attr-defined]
        self.fields["department"].queryset = OrgUnit.objects.filter(  # type: ignore[attr-defined]
            pk__in=programmes.values("department_id")
        )


class DisciplineFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)


class DisciplineForm(forms.ModelForm):
    class Meta:
        model = Discipline
        fields = ["code", "name", "name_ky", "department"]

    def __init__(self, *args: Any, departments: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments  # type: ignore[attr-defined]


class DisciplineModuleForm(forms.ModelForm):
    class Meta:
        model = DisciplineModule
        fields = ["title", "ects", "hours"]


class TimeNormForm(forms.ModelForm):
    class Meta:
        model = TimeNorm
        fields = ["activity", "unit", "hours", "valid_from", "note"]
        widgets = {"valid_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.fields["valid_from"].initial = datetime.date(timezone.localdate().year, 9, 1)
