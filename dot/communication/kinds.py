"""Kinds of notifications: a registry that other apps extend.

A kind is a plain string stored on the notification. The portal's own kinds are declared
here; another app registers its kinds once at import time (e.g. in its ``notifications.py``
or ``apps.py``)::

    from dot.communication.kinds import register_kind
    register_kind("forum_reply", _("Replies in forums"), _("Someone answered in a thread you follow."))

A kind declared ``mandatory=True`` is always e-mailed; the user cannot mute it. Any single
notification can also be sent as mandatory (``notify(..., mandatory=True)``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    APPROVAL_REQUESTED = "approval_requested", _("Approval requested")
    APPROVAL_DECIDED = "approval_decided", _("Approval decisions")
    ANNOUNCEMENT = "announcement", _("Announcements")
    SYSTEM = "system", _("Portal service messages")


@dataclass(frozen=True)
class KindInfo:
    code: str
    label: str | Promise
    description: str | Promise = ""
    mandatory: bool = False


_REGISTRY: dict[str, KindInfo] = {}


def register_kind(
    code: str, label: str | Promise, description: str | Promise = "", *, mandatory: bool = False
) -> KindInfo:
    """Declare a kind (idempotent: registering the same code again replaces it)."""
    if len(code) > 64:
        raise ValueError("a notification kind code has at most 64 characters")
    info = KindInfo(code=code, label=label, description=description, mandatory=mandatory)
    _REGISTRY[code] = info
    return info


def get_kind(code: str) -> KindInfo:
    """The kind's description; an unregistered code still gets a readable label."""
    return _REGISTRY.get(code) or KindInfo(code=code, label=code.replace("_", " ").capitalize())


def all_kinds() -> list[KindInfo]:
    return list(_REGISTRY.values())


def kind_label(code: str) -> str:
    return str(get_kind(code).label)


register_kind(
    NotificationKind.APPROVAL_REQUESTED,
    NotificationKind.APPROVAL_REQUESTED.label,
    _("A document waits for your decision on an approval route."),
)
register_kind(
    NotificationKind.APPROVAL_DECIDED,
    NotificationKind.APPROVAL_DECIDED.label,
    _("A document you submitted was approved, returned or rejected."),
)
register_kind(
    NotificationKind.ANNOUNCEMENT,
    NotificationKind.ANNOUNCEMENT.label,
    _("Announcements of the dean's office, the academic office and your teachers."),
)
register_kind(
    NotificationKind.SYSTEM,
    NotificationKind.SYSTEM.label,
    _("Messages about your account and the portal's operation."),
    mandatory=True,
)
