"""Settings of the content app, read from Django settings with defaults."""

from __future__ import annotations

from django.conf import settings

MB = 1024 * 1024


def stale_days() -> int:
    """п. 4.8: an ЭУМК not revised for this many days is flagged (``DOT_UMK_STALE_DAYS``)."""
    return int(getattr(settings, "DOT_UMK_STALE_DAYS", 365))


def max_upload_bytes(file_type: str) -> int:
    """The size limit of an uploaded ЭОР file of a type (``DOT_CONTENT_MAX_BYTES``).

    The setting maps a file type (``"mp4"``, ``"pdf"``…) or a family (``"video"``,
    ``"audio"``) to bytes; ``"default"`` covers the rest.
    """
    limits = {"video": 500 * MB, "audio": 100 * MB, "default": 50 * MB}
    limits.update(getattr(settings, "DOT_CONTENT_MAX_BYTES", {}) or {})
    from .files import FAMILY

    return int(
        limits.get(file_type) or limits.get(FAMILY.get(file_type, ""), 0) or limits["default"]
    )


def largest_upload_bytes() -> int:
    from .files import FAMILY

    return max(max_upload_bytes(t) for t in FAMILY)
