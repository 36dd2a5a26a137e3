"""The demo gives the testing pages something to show: a module test, an exam with random
draws, finished attempts with item statistics and essays to grade (issue #6 demo data)."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client

from dot.accounts.models import User
from dot.assessments import item_statistics as item_stats
from dot.assessments.demo_results import EXAM_TITLE, MODULE_TITLE
from dot.assessments.models import Attempt, AttemptState, ItemKind, Test

pytestmark = pytest.mark.django_db


def test_demo_exam_has_finished_attempts_and_statistics() -> None:
    call_command("seed_demo", "--quiet")
    exam = Test.objects.get(title=EXAM_TITLE)
    assert exam.items.filter(kind=ItemKind.DRAW).count() == 2
    finished = Attempt.objects.filter(test=exam, state=AttemptState.FINISHED)
    assert finished.count() == 12
    stats = item_stats.test_statistics(exam)
    assert stats.attempts == 12
    assert stats.items
    assert any(i.discrimination is not None for i in stats.items)
    assert finished.filter(needs_grading=True).exists()  # essays wait for the teacher
    module = Test.objects.get(title=MODULE_TITLE, course=exam.course)
    assert Attempt.objects.filter(test=module, user__username="student").exists()

    call_command("seed_demo", "--quiet")  # idempotent
    assert Test.objects.filter(title=EXAM_TITLE).count() == 1
    assert Attempt.objects.filter(test=exam).count() == 12

    teacher = exam.course.teachers.first()
    assert teacher is not None
    client = Client()
    client.force_login(teacher)
    for path in ("results/", "statistics/", "grading/"):
        assert client.get(f"/tests/{exam.pk}/{path}").status_code == 200
    student = User.objects.get(username="demo.exam01")
    client.force_login(student)
    assert client.get(f"/tests/course/{exam.course_id}/results/").status_code == 200
