"""Forms of the people screens: they parse input; the rules live in ``people_services``."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dot.accounts.models import User

from .models import (
    ClassKind,
    CurriculumLine,
    Discipline,
    DotCertificate,
    Programme,
    Semester,
    StudentGroup,
    StudentStatus,
    StudyForm,
)

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.full_name or obj.username


class GroupFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    programme = forms.ModelChoiceField(
        label=_("Programme"), queryset=Programme.objects.none(), required=False
    )
    intake_year = forms.IntegerField(
        label=_("Intake year"), required=False, min_value=2000, max_value=2100
    )
    study_form = forms.ChoiceField(
        label=_("Form of study"), choices=[("", "—"), *StudyForm.choices], required=False
    )
    dot = forms.ChoiceField(
        label=_("DOT group"),
        choices=[("", "—"), ("1", _("yes")), ("0", _("no"))],
        required=False,
    )

    def __init__(self, *args: Any, programmes: QuerySet[Programme], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes  # type: ignore[attr-defined]


class GroupForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=50, help_text=_("For example, ЛД-1-24."))
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=Programme.objects.none())
    intake_year = forms.IntegerField(label=_("Intake year"), min_value=2000, max_value=2100)
    study_form = forms.ChoiceField(label=_("Form of study"), choices=StudyForm.choices)
    is_dot_group = forms.BooleanField(
        label=_("DOT group (п. 4.7: students studying with distance technologies)"),
        required=False,
    )
    curator = UserChoiceField(label=_("Curator"), queryset=User.objects.none(), required=False)
    tutor = UserChoiceField(label=_("Tutor"), queryset=User.objects.none(), required=False)

    def __init__(
        self,
        *args: Any,
        programmes: QuerySet[Programme],
        staff: QuerySet[User],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes  # type: ignore[attr-defined]
        self.fields["curator"].queryset = staff  # type: ignore[attr-defined]
        self.fields["tutor"].queryset = staff  # type: ignore[attr-defined]


class StudentFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    group = forms.ModelChoiceField(
        label=_("Group"), queryset=StudentGroup.objects.none(), required=False
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", "—"), *StudentStatus.choices], required=False
    )
    listeners = forms.ChoiceField(
        label=_("Listeners"),
        choices=[("", "—"), ("1", _("only listeners")), ("0", _("without listeners"))],
        required=False,
    )

    def __init__(self, *args: Any, groups: QuerySet[StudentGroup], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups  # type: ignore[attr-defined]


class StudentCreateForm(forms.Form):
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    first_name = forms.CharField(label=_("First name"), max_length=150)
    patronymic = forms.CharField(label=_("Patronymic"), max_length=150, required=False)
    email = forms.EmailField(
        label=_("E-mail"), required=False, help_text=_("The student sets a password through it.")
    )
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=Programme.objects.none())
    group = forms.ModelChoiceField(
        label=_("Group"), queryset=StudentGroup.objects.none(), required=False
    )
    record_book_number = forms.CharField(label=_("Record book number"), max_length=30)
    username = forms.CharField(
        label=_("Login"),
        max_length=150,
        required=False,
        help_text=_("Leave empty to use the record book number."),
    )
    is_listener = forms.BooleanField(label=_("Listener (non-degree course)"), required=False)
    enrolled_on = forms.DateField(label=_("Enrolled on"), widget=DATE_INPUT)

    def __init__(
        self,
        *args: Any,
        programmes: QuerySet[Programme],
        groups: QuerySet[StudentGroup],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes  # type: ignore[attr-defined]
        self.fields["group"].queryset = groups  # type: ignore[attr-defined]
        self.fields["enrolled_on"].initial = timezone.localdate()


class StudentEditForm(forms.Form):
    group = forms.ModelChoiceField(
        label=_("Group"), queryset=StudentGroup.objects.none(), required=False
    )
    record_book_number = forms.CharField(label=_("Record book number"), max_length=30)
    is_listener = forms.BooleanField(label=_("Listener (non-degree course)"), required=False)

    def __init__(self, *args: Any, groups: QuerySet[StudentGroup], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups  # type: ignore[attr-defined]


class StatusChangeForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=StudentStatus.choices)
    date = forms.DateField(label=_("Date"), widget=DATE_INPUT)
    reason = forms.CharField(
        label=_("Reason (order No., date)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()


class SemesterChoiceForm(forms.Form):
    semester = forms.ModelChoiceField(
        label=_("Semester"), queryset=Semester.objects.select_related("academic_year")
    )


class RegistrationForm(forms.Form):
    """Semester + one choice per student and group of electives (``el_<student>_<i>``)."""

    semester = forms.ModelChoiceField(label=_("Semester"), queryset=Semester.objects.none())

    def __init__(
        self,
        *args: Any,
        semesters: QuerySet[Semester],
        students: list[Any],
        electives: dict[str, list[CurriculumLine]],
        current: dict[tuple[int, str], int] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["semester"].queryset = semesters  # type: ignore[attr-defined]
        self.fields["semester"].widget = forms.HiddenInput()
        self.students = students
        self.elective_names = list(electives)
        self.cells: list[tuple[Any, list[forms.BoundField]]] = []
        current = current or {}
        for student in students:
            row = []
            for index, (group_name, options) in enumerate(electives.items()):
                name = f"el_{student.pk}_{index}"
                self.fields[name] = forms.TypedChoiceField(
                    label=f"{student.user.short_name}: {group_name}",
                    choices=[("", "—")] + [(o.pk, o.discipline.name) for o in options],
                    coerce=int,
                    required=False,
                    empty_value=None,
                    initial=current.get((student.pk, group_name)),
                )
                row.append(self[name])
            self.cells.append((student, row))

    def choices(self) -> dict[int, dict[str, int]]:
        result: dict[int, dict[str, int]] = {}
        for student in self.students:
            for index, group_name in enumerate(self.elective_names):
                value = self.cleaned_data.get(f"el_{student.pk}_{index}")
                if value:
                    result.setdefault(student.pk, {})[group_name] = value
        return result


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File (XLSX or CSV)"),
        help_text=_("Download the template, fill one row per student, upload it here."),
    )


class AssignmentFilterForm(forms.Form):
    semester = forms.ModelChoiceField(
        label=_("Semester"),
        queryset=Semester.objects.select_related("academic_year"),
        required=False,
    )
    teacher = UserChoiceField(label=_("Teacher"), queryset=User.objects.none(), required=False)

    def __init__(self, *args: Any, teachers: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["teacher"].queryset = teachers  # type: ignore[attr-defined]


class AssignmentForm(forms.Form):
    semester = forms.ModelChoiceField(
        label=_("Semester"), queryset=Semester.objects.select_related("academic_year")
    )
    discipline = forms.ModelChoiceField(label=_("Discipline"), queryset=Discipline.objects.none())
    group = forms.ModelChoiceField(
        label=_("Group"), queryset=StudentGroup.objects.none(), required=False
    )
    class_kind = forms.ChoiceField(label=_("Class kind"), choices=ClassKind.choices)
    hours = forms.DecimalField(
        label=_("Hours"),
        max_digits=7,
        decimal_places=2,
        min_value=0,
        help_text=_("Academic hours of the classes; for exams and credits it may be 0."),
    )
    teacher = UserChoiceField(label=_("Teacher"), queryset=User.objects.none())
    is_external = forms.BooleanField(
        label=_("External teacher (not on the department's staff, п. 4.8)"), required=False
    )

    def __init__(
        self,
        *args: Any,
        disciplines: QuerySet[Discipline],
        groups: QuerySet[StudentGroup],
        teachers: QuerySet[User],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["discipline"].queryset = disciplines  # type: ignore[attr-defined]
        self.fields["group"].queryset = groups  # type: ignore[attr-defined]
        self.fields["teacher"].queryset = teachers  # type: ignore[attr-defined]


class CertificateForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=DotCertificate.Kind.choices)
    issuer = forms.CharField(label=_("Issuer"), max_length=255)
    number = forms.CharField(label=_("Number"), max_length=100, required=False)
    issued_on = forms.DateField(label=_("Issued on"), widget=DATE_INPUT)
    valid_until = forms.DateField(
        label=_("Valid until"),
        widget=DATE_INPUT,
        required=False,
        help_text=_("Leave empty if it does not expire."),
    )
    scan = forms.FileField(
        label=_("Scanned copy"),
        required=False,
        help_text=_("PDF, JPEG or PNG, at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )


class TrainingForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=255)
    provider = forms.CharField(label=_("Provider"), max_length=255)
    hours = forms.DecimalField(label=_("Hours"), max_digits=6, decimal_places=2, min_value=0)
    start = forms.DateField(label=_("Start"), widget=DATE_INPUT)
    end = forms.DateField(label=_("End"), widget=DATE_INPUT)
    document_number = forms.CharField(label=_("Document number"), max_length=100, required=False)


def default_date() -> datetime.date:
    return timezone.localdate()
