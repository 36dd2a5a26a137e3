"""The people side of the demo: idempotent, and harmless before the programmes exist."""

from __future__ import annotations

from typing import Any

from dot.academics import demo, people_demo
from dot.academics.models import (
    DotCertificate,
    SemesterRegistration,
    Student,
    StudentGroup,
    TeachingAssignment,
)
from dot.academics.people_selectors import certificate_statuses
from dot.accounts.models import User
from dot.org.demo import seed_org, seed_users


def _counts() -> tuple[int, ...]:
    return (
        StudentGroup.objects.count(),
        Student.objects.count(),
        SemesterRegistration.objects.count(),
        TeachingAssignment.objects.count(),
        DotCertificate.objects.count(),
    )


def test_people_demo_skips_what_is_not_there_yet(db: Any) -> None:
    people_demo.seed({})

    assert _counts() == (0, 0, 0, 0, 0)


def test_people_demo_is_idempotent_and_covers_every_certificate_state(db: Any) -> None:
    units = seed_org()
    seed_users(units)
    demo.seed(units)
    first = _counts()

    demo.seed(units)

    assert _counts() == first
    student = Student.objects.get(user__username="student")
    master = Student.objects.get(user__username="master")
    assert student.group is not None
    assert (student.group.name, student.programme.code) == ("ЛД-1-24", "ld")
    assert master.programme.level == "master"
    assert SemesterRegistration.objects.filter(student=student).exists()
    teachers = {a.teacher.username for a in TeachingAssignment.objects.select_related("teacher")}
    assert {"teacher", "teacher2", "head_kd"} <= teachers
    states = {
        s.teacher.username: s.state
        for s in certificate_statuses(
            User.objects.filter(username__in=["teacher", "teacher2", "leader"])
        )
    }
    assert states == {"teacher": "valid", "teacher2": "missing", "leader": "expiring"}
