"""Pages: the four callers, the teacher's screens, the attempt page without JavaScript,
monitoring, the course panel and the calendar."""

from __future__ import annotations

import datetime
from typing import Any, cast

import pytest
from django.test import Client

from dot.assessments import services
from dot.assessments.factories import make_test_with_questions
from dot.assessments.models import (
    Accommodation,
    Attempt,
    AttemptAnswer,
    AttemptState,
    Test,
    TestItem,
)
from dot.core.models import AuditLog

pytestmark = pytest.mark.django_db

KEY_MARKERS = ("fraction", "feedback_true", "tolerance", "ньютон", "9.81", "Верно.")


def client_for(user: Any) -> Client:
    c = Client()
    if user is not None:
        c.force_login(user)
    return c


@pytest.mark.parametrize(
    ("who", "detail", "manage"),
    [
        ("anonymous", 302, 302),
        ("outsider", 404, 404),  # a student of another faculty
        ("other_teacher", 404, 404),  # a teacher of another department
        ("student", 200, 404),  # the course's student: sees, does not manage
        ("teacher", 200, 200),  # the course's teacher
        ("head", 200, 200),  # the head of the discipline's department
    ],
)
def test_four_callers(world: Any, who: str, detail: int, manage: int) -> None:
    test = make_test_with_questions(course=world.course, count=1)
    user = None if who == "anonymous" else getattr(world, who)
    c = client_for(user)
    assert c.get(f"/tests/{test.pk}/").status_code == detail
    for url in ("edit/", "questions/", "accommodations/", "monitor/"):
        assert c.get(f"/tests/{test.pk}/{url}").status_code == manage, url
    assert c.get(f"/tests/new/?course={world.course.pk}").status_code == manage


def test_unpublished_test_is_hidden_from_students(world: Any) -> None:
    test = make_test_with_questions(course=world.course, count=1, is_published=False)
    assert client_for(world.student).get(f"/tests/{test.pk}/").status_code == 404
    assert client_for(world.teacher).get(f"/tests/{test.pk}/").status_code == 200


def test_teacher_creates_a_test_with_errors_beside_fields(world: Any) -> None:
    c = client_for(world.teacher)
    base = {
        "course": world.course.pk,
        "title": "Модуль 1",
        "kind": "current",
        "time_limit": "20",
        "grace_seconds": "60",
        "attempts_allowed": "2",
        "grading_method": "highest",
        "questions_per_page": "5",
        "pass_mark": "60",
        "review_when": "immediately",
        "open_at": "2026-12-01T10:00",
        "close_at": "2026-12-01T09:00",
        "allowed_networks": "10.0.0.0/8\nне сеть",
    }
    bad = c.post("/tests/new/", base)
    assert bad.status_code == 200
    html = bad.content.decode()
    assert 'id="id_close_at_error"' in html
    assert 'id="id_allowed_networks_error"' in html
    assert not Test.objects.exists()
    good = c.post(
        "/tests/new/", {**base, "close_at": "2026-12-01T12:00", "allowed_networks": "10.0.0.0/8"}
    )
    test = Test.objects.get()
    assert good.status_code == 302
    assert good["Location"] == f"/tests/{test.pk}/questions/"
    assert test.created_by == world.teacher
    assert test.attempts_allowed == 2
    assert AuditLog.objects.filter(action="assessments.test_create").count() == 1


def test_teacher_adds_questions_and_draws(world: Any) -> None:
    from dot.questions.factories import CategoryFactory, QuestionBankFactory, make_question

    bank = QuestionBankFactory(discipline=world.course.discipline, department=world.units["kd"])
    category = cast(Any, CategoryFactory)(bank=bank)
    question = make_question(category=category)
    test = make_test_with_questions(course=world.course, count=0)
    c = client_for(world.teacher)
    page = c.get(f"/tests/{test.pk}/questions/")
    assert page.status_code == 200
    r1 = c.post(f"/tests/{test.pk}/questions/", {"action": "question", "q-question": question.pk})
    r2 = c.post(
        f"/tests/{test.pk}/questions/",
        {
            "action": "draw",
            "d-category": category.pk,
            "d-count": "3",
            "d-include_subcategories": "on",
        },
    )
    bad = c.post(
        f"/tests/{test.pk}/questions/",
        {"action": "draw", "d-category": category.pk, "d-count": "0"},
    )
    assert r1.status_code == r2.status_code == 302
    assert bad.status_code == 200
    assert 'id="id_d-count_error"' in bad.content.decode()
    assert list(test.items.values_list("kind", flat=True)) == ["question", "draw"]
    item = TestItem.objects.get(test=test, kind="draw")
    c.post(f"/tests/{test.pk}/questions/", {"action": "remove", "item": item.pk})
    assert test.items.count() == 1


