"""The BigBlueButton client against a local server that checks checksums as bbb-web does."""

from __future__ import annotations

import datetime
import hashlib
import urllib.parse
import urllib.request
from typing import Any

import pytest
from django.utils import timezone

from dot.meetings import services
from dot.meetings.factories import World, make_lesson
from dot.meetings.models import Attendance, Recording
from dot.meetings.providers import BigBlueButton, ProviderError

from .fake_bbb import FakeBBB


def test_checksum_is_hash_of_call_query_and_secret() -> None:
    client = BigBlueButton("https://bbb.example.kg/bigbluebutton/api/", "secret", "sha1")
    url = client.build_url("create", {"name": "Урок 1", "meetingID": "m 1", "record": True})
    query = "name=%D0%A3%D1%80%D0%BE%D0%BA+1&meetingID=m+1&record=true"
    expected = hashlib.sha1(("create" + query + "secret").encode()).hexdigest()  # noqa: S324
    assert url == f"https://bbb.example.kg/bigbluebutton/api/create?{query}&checksum={expected}"


def test_unknown_checksum_algorithm_is_refused() -> None:
    with pytest.raises(ValueError, match="BBB_CHECKSUM"):
        BigBlueButton("https://bbb.example.kg/bigbluebutton/api/", "secret", "md5")


@pytest.mark.parametrize("algorithm", ["sha1", "sha256", "sha384", "sha512"])
def test_create_join_end_with_every_algorithm(fake_bbb: FakeBBB, algorithm: str) -> None:
    client = BigBlueButton(fake_bbb.url, fake_bbb.secret, algorithm)
    answer = client.create(
        meeting_id="room-1",
        name="Анатомия: лекция",
        attendee_pw="ap",
        moderator_pw="mp",
        record=True,
        welcome="Добро пожаловать!",
        logout_url="http://testserver/lessons/1/",
    )
    assert answer["returncode"] == "SUCCESS"
    created = fake_bbb.meetings["room-1"]
    assert created["name"] == "Анатомия: лекция"
    assert created["record"] == "true"
    assert created["welcome"] == "Добро пожаловать!"
    assert created["logoutURL"] == "http://testserver/lessons/1/"
    # Creating again is harmless (duplicateWarning, still SUCCESS)
    assert client.create(meeting_id="room-1", name="Анатомия: лекция")["messageKey"] == (
        "duplicateWarning"
    )

    url = client.join_url(
        meeting_id="room-1", full_name="Асанова Айгуль", moderator=True, user_id="7"
    )
    with urllib.request.urlopen(url) as response:  # noqa: S310 - loopback fake
        assert response.status == 200
        assert "/html5client/join?sessionToken=" in response.url
    joined = fake_bbb.joins[-1]
    assert joined == {
        "fullName": "Асанова Айгуль",
        "meetingID": "room-1",
        "role": "MODERATOR",
        "userID": "7",
        "redirect": "true",
        "checksum": joined["checksum"],
    }
    viewer = client.join_url(meeting_id="room-1", full_name="Бекова Алина", moderator=False)
    urllib.request.urlopen(viewer).close()  # noqa: S310
    assert fake_bbb.joins[-1]["role"] == "VIEWER"

    assert client.is_meeting_running(meeting_id="room-1")
    client.end(meeting_id="room-1", moderator_pw="mp")
    assert "room-1" not in fake_bbb.meetings
    assert not client.is_meeting_running(meeting_id="room-1")


def test_get_recordings_parses_xml(fake_bbb: FakeBBB) -> None:
    client = BigBlueButton.from_settings()
    assert client.get_recordings(meeting_id="room-2") == []
    fake_bbb.recordings["room-2"] = [
        {"id": "abc-1", "meeting": "room-2", "name": "Лекция", "start": 1790000000000,
         "end": 1790003600000},
    ]  # fmt: skip
    [rec] = client.get_recordings(meeting_id="room-2")
    assert rec.record_id == "abc-1"
    assert rec.name == "Лекция"
    assert rec.published
    assert rec.url == "https://bbb.example.kg/playback/presentation/2.3/abc-1"
    assert rec.started_at == datetime.datetime.fromtimestamp(1790000000, tz=datetime.UTC)
    assert rec.ended_at - rec.started_at == datetime.timedelta(hours=1)  # type: ignore[operator]


def test_wrong_secret_is_a_clear_error(fake_bbb: FakeBBB) -> None:
    client = BigBlueButton(fake_bbb.url, "not-the-secret", "sha256")
    with pytest.raises(ProviderError) as info:
        client.create(meeting_id="room-3", name="Урок")
    assert info.value.key == "checksumError"
    assert "checksum" in str(info.value)
    assert "room-3" not in fake_bbb.meetings
    # The join link made with the wrong secret is refused by the server too
    body = urllib.request.urlopen(  # noqa: S310
        client.join_url(meeting_id="room-3", full_name="X", moderator=False)
    ).read()
    assert b"<returncode>FAILED</returncode><messageKey>checksumError</messageKey>" in body


