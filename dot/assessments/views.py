"""Pages of tests, attempts and exam-session monitoring: thin views over ``permissions``,
``selectors`` and ``services``. Objects the caller may not see answer 404."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import select_template
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dot.content.models import Course

from . import permissions, selectors, services
from .forms import AccommodationForm, DrawItemForm, ExtendForm, QuestionItemForm, TestForm
from .models import Accommodation, Attempt, AttemptAnswer, AttemptState, Test, TestItem
from .net import client_ip


def _test_for(request: HttpRequest, pk: int) -> Test:
    try:
        return permissions.get_visible_test(
            request.user, pk, "course__discipline__department", "course__semester", "module"
        )
    except Test.DoesNotExist:
        raise Http404 from None


def _managed_test(request: HttpRequest, pk: int) -> Test:
    test = _test_for(request, pk)
    if not permissions.can_manage(request.user, test):
        raise Http404
    return test


def _form_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errs in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errs)
    else:
        form.add_error(None, error.messages)


def course_students(course: Course) -> QuerySet[Any]:
    """Registered students of the course (the accommodation form's choices)."""
    return (
        get_user_model()
        .objects.filter(
            student_record__status="studying",
            student_record__group__courses=course,
            student_record__registrations__semester=course.semester,
            student_record__registrations__curriculum_line__discipline=course.discipline,
        )
        .distinct()
        .order_by("last_name", "first_name")
    )


def _has_math_head() -> bool:
    try:
        select_template(["questions/_math_head.html"])
    except Exception:  # noqa: BLE001 - template absent: no KaTeX on the page
        return False
    return True


# --- Lists and settings --------------------------------------------------------------


@login_required
def index(request: HttpRequest) -> HttpResponse:
    tests = list(
        permissions.visible_to(request.user)
        .select_related("course__discipline", "course__semester")
        .order_by("-open_at", "-pk")[:200]
    )
    courses = list(
        permissions.courses_for_new_test(request.user).select_related("discipline", "semester")[
            :100
        ]
    )
    return render(request, "assessments/index.html", {"tests": tests, "courses": courses})


@login_required
def test_create(request: HttpRequest) -> HttpResponse:
    course = get_object_or_404(
        Course.objects.select_related("discipline__department"),
        pk=request.GET.get("course") or request.POST.get("course") or 0,
    )
    if not permissions.can_create_test(request.user, course):
        raise Http404
    form = TestForm(request.POST or None, course=course)
    if request.method == "POST" and form.is_valid():
        try:
            test = services.test_create(course=course, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The test is created. Now add its questions."))
            return redirect("assessments:items", test.pk)
    return render(request, "assessments/test_form.html", {"form": form, "course": course})


@login_required
def test_edit(request: HttpRequest, pk: int) -> HttpResponse:
    test = _managed_test(request, pk)
    form = TestForm(request.POST or None, instance=test, course=test.course)
    if request.method == "POST" and form.is_valid():
        fresh = Test.objects.get(pk=test.pk)
        try:
            services.test_update(test=fresh, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The test is saved."))
            return redirect("assessments:test", test.pk)
    return render(
        request, "assessments/test_form.html", {"form": form, "course": test.course, "test": test}
    )


@login_required
def test_detail(request: HttpRequest, pk: int) -> HttpResponse:
    test = _test_for(request, pk)
    user = request.user
    manage = permissions.can_manage(user, test)
    attempts = list(Attempt.objects.filter(test=test, user_id=user.pk or 0).order_by("number"))
    for i, a in enumerate(attempts):
        a.test = test
        if services.is_overdue(a):  # left open past the deadline: closed lazily here too
            attempts[i] = services.finalize_attempt(
                attempt=a, finished_by=services.FinishedBy.DEADLINE
            )
    accommodation = Accommodation.objects.filter(test=test, user_id=user.pk or 0).first()
    refusal = None
    can_take = permissions.can_take(user, test)
    open_attempt = next((a for a in attempts if a.state == AttemptState.IN_PROGRESS), None)
    if can_take and open_attempt is None:
        refusal = services.start_refusal(
            test=test,
            attempts=attempts,
            accommodation=accommodation,
            access_code=test.access_code,  # the code is asked for on the form
            ip=client_ip(request),
            now=services.clock.now(),
        )
    open_at, close_at = services.window(test, accommodation)
    for a in attempts:
        a.test = test
        a.review = selectors.review_for(a, accommodation=accommodation)  # type: ignore[attr-defined]
    context = {
        "test": test,
        "manage": manage,
        "staff": manage or permissions.is_staff_of(user, test),
        "can_take": can_take,
        "attempts": attempts,
        "open_attempt": open_attempt,
        "refusal": refusal,
        "open_at": open_at,
        "close_at": close_at,
        "accommodation": accommodation,
        # The result only when the review options show the score of every finished attempt.
        "grade": selectors.grade_of(test, attempts)
        if all(
            a.review.score  # type: ignore[attr-defined]
            for a in attempts
            if a.state != AttemptState.IN_PROGRESS
        )
        else None,
        "item_count": test.items.count() if manage else None,
    }
    return render(request, "assessments/test_detail.html", context)


@login_required
def items(request: HttpRequest, pk: int) -> HttpResponse:
    test = _managed_test(request, pk)
    from dot.questions.models import Category, Question
    from dot.questions.selectors import banks_visible_to

    banks = banks_visible_to(request.user).filter(discipline_id=test.course.discipline_id)
    questions = (
        Question.objects.filter(bank__in=banks, is_hidden=False, current__isnull=False)
        .select_related("current", "category")
        .order_by("category__path", "pk")
    )
    categories = Category.objects.filter(bank__in=banks).select_related("bank")
    qform = QuestionItemForm(questions=questions, prefix="q")
    dform = DrawItemForm(categories=categories, prefix="d")
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "question":
                qform = QuestionItemForm(request.POST, questions=questions, prefix="q")
                if qform.is_valid():
                    services.item_add_question(
                        test=test,
                        question=qform.cleaned_data["question"],
                        mark=qform.cleaned_data["mark"],
                        actor=request.user,
                    )
                    messages.success(request, _("The question is added."))
                    return redirect("assessments:items", test.pk)
            elif action == "draw":
                dform = DrawItemForm(request.POST, categories=categories, prefix="d")
                if dform.is_valid():
                    services.item_add_draw(test=test, actor=request.user, **dform.cleaned_data)
                    messages.success(request, _("The random draw is added."))
                    return redirect("assessments:items", test.pk)
            elif action == "remove":
                item = get_object_or_404(TestItem, pk=request.POST.get("item") or 0, test=test)
                services.item_remove(item=item, actor=request.user)
                messages.success(request, _("The item is removed."))
                return redirect("assessments:items", test.pk)
        except ValidationError as exc:
            _form_errors(qform if action == "question" else dform, exc)
    rows = list(test.items.select_related("question__current", "category__bank"))
    return render(
        request,
        "assessments/items.html",
        {"test": test, "rows": rows, "qform": qform, "dform": dform},
    )


@login_required
def accommodations(request: HttpRequest, pk: int) -> HttpResponse:
    test = _managed_test(request, pk)
    from dot.plans.models import StudyPlan

    students = course_students(test.course)
    plans = StudyPlan.objects.filter(
        student__user__in=students, semester=test.course.semester
    ).select_related("student__user", "semester")
    form = AccommodationForm(students=students, plans=plans)
    if request.method == "POST":
        if request.POST.get("action") == "delete":
            acc = get_object_or_404(Accommodation, pk=request.POST.get("id") or 0, test=test)
            services.accommodation_delete(accommodation=acc, actor=request.user)
            messages.success(request, _("The accommodation is removed."))
            return redirect("assessments:accommodations", test.pk)
        form = AccommodationForm(request.POST, students=students, plans=plans)
        if form.is_valid():
            try:
                services.accommodation_set(test=test, actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, _("The accommodation is saved."))
                return redirect("assessments:accommodations", test.pk)
    rows = test.accommodations.select_related("user", "study_plan", "created_by").order_by(
        "user__last_name"
    )
    return render(
        request, "assessments/accommodations.html", {"test": test, "rows": rows, "form": form}
    )


# --- Taking the test -------------------------------------------------------------------


@login_required
@require_POST
def start(request: HttpRequest, pk: int) -> HttpResponse:
    test = _test_for(request, pk)
    if not permissions.can_take(request.user, test):
        raise Http404
    try:
        attempt, _created = services.attempt_start(
            test=test,
            user=request.user,
            access_code=request.POST.get("access_code", ""),
            ip=client_ip(request),
        )
    except services.AttemptError as exc:
        messages.error(request, exc.message)
        return redirect("assessments:test", test.pk)
    return redirect("assessments:attempt", attempt.pk)


def _own_attempt(request: HttpRequest, pk: int) -> Attempt:
    attempt = get_object_or_404(
        Attempt.objects.select_related("test__course__discipline", "user"), pk=pk
    )
    if not permissions.can_view_attempt(request.user, attempt):
        raise Http404
    return attempt


@login_required
def attempt_page(request: HttpRequest, pk: int) -> HttpResponse:
    attempt = _own_attempt(request, pk)
    if attempt.user_id != request.user.pk:
        return redirect("assessments:result", attempt.pk)
    if services.is_overdue(attempt):
        services.finalize_attempt(attempt=attempt, finished_by=services.FinishedBy.DEADLINE)
        messages.warning(
            request, _("The time is over: the attempt was closed with the saved answers.")
        )
        return redirect("assessments:result", attempt.pk)
    if attempt.state != AttemptState.IN_PROGRESS:
        return redirect("assessments:result", attempt.pk)
    answers = selectors.answers_of(attempt)
    pages = sorted({a.page for a in answers})
    try:
        page = int(request.GET.get("page") or request.POST.get("page") or 1)
    except ValueError:
        page = 1
    if page not in pages:
        page = pages[0]
    if request.method == "POST":
        fields = {k: request.POST.getlist(k) for k in request.POST if k != "csrfmiddlewaretoken"}
        try:
            services.save_page(
                attempt=attempt,
                user=request.user,
                fields=fields,
                ip=client_ip(request),
                files=dict(request.FILES.items()),
            )
        except services.AttemptClosedError as exc:
            messages.error(request, exc.message)
            return redirect("assessments:result", attempt.pk)
        except services.AttemptError as exc:
            messages.error(request, exc.message)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(f"{request.path}?page={page}")
        target = request.POST.get("go")
        if target == "finish":
            return redirect("assessments:summary", attempt.pk)
        if target and target.isdigit() and int(target) in pages:
            return redirect(f"{request.path}?page={target}")
        return redirect(f"{request.path}?page={page}")
    from dot.questions import qtypes

    shown = [
        {
            "answer": a,
            "widget": qtypes.render_widget(
                a.question_version,
                seed=a.seed,
                prefix=services.slot_prefix(a.slot),
                response=a.response or None,
            ),
        }
        for a in answers
        if a.page == page
    ]
    index = pages.index(page)
    context = {
        "attempt": attempt,
        "test": attempt.test,
        "slots": shown,
        "answers": answers,
        "page": page,
        "pages": pages,
        "prev_page": pages[index - 1] if index > 0 else None,
        "next_page": pages[index + 1] if index + 1 < len(pages) else None,
        "remaining": selectors.remaining_seconds(attempt),
        "server_time": services.clock.now(),
        "math_head": _has_math_head(),
    }
    return render(request, "assessments/attempt.html", context)


@login_required
def answer_file(request: HttpRequest, pk: int, slot: int) -> HttpResponseBase:
    """A file attached to an essay answer: its student and the course staff."""
    from django.core.files.storage import default_storage
    from django.http import FileResponse

    attempt = _own_attempt(request, pk)
    answer = get_object_or_404(AttemptAnswer, attempt=attempt, slot=slot)
    name = str((answer.response or {}).get("file") or "")
    if not name.startswith(services.answer_file_dir(attempt.pk, slot)):
        raise Http404
    try:
        handle = default_storage.open(name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=name.rsplit("/", 1)[-1])


@login_required
def summary(request: HttpRequest, pk: int) -> HttpResponse:
    """Before submitting: which questions are answered (keyboard-reachable confirm)."""
    attempt = _own_attempt(request, pk)
    if attempt.user_id != request.user.pk or attempt.state != AttemptState.IN_PROGRESS:
        return redirect("assessments:result", attempt.pk)
    answers = selectors.answers_of(attempt)
    return render(
        request,
        "assessments/summary.html",
        {
            "attempt": attempt,
            "test": attempt.test,
            "answers": answers,
            "unanswered": sum(1 for a in answers if not a.response),
            "remaining": selectors.remaining_seconds(attempt),
        },
    )


@login_required
@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    attempt = _own_attempt(request, pk)
    if attempt.user_id != request.user.pk:
        raise Http404
    services.attempt_submit(attempt=attempt, user=request.user)
    messages.success(request, _("The attempt is submitted."))
    return redirect("assessments:result", attempt.pk)


@login_required
def result(request: HttpRequest, pk: int) -> HttpResponse:
    attempt = _own_attempt(request, pk)
    if services.is_overdue(attempt):
        attempt = services.finalize_attempt(
            attempt=attempt, finished_by=services.FinishedBy.DEADLINE
        )
        attempt = _own_attempt(request, pk)
    if attempt.state == AttemptState.IN_PROGRESS and attempt.user_id == request.user.pk:
        return redirect("assessments:attempt", attempt.pk)
    staff = attempt.user_id != request.user.pk
    accommodation = (
        None
        if staff
        else Accommodation.objects.filter(test=attempt.test, user=attempt.user).first()
    )
    review = selectors.review_for(attempt, staff=staff, accommodation=accommodation)
    rows = []
    if review.answers or review.correct or review.feedback:
        from dot.questions import qtypes

        for a in selectors.answers_of(attempt):
            version = a.question_version
            rows.append(
                {
                    "answer": a,
                    "widget": qtypes.render_widget(
                        version,
                        seed=a.seed,
                        prefix=services.slot_prefix(a.slot),
                        response=a.response or None,
                        disabled=True,
                    )
                    if review.answers
                    else None,
                    "correct": qtypes.correct_summary(version) if review.correct else "",
                    "feedback": qtypes.feedback(version, a.response or {})
                    if review.feedback
                    else "",
                }
            )
    return render(
        request,
        "assessments/result.html",
        {
            "attempt": attempt,
            "test": attempt.test,
            "review": review,
            "rows": rows,
            "staff": staff,
            "math_head": _has_math_head(),
        },
    )


# --- Monitoring ------------------------------------------------------------------------


@login_required
def monitor(request: HttpRequest, pk: int) -> HttpResponse:
    test = _managed_test(request, pk)
    services.finalize_overdue_for_test(test)
    rows = selectors.monitor_rows(test)
    template = (
        "assessments/_monitor_rows.html"
        if request.headers.get("HX-Request")
        else "assessments/monitor.html"
    )
    return render(
        request,
        template,
        {
            "test": test,
            "rows": rows,
            "started": len(rows),
            "finished": sum(1 for r in rows if r.attempt.state != AttemptState.IN_PROGRESS),
            "offline": sum(1 for r in rows if r.offline),
            "form": ExtendForm(),
        },
    )


@login_required
@require_POST
def extend(request: HttpRequest, pk: int, attempt_id: int) -> HttpResponse:
    test = _managed_test(request, pk)
    attempt = get_object_or_404(Attempt.objects.select_related("user"), pk=attempt_id, test=test)
    form = ExtendForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("assessments:monitor", test.pk)
    try:
        services.attempt_extend(
            attempt=attempt,
            minutes=form.cleaned_data["minutes"],
            actor=request.user,
            reason=form.cleaned_data["reason"],
        )
    except services.AttemptError as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("%(name)s has %(minutes)s more minutes.")
            % {
                "name": attempt.user.get_full_name() or attempt.user.username,
                "minutes": form.cleaned_data["minutes"],
            },
        )
    return redirect("assessments:monitor", test.pk)


@login_required
@require_POST
def close_attempt(request: HttpRequest, pk: int, attempt_id: int) -> HttpResponse:
    test = _managed_test(request, pk)
    attempt = get_object_or_404(Attempt, pk=attempt_id, test=test)
    services.attempt_close_by_teacher(attempt=attempt, actor=request.user)
    messages.success(request, _("The attempt is closed with the saved answers."))
    return redirect("assessments:monitor", test.pk)
