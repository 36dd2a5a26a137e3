"""Manual grading, regrading, results (page and XLSX) and item statistics (issue #6).

The statistics are compared with a hand calculation on four students and three
questions (see ``test_item_statistics_match_the_hand_calculation``).
"""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any, cast

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from openpyxl import load_workbook

from dot.assessments import grading, services
from dot.assessments import item_statistics as item_stats
from dot.assessments.factories import TestFactory, add_questions
from dot.assessments.models import Attempt, AttemptAnswer, Test
from dot.questions.factories import CategoryFactory, QuestionBankFactory, make_question
from dot.questions.services import edit_question

pytestmark = pytest.mark.django_db

RIGHT, WRONG = "1", "2"  # option ids of the sample single-choice question (Бишкек, Ош)


def _category(world: Any) -> Any:
    bank = QuestionBankFactory(
        discipline=world.course.discipline, department=world.course.discipline.department
    )
    return CategoryFactory(bank=bank)


def _finish(test: Any, user: Any, answers: dict[int, dict[str, list[str]]]) -> Attempt:
    """Start, answer (fields by question id, without the slot prefix) and submit."""
    attempt, _created = services.attempt_start(test=test, user=user)
    for row in AttemptAnswer.objects.filter(attempt=attempt):
        fields = answers.get(row.question_id)
        if fields:
            services.attempt_save_answer(
                attempt_id=attempt.pk,
                user=user,
                slot=row.slot,
                seq=1,
                fields={f"q{row.slot}-{k}": v for k, v in fields.items()},
            )
    return services.attempt_submit(attempt=attempt, user=user)


def _choice(option: str) -> dict[str, list[str]]:
    return {"choice": [option]}


@pytest.fixture
def three_questions(world: Any) -> tuple[Any, list[Any]]:
    category = _category(world)
    questions = [make_question(category=category, qtype="single", name=f"В{i}") for i in (1, 2, 3)]
    test = cast(Test, TestFactory(course=world.course, attempts_allowed=1, pass_mark=Decimal("50")))
    add_questions(test, questions)
    return test, questions


@pytest.fixture
def four_students(world: Any, three_questions: tuple[Any, list[Any]]) -> list[Attempt]:
    """A answers all three right, B the first two, C the first, D none."""
    test, (q1, q2, q3) = three_questions
    users = [world.student, world.student2, world.add_student("s3"), world.add_student("s4")]
    pattern = [(RIGHT, RIGHT, RIGHT), (RIGHT, RIGHT, WRONG), (RIGHT, WRONG, WRONG), (WRONG,) * 3]
    return [
        _finish(test, user, {q1.pk: _choice(a), q2.pk: _choice(b), q3.pk: _choice(c)})
        for user, (a, b, c) in zip(users, pattern, strict=True)
    ]


def test_item_statistics_match_the_hand_calculation(
    three_questions: tuple[Any, list[Any]], four_students: list[Attempt]
) -> None:
    test, (q1, q2, q3) = three_questions
    stats = item_stats.test_statistics(test)
    assert stats.attempts == 4
    # Scores 100, 66.67, 33.33, 0.
    assert stats.mean == Decimal("50.00")
    assert stats.median == Decimal("50.00")
    # α = 3/2 · (1 − (0.1875 + 0.25 + 0.1875) / 1.25) = 0.75
    assert stats.alpha == Decimal("0.750")
    items = {i.question_id: i for i in stats.items}
    assert [items[q.pk].facility for q in (q1, q2, q3)] == [
        Decimal("75.00"),
        Decimal("50.00"),
        Decimal("25.00"),
    ]
    # Item 1 x = [1,1,1,0]; rest of the test = [(3-1)/2, (2-1)/2, (1-1)/2, 0] = [1, .5, 0, 0]:
    # r = 0.375 / sqrt(0.75 · 0.6875) = 0.52223 → 52.22.
    assert items[q1.pk].discrimination == Decimal("52.22")
    # Item 1's options: Бишкек chosen 3 times (credited), Ош once, the others never.
    dist = {r.label: (r.count, r.credited) for r in items[q1.pk].distribution}
    assert dist["Бишкек"] == (3, True)
    assert dist["Ош"] == (1, False)
    assert dist["Нарын"] == (0, False)


