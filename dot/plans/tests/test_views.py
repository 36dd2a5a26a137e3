"""Pages: the four callers, forms with their messages, constant query counts, the
Appendix 1 downloads and the calendar deadlines."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from dot.plans import services
from dot.plans.calendar import plan_deadlines
from dot.plans.factories import RouteWorld, route_world
from dot.plans.models import DotApplication, DotOrder, StudyPlan

from .test_services import approved_application, through_route

D = Decimal


def client_for(user: Any = None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def world(db: Any) -> RouteWorld:
    return route_world()


@pytest.fixture
def plan(world: RouteWorld) -> StudyPlan:
    return services.plan_create_from_application(
        actor=world.deans_office, application=approved_application(world)
    )


@pytest.mark.django_db
def test_plan_page_four_callers(world: RouteWorld, plan: StudyPlan) -> None:
    url = reverse("plans:plan_detail", args=[plan.pk])
    assert client_for().get(url).status_code == 302  # anonymous: to the login page
    assert client_for(world.other_teacher).get(url).status_code == 404  # wrong role
    assert client_for(world.other_dean).get(url).status_code == 404  # role, other faculty
    page = client_for(world.dean).get(url)  # right role
    assert page.status_code == 200
    text = page.content.decode()
    assert "п. 5.4.1" in text
    assert "finding-passed" in text
    assert "approval-timeline" in text


@pytest.mark.django_db
def test_application_page_four_callers(world: RouteWorld) -> None:
    app = approved_application(world)
    url = reverse("plans:application_detail", args=[app.pk])
    assert client_for().get(url).status_code == 302
    assert client_for(world.other_teacher).get(url).status_code == 404
    assert client_for(world.other_dean).get(url).status_code == 404
    assert client_for(world.deans_office).get(url).status_code == 200
    assert client_for(world.student_user).get(url).status_code == 200


@pytest.mark.django_db
def test_order_page_four_callers(world: RouteWorld) -> None:
    url = reverse("plans:order_detail", args=[world.order.pk])
    from dot.academics.tests.factories import ProgrammeFactory, StudentFactory

    other_programme = ProgrammeFactory.create(department=world.dept_b, faculty=world.faculty)
    other_student = StudentFactory.create(
        group__programme=other_programme, programme=other_programme
    ).user
    assert client_for().get(url).status_code == 302
    assert client_for(other_student).get(url).status_code == 404  # another programme's student
    assert client_for(world.student_user).get(url).status_code == 200  # approved, own programme
    assert client_for(world.academic_office).get(url).status_code == 200
    # Only the faculty drafts: another faculty's dean may not add items
    response = client_for(world.other_dean).post(
        reverse("plans:order_item_add", args=[world.order.pk]), {"discipline": 1}
    )
    assert response.status_code == 404


@pytest.mark.django_db
def test_apply_page_shows_the_clause_next_to_the_reason(world: RouteWorld) -> None:
    client = client_for(world.student_user)
    url = reverse("plans:application_new")
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "semester": world.semester.pk,
            "items": [f"d{world.line_a.discipline_id}"],
            "period": "month",
            "reason_kind": "other",
            "reason_text": "",
        },
    )
    assert response.status_code == 200
    text = response.content.decode()
    # the messages sit next to their fields and cite the clause
    assert 'id="id_reason_text_error"' in text
    assert "5.4.2" in text.split('id="id_reason_text_error"')[1][:200]
    assert 'id="id_month_error"' in text
    assert not DotApplication.objects.exists()


@pytest.mark.django_db
def test_apply_refuses_an_executable_document(world: RouteWorld) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(world.student_user)
    response = client.post(
        reverse("plans:application_new"),
        {
            "semester": world.semester.pk,
            "items": [f"d{world.line_a.discipline_id}"],
            "period": "semester",
            "reason_kind": "illness",
            "documents": [SimpleUploadedFile("spravka.pdf", b"MZ\x90\x00" + b"\x00" * 64)],
        },
    )
    assert response.status_code == 200
    assert 'id="id_documents_error"' in response.content.decode()
    assert not DotApplication.objects.exists()


@pytest.mark.django_db
def test_apply_with_a_pdf_then_submit(world: RouteWorld) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from dot.content.samples import pdf_bytes

    client = client_for(world.student_user)
    response = client.post(
        reverse("plans:application_new"),
        {
            "semester": world.semester.pk,
            "items": [f"d{world.line_a.discipline_id}"],
            "period": "semester",
            "reason_kind": "illness",
            "documents": [SimpleUploadedFile("spravka.pdf", pdf_bytes("Справка"))],
        },
    )
    app = DotApplication.objects.get()
    assert response.status_code == 302
    assert app.documents.get().file_type == "pdf"
    client.post(reverse("plans:application_submit", args=[app.pk]))
    app.refresh_from_db()
    assert app.approval_step == "teachers"
    doc = app.documents.get()
    download = client.get(reverse("plans:application_document", args=[app.pk, doc.pk]))
    assert download.status_code == 200
    assert (
        client_for(world.other_dean)
        .get(reverse("plans:application_document", args=[app.pk, doc.pk]))
        .status_code
        == 404
    )


def _count(client: Client, url: str, **params: Any) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_plan_list_query_count_is_constant(
    world: RouteWorld, plan: StudyPlan, django_assert_num_queries: Any
) -> None:
    client = client_for(world.deans_office)
    url = reverse("plans:plan_list")
    client.get(url)  # warm-up: the session
    one = _count(client, url, state="draft")
    for _ in range(4):
        copy = StudyPlan.objects.create(student=plan.student, semester=plan.semester)
        for row in plan.rows.all():
            row.pk = None
            row.plan = copy
            row.save()
    with django_assert_num_queries(one):
        page = client.get(url, {"state": "draft"})
    assert page.content.decode().count('class="share"') == 5


@pytest.mark.django_db
def test_home_queues_query_count_is_constant(
    world: RouteWorld, django_assert_num_queries: Any
) -> None:
    client = client_for(world.deans_office)
    url = reverse("plans:home")
    client.get(url)
    services.plan_create_from_application(
        actor=world.deans_office, application=approved_application(world)
    )
    approved_application(world)
    one = _count(client, url)
    for _ in range(3):
        services.plan_create_from_application(
            actor=world.deans_office, application=approved_application(world)
        )
        approved_application(world)
    with django_assert_num_queries(one):
        page = client.get(url)
    assert page.content.decode().count("/plans/applications/") >= 4


@pytest.mark.django_db
def test_teacher_sets_hours_on_the_page_and_sees_the_rup_limit(
    world: RouteWorld, plan: StudyPlan
) -> None:
    services.plan_submit(actor=world.deans_office, plan=plan)
    row = plan.rows.get(teacher=world.teacher_a)
    client = client_for(world.teacher_a)
    url = reverse("plans:row_hours", args=[plan.pk, row.pk])
    p = f"h{row.pk}-"
    bad = client.post(
        url, {p + "lecture_hours": "99", p + "lab_hours": "0", p + "practice_hours": "1"}
    )
    assert bad.status_code == 400
    error = bad.content.decode().split('invalid-feedback d-block">')[1][:120]
    assert "30" in error  # at most the РУП's 30 h of lectures
    assert "РУП" in error
    ok = client.post(
        url,
        {
            p + "lecture_hours": "10",
            p + "lab_hours": "0",
            p + "practice_hours": "10",
            p + "dot_hours": "20",
        },
    )
    assert ok.status_code == 302
    row.refresh_from_db()
    assert (row.lecture_hours, row.dot_hours) == (D("10"), D("20"))
    # another teacher's row: 404
    other = plan.rows.get(teacher=world.teacher_b)
    assert client.post(reverse("plans:row_hours", args=[plan.pk, other.pk]), {}).status_code == 404


@pytest.mark.django_db
def test_downloads_only_once_approved(world: RouteWorld, plan: StudyPlan) -> None:
    pdf = reverse("plans:plan_pdf", args=[plan.pk])
    docx = reverse("plans:plan_docx", args=[plan.pk])
    client = client_for(world.student_user)
    assert client.get(pdf).status_code == 404  # a draft has no Appendix 1 yet
    through_route(world, plan)
    response = client.get(pdf)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    response = client.get(docx)
    assert response.status_code == 200
    assert response.content.startswith(b"PK")
    assert client_for(world.other_dean).get(pdf).status_code == 404


@pytest.mark.django_db
def test_calendar_deadlines_for_student_and_teacher(world: RouteWorld, plan: StudyPlan) -> None:
    through_route(world, plan)
    start = datetime.datetime(2026, 9, 1, tzinfo=datetime.UTC)
    end = datetime.datetime(2027, 3, 1, tzinfo=datetime.UTC)
    mine = list(plan_deadlines(world.student_user, start, end))
    assert len(mine) == 2
    assert {e.kind for e in mine} == {"deadline"}
    assert mine[0].start.date() == world.semester.end
    assert len(list(plan_deadlines(world.teacher_a, start, end))) == 1
    assert list(plan_deadlines(world.other_teacher, start, end)) == []


@pytest.mark.django_db
def test_order_pages_draft_add_submit(world: RouteWorld) -> None:
    client = client_for(world.deans_office)
    response = client.post(
        reverse("plans:order_new"),
        {
            "programme": world.programme.pk,
            "valid_from": "2027-02-01",
            "master_dot_share_percent": "40",
        },
    )
    # a bachelor's programme has no leader's share (п. 5.4.3)
    assert response.status_code == 200
    assert 'id="id_master_dot_share_percent_error"' in response.content.decode()
    response = client.post(
        reverse("plans:order_new"), {"programme": world.programme.pk, "valid_from": "2027-02-01"}
    )
    order = DotOrder.objects.exclude(pk=world.order.pk).get()
    assert response.status_code == 302
    client.post(
        reverse("plans:order_item_add", args=[order.pk]),
        {"discipline": world.line_a.discipline_id, "max_percent": "30"},
    )
    client.post(reverse("plans:order_submit", args=[order.pk]))
    order.refresh_from_db()
    assert (order.status, order.approval_step) == ("in_review", "academic_office")


@pytest.mark.django_db
def test_the_engine_queue_lists_plans_and_applications(world: RouteWorld, plan: StudyPlan) -> None:
    services.plan_submit(actor=world.deans_office, plan=plan)
    page = client_for(world.teacher_a).get(reverse("core:approval_queue"))
    assert page.status_code == 200
    assert reverse("plans:plan_detail", args=[plan.pk]) in page.content.decode()
    assert client_for(world.dean).get(reverse("core:approval_queue")).status_code == 200


@pytest.mark.django_db
def test_the_deans_office_applies_for_a_student(world: RouteWorld) -> None:
    client = client_for(world.deans_office)
    listing = client.get(reverse("plans:application_list"))
    assert f'value="{world.student.pk}"' in listing.content.decode()
    url = reverse("plans:application_new") + f"?student={world.student.pk}"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "student_id": world.student.pk,
            "semester": world.semester.pk,
            "items": [f"d{world.line_b.discipline_id}"],
            "period": "academic_year",
            "reason_kind": "family",
        },
    )
    assert response.status_code == 302
    app = DotApplication.objects.get()
    assert (app.student, app.created_by, app.period_end) == (
        world.student,
        world.deans_office,
        datetime.date(2027, 6, 30),
    )
    # another faculty's dean may not apply for this student
    assert client_for(world.other_dean).get(url).status_code == 404