def test_teacher_sets_an_accommodation(world: Any) -> None:
    test = make_test_with_questions(course=world.course, count=1)
    c = client_for(world.teacher)
    page = c.get(f"/tests/{test.pk}/accommodations/")
    assert (
        world.student.username in page.content.decode()
        or world.student.last_name in page.content.decode()
    )
    bad = c.post(
        f"/tests/{test.pk}/accommodations/", {"user": world.student.pk, "extra_minutes": "0"}
    )
    assert 'id="id_extra_minutes_error"' in bad.content.decode()
    ok = c.post(
        f"/tests/{test.pk}/accommodations/",
        {"user": world.student.pk, "extra_minutes": "20", "note": "ИУП"},
    )
    assert ok.status_code == 302
    assert Accommodation.objects.get(test=test).extra_minutes == 20
    outsider = c.post(
        f"/tests/{test.pk}/accommodations/", {"user": world.outsider.pk, "extra_minutes": "5"}
    )
    assert outsider.status_code == 200
    assert Accommodation.objects.count() == 1


def test_attempt_page_without_javascript_and_no_keys_in_html(world: Any) -> None:
    test = make_test_with_questions(
        course=world.course,
        count=5,
        qtypes=("single", "multiple", "truefalse", "short", "numeric"),
        questions_per_page=2,
        shuffle_questions=False,
        review_when="never",
    )
    c = client_for(world.student)
    detail = c.get(f"/tests/{test.pk}/")
    assert "Start the attempt" in detail.content.decode() or "Начать" in detail.content.decode()
    started = c.post(f"/tests/{test.pk}/start/")
    attempt = Attempt.objects.get(test=test, user=world.student)
    assert started["Location"] == f"/tests/attempts/{attempt.pk}/"
    pages = [c.get(f"/tests/attempts/{attempt.pk}/?page={p}").content.decode() for p in (1, 2, 3)]
    for html in pages:
        for marker in KEY_MARKERS:
            assert marker not in html, marker
    assert 'name="q1-choice"' in pages[0]
    assert 'name="q3-value"' in pages[1]
    # The form fallback saves the page and moves on.
    moved = c.post(
        f"/tests/attempts/{attempt.pk}/",
        {"page": "2", "slots": ["3", "4"], "q3-value": "true", "q4-text": "ньютон", "go": "3"},
    )
    assert moved["Location"] == f"/tests/attempts/{attempt.pk}/?page=3"
    answers = {a.slot: a for a in AttemptAnswer.objects.filter(attempt=attempt)}
    assert answers[3].response == {"value": True}
    assert answers[3].seq == 1
    assert answers[4].response == {"text": "ньютон"}
    summary = c.post(
        f"/tests/attempts/{attempt.pk}/",
        {"page": "3", "slots": ["5"], "q5-value": "9,81", "go": "finish"},
    )
    assert summary["Location"] == f"/tests/attempts/{attempt.pk}/summary/"
    assert c.get(summary["Location"]).status_code == 200
    c.post(f"/tests/attempts/{attempt.pk}/submit/")
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.FINISHED
    result = c.get(f"/tests/attempts/{attempt.pk}/result/").content.decode()
    for marker in KEY_MARKERS[:3]:
        assert marker not in result
    assert 'role="status"' in result  # "the teacher does not show the results"
    assert "/ 5.00" not in result  # no marks either
    # Another student sees none of it.
    assert (
        client_for(world.student2).get(f"/tests/attempts/{attempt.pk}/result/").status_code == 404
    )
    assert client_for(world.student2).get(f"/tests/attempts/{attempt.pk}/").status_code == 404


