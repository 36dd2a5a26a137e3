"""Forms of the teacher's test screens (validation next to the fields)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from dot.academics.models import DisciplineModule
from dot.plans.models import StudyPlan
from dot.questions.models import Category, Question

from .models import Test

DT_FORMAT = "%Y-%m-%dT%H:%M"


def _dt_widget() -> forms.DateTimeInput:
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DT_FORMAT)


class TestForm(forms.ModelForm):
    __test__ = False

    class Meta:
        model = Test
        fields = [
            "title",
            "description",
            "module",
            "kind",
            "is_published",
            "open_at",
            "close_at",
            "time_limit",
            "grace_seconds",
            "attempts_allowed",
            "grading_method",
            "questions_per_page",
            "shuffle_questions",
            "shuffle_options",
            "pass_mark",
            "review_when",
            "review_score",
            "review_answers",
            "review_correct",
            "review_feedback",
            "access_code",
            "allowed_networks",
        ]
        widgets = {
            "open_at": _dt_widget(),
            "close_at": _dt_widget(),
            "description": forms.Textarea(attrs={"rows": 3}),
            "allowed_networks": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, course: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        module = cast(forms.ModelChoiceField, self.fields["module"])
        module.queryset = DisciplineModule.objects.filter(discipline_id=course.discipline_id)
        for name in ("open_at", "close_at"):
            field = cast(forms.DateTimeField, self.fields[name])
            field.input_formats = [DT_FORMAT, "%Y-%m-%d %H:%M"]


class QuestionItemForm(forms.Form):
    question: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=Question.objects.none(), label=_("Question")
    )
    mark = forms.DecimalField(
        label=_("Mark"), required=False, min_value=0, max_digits=7, decimal_places=2
    )

    def __init__(self, *args: Any, questions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["question"])
        field.queryset = questions
        field.label_from_instance = lambda q: (  # type: ignore[method-assign,assignment]
            f"{q.category.name} — {q.current.name if q.current else q.pk}"
        )


class DrawItemForm(forms.Form):
    category: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=Category.objects.none(), label=_("Category")
    )
    count = forms.IntegerField(label=_("Number of questions"), min_value=1, max_value=500)
    include_subcategories = forms.BooleanField(
        label=_("Include subcategories"), required=False, initial=True
    )
    mark = forms.DecimalField(
        label=_("Mark of each question"),
        required=False,
        min_value=0,
        max_digits=7,
        decimal_places=2,
    )

    def __init__(self, *args: Any, categories: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["category"])
        field.queryset = categories
        field.label_from_instance = lambda c: f"{c.bank.title} / {c.name}"  # type: ignore[method-assign,assignment]


class AccommodationForm(forms.Form):
    user: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=get_user_model().objects.none(), label=_("Student")
    )
    extra_minutes = forms.IntegerField(
        label=_("Extra time, minutes"), min_value=0, max_value=24 * 60, initial=0
    )
    open_at = forms.DateTimeField(
        label=_("Opens (for this student)"),
        required=False,
        widget=_dt_widget(),
        input_formats=[DT_FORMAT],
    )
    close_at = forms.DateTimeField(
        label=_("Closes (for this student)"),
        required=False,
        widget=_dt_widget(),
        input_formats=[DT_FORMAT],
    )
    study_plan: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=StudyPlan.objects.none(),
        label=_("Individual study plan (ИУП)"),
        required=False,
    )
    note = forms.CharField(label=_("Reason"), max_length=255, required=False)

    def __init__(self, *args: Any, students: Any, plans: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user = cast(forms.ModelChoiceField, self.fields["user"])
        user.queryset = students
        user.label_from_instance = lambda u: u.get_full_name() or u.username  # type: ignore[method-assign,assignment]
        cast(forms.ModelChoiceField, self.fields["study_plan"]).queryset = plans

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("open_at") and data.get("close_at") and data["close_at"] <= data["open_at"]:
            self.add_error("close_at", _("The test must close after it opens."))
        if not data.get("extra_minutes") and not data.get("open_at") and not data.get("close_at"):
            self.add_error("extra_minutes", _("Give extra time or other dates."))
        return data


class ExtendForm(forms.Form):
    minutes = forms.IntegerField(label=_("Add minutes"), min_value=1, max_value=24 * 60)
    reason = forms.CharField(label=_("Reason"), max_length=255, required=False)
