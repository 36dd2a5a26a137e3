"""Demo tests with finished attempts (issue #6 demo data): on the first demo course with a
question bank, a module test of fixed questions and an exam with random draws from the
bank's two module categories; twelve students of the demo group («demo.exam01…»,
password as every demo login) take the exam so that the results page and the item
statistics have something to show; essays wait for manual grading. The demo
«student» takes the module test.

Idempotent: a course that already has the demo exam is left as it is.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from dot.academics.models import SemesterRegistration, Student, StudentStatus
from dot.accounts.models import Role, RoleAssignment, User
from dot.content.models import Course
from dot.questions import qtypes
from dot.questions.models import Category, QuestionBank

from . import services
from .models import AttemptAnswer, Test

EXAM_TITLE = "Экзамен: промежуточная аттестация"
MODULE_TITLE = "Модульный тест 1"
NAMES = [
    ("Абдыкадыров", "Азамат"),
    ("Бейшеналиева", "Айгерим"),
    ("Волкова", "Дарья"),
    ("Джумабеков", "Эрлан"),
    ("Ибраимова", "Нургуль"),
    ("Ким", "Александр"),
    ("Маматов", "Бекзат"),
    ("Осмонова", "Жылдыз"),
    ("Петренко", "Игорь"),
    ("Садыкова", "Алина"),
    ("Токтосунов", "Нурлан"),
    ("Усенова", "Мээрим"),
]


def _answer_fields(
    version: Any, seed: int, rng: random.Random, skill: float
) -> dict[str, list[str]]:
    """What a student of the given skill (0…1) might answer; empty for some types."""
    del seed
    data = version.data or {}
    right = rng.random() < skill
    qtype = version.qtype
    if qtype == "single":
        options = data.get("options", [])
        good = [o["id"] for o in options if qtypes.dec(o.get("fraction")) > 0]
        bad = [o["id"] for o in options if qtypes.dec(o.get("fraction")) <= 0]
        return {"choice": [str(rng.choice(good if right or not bad else bad))]}
    if qtype == "multiple":
        options = data.get("options", [])
        good = [str(o["id"]) for o in options if qtypes.dec(o.get("fraction")) > 0]
        others = [str(o["id"]) for o in options if str(o["id"]) not in good]
        picked = good if right else good[:1] + others[:1]
        return {"choice": picked}
    if qtype == "truefalse":
        correct = bool(data.get("correct"))
        return {"value": ["true" if correct == right else "false"]}
    if qtype == "short":
        answers = data.get("answers", [])
        return {"text": [answers[0]["text"].replace("*", "") if right and answers else "не знаю"]}
    if qtype == "numeric":
        answers = data.get("answers", [])
        value = answers[0]["value"] if right and answers else "1"
        return {"value": [str(value)]}
    if qtype == "essay":
        return {"text": ["<p>План: жалобы, анамнез, осмотр, ЭКГ, анализы.</p>"]}
    return {}


def _students(course: Course, count: int) -> list[User]:
    group = course.groups.first()
    line_reg = SemesterRegistration.objects.filter(
        semester=course.semester, curriculum_line__discipline=course.discipline
    ).first()
    template = Student.objects.filter(group=group).first() if group else None
    if group is None or line_reg is None or template is None:
        return []
    role = RoleAssignment.objects.filter(user=template.user, role=Role.STUDENT).first()
    users = []
    for n, (last, first) in enumerate(NAMES[:count], start=1):
        username = f"demo.exam{n:02d}"
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(
                username=username,
                password="demo1234",  # noqa: S106 - the documented demo password
                last_name=last,
                first_name=first,
                email=f"{username}@example.org",
            )
            if role is not None:
                RoleAssignment.objects.create(user=user, role=Role.STUDENT, unit=role.unit)
        record, _ = Student.objects.get_or_create(
            user=user,
            defaults={
                "group": group,
                "programme": template.programme,
                "record_book_number": f"DEMO-EX-{n:02d}",
                "status": StudentStatus.STUDYING,
            },
        )
        SemesterRegistration.objects.get_or_create(
            student=record, semester=course.semester, curriculum_line=line_reg.curriculum_line
        )
        users.append(user)
    return users


def _take(test: Test, user: User, rng: random.Random, skill: float) -> None:
    attempt, _created = services.attempt_start(test=test, user=user)
    for row in AttemptAnswer.objects.filter(attempt=attempt).select_related("question_version"):
        fields = _answer_fields(row.question_version, row.seed, rng, skill)
        if not fields:
            continue
        services.attempt_save_answer(
            attempt_id=attempt.pk,
            user=user,
            slot=row.slot,
            seq=1,
            fields={f"q{row.slot}-{k}": v for k, v in fields.items()},
        )
    services.attempt_submit(attempt=attempt, user=user)


@transaction.atomic
def _seed_course(course: Course, bank: QuestionBank, teacher: User) -> None:
    modules = list(Category.objects.filter(bank=bank, parent__isnull=False).order_by("pk")[:2])
    if not modules:
        return
    now = timezone.now()
    fixed = list(
        modules[0]
        .questions.filter(is_hidden=False)
        .exclude(qtype="essay")
        .select_related("current")
        .order_by("pk")
    )
    module_test = services.test_create(
        course=course,
        actor=teacher,
        title=MODULE_TITLE,
        kind="current",
        is_published=True,
        open_at=now - datetime.timedelta(days=7),
        close_at=now + datetime.timedelta(days=21),
        time_limit=30,
        attempts_allowed=2,
        grading_method="highest",
        pass_mark=Decimal("60"),
    )
    for question in fixed:
        services.item_add_question(test=module_test, question=question, actor=teacher)
    exam = services.test_create(
        course=course,
        actor=teacher,
        title=EXAM_TITLE,
        kind="exam",
        is_published=True,
        open_at=now - datetime.timedelta(days=2),
        close_at=now + datetime.timedelta(days=5),
        time_limit=60,
        attempts_allowed=1,
        pass_mark=Decimal("50"),
    )
    for category in modules:
        services.item_add_draw(
            test=exam, category=category, count=4, include_subcategories=True, actor=teacher
        )
    services.item_add_question(
        test=exam,
        question=modules[0].questions.filter(qtype="essay").first(),
        actor=teacher,
    )
    rng = random.Random(2026)  # noqa: S311 - demo data
    for n, user in enumerate(_students(course, len(NAMES))):
        _take(exam, user, rng, skill=0.25 + 0.06 * n)
    student = User.objects.filter(username="student").first()
    if student is not None:
        _take(module_test, student, rng, skill=0.8)


def seed(units: dict[str, Any]) -> None:
    del units
    for course in Course.objects.select_related("discipline", "semester").order_by("pk"):
        if Test.objects.filter(course=course, title=EXAM_TITLE).exists():
            return
        bank = QuestionBank.objects.filter(discipline=course.discipline).first()
        teacher = course.teachers.first()
        if bank is None or teacher is None:
            continue
        _seed_course(course, bank, teacher)
        return
