"""Jitsi Meet: an unguessable room under JITSI_URL, optionally with an HS256 JWT."""

from __future__ import annotations

import datetime
import urllib.parse
from typing import Any

import jwt
import pytest
from django.utils import timezone

from dot.meetings import services
from dot.meetings.factories import World, make_lesson
from dot.meetings.models import Lesson


def test_room_is_unguessable(world: World) -> None:
    a, b = make_lesson(world), make_lesson(world)
    assert a.room != b.room
    assert len(a.room) >= 24


def test_join_link_without_jwt(world: World) -> None:
    lesson = make_lesson(world, start=timezone.now())
    url = services.lesson_join(lesson=lesson, user=world.student)
    assert url.startswith(f"https://meet.example.kg/{lesson.room}#")
    assert "jwt=" not in url


def test_join_link_with_jwt_decodes(world: World, settings: Any) -> None:
    settings.JITSI_APP_ID = "dot-portal"
    settings.JITSI_APP_SECRET = "jitsi-shared-secret-0123456789abcdef"  # noqa: S105
    lesson = make_lesson(world, start=timezone.now())
    url = services.lesson_join(lesson=lesson, user=world.teacher)
    parts = urllib.parse.urlsplit(url)
    assert (
        f"{parts.scheme}://{parts.netloc}{parts.path}" == f"https://meet.example.kg/{lesson.room}"
    )
    token = urllib.parse.parse_qs(parts.query)["jwt"][0]
    claims = jwt.decode(token, settings.JITSI_APP_SECRET, algorithms=["HS256"], audience="jitsi")
    assert jwt.get_unverified_header(token)["alg"] == "HS256"
    assert claims["iss"] == "dot-portal"
    assert claims["sub"] == "meet.example.kg"
    assert claims["room"] == lesson.room
    assert claims["context"]["user"]["name"] == world.teacher.full_name
    assert claims["context"]["user"]["email"] == world.teacher.email
    assert claims["context"]["user"]["moderator"] is True
    assert claims["nbf"] == int(lesson.opens_at.timestamp())
    assert claims["exp"] > int(lesson.end.timestamp())
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(
            token, "another-secret-0123456789abcdef-xyz", algorithms=["HS256"], audience="jitsi"
        )


def test_student_token_is_not_moderator(world: World, settings: Any) -> None:
    settings.JITSI_APP_ID = "dot-portal"
    settings.JITSI_APP_SECRET = "jitsi-shared-secret-0123456789abcdef"  # noqa: S105
    lesson: Lesson = make_lesson(world, start=timezone.now() + datetime.timedelta(minutes=1))
    url = services.lesson_join(lesson=lesson, user=world.student)
    token = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)["jwt"][0]
    claims = jwt.decode(token, settings.JITSI_APP_SECRET, algorithms=["HS256"], audience="jitsi")
    assert claims["context"]["user"]["moderator"] is False
    assert claims["context"]["user"]["name"] == world.student.full_name