def test_statistics_without_spread_say_dash_not_zero(world: Any) -> None:
    category = _category(world)
    questions = [make_question(category=category, qtype="single") for _ in range(2)]
    test = cast(Test, TestFactory(course=world.course))
    add_questions(test, questions)
    for user in (world.student, world.student2):
        _finish(test, user, {q.pk: _choice(RIGHT) for q in questions})
    stats = item_stats.test_statistics(test)
    assert all(i.discrimination is None for i in stats.items)  # fewer than 3 attempts
    assert all(i.facility == Decimal("100.00") for i in stats.items)


def test_manual_grading_of_an_essay_sets_the_totals(world: Any) -> None:
    category = _category(world)
    essay = make_question(category=category, qtype="essay", default_mark=Decimal("4"))
    single = make_question(category=category, qtype="single")
    test = cast(Test, TestFactory(course=world.course))
    add_questions(test, [single, essay])
    attempt = _finish(
        test,
        world.student,
        {single.pk: _choice(RIGHT), essay.pk: {"text": ["<p>Потому что люблю медицину.</p>"]}},
    )
    assert attempt.needs_grading
    queue = grading.grading_queue(test)
    assert [a.question_id for a in queue] == [essay.pk]
    with pytest.raises(ValidationError) as err:
        grading.grade_manually(
            answer=queue[0], mark=Decimal("4.5"), comment="", actor=world.teacher
        )
    assert "mark" in err.value.message_dict
    grading.grade_manually(
        answer=queue[0], mark=Decimal("3"), comment="Хорошо аргументировано", actor=world.teacher
    )
    attempt.refresh_from_db()
    assert attempt.needs_grading is False
    assert attempt.sum_marks == Decimal("4.00")  # 1 (single) + 3 (essay)
    assert attempt.score == Decimal("80.00")  # 4 of 5
    assert grading.grading_queue(test) == []
    answer = AttemptAnswer.objects.get(attempt=attempt, question=essay)
    assert answer.comment == "Хорошо аргументировано"
    assert answer.graded_by == world.teacher


def test_regrade_after_a_fixed_key_moves_to_the_new_version_keeping_manual_marks(
    world: Any, three_questions: tuple[Any, list[Any]], four_students: list[Attempt]
) -> None:
    test, (q1, _q2, _q3) = three_questions
    # The key of question 1 was wrong: «Ош» (2) is credited in the fixed version.
    version = q1.current
    data = dict(version.data)
    data["options"] = [
        {**o, "fraction": "1" if o["id"] == WRONG else "0"} for o in version.data["options"]
    ]
    edit_question(question=q1, name=version.name, text=version.text, data=data, actor=world.teacher)
    # A manual mark given before the regrade survives it.
    d_answer = AttemptAnswer.objects.get(attempt=four_students[3], question=q1)
    grading.grade_manually(answer=d_answer, mark=Decimal("0.5"), comment="", actor=world.teacher)

    same = grading.regrade(test=test, actor=world.teacher)  # the versions the attempts saw
    assert same.changes == []
    preview = grading.regrade(test=test, actor=world.teacher, to_current_version=True, dry_run=True)
    assert len(preview.changes) == 4
    assert Attempt.objects.get(pk=four_students[0].pk).score == Decimal("100.00")  # unchanged

    report = grading.regrade(test=test, actor=world.teacher, to_current_version=True)
    assert report.changed_attempts == 4
    scores = [Attempt.objects.get(pk=a.pk).score for a in four_students]
    # A: 0+1+1, B: 0+1+0, C: 0+0+0, D: manual 0.5 + 0 + 0 — of 3.
    assert scores == [Decimal("66.67"), Decimal("33.33"), Decimal("0.00"), Decimal("16.67")]
    assert set(
        AttemptAnswer.objects.filter(question=q1).values_list("question_version__number", flat=True)
    ) == {2}


# --- Pages ---------------------------------------------------------------------------


def _client(user: Any) -> Client:
    c = Client()
    if user is not None:
        c.force_login(user)
    return c


PAGES = {
    "results/": "read",
    "statistics/": "read",
    "results.xlsx": "read",
    "grading/": "manage",
    "regrade/": "manage",
}


