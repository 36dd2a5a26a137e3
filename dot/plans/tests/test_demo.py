"""The demo seed: orders for every programme, applications and plans in every state,
the plan over the 70 % cap and the plan blocked by п. 3.3; idempotent."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.test import Client
from django.urls import reverse

from dot.academics import demo as academics_demo
from dot.content import demo as content_demo
from dot.org.demo import seed_org, seed_users
from dot.plans import demo
from dot.plans.compliance import check_plan
from dot.plans.models import DotApplication, DotOrder, StudyPlan


def test_the_demo_covers_every_state(db: Any, settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    units = seed_org()
    seed_users(units)
    academics_demo.seed(units)
    content_demo.seed(units)
    demo.seed(units)
    demo.seed(units)  # idempotent
    assert DotOrder.objects.filter(status="approved").count() == 5
    app_states = {(a.status, a.approval_step) for a in DotApplication.objects.all()}
    assert {
        ("draft", ""),
        ("in_review", "teachers"),
        ("in_review", "leader"),
        ("in_review", "deans_office"),
        ("returned", ""),
        ("rejected", ""),
        ("approved", ""),
    } <= app_states
    plans = list(StudyPlan.objects.all())
    states = {(p.state, p.approval_step) for p in plans}
    assert {
        ("draft", ""),
        ("in_review", "teachers"),
        ("in_review", "student"),
        ("in_review", "academic_office"),
        ("in_review", "department"),
        ("in_review", "dean"),
        ("returned", ""),
        ("approved", ""),
        ("completed", ""),
        ("archived", ""),
    } <= states
    over = StudyPlan.objects.get(student__user__username="master")
    (cap,) = [f for f in check_plan(over) if f.clause == "п. 5.4.3"]
    assert cap.blocking
    assert Decimal(str(cap.numbers["semester_share_percent"])) > 70
    blocked = StudyPlan.objects.get(rows__curriculum_line__discipline__code="МФД-108")
    failed = [f for f in check_plan(blocked) if f.clause == "п. 3.3" and not f.passed]
    assert [f.blocking for f in failed] == [True]
    # the demo student's plan in force opens, with the download buttons
    mine = StudyPlan.objects.get(
        student__user__username="student", status="approved", archived_at__isnull=True
    )
    client = Client()
    client.force_login(mine.student.user)
    page = client.get(reverse("plans:plan_detail", args=[mine.pk]))
    assert page.status_code == 200
    assert reverse("plans:plan_pdf", args=[mine.pk]).encode() in page.content
