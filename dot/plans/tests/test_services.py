"""The three routes driven through the services: who may act at each step, what blocks."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from dot.core.approvals.services import ApprovalError, ApprovalPermissionError
from dot.core.models import ApprovalDecision, ApprovalStatus
from dot.plans import services
from dot.plans.factories import RouteWorld, route_world
from dot.plans.models import DotApplication, DotOrder, Period, ReasonKind, StudyPlan

D = Decimal


def apply(w: RouteWorld, **kw: object) -> DotApplication:
    values: dict[str, object] = {
        "actor": w.student_user,
        "student": w.student,
        "semester": w.semester,
        "period": Period.SEMESTER,
        "reason_kind": ReasonKind.ILLNESS,
        "lines": [(w.line_a.discipline, None), (w.line_b.discipline, None)],
    }
    values.update(kw)
    return services.application_create(**values)  # type: ignore[arg-type]


def approved_application(w: RouteWorld) -> DotApplication:
    app = apply(w)
    services.application_submit(actor=w.student_user, application=app)
    services.application_teacher_decide(actor=w.teacher_a, application=app, decision="approve")
    services.application_teacher_decide(actor=w.teacher_b, application=app, decision="approve")
    services.application_decide(actor=w.leader, application=app, decision="approve")
    services.application_decide(actor=w.deans_office, application=app, decision="approve")
    app.refresh_from_db()
    return app


def through_route(w: RouteWorld, plan: StudyPlan) -> None:
    services.plan_submit(actor=w.deans_office, plan=plan)
    for row in plan.rows.all():
        teacher = w.teacher_a if row.teacher_id == w.teacher_a.pk else w.teacher_b
        services.plan_set_hours(
            actor=teacher, row=row, lecture_hours=D("10"), lab_hours=D("0"), practice_hours=D("10")
        )
    services.plan_acknowledge(actor=w.student_user, plan=plan)
    services.plan_decide(actor=w.academic_office, plan=plan, decision="approve")
    services.plan_department_agree(actor=w.head_a, plan=plan)
    services.plan_department_agree(actor=w.head_b, plan=plan)
    services.plan_decide(actor=w.dean, plan=plan, decision="approve")
    plan.refresh_from_db()


@pytest.mark.django_db
def test_application_route_each_teacher_then_leader_then_deans_office() -> None:
    w = route_world()
    app = apply(w)
    # The teacher of each line is found from the teaching assignments (п. 5.4.1).
    assert {line.teacher for line in app.lines.all()} == {w.teacher_a, w.teacher_b}
    services.application_submit(actor=w.student_user, application=app)
    assert (app.status, app.approval_step) == ("in_review", "teachers")
    services.application_teacher_decide(actor=w.teacher_a, application=app, decision="approve")
    # One teacher of two: the step waits for the other.
    assert app.approval_step == "teachers"
    with pytest.raises(ApprovalPermissionError):
        services.application_teacher_decide(
            actor=w.other_teacher, application=app, decision="approve"
        )
    services.application_teacher_decide(actor=w.teacher_b, application=app, decision="approve")
    assert app.approval_step == "leader"
    with pytest.raises(ApprovalPermissionError):
        services.application_decide(actor=w.teacher_a, application=app, decision="approve")
    services.application_decide(actor=w.leader, application=app, decision="approve")
    app.refresh_from_db()
    assert app.approval_step == "deans_office"
    with pytest.raises(ApprovalPermissionError):
        services.application_decide(actor=w.other_dean, application=app, decision="approve")
    services.application_decide(actor=w.deans_office, application=app, decision="approve")
    app.refresh_from_db()
    assert app.status == ApprovalStatus.APPROVED


@pytest.mark.django_db
def test_the_engine_cannot_pass_the_teachers_step_before_every_teacher() -> None:
    # Given only one of two teachers has permitted
    from dot.core.approvals.services import approval_decide

    w = route_world()
    app = apply(w)
    services.application_submit(actor=w.student_user, application=app)
    # When a teacher approves the whole step through the engine's generic decision
    with pytest.raises(ApprovalError) as err:
        approval_decide(obj=app, route="dot_application", actor=w.teacher_a, decision="approve")
    # Then it is refused, citing the clause, and nothing is written
    assert "5.4.1" in " ".join(err.value.messages)
    app.refresh_from_db()
    assert app.approval_step == "teachers"
    assert not ApprovalDecision.objects.filter(route="dot_application", step="teachers").exists()


@pytest.mark.django_db
def test_other_reason_without_text_is_refused_with_the_clause() -> None:
    w = route_world()
    with pytest.raises(ValidationError) as err:
        apply(w, reason_kind=ReasonKind.OTHER, reason_text="  ")
    assert "5.4.2" in str(err.value)
    assert not DotApplication.objects.exists()


@pytest.mark.django_db
def test_unready_discipline_blocks_submission(monkeypatch: pytest.MonkeyPatch) -> None:
    from dot.content import selectors
    from dot.content.selectors import Readiness

    w = route_world()
    app = apply(w)
    monkeypatch.setattr(
        selectors,
        "dot_readiness",
        lambda d, m=None: Readiness(False, ["нет фонда оценочных средств"]),
    )
    with pytest.raises(ApprovalError) as err:
        services.application_submit(actor=w.student_user, application=app)
    assert "фонда" in " ".join(err.value.messages)
    app.refresh_from_db()
    assert app.status == ApprovalStatus.DRAFT


@pytest.mark.django_db
def test_month_period_must_be_given_and_inside_the_semester() -> None:
    import datetime

    w = route_world()
    with pytest.raises(ValidationError):
        apply(w, period=Period.MONTH)
    app = apply(w, period=Period.MONTH, month=datetime.date(2026, 10, 15))
    assert (app.period_start, app.period_end) == (
        datetime.date(2026, 10, 1),
        datetime.date(2026, 10, 31),
    )


@pytest.mark.django_db
def test_study_plan_full_route_records_every_step() -> None:
    w = route_world()
    app = approved_application(w)
    plan = services.plan_create_from_application(actor=w.deans_office, application=app)
    assert plan.rows.count() == 2
    assert all(r.teacher_permission and r.leader_permission for r in plan.rows.all())
    through_route(w, plan)
    assert plan.status == ApprovalStatus.APPROVED
    steps = list(
        ApprovalDecision.objects.filter(route="study_plan", action="approve")
        .order_by("id")
        .values_list("step", "actor")
    )
    assert [s for s, _ in steps] == ["teachers", "student", "academic_office", "department", "dean"]
    assert steps[1][1] == w.student_user.pk
    assert steps[-1][1] == w.dean.pk


@pytest.mark.django_db
def test_teacher_sets_only_own_row_and_not_above_the_rup() -> None:
    w = route_world()
    plan = services.plan_create_from_application(
        actor=w.deans_office, application=approved_application(w)
    )
    services.plan_submit(actor=w.deans_office, plan=plan)
    row_b = plan.rows.get(teacher=w.teacher_b)
    with pytest.raises(ApprovalPermissionError):
        services.plan_set_hours(
            actor=w.teacher_a, row=row_b, lecture_hours=D(1), lab_hours=D(0), practice_hours=D(1)
        )
    with pytest.raises(ValidationError) as err:
        services.plan_set_hours(
            actor=w.teacher_b, row=row_b, lecture_hours=D("31"), lab_hours=D(0), practice_hours=D(1)
        )
    assert "lecture_hours" in err.value.message_dict


@pytest.mark.django_db
def test_uncertified_teacher_blocks_the_plan() -> None:
    w = route_world(certified_b=False)
    plan = services.plan_create_from_application(
        actor=w.deans_office, application=approved_application(w)
    )
    with pytest.raises(ApprovalError) as err:
        services.plan_submit(actor=w.deans_office, plan=plan)
    assert "3.3" in " ".join(err.value.messages)
    plan.refresh_from_db()
    assert plan.status == ApprovalStatus.DRAFT


@pytest.mark.django_db
def test_returned_plan_keeps_history_and_goes_again() -> None:
    w = route_world()
    plan = services.plan_create_from_application(
        actor=w.deans_office, application=approved_application(w)
    )
    services.plan_submit(actor=w.deans_office, plan=plan)
    for row in plan.rows.all():
        services.plan_set_hours(
            actor=row.teacher, row=row, lecture_hours=D(5), lab_hours=D(0), practice_hours=D(5)
        )
    services.plan_acknowledge(actor=w.student_user, plan=plan)
    services.plan_decide(
        actor=w.academic_office, plan=plan, decision="return", comment="Уточните сроки сдачи."
    )
    plan.refresh_from_db()
    assert plan.status == ApprovalStatus.RETURNED
    through_route(w, plan)
    assert plan.status == ApprovalStatus.APPROVED
    history = ApprovalDecision.objects.filter(route="study_plan").values_list("action", flat=True)
    assert list(history).count("return") == 1
    assert list(history).count("resubmit") == 1


@pytest.mark.django_db
def test_amendment_results_completion_and_archive() -> None:
    w = route_world()
    plan = services.plan_create_from_application(
        actor=w.deans_office, application=approved_application(w)
    )
    through_route(w, plan)
    new = services.plan_amend(actor=w.deans_office, plan=plan)
    assert (new.version, new.previous, new.status) == (2, plan, ApprovalStatus.DRAFT)
    with pytest.raises(ApprovalPermissionError):
        services.plan_amend(actor=w.deans_office, plan=plan)  # one open amendment at a time
    through_route(w, new)
    plan.refresh_from_db()
    assert plan.archived_at is not None  # the amended version is archived
    rows = list(new.rows.all())
    services.plan_record_result(actor=rows[0].teacher, row=rows[0], result="отлично")
    new.refresh_from_db()
    assert new.completed_at is None
    services.plan_record_result(actor=rows[1].teacher, row=rows[1], result="зачтено")
    new.refresh_from_db()
    assert new.completed_at is not None
    with pytest.raises(ApprovalPermissionError):
        services.plan_archive(actor=w.other_dean, plan=new)
    services.plan_archive(actor=w.deans_office, plan=new)
    new.refresh_from_db()
    assert new.state == "archived"


@pytest.mark.django_db
def test_order_route_faculty_drafts_academic_office_then_dean() -> None:
    import datetime

    w = route_world()
    order = services.order_create(
        actor=w.deans_office, programme=w.programme, valid_from=datetime.date(2027, 2, 1)
    )
    with pytest.raises(ApprovalError):
        services.order_submit(actor=w.deans_office, order=order)  # no items
    services.order_item_add(
        actor=w.deans_office, order=order, discipline=w.line_a.discipline, max_percent=D("50")
    )
    with pytest.raises(ApprovalPermissionError):
        services.order_item_add(actor=w.other_dean, order=order, discipline=w.line_b.discipline)
    services.order_submit(actor=w.deans_office, order=order)
    with pytest.raises(ApprovalPermissionError):
        services.order_decide(actor=w.dean, order=order, decision="approve")
    services.order_decide(actor=w.academic_office, order=order, decision="approve")
    with pytest.raises(ApprovalPermissionError):
        services.order_decide(actor=w.other_dean, order=order, decision="approve")
    services.order_decide(actor=w.dean, order=order, decision="approve")
    order.refresh_from_db()
    assert order.status == ApprovalStatus.APPROVED
    assert order in DotOrder.objects.in_force(datetime.date(2027, 2, 1), datetime.date(2027, 6, 30))


@pytest.mark.django_db
def test_the_people_of_steps_of_several_are_notified() -> None:
    from dot.communication.models import Notification

    w = route_world()
    app = apply(w)
    services.application_submit(actor=w.student_user, application=app)
    teachers = set(
        Notification.objects.filter(kind="plans.action_needed").values_list("recipient", flat=True)
    )
    assert teachers == {w.teacher_a.pk, w.teacher_b.pk}
    plan = services.plan_create_from_application(
        actor=w.deans_office, application=approved_application(w)
    )
    services.plan_submit(actor=w.deans_office, plan=plan)
    for row in plan.rows.all():
        services.plan_set_hours(
            actor=row.teacher, row=row, lecture_hours=D(1), lab_hours=D(0), practice_hours=D(1)
        )
    assert Notification.objects.filter(
        kind="plans.action_needed", recipient=w.student_user
    ).exists()
    services.plan_acknowledge(actor=w.student_user, plan=plan)
    services.plan_decide(actor=w.academic_office, plan=plan, decision="approve")
    heads = set(
        Notification.objects.filter(
            kind="plans.action_needed", recipient__in=[w.head_a, w.head_b]
        ).values_list("recipient", flat=True)
    )
    assert heads == {w.head_a.pk, w.head_b.pk}