def test_result_shows_correct_answers_when_allowed(world: Any) -> None:
    test = make_test_with_questions(
        course=world.course, count=1, qtypes=("short",), review_correct=True
    )
    attempt, _ = services.attempt_start(test=test, user=world.student)
    services.attempt_submit(attempt=attempt, user=world.student)
    html = client_for(world.student).get(f"/tests/attempts/{attempt.pk}/result/").content.decode()
    assert "ньютон" in html
    teacher_view = client_for(world.teacher).get(f"/tests/attempts/{attempt.pk}/result/")
    assert teacher_view.status_code == 200


def test_monitoring_shows_progress_and_extends_time(world: Any, clock: Any) -> None:
    test = make_test_with_questions(course=world.course, count=3, time_limit=30)
    a1, _ = services.attempt_start(test=test, user=world.student)
    services.attempt_save_answer(
        attempt_id=a1.pk, user=world.student, slot=1, seq=1, fields={"q1-choice": ["1"]}
    )
    a2, _ = services.attempt_start(test=test, user=world.student2)
    clock.advance(seconds=90)
    services.attempt_heartbeat(attempt_id=a1.pk, user=world.student)
    c = client_for(world.teacher)
    html = c.get(f"/tests/{test.pk}/monitor/").content.decode()
    assert "1 / 3" in html
    assert "0 / 3" in html
    assert 'hx-trigger="every 10s"' in html
    from dot.assessments.selectors import monitor_rows

    rows = {r.attempt.pk: r for r in monitor_rows(test)}
    assert rows[a1.pk].offline is False  # heartbeat just now
    assert rows[a2.pk].offline is True  # silent for 90 s
    assert (rows[a1.pk].answered, rows[a2.pk].answered) == (1, 0)
    partial = c.get(f"/tests/{test.pk}/monitor/", HTTP_HX_REQUEST="true")
    assert "<html" not in partial.content.decode()
    ext = c.post(f"/tests/{test.pk}/monitor/{a2.pk}/extend/", {"minutes": "10"})
    assert ext.status_code == 302
    a2.refresh_from_db()
    assert a2.extended_minutes == 10
    assert a2.deadline == a2.started_at + datetime.timedelta(minutes=40)
    assert AuditLog.objects.filter(
        action="assessments.attempt_extend", actor=world.teacher
    ).exists()
    # Another department's teacher cannot.
    assert (
        client_for(world.other_teacher)
        .post(f"/tests/{test.pk}/monitor/{a2.pk}/extend/", {"minutes": "10"})
        .status_code
        == 404
    )


def test_monitor_query_count_constant_in_rows(world: Any) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    test = make_test_with_questions(course=world.course, count=3)
    c = client_for(world.teacher)

    def queries_with(students: int) -> int:
        for i in range(students - test.attempts.count()):
            services.attempt_start(test=test, user=world.add_student(f"m{students}-{i}"))
        with CaptureQueriesContext(connection) as ctx:
            response = c.get(f"/tests/{test.pk}/monitor/", HTTP_HX_REQUEST="true")
        assert response.content.decode().count("0 / 3") == students
        return len(ctx.captured_queries)

    assert queries_with(2) == queries_with(12)


def test_course_panel_lists_tests(world: Any) -> None:
    test = make_test_with_questions(course=world.course, count=1, title="Модульный тест 1")
    make_test_with_questions(course=world.course, count=1, title="Черновик", is_published=False)
    from django.test import RequestFactory

    from dot.assessments.panels import course_tests

    request = RequestFactory().get("/")
    request.user = world.student
    ctx = course_tests(request, world.course)
    assert ctx is not None
    assert [t.pk for t in ctx["tests"]] == [test.pk]
    request.user = world.teacher
    ctx = course_tests(request, world.course)
    assert ctx is not None
    assert len(ctx["tests"]) == 2
    assert ctx["can_create"]
    request.user = world.outsider
    assert course_tests(request, world.course) is None


