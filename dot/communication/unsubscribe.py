"""Signed unsubscribe links: one click in a letter switches a kind's e-mail off, no login.

The token names the user and the kinds (a single kind for an ordinary letter, every
kind of a digest); it is signed with the site's secret, so nobody can forge one for
another user. It does not expire: an old letter's link still works.
"""

from __future__ import annotations

from typing import Any

from django.core import signing
from django.urls import reverse

SALT = "dot.communication.unsubscribe"


def make_token(user: Any, kinds: list[str]) -> str:
    return signing.dumps({"u": user.pk, "k": sorted(set(kinds))}, salt=SALT, compress=True)


def read_token(token: str) -> tuple[int, list[str]] | None:
    """``(user id, kinds)`` of a valid token; ``None`` for a forged or damaged one."""
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    user_id, kinds = data.get("u"), data.get("k")
    if not isinstance(user_id, int) or not isinstance(kinds, list):
        return None
    return user_id, [str(k) for k in kinds]


def unsubscribe_path(user: Any, kinds: list[str]) -> str:
    return reverse("communication:unsubscribe", args=[make_token(user, kinds)])
