"""Who sees lessons and gets join links: anonymous, a wrong role, the right role of
another unit, the right role (п. 2.3: only the audience and the teachers); API; query
counts."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from dot.meetings.factories import World, make_lesson
from dot.meetings.models import Attendance, Lesson, LessonKind


@pytest.fixture
def lesson(world: World) -> Lesson:
    return make_lesson(world, start=timezone.now() + datetime.timedelta(minutes=5))


def test_anonymous_is_sent_to_login(client: Any, lesson: Lesson) -> None:
    for url in ("/lessons/", f"/lessons/{lesson.pk}/", "/lessons/new/"):
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    assert client.post(f"/lessons/{lesson.pk}/join/").status_code == 302
    assert client.get("/api/meetings/lessons/").status_code in (401, 403)
    assert client.post(f"/api/meetings/lessons/{lesson.pk}/join/").status_code in (401, 403)
    assert not Attendance.objects.exists()


@pytest.mark.parametrize("who", ["outsider", "other_teacher"])
def test_outside_the_audience_gets_404(client: Any, world: World, lesson: Lesson, who: str) -> None:
    """A student of another faculty (wrong audience) and a teacher of another department
    (right role, another unit) see nothing and get no link."""
    client.force_login(getattr(world, who))
    assert client.get(f"/lessons/{lesson.pk}/").status_code == 404
    assert client.post(f"/lessons/{lesson.pk}/join/").status_code == 404
    assert client.post(f"/lessons/{lesson.pk}/action/", {"action": "cancel"}).status_code == 404
    assert client.get(f"/api/meetings/lessons/{lesson.pk}/").status_code == 404
    assert client.post(f"/api/meetings/lessons/{lesson.pk}/join/").status_code == 404
    assert client.get(f"/api/meetings/lessons/{lesson.pk}/attendance/").status_code == 404
    assert lesson.title not in client.get("/lessons/").content.decode()
    assert client.get("/api/meetings/lessons/").json()["results"] == []
    assert not Attendance.objects.exists()
    lesson.refresh_from_db()
    assert lesson.cancelled_at is None


def test_wrong_role_cannot_schedule(client: Any, world: World) -> None:
    client.force_login(world.student)
    assert client.get("/lessons/new/").status_code == 404
    assert client.post("/api/meetings/lessons/", {"title": "x"}).status_code == 404
    client.force_login(world.other_teacher)
    # a teacher of another department cannot schedule in this course
    response = client.post(
        "/api/meetings/lessons/",
        {
            "kind": "lesson",
            "title": "Чужой курс",
            "course": world.course.pk,
            "start": (timezone.now() + datetime.timedelta(days=1)).isoformat(),
            "duration": 60,
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "course" in response.json()["errors"]
    assert not Lesson.objects.filter(title="Чужой курс").exists()


def test_audience_and_teacher_get_the_link(client: Any, world: World, lesson: Lesson) -> None:
    client.force_login(world.student)
    page = client.get(f"/lessons/{lesson.pk}/").content.decode()
    assert 'id="join"' in page
    response = client.post(f"/api/meetings/lessons/{lesson.pk}/join/")
    assert response.status_code == 200
    assert response.json()["url"].startswith(f"https://meet.example.kg/{lesson.room}")
    assert client.get(f"/api/meetings/lessons/{lesson.pk}/attendance/").status_code == 404
    client.force_login(world.teacher)
    assert client.post(f"/lessons/{lesson.pk}/join/").status_code == 302
    rows = client.get(f"/api/meetings/lessons/{lesson.pk}/attendance/").json()
    joined = {r["user_id"]: r["joined"] for r in rows}
    assert joined == {world.teacher.pk: True, world.student.pk: True}


def test_consultation_is_for_its_student_only(client: Any, world: World, make_user: Any) -> None:
    from dot.academics.tests.factories import StudentFactory
    from dot.accounts.models import Role

    classmate = make_user(Role.STUDENT, world.units["med"], username="classmate")
    StudentFactory(user=classmate, group=world.group, programme=world.group.programme)
    consultation = make_lesson(
        world, kind=LessonKind.CONSULTATION, course=None, student=world.student,
        start=timezone.now(),
    )  # fmt: skip
    client.force_login(classmate)
    assert client.post(f"/api/meetings/lessons/{consultation.pk}/join/").status_code == 404
    client.force_login(world.student)
    assert client.post(f"/api/meetings/lessons/{consultation.pk}/join/").status_code == 200


def test_group_lesson_and_invitee(client: Any, world: World) -> None:
    lesson = make_lesson(world, course=None, group=world.group, invitees=[world.outsider],
                         start=timezone.now())  # fmt: skip
    for user in (world.student, world.outsider):
        client.force_login(user)
        assert client.post(f"/api/meetings/lessons/{lesson.pk}/join/").status_code == 200
    client.force_login(world.other_teacher)
    assert client.post(f"/api/meetings/lessons/{lesson.pk}/join/").status_code == 404


def test_join_outside_the_window_is_409(client: Any, world: World) -> None:
    later = make_lesson(world, start=timezone.now() + datetime.timedelta(hours=2))
    client.force_login(world.student)
    response = client.post(f"/api/meetings/lessons/{later.pk}/join/")
    assert response.status_code == 409
    assert response.json()["detail"]


def test_api_create_reports_conflicts(client: Any, world: World) -> None:
    start = (timezone.now() + datetime.timedelta(days=2)).replace(microsecond=0)
    make_lesson(world, start=start, title="Занято")
    client.force_login(world.teacher)
    body = {
        "kind": "webinar",
        "title": "Вебинар",
        "course": world.course.pk,
        "start": timezone.localtime(start).strftime("%Y-%m-%dT%H:%M"),
        "duration": 45,
        "teachers": [world.teacher.pk],
    }
    response = client.post("/api/meetings/lessons/", body, content_type="application/json")
    assert response.status_code == 400
    assert "confirm" in response.json()["errors"]
    assert "Занято" in response.json()["conflicts"][0]
    response = client.post(
        "/api/meetings/lessons/", {**body, "confirm": True}, content_type="application/json"
    )
    assert response.status_code == 201, response.json()
    created = Lesson.objects.get(pk=response.json()["id"])
    assert created.kind == "webinar"
    assert created.duration == 45
    assert list(created.teachers.all()) == [world.teacher]


def test_openapi_schema_lists_the_endpoints(client: Any, it_staff: Any) -> None:
    client.force_login(it_staff)
    response = client.get("/api/schema/")
    text = response.content.decode()
    assert "/api/meetings/lessons/{id}/join/" in text
    assert "/api/calendar/events/" in text


def test_list_queries_do_not_grow(
    client: Any, world: World, django_assert_max_num_queries: Any
) -> None:
    for i in range(3):
        make_lesson(world, start=timezone.now() + datetime.timedelta(days=i + 1), title=f"L{i}")
    client.force_login(world.student)
    client.get("/lessons/")
    with django_assert_max_num_queries(30) as before:
        client.get("/lessons/")
    for i in range(10):
        make_lesson(world, start=timezone.now() + datetime.timedelta(days=i + 5), title=f"M{i}")
    with django_assert_max_num_queries(len(before.captured_queries)):
        page = client.get("/lessons/")
    assert page.content.decode().count("/lessons/") > 13
    with django_assert_max_num_queries(len(before.captured_queries)):
        assert len(client.get("/api/meetings/lessons/").json()["results"]) == 13


def test_attendance_queries_constant(
    client: Any, world: World, django_assert_max_num_queries: Any, make_user: Any
) -> None:
    from dot.academics.tests.factories import StudentFactory
    from dot.accounts.models import Role

    lesson = make_lesson(world, start=timezone.now())
    client.force_login(world.teacher)
    client.get(f"/lessons/{lesson.pk}/")
    with django_assert_max_num_queries(30) as before:
        client.get(f"/lessons/{lesson.pk}/")
    for i in range(5):
        user = make_user(Role.STUDENT, world.units["med"], username=f"s{i}")
        StudentFactory(user=user, group=world.group, programme=world.group.programme)
        lesson.invitees.add(user)
        Attendance.objects.create(
            lesson=lesson, user=user, first_joined_at=timezone.now(), last_joined_at=timezone.now()
        )
    with django_assert_max_num_queries(len(before.captured_queries)):
        client.get(f"/lessons/{lesson.pk}/")


def test_home_panel_lists_next_lessons(client: Any, world: World, lesson: Lesson) -> None:
    client.force_login(world.student)
    assert lesson.title in client.get("/").content.decode()
    client.force_login(world.outsider)
    assert lesson.title not in client.get("/").content.decode()


def test_course_panel_queries_constant(
    client: Any, world: World, django_assert_max_num_queries: Any
) -> None:
    from dot.meetings.models import Recording

    make_lesson(world, start=timezone.now() + datetime.timedelta(days=1), title="Первый")
    client.force_login(world.student)
    url = world.course.get_absolute_url()
    client.get(url)
    with django_assert_max_num_queries(60) as before:
        assert "Первый" in client.get(url).content.decode()
    for i in range(4):
        past = make_lesson(world, start=timezone.now() + datetime.timedelta(days=i + 2))
        Recording.objects.create(lesson=past, record_id=f"r{i}", url=f"https://r.example/{i}")
    with django_assert_max_num_queries(len(before.captured_queries)):
        page = client.get(url).content.decode()
    assert "https://r.example/3" in page
