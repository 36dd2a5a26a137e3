"""Editor actions for the four callers; "what is new since the last visit" (п. 5.2)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dot.accounts.models import User
from dot.content import services
from dot.content.models import ComponentKind, CourseVisit, Resource, Umk

from .conftest import World, add_page, published_umk


def _post(user: User | None, url: str, data: dict[str, Any] | None = None) -> int:
    client = Client()
    if user is not None:
        client.force_login(user)
    return int(client.post(url, data or {}).status_code)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("resource_action", {"action": "hide"}),
        ("resource_action", {"action": "down"}),
        ("resource_edit", {"title": "Новое", "component": "glossary", "body": "Текст"}),
    ],
)
def test_material_actions_four_callers(world: World, name: str, data: dict[str, Any]) -> None:
    umk = services.umk_create(discipline=world.discipline, actor=world.teacher)
    resource = add_page(umk.versions.get(), world.teacher, ComponentKind.GLOSSARY)
    add_page(umk.versions.get(), world.teacher, ComponentKind.SYLLABUS)
    url = reverse(f"content:{name}", args=[resource.pk])
    assert _post(None, url, data) == 302
    assert _post(world.student, url, data) == 404
    assert _post(world.other_head, url, data) == 404
    assert _post(world.teacher, url, data) == 302
    resource.refresh_from_db()
    expected = {"hide": ("is_hidden", True), "down": ("order", 2)}.get(
        data.get("action", ""), ("title", "Новое")
    )
    assert getattr(resource, expected[0]) == expected[1]


def test_new_version_reviewer_and_create_four_callers(world: World) -> None:
    umk = published_umk(world)
    start = reverse("content:version_start", args=[umk.pk])
    assert _post(None, start) == 302
    assert _post(world.student, start) == 404
    assert _post(world.other_head, start) == 404
    assert _post(world.teacher, start) == 302
    assert umk.versions.count() == 2
    reviewer = reverse("content:umk_reviewer", args=[umk.pk])
    assert _post(world.teacher, reviewer, {"reviewer": world.teacher.pk}) == 404
    assert _post(world.other_head, reviewer, {"reviewer": world.teacher.pk}) == 404
    assert _post(world.head, reviewer, {"reviewer": world.teacher.pk}) == 302
    assert Umk.objects.get().reviewer == world.teacher
    create = reverse("content:umk_create")
    assert _post(world.teacher, create, {"discipline": world.discipline.pk}) == 404  # has one


def test_a_published_version_is_frozen_even_for_its_teacher(
    world: World,
) -> None:
    umk = published_umk(world)
    resource = Resource.objects.filter(version=umk.published_version).first()
    assert resource is not None
    url = reverse("content:resource_action", args=[resource.pk])
    # the published version is frozen even for its teacher
    assert _post(world.teacher, url, {"action": "hide"}) == 404


def test_the_course_page_marks_what_is_new_since_the_last_visit(world: World) -> None:
    umk = published_umk(world)
    client = Client()
    client.force_login(world.student)
    url = reverse("content:course", args=[world.course.pk])
    assert client.get(url).context["data"].new == set()
    # the materials date from ten days ago, the student's visit from a week ago;
    # then a new version adds a glossary
    now = timezone.now()
    Resource.objects.update(revised_at=now - datetime.timedelta(days=10))
    CourseVisit.objects.filter(user=world.student).update(last_at=now - datetime.timedelta(days=7))
    draft = services.umk_version_start(umk=umk, actor=world.teacher)
    added = add_page(draft, world.teacher, ComponentKind.GLOSSARY, title="Новые термины")
    services.umk_version_submit(version=draft, actor=world.teacher)
    services.umk_version_decide(version=draft, actor=world.head, decision="approve")
    services.umk_version_decide(version=draft, actor=world.rio, decision="approve")
    services.umk_version_publish(version=draft, actor=world.council)
    assert client.get(url).context["data"].new == {added.pk}


def test_a_stale_umk_is_flagged_to_teachers_not_students(world: World, settings: Any) -> None:
    settings.DOT_UMK_STALE_DAYS = 30
    umk = published_umk(world)
    Umk.objects.filter(pk=umk.pk).update(
        last_revised_at=timezone.now() - datetime.timedelta(days=31)
    )
    url = reverse("content:course", args=[world.course.pk])
    teacher, student = Client(), Client()
    teacher.force_login(world.teacher)
    student.force_login(world.student)
    warning = "ЭУМК не обновлялся с"
    assert warning in teacher.get(url).content.decode()
    assert warning not in student.get(url).content.decode()
    listing = teacher.get(reverse("content:umk_list"), {"stale": "1"}).content.decode()
    assert "требует обновления" in listing
    assert "Анатомия" in listing


def test_courses_are_created_from_teaching_assignments(world: World, make_user: Any) -> None:
    from dot.academics.tests.factories import DisciplineFactory, TeachingAssignmentFactory
    from dot.content.models import Course

    other: Any = DisciplineFactory(department=world.units["kd"], code="HIST")
    lecturer = make_user("teacher", world.units["kd"], username="lecturer")
    for teacher, kind in ((lecturer, "lecture"), (world.teacher, "practice")):
        TeachingAssignmentFactory(
            teacher=teacher, discipline=other, group=world.group, semester=world.semester,
            class_kind=kind,
        )  # fmt: skip
    first = services.courses_sync(semester=world.semester, actor=None)
    again = services.courses_sync(semester=world.semester, actor=None)
    assert [c.pk for c in first] == [c.pk for c in again]
    course = Course.objects.get(discipline=other)
    assert set(course.teachers.all()) == {lecturer, world.teacher}
    assert list(course.groups.all()) == [world.group]
