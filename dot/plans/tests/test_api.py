"""The whole route through the API, for each programme kind, with the caps at their
boundaries compared with hand calculations.

The world (``route_world``): two disciplines of semester 1, each 4 ECTS = 120 h (30 h of
lectures, 30 h of practice, 60 h of СРС), so the semester — and the whole curriculum —
has 240 h and 8 credits.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from rest_framework.test import APIClient

from dot.academics.models import EducationLevel
from dot.plans.factories import RouteWorld, route_world
from dot.plans.models import DotApplication, StudyPlan

D = Decimal
MASTER, BACHELOR, SPECIALIST = (
    EducationLevel.MASTER,
    EducationLevel.BACHELOR,
    EducationLevel.SPECIALIST,
)


def api(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def post(user: Any, url: str, data: dict[str, Any] | None = None, status: int = 200) -> Any:
    response = api(user).post(url, data or {}, format="json")
    assert response.status_code == status, response.content
    return response.json()


def apply_and_approve(w: RouteWorld) -> int:
    body = post(
        w.student_user,
        "/api/plans/applications/",
        {
            "semester": w.semester.pk,
            "period": "semester",
            "reason_kind": "illness",
            "lines": [
                {"discipline": w.line_a.discipline_id},
                {"discipline": w.line_b.discipline_id},
            ],
        },
        status=201,
    )
    pk = body["id"]
    base = f"/api/plans/applications/{pk}/"
    assert post(w.student_user, base + "submit/")["approval_step"] == "teachers"
    assert (
        post(w.teacher_a, base + "decide/", {"decision": "approve"})["approval_step"] == "teachers"
    )
    assert post(w.teacher_b, base + "decide/", {"decision": "approve"})["approval_step"] == "leader"
    assert (
        post(w.leader, base + "decide/", {"decision": "approve"})["approval_step"] == "deans_office"
    )
    assert post(w.deans_office, base + "decide/", {"decision": "approve"})["status"] == "approved"
    return int(pk)


def plan_to_teachers(w: RouteWorld, app_pk: int) -> dict[str, Any]:
    plan = post(w.deans_office, f"/api/plans/applications/{app_pk}/plan/", status=201)
    return post(w.deans_office, f"/api/plans/plans/{plan['id']}/submit/")


def set_hours(w: RouteWorld, plan: dict[str, Any], dot: tuple[str, str]) -> dict[str, Any]:
    url = f"/api/plans/plans/{plan['id']}/set_hours/"
    body = plan
    for row, hours in zip(plan["rows"], dot, strict=True):
        teacher = w.teacher_a if row["teacher_id"] == w.teacher_a.pk else w.teacher_b
        body = post(
            teacher,
            url,
            {
                "row": row["id"],
                "lecture_hours": "10",
                "lab_hours": "0",
                "practice_hours": "10",
                "dot_hours": hours,
            },
        )
    return body


def finish(w: RouteWorld, plan_id: int) -> dict[str, Any]:
    base = f"/api/plans/plans/{plan_id}/"
    assert post(w.student_user, base + "acknowledge/")["approval_step"] == "academic_office"
    assert (
        post(w.academic_office, base + "decide/", {"decision": "approve"})["approval_step"]
        == "department"
    )
    assert (
        post(w.head_a, base + "decide/", {"decision": "approve"})["approval_step"] == "department"
    )
    assert post(w.head_b, base + "decide/", {"decision": "approve"})["approval_step"] == "dean"
    return post(w.dean, base + "decide/", {"decision": "approve"})


def finding(body: dict[str, Any], clause: str) -> dict[str, Any]:
    (found,) = [f for f in body["findings"] if f["clause"] == clause]
    return found


@pytest.mark.parametrize("level", [BACHELOR, SPECIALIST])
@pytest.mark.django_db
def test_full_route_bachelor_and_specialist(level: str) -> None:
    w = route_world(level=level)
    plan = plan_to_teachers(w, apply_and_approve(w))
    body = set_hours(w, plan, ("40", "40"))
    assert body["approval_step"] == "student"
    # п. 5.4.3 does not apply below the master's level
    assert finding(body, "п. 5.4.3")["passed"] is True
    assert finding(body, "п. 5.4.3")["numbers"] == {"level": level}
    done = finish(w, plan["id"])
    assert (done["status"], done["state"]) == ("approved", "approved")
    assert all(f["passed"] or not f["blocking"] for f in done["findings"])


@pytest.mark.parametrize(
    ("dot", "share", "passes"),
    [
        (("83.88", "83.88"), "69.9", True),  # 167.76 / 240 h
        (("84", "84"), "70", True),  # 168 / 240 h: at the cap
        (("84.12", "84.12"), "70.1", False),  # 168.24 / 240 h
    ],
)
@pytest.mark.django_db
def test_master_extramural_cap_70_percent_of_hours(
    dot: tuple[str, str], share: str, passes: bool
) -> None:
    w = route_world(level=MASTER, extramural=True)
    plan = plan_to_teachers(w, apply_and_approve(w))
    body = set_hours(w, plan, dot)
    f = finding(body, "п. 5.4.3")
    hand = D(dot[0]) + D(dot[1])
    assert D(f["numbers"]["semester_dot"]) == hand
    assert D(f["numbers"]["semester_total"]) == D("240")
    assert D(f["numbers"]["semester_share_percent"]) == hand * 100 / D("240") == D(share)
    assert D(f["numbers"]["curriculum_share_percent"]) == D(share)
    assert f["numbers"]["unit"] == "hours"
    assert D(f["numbers"]["cap_percent"]) == D("70")
    assert (f["passed"], f["blocking"]) == (passes, not passes)
    # A blocking finding holds the plan at the teachers' step; the hours are kept.
    assert body["approval_step"] == ("student" if passes else "teachers")
    assert D(body["rows"][0]["dot_hours"]) == D(dot[0])
    if passes:
        assert finish(w, plan["id"])["status"] == "approved"


@pytest.mark.parametrize(
    ("leader", "dot", "share", "passes"),
    [
        # 8 credits in the semester; a row's DOT credits = 4 × DOT hours / 120 h.
        (None, ("60", "60"), "50", True),  # 2 + 2 = 4 credits = 50 %: the ceiling
        (None, ("60", "60.3"), "50.125", False),  # 4.01 credits
        ("30", ("36", "36"), "30", True),  # 1.2 + 1.2 = 2.4 credits = the leader's 30 %
        ("30", ("36", "36.3"), "30.125", False),
    ],
)
@pytest.mark.django_db
def test_master_without_extramural_leader_share_of_credits(
    leader: str | None, dot: tuple[str, str], share: str, passes: bool
) -> None:
    w = route_world(level=MASTER, leader_percent=D(leader) if leader else None)
    plan = plan_to_teachers(w, apply_and_approve(w))
    body = set_hours(w, plan, dot)
    f = finding(body, "п. 5.4.3")
    credits = sum((D(4) * D(h) / D(120) for h in dot), D(0))
    assert D(f["numbers"]["semester_dot"]) == credits
    assert D(f["numbers"]["semester_total"]) == D(8)
    assert D(f["numbers"]["semester_share_percent"]) == credits * 100 / 8 == D(share)
    assert f["numbers"]["unit"] == "credits"
    assert D(f["numbers"]["cap_percent"]) == D(leader or "50")
    assert (f["passed"], f["blocking"]) == (passes, not passes)
    assert body["approval_step"] == ("student" if passes else "teachers")


@pytest.mark.django_db
def test_uncertified_teacher_blocks_submission_with_the_clause() -> None:
    w = route_world(certified_b=False)
    app = apply_and_approve(w)
    plan = post(w.deans_office, f"/api/plans/applications/{app}/plan/", status=201)
    f = [x for x in plan["findings"] if x["clause"] == "п. 3.3" and not x["passed"]]
    assert len(f) == 1
    assert f[0]["blocking"] is True
    assert f[0]["subject"] == "Биохимия"
    response = api(w.deans_office).post(f"/api/plans/plans/{plan['id']}/submit/")
    assert response.status_code == 400
    assert "3.3" in str(response.json())
    assert StudyPlan.objects.get(pk=plan["id"]).status == "draft"


@pytest.mark.django_db
def test_missing_reason_answers_400_next_to_the_field() -> None:
    w = route_world()
    response = api(w.student_user).post(
        "/api/plans/applications/",
        {
            "semester": w.semester.pk,
            "period": "semester",
            "reason_kind": "other",
            "reason_text": "",
            "lines": [{"discipline": w.line_a.discipline_id}],
        },
        format="json",
    )
    assert response.status_code == 400
    assert "5.4.2" in " ".join(response.json()["reason_text"])
    assert not DotApplication.objects.exists()


@pytest.mark.django_db
def test_unready_discipline_is_a_blocking_finding(monkeypatch: pytest.MonkeyPatch) -> None:
    from dot.content import selectors
    from dot.content.selectors import Readiness

    w = route_world()
    monkeypatch.setattr(
        selectors,
        "dot_readiness",
        lambda d, m=None: Readiness(d.pk != w.line_b.discipline_id, ["нет заданий СРС"]),
    )
    body = post(
        w.student_user,
        "/api/plans/applications/",
        {
            "semester": w.semester.pk,
            "period": "semester",
            "reason_kind": "family",
            "lines": [
                {"discipline": w.line_a.discipline_id},
                {"discipline": w.line_b.discipline_id},
            ],
        },
        status=201,
    )
    findings = api(w.student_user).get(f"/api/plans/applications/{body['id']}/findings/").json()
    ready = [f for f in findings if f["clause"] == "п. 5.4.2" and f["subject"]]
    assert [(f["subject"], f["passed"], f["blocking"]) for f in ready] == [
        ("Анатомия", True, False),
        ("Биохимия", False, True),
    ]
    response = api(w.student_user).post(f"/api/plans/applications/{body['id']}/submit/")
    assert response.status_code == 400
    assert "нет заданий СРС" in str(response.json())


@pytest.mark.django_db
def test_api_four_callers_on_a_plan() -> None:
    w = route_world()
    plan = plan_to_teachers(w, apply_and_approve(w))
    url = f"/api/plans/plans/{plan['id']}/"
    assert APIClient().get(url).status_code in (401, 403)  # anonymous
    assert api(w.other_teacher).get(url).status_code == 404  # wrong role
    assert api(w.other_dean).get(url).status_code == 404  # right role, other faculty
    assert api(w.dean).get(url).status_code == 200  # right role
    assert api(w.student_user).get(url).status_code == 200  # the student
    # Acting without the right: 404, nothing changes
    row = plan["rows"][0]
    response = api(w.other_teacher).post(
        url + "set_hours/",
        {"row": row["id"], "lecture_hours": "1", "lab_hours": "0", "practice_hours": "1"},
        format="json",
    )
    assert response.status_code == 404
    assert (
        api(w.dean).post(url + "decide/", {"decision": "approve"}, format="json").status_code == 404
    )


@pytest.mark.django_db
def test_return_needs_a_comment_and_keeps_history() -> None:
    w = route_world()
    plan = plan_to_teachers(w, apply_and_approve(w))
    set_hours(w, plan, ("20", "20"))
    base = f"/api/plans/plans/{plan['id']}/"
    post(w.student_user, base + "acknowledge/")
    response = api(w.academic_office).post(base + "decide/", {"decision": "return"}, format="json")
    assert response.status_code == 400
    body = post(w.academic_office, base + "decide/", {"decision": "return", "comment": "Сроки?"})
    assert body["status"] == "returned"
    body = post(w.deans_office, base + "submit/")
    assert body["approval_step"] == "teachers"
    assert all(r["lecture_hours"] is None for r in body["rows"])  # set again


@pytest.mark.django_db
def test_plan_list_query_count_is_constant(django_assert_max_num_queries: Any) -> None:
    w = route_world()
    app = apply_and_approve(w)
    post(w.deans_office, f"/api/plans/applications/{app}/plan/", status=201)
    client = api(w.academic_office)
    with django_assert_max_num_queries(12):
        first = client.get("/api/plans/plans/")
    # more plans: the same number of queries
    for _ in range(3):
        plan = StudyPlan.objects.first()
        assert plan is not None
        copy = StudyPlan.objects.create(student=plan.student, semester=plan.semester)
        for row in plan.rows.all():
            row.pk = None
            row.plan = copy
            row.save()
    with django_assert_max_num_queries(12):
        more = client.get("/api/plans/plans/")
    assert more.json()["count"] == first.json()["count"] + 3
    share = more.json()["results"][0]["dot_share"]
    assert share["unit"] == "hours"
    assert D(share["total"]) == D("240")
