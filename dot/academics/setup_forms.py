"""Forms of the programme and calendar screens of the academic office."""

from __future__ import annotations

from typing import Any

from django import forms

from dot.accounts.models import User
from dot.org.models import OrgUnit, UnitKind

from .models import AcademicYear, Direction, ExamSession, Programme, Semester

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class _ServiceChecked(forms.ModelForm):
    """Uniqueness, dates and other cross-field rules are checked by ``setup_services``,
    which names the field; the form checks only the values themselves."""

    def validate_unique(self) -> None:
        return None

    def _get_validation_exclusions(self) -> set[str]:
        # The date check constraints are the service's: it says which field is wrong.
        return set(super()._get_validation_exclusions()) | {"start", "end"}  # type: ignore[misc]


class DirectionForm(_ServiceChecked):
    class Meta:
        model = Direction
        fields = ["code", "name", "level"]


class ProgrammeForm(_ServiceChecked):
    class Meta:
        model = Programme
        fields = [
            "direction",
            "code",
            "name",
            "level",
            "faculty",
            "department",
            "leader",
            "allows_full_time",
            "allows_extramural",
            "allows_blended",
            "duration_years",
            "total_ects",
            "is_active",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = OrgUnit.objects.filter(is_active=True).order_by("name")
        self.fields["faculty"].queryset = units.filter(kind=UnitKind.FACULTY)  # type: ignore[attr-defined]
        self.fields["department"].queryset = units.filter(kind=UnitKind.DEPARTMENT)  # type: ignore[attr-defined]
        self.fields["leader"].queryset = User.objects.filter(is_active=True).order_by(  # type: ignore[attr-defined]
            "last_name", "first_name"
        )


class AcademicYearForm(_ServiceChecked):
    class Meta:
        model = AcademicYear
        fields = ["title", "start", "end"]
        widgets = {"start": _DATE, "end": _DATE}


class SemesterForm(_ServiceChecked):
    class Meta:
        model = Semester
        fields = ["number", "start", "end"]
        widgets = {"start": _DATE, "end": _DATE}


class ExamSessionForm(_ServiceChecked):
    class Meta:
        model = ExamSession
        fields = ["kind", "start", "end"]
        widgets = {"start": _DATE, "end": _DATE}
