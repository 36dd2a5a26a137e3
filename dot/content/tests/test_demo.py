"""The demo seed: every state of the review, real files, idempotent, tolerant of gaps."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from dot.academics import demo as academics_demo
from dot.content import demo
from dot.content.files import sniff
from dot.content.models import Resource, Umk
from dot.content.selectors import dot_readiness, is_stale, status_rows
from dot.org.demo import seed_org, seed_users


def test_the_demo_covers_every_state_and_is_idempotent(
    db: Any, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    units = seed_org()
    seed_users(units)
    academics_demo.seed(units)
    demo.seed(units)
    demo.seed(units)
    states = {row.umk.discipline.code: row.state for row in status_rows(Umk.objects.all())}
    assert states == {
        "КД-301": "published",
        "МФД-108": "published",
        "КД-306": "approved",
        "КД-302": "in_review",
        "КД-304": "returned",
        "КД-305": "draft",
        "СД-301": "rejected",
    }
    stale = Umk.objects.get(discipline__code="МФД-108")
    assert is_stale(stale) is True
    assert dot_readiness(stale.discipline).ready is True
    assert sorted(Resource.objects.filter(version__umk__discipline__code="КД-301", kind="file")
                  .values_list("file_type", flat=True)) == [
                      "mp4", "ogg", "pdf", "png", "wav", "webm", "zip"]  # fmt: skip
    # The video lecture is a file generated at seed time, recognised by its content.
    video = Resource.objects.get(
        version__umk__discipline__code="КД-301", kind="file", file_type="mp4"
    )
    assert video.component == "video_lectures"
    with video.file.open("rb") as stored:
        head = stored.read(16)
    assert sniff(head) == "mp4"
    assert not Resource.objects.filter(kind="video", url__contains="youtube").exists()
    client = Client()
    client.force_login(
        units["kd"].role_assignments.model.objects.get(user__username="student").user
    )
    page = client.get(reverse("content:index")).content.decode()
    assert "Пропедевтика внутренних болезней" in page


def test_the_demo_falls_back_when_ffmpeg_fails(
    db: Any, settings: Any, tmp_path: Any, monkeypatch: Any, capsys: Any
) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")

    def broken(file_type: str, timeout: float = 60.0) -> bytes:
        raise RuntimeError("no ffmpeg here")

    monkeypatch.setattr(demo, "ffmpeg_media", broken)
    monkeypatch.setattr(demo, "_MEDIA", {})
    units = seed_org()
    seed_users(units)
    academics_demo.seed(units)
    demo.seed(units)
    assert sorted(Resource.objects.filter(version__umk__discipline__code="КД-301", kind="file")
                  .values_list("file_type", flat=True)) == ["pdf", "png", "wav", "zip"]  # fmt: skip
    assert (
        Resource.objects.filter(
            version__umk__discipline__code="КД-301", kind="video", component="video_lectures"
        ).count()
        == 1
    )
    assert "Warning: demo MP4 not generated" in capsys.readouterr().out


def test_the_demo_skips_without_academic_data(db: Any) -> None:
    demo.seed({})
    assert Umk.objects.count() == 0
