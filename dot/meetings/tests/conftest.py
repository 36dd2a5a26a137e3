from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from dot.accounts.models import User
from dot.meetings.factories import World, build_world


@pytest.fixture
def world(uni: dict[str, Any], make_user: Callable[..., User], settings: Any) -> World:
    settings.DOT_MEETINGS_JOIN_EARLY_MINUTES = 15
    settings.DOT_MEETINGS_REMINDER_MINUTES = 30
    settings.JITSI_URL = "https://meet.example.kg"
    settings.JITSI_APP_ID = ""
    settings.JITSI_APP_SECRET = ""
    return build_world(uni, make_user)


@pytest.fixture
def fake_bbb(settings: Any) -> Any:
    from .fake_bbb import FakeBBB

    server = FakeBBB(secret="s3cr3t-shared-with-bbb").start()  # noqa: S106
    settings.BBB_URL = server.url
    settings.BBB_SECRET = server.secret
    settings.BBB_CHECKSUM = "sha256"
    yield server
    server.stop()