@pytest.mark.parametrize(
    ("who", "read", "manage"),
    [
        ("anonymous", 302, 302),
        ("student", 404, 404),  # wrong role
        ("other_teacher", 404, 404),  # a teacher of another department
        ("teacher", 200, 200),
        ("head", 200, 200),
    ],
)
def test_four_callers(
    world: Any, three_questions: tuple[Any, list[Any]], who: str, read: int, manage: int
) -> None:
    test, _questions = three_questions
    user = None if who == "anonymous" else getattr(world, who)
    client = _client(user)
    for path, kind in PAGES.items():
        want = manage if kind == "manage" else read
        assert client.get(f"/tests/{test.pk}/{path}").status_code == want, path


def test_grade_page_saves_and_shows_errors_next_to_the_field(world: Any) -> None:
    category = _category(world)
    essay = make_question(category=category, qtype="essay", default_mark=Decimal("2"))
    test = cast(Test, TestFactory(course=world.course))
    add_questions(test, [essay])
    attempt = _finish(test, world.student, {essay.pk: {"text": ["<p>Ответ</p>"]}})
    answer = AttemptAnswer.objects.get(attempt=attempt)
    client = _client(world.teacher)
    url = f"/tests/{test.pk}/grading/{answer.pk}/"
    page = client.get(url)
    assert page.status_code == 200
    assert "Ответ" in page.content.decode()
    bad = client.post(url, {"mark": "7", "comment": ""})
    assert bad.status_code == 200
    assert 'aria-invalid="true"' in bad.content.decode()
    answer.refresh_from_db()
    assert answer.manual_mark is None  # nothing half-written
    ok = client.post(url, {"mark": "1,5", "comment": "Кратко", "save": "1"})
    assert ok.status_code == 302
    attempt.refresh_from_db()
    assert attempt.score == Decimal("75.00")
    # Another test's answer id under this test answers 404.
    other = cast(Test, TestFactory(course=world.course))
    assert client.get(f"/tests/{other.pk}/grading/{answer.pk}/").status_code == 404


def test_results_page_and_xlsx(
    world: Any, three_questions: tuple[Any, list[Any]], four_students: list[Attempt]
) -> None:
    test, _questions = three_questions
    client = _client(world.teacher)
    html = client.get(f"/tests/{test.pk}/results/").content.decode()
    assert world.student.full_name in html
    assert "66,67" in html  # Russian decimal comma
    response = client.get(f"/tests/{test.pk}/results.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(io.BytesIO(response.content))
    results = list(wb.worksheets[0].iter_rows(values_only=True))
    by_name = {r[0]: r for r in results[1:]}
    assert by_name[world.student.full_name][3] == 100.0
    assert by_name[world.student2.full_name][3] == 66.67
    attempts = list(wb.worksheets[1].iter_rows(values_only=True))
    assert len(attempts) == 1 + 4
    items = list(wb.worksheets[2].iter_rows(values_only=True))
    assert sorted(r[3] for r in items[1:]) == [25.0, 50.0, 75.0]


def test_student_sees_own_results_and_not_anothers(
    world: Any, three_questions: tuple[Any, list[Any]], four_students: list[Attempt]
) -> None:
    course = world.course
    mine = _client(world.student).get(f"/tests/course/{course.pk}/results/")
    assert mine.status_code == 200
    assert "100,00" in mine.content.decode()
    # ?student= is for staff only: a student still sees their own results.
    peek = _client(world.student).get(
        f"/tests/course/{course.pk}/results/?student={world.student2.pk}"
    )
    assert world.student2.full_name not in peek.content.decode()
    assert _client(world.outsider).get(f"/tests/course/{course.pk}/results/").status_code == 404
    staff = _client(world.teacher).get(
        f"/tests/course/{course.pk}/results/?student={world.student2.pk}"
    )
    assert world.student2.full_name in staff.content.decode()


@pytest.mark.parametrize("extra", [0, 6])
def test_results_and_statistics_take_constant_queries(
    world: Any,
    three_questions: tuple[Any, list[Any]],
    extra: int,
    django_assert_max_num_queries: Any,
) -> None:
    test, questions = three_questions
    users = [world.student, world.student2] + [world.add_student(f"x{i}") for i in range(extra)]
    for user in users:
        _finish(test, user, {q.pk: _choice(RIGHT) for q in questions})
    client = _client(world.teacher)
    client.get(f"/tests/{test.pk}/results/")  # warm caches (roles, content types)
    with django_assert_max_num_queries(16):
        assert client.get(f"/tests/{test.pk}/results/").status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(f"/tests/{test.pk}/statistics/").status_code == 200
