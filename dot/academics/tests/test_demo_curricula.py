"""The demo's programmes and approved РУП: realistic, exact, idempotent."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from dot.academics import demo
from dot.academics.models import Curriculum, Programme
from dot.academics.selectors import approved_curriculum, curriculum_summary
from dot.org.demo import seed_org, seed_users


def test_demo_programmes_and_approved_curricula(db: Any) -> None:
    units = seed_org()
    seed_users(units)
    demo.seed(units)
    demo.seed(units)  # idempotent

    ld = Programme.objects.get(code="ld")
    assert (ld.level, ld.faculty.code, ld.department.code) == ("specialist", "fldis", "kd")
    assert ld.leader is not None
    assert ld.leader.username == "leader"
    extramural = Programme.objects.get(code="fin-msc")
    full_time_only = Programme.objects.get(code="ph-msc")
    assert (extramural.level, extramural.allows_extramural) == ("master", True)
    assert (full_time_only.level, full_time_only.allows_extramural) == ("master", False)
    assert Programme.objects.get(code="econ-bsc").level == "bachelor"

    assert Curriculum.objects.count() == 5
    rup = approved_curriculum(ld, 2024)
    assert rup is not None
    summary = curriculum_summary(rup)
    assert summary.flagged == 0
    # Semester 5 by hand: 6 + 5 + 5 + 3 + 2 = 21 ECTS = 630 h; classroom 90+75+75+45+0 = 285
    sem5 = next(b for b in summary.semesters if b.number == 5)
    assert sem5.totals.ects == Decimal("21")
    assert sem5.totals.total_hours == Decimal("630")
    assert sem5.totals.classroom_hours == Decimal("285")
    # Semesters 1..6: 21 + 18 + 15 + 14 (electives counted) + 21 + 20 = 109 ECTS
    assert summary.totals.ects == Decimal("109")
    assert summary.totals.elective_ects == Decimal("4")