def test_algorithm_disabled_on_the_server_is_refused(fake_bbb: FakeBBB) -> None:
    fake_bbb.allowed = ("sha256",)
    client = BigBlueButton(fake_bbb.url, fake_bbb.secret, "sha1")
    with pytest.raises(ProviderError) as info:
        client.create(meeting_id="room-4", name="Урок")
    assert info.value.key == "checksumError"


def test_unreachable_server_is_a_clear_error(settings: Any) -> None:
    client = BigBlueButton("http://127.0.0.1:9/bigbluebutton/api/", "s", "sha256", timeout=2)
    with pytest.raises(ProviderError) as info:
        client.create(meeting_id="m", name="n")
    assert info.value.key == "unreachable"


# --- Through the portal -----------------------------------------------------------------


def test_join_page_creates_meeting_and_records_attendance(
    client: Any, world: World, fake_bbb: FakeBBB
) -> None:
    lesson = make_lesson(
        world, start=timezone.now() + datetime.timedelta(minutes=5), provider="bbb", record=True
    )
    client.force_login(world.student)
    response = client.post(f"/lessons/{lesson.pk}/join/")
    assert response.status_code == 302
    target = urllib.parse.urlsplit(response["Location"])
    assert response["Location"].startswith(fake_bbb.url + "join?")
    params = dict(urllib.parse.parse_qsl(target.query))
    assert params["role"] == "VIEWER"
    assert params["fullName"] == world.student.full_name
    assert params["userID"] == str(world.student.pk)
    assert fake_bbb.meetings[lesson.room]["name"] == lesson.title
    assert fake_bbb.meetings[lesson.room]["logoutURL"] == f"http://testserver/lessons/{lesson.pk}/"
    # the browser follows the link: the server accepts its checksum
    urllib.request.urlopen(response["Location"]).close()  # noqa: S310
    assert fake_bbb.joins[-1]["fullName"] == world.student.full_name
    assert Attendance.objects.get(lesson=lesson, user=world.student).joins == 1

    client.force_login(world.teacher)
    response = client.post(f"/lessons/{lesson.pk}/join/")
    assert (
        dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(response["Location"]).query))["role"]
        == "MODERATOR"
    )


def test_wrong_secret_shows_message_not_500(
    client: Any, world: World, fake_bbb: FakeBBB, settings: Any
) -> None:
    settings.BBB_SECRET = "wrong"
    lesson = make_lesson(
        world, start=timezone.now() + datetime.timedelta(minutes=5), provider="bbb"
    )
    client.force_login(world.student)
    response = client.post(f"/lessons/{lesson.pk}/join/", follow=True)
    assert response.status_code == 200
    assert "checksum" in response.content.decode()
    assert not Attendance.objects.filter(lesson=lesson).exists()
    api = client.post(f"/api/meetings/lessons/{lesson.pk}/join/")
    assert api.status_code == 502
    assert "checksum" in api.json()["detail"]


def test_end_and_recordings_through_the_page(client: Any, world: World, fake_bbb: FakeBBB) -> None:
    lesson = make_lesson(
        world, start=timezone.now() - datetime.timedelta(minutes=5), provider="bbb"
    )
    services.lesson_join(lesson=lesson, user=world.teacher)
    assert lesson.room in fake_bbb.meetings
    client.force_login(world.teacher)
    client.post(f"/lessons/{lesson.pk}/action/", {"action": "end"})
    assert lesson.room not in fake_bbb.meetings
    fake_bbb.recordings[lesson.room] = [
        {"id": "rec-9", "meeting": lesson.room, "name": lesson.title, "start": 1790000000000,
         "end": 1790003000000},
    ]  # fmt: skip
    client.post(f"/lessons/{lesson.pk}/action/", {"action": "sync"})
    recording = Recording.objects.get(lesson=lesson)
    assert recording.url.endswith("/rec-9")
    # on the lesson page and the course page, for the student
    client.force_login(world.student)
    assert recording.url in client.get(f"/lessons/{lesson.pk}/").content.decode()
    assert recording.url in client.get(world.course.get_absolute_url()).content.decode()


def test_periodic_sync_links_recent_recordings(world: World, fake_bbb: FakeBBB) -> None:
    from dot.meetings.models import Lesson
    from dot.meetings.tasks import sync_recordings

    lesson = make_lesson(world, provider="bbb", record=True)
    Lesson.objects.filter(pk=lesson.pk).update(
        start=timezone.now() - datetime.timedelta(hours=2),
        end=timezone.now() - datetime.timedelta(hours=1),
    )
    fake_bbb.recordings[lesson.room] = [
        {"id": "rec-p", "meeting": lesson.room, "name": lesson.title, "start": 1790000000000,
         "end": 1790003000000},
    ]  # fmt: skip
    assert sync_recordings() == 1
    assert sync_recordings() == 1  # idempotent: the same recording, updated
    assert Recording.objects.filter(lesson=lesson).count() == 1
