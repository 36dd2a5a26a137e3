# Run by bench/exam_session.py through `manage.py shell -c` (environment: BENCH_N,
# BENCH_Q, BENCH_PASSWORD). Idempotent: builds the demo university, then a course with
# BENCH_N registered students and a published exam of BENCH_Q single-choice questions,
# with no attempts left from an earlier run. Prints one JSON line for the load generator.
import json
import os

from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.db import transaction

from dot.academics.models import SemesterRegistration, Student, StudentStatus
from dot.accounts.models import Role, RoleAssignment, User
from dot.assessments.models import Attempt, Test, TestItem
from dot.content.models import Course
from dot.questions.models import QuestionBank
from dot.questions.services import create_bank, create_question, top_category

N = int(os.environ["BENCH_N"])
Q = int(os.environ["BENCH_Q"])
PASSWORD = os.environ["BENCH_PASSWORD"]

if not Course.objects.exists():
    call_command("seed_demo", "--quiet")

# A demo course with a registered student to copy the registration from.
template = (
    SemesterRegistration.objects.filter(student__status=StudentStatus.STUDYING)
    .select_related("student", "curriculum_line", "semester")
    .first()
)
assert template is not None, "the demo has no registered student"
course = Course.objects.filter(
    semester=template.semester, discipline=template.curriculum_line.discipline
).first()
assert course is not None, "the demo has no course for the registered student"
group = template.student.group
teacher = course.teachers.first()

with transaction.atomic():
    have = set(User.objects.filter(username__startswith="exam").values_list("username", flat=True))
    pw = make_password(PASSWORD)
    new = [
        User(
            username=f"exam{i:05d}",
            last_name="Студентов",
            first_name=f"Экзамен{i}",
            patronymic="Тестович",
            email=f"exam{i}@example.org",
            password=pw,
        )
        for i in range(N)
        if f"exam{i:05d}" not in have
    ]
    User.objects.bulk_create(new, batch_size=1000)
    users = list(User.objects.filter(username__startswith="exam").order_by("username")[:N])
    role = RoleAssignment.objects.filter(user=template.student.user, role=Role.STUDENT).first()
    if role is not None:
        fresh = User.objects.filter(username__in=[u.username for u in new])
        RoleAssignment.objects.bulk_create(
            [RoleAssignment(user=u, role=Role.STUDENT, unit=role.unit) for u in fresh],
            batch_size=1000,
        )
    with_student = set(Student.objects.filter(user__in=users).values_list("user_id", flat=True))
    Student.objects.bulk_create(
        [
            Student(
                user=u,
                group=group,
                programme=template.student.programme,
                record_book_number=f"EX-{u.username}",
                status=StudentStatus.STUDYING,
            )
            for u in users
            if u.pk not in with_student
        ],
        batch_size=1000,
    )
    students = list(Student.objects.filter(user__in=users))
    registered = set(
        SemesterRegistration.objects.filter(
            student__in=students,
            semester=template.semester,
            curriculum_line=template.curriculum_line,
        ).values_list("student_id", flat=True)
    )
    SemesterRegistration.objects.bulk_create(
        [
            SemesterRegistration(
                student=s, semester=template.semester, curriculum_line=template.curriculum_line
            )
            for s in students
            if s.pk not in registered
        ],
        batch_size=1000,
    )

    bank = QuestionBank.objects.filter(discipline=course.discipline, title="Bench bank").first()
    if bank is None:
        bank = create_bank(discipline=course.discipline, title="Bench bank", actor=teacher)
    category = top_category(bank)
    test = Test.objects.filter(course=course, title=f"Bench exam Q={Q}").first()
    if test is None:
        test = Test.objects.create(
            course=course,
            title=f"Bench exam Q={Q}",
            kind="exam",
            is_published=True,
            time_limit=120,
            attempts_allowed=1,
            shuffle_questions=True,
            shuffle_options=True,
        )
        for i in range(Q):
            question = create_question(
                category=category,
                qtype="single",
                actor=teacher,
                name=f"Вопрос {i + 1}",
                text=f"<p>Сколько будет {i} + {i}?</p>",
                data={
                    "options": [
                        {"id": "a", "text": str(2 * i), "fraction": "1"},
                        {"id": "b", "text": str(2 * i + 1), "fraction": "0"},
                        {"id": "c", "text": str(2 * i + 2), "fraction": "0"},
                        {"id": "d", "text": str(2 * i + 3), "fraction": "0"},
                    ],
                    "shuffle": True,
                },
            )
            TestItem.objects.create(test=test, order=i + 1, kind="question", question=question)
    Attempt.objects.filter(test=test).delete()

print(
    json.dumps(
        {
            "test": test.pk,
            "test_url": f"/tests/{test.pk}/",
            "students": [u.username for u in users],
        }
    )
)
