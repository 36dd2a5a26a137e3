"""Embedding a video by its address: known hosts become an iframe, a media file a <video>."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

_YOUTUBE_ID = re.compile(r"^[\w-]{6,20}$")


def embed_url(url: str) -> str:
    """The player address for YouTube, Vimeo and Rutube links; "" for anything else."""
    parsed = urlparse(url)
    host = (parsed.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    video_id = ""
    if host in ("youtube.com", "youtube-nocookie.com"):
        if parsed.path == "/watch":
            video_id = parse_qs(parsed.query).get("v", [""])[0]
        elif parsed.path.startswith(("/embed/", "/shorts/")):
            video_id = parsed.path.split("/")[2]
    elif host == "youtu.be":
        video_id = parsed.path.strip("/")
    if video_id and _YOUTUBE_ID.match(video_id):
        return f"https://www.youtube-nocookie.com/embed/{video_id}"
    if host == "vimeo.com" and parsed.path.strip("/").isdigit():
        return f"https://player.vimeo.com/video/{parsed.path.strip('/')}"
    if host == "rutube.ru" and parsed.path.startswith("/video/"):
        rid = parsed.path.split("/")[2]
        if re.match(r"^[0-9a-f]{32}$", rid):
            return f"https://rutube.ru/play/embed/{rid}"
    return ""


def is_media_file(url: str) -> bool:
    return urlparse(url).path.lower().endswith((".mp4", ".webm", ".ogg", ".mp3"))
