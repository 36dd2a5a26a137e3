"""Pages of grading and results: the manual grading queue (by question or by student),
grading one answer, regrading, results per test (and XLSX), item statistics, and a
student's results in a course. Thin views over ``grading``, ``reports``, ``statistics``;
whatever the caller may not see answers 404."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from dot.content import permissions as content_permissions
from dot.questions import qtypes

from . import grading, permissions, reports
from .item_statistics import test_statistics
from .models import AttemptAnswer, AttemptState, Test

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _test(request: HttpRequest, pk: int, *, manage: bool = False) -> Test:
    test = get_object_or_404(
        permissions.visible_to(request.user).select_related(
            "course__discipline__department", "course__semester"
        ),
        pk=pk,
    )
    allowed = (
        permissions.can_manage(request.user, test)
        if manage
        else permissions.is_staff_of(request.user, test)
    )
    if not allowed:
        raise Http404
    return test


@login_required
def results(request: HttpRequest, pk: int) -> HttpResponse:
    test = _test(request, pk)
    rows = reports.test_results(test)
    return render(
        request,
        "assessments/reports/results.html",
        {
            "test": test,
            "rows": rows,
            "can_grade": permissions.can_manage(request.user, test),
            "to_grade": sum(1 for r in rows if r.needs_grading),
        },
    )


@login_required
def results_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    test = _test(request, pk)
    response = HttpResponse(reports.results_xlsx(test), content_type=XLSX)
    name = slugify(test.title, allow_unicode=True) or f"test-{test.pk}"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}.xlsx"
    return response


@login_required
def item_statistics(request: HttpRequest, pk: int) -> HttpResponse:
    test = _test(request, pk)
    return render(
        request,
        "assessments/reports/statistics.html",
        {
            "test": test,
            "stats": test_statistics(test),
            "can_grade": permissions.can_manage(request.user, test),
        },
    )


@login_required
def queue(request: HttpRequest, pk: int) -> HttpResponse:
    test = _test(request, pk, manage=True)
    by = "student" if request.GET.get("by") == "student" else "question"
    return render(
        request,
        "assessments/grading/queue.html",
        {"test": test, "answers": grading.grading_queue(test, by=by), "by": by},
    )


class MarkField(forms.DecimalField):
    """A decimal mark typed either way: «1,5» (Russian, Kyrgyz) or «1.5»."""

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if isinstance(value, str):
            value = value.strip().replace(" ", "").replace(",", ".")
        return super().to_python(value)


class GradeForm(forms.Form):
    mark = MarkField(
        label=_lazy("Mark"),
        required=False,
        min_value=Decimal("0"),
        max_digits=7,
        decimal_places=2,
        help_text=_lazy("Empty: no manual mark (the automatic one counts, if any)."),
    )
    comment = forms.CharField(
        label=_lazy("Comment to the student"),
        required=False,
        max_length=grading.COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, max_mark: Decimal, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["mark"]
        field.max_value = max_mark  # type: ignore[attr-defined]
        field.validators.append(MaxValueValidator(max_mark))
        field.help_text = _("From 0 to %(max)s. Empty: no manual mark.") % {
            "max": max_mark.normalize()
        }
        field.widget.attrs.update({"min": "0", "max": str(max_mark), "step": "0.01"})


@login_required
def grade_answer(request: HttpRequest, pk: int, answer_id: int) -> HttpResponse:
    test = _test(request, pk, manage=True)
    answer = get_object_or_404(
        AttemptAnswer.objects.select_related("attempt__user", "question_version"),
        pk=answer_id,
        attempt__test=test,
        attempt__state=AttemptState.FINISHED,
    )
    by = "student" if request.GET.get("by") == "student" else "question"
    initial = {"mark": answer.manual_mark, "comment": answer.comment}
    form = GradeForm(request.POST or None, initial=initial, max_mark=answer.max_mark)
    if request.method == "POST" and form.is_valid():
        try:
            grading.grade_manually(
                answer=answer,
                mark=form.cleaned_data["mark"],
                comment=form.cleaned_data["comment"],
                actor=request.user,
            )
        except ValidationError as exc:
            for field, errs in exc.message_dict.items() if hasattr(exc, "error_dict") else []:
                form.add_error(field if field in form.fields else None, errs)
            if not hasattr(exc, "error_dict"):
                form.add_error(None, exc.messages)
        else:
            messages.success(request, _("The mark is saved."))
            following = grading.grading_queue(test, by=by)
            if following and "save_next" in request.POST:
                return redirect(
                    f"{reverse('grading:grade', args=[test.pk, following[0].pk])}?by={by}"
                )
            return redirect(f"{reverse('grading:queue', args=[test.pk])}?by={by}")
    return render(
        request,
        "assessments/grading/grade.html",
        {
            "test": test,
            "answer": answer,
            "form": form,
            "by": by,
            "widget": qtypes.render_widget(
                answer.question_version,
                seed=answer.seed,
                prefix=f"r{answer.slot}-",
                response=answer.response or {},
                disabled=True,
            ),
            "correct": qtypes.correct_summary(answer.question_version),
            "feedback": qtypes.feedback(answer.question_version, answer.response or {}),
        },
    )


@login_required
def regrade(request: HttpRequest, pk: int) -> HttpResponse:
    test = _test(request, pk, manage=True)
    to_current = request.POST.get("to_current") == "1" or request.GET.get("to_current") == "1"
    if request.method == "POST" and request.POST.get("confirm") == "1":
        report = grading.regrade(test=test, actor=request.user, to_current_version=to_current)
        messages.success(
            request,
            _("Regraded: %(a)s attempts changed, %(n)s answers.")
            % {"a": report.changed_attempts, "n": len(report.changes)},
        )
        return redirect("grading:results", test.pk)
    preview = grading.regrade(
        test=test, actor=request.user, to_current_version=to_current, dry_run=True
    )
    return render(
        request,
        "assessments/grading/regrade.html",
        {"test": test, "report": preview, "to_current": to_current},
    )


@login_required
def my_results(request: HttpRequest, course_id: int) -> HttpResponse:
    """A student's own results in a course's tests (staff: ``?student=<user id>``)."""
    course = get_object_or_404(
        content_permissions.courses_visible_to(request.user).select_related("discipline"),
        pk=course_id,
    )
    user = request.user
    staff = content_permissions.is_course_staff(request.user, course)
    if staff and request.GET.get("student", "").isdigit():
        from django.contrib.auth import get_user_model

        user = get_object_or_404(get_user_model(), pk=int(request.GET["student"]))
    tests = list(
        permissions.visible_to(request.user).filter(course=course).order_by("open_at", "pk")
    )
    if not staff:
        tests = [t for t in tests if t.is_published]
    return render(
        request,
        "assessments/reports/student.html",
        {"course": course, "student": user, "results": reports.student_results(tests, user)},
    )