def test_calendar_events(world: Any) -> None:
    from dot.assessments.calendar import windows_of_tests

    start = datetime.datetime(2026, 12, 1, 9, tzinfo=datetime.UTC)
    test = make_test_with_questions(
        course=world.course, count=1, open_at=start, close_at=start + datetime.timedelta(hours=2)
    )
    window = (start - datetime.timedelta(days=1), start + datetime.timedelta(days=1))
    events = list(windows_of_tests(world.student, *window))
    assert [e.uid for e in events] == [f"assessments-test-{test.pk}"]
    assert events[0].end == start + datetime.timedelta(hours=2)
    assert list(windows_of_tests(world.outsider, *window)) == []
    assert len(list(windows_of_tests(world.teacher, *window))) == 1


def test_teacher_closes_an_attempt_with_the_saved_answers(world: Any) -> None:
    test = make_test_with_questions(course=world.course, count=1)
    attempt, _ = services.attempt_start(test=test, user=world.student)
    assert (
        client_for(world.student2).post(f"/tests/{test.pk}/monitor/{attempt.pk}/close/").status_code
        == 404
    )
    client_for(world.teacher).post(f"/tests/{test.pk}/monitor/{attempt.pk}/close/")
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.FINISHED
    assert attempt.finished_by == "teacher"


def test_test_card_hides_the_grade_until_the_review_allows(world: Any, clock: Any) -> None:
    test = make_test_with_questions(
        course=world.course,
        count=1,
        review_when="after_close",
        close_at=clock.current + datetime.timedelta(hours=1),
    )
    attempt, _ = services.attempt_start(test=test, user=world.student)
    services.attempt_submit(attempt=attempt, user=world.student)
    c = client_for(world.student)
    assert c.get(f"/tests/{test.pk}/").context["grade"] is None
    clock.advance(hours=1, seconds=1)
    assert c.get(f"/tests/{test.pk}/").context["grade"] is not None


def test_test_card_closes_an_overdue_attempt(world: Any, clock: Any) -> None:
    test = make_test_with_questions(course=world.course, count=1, time_limit=5, grace_seconds=0)
    attempt, _ = services.attempt_start(test=test, user=world.student)
    clock.advance(minutes=6)
    response = client_for(world.student).get(f"/tests/{test.pk}/")
    assert response.context["open_attempt"] is None
    attempt.refresh_from_db()
    assert attempt.finished_by == "deadline"


def test_lists_take_constant_queries(world: Any) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    c = client_for(world.student)
    c.get("/tests/")  # the menu's visibility is computed once per user, then kept

    def queries_with(tests: int) -> int:
        for _ in range(tests - Test.objects.count()):
            make_test_with_questions(course=world.course, count=1)
        counts = []
        for url in ("/tests/", f"/api/assessments/courses/{world.course.pk}/tests/"):
            with CaptureQueriesContext(connection) as ctx:
                assert c.get(url).status_code == 200
            counts.append(len(ctx.captured_queries))
        return sum(counts)

    assert queries_with(2) == queries_with(9)


def test_essay_file_through_the_form_without_javascript(
    world: Any, settings: Any, tmp_path: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from dot.content.samples import pdf_bytes

    settings.MEDIA_ROOT = str(tmp_path / "media")
    test = make_test_with_questions(course=world.course, count=1, qtypes=("essay",))
    attempt, _ = services.attempt_start(test=test, user=world.student)
    c = client_for(world.student)
    page = c.get(f"/tests/attempts/{attempt.pk}/").content.decode()
    assert 'enctype="multipart/form-data"' in page
    c.post(
        f"/tests/attempts/{attempt.pk}/",
        {
            "page": "1",
            "slots": ["1"],
            "q1-text": "<p>Ответ</p>",
            "q1-file-upload": SimpleUploadedFile("отчёт.pdf", pdf_bytes()),
        },
    )
    answer = AttemptAnswer.objects.get(attempt=attempt)
    assert answer.response["text"] == "<p>Ответ</p>"
    assert answer.response["file"].startswith(f"assessments/answers/{attempt.pk}/1/")
