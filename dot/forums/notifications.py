"""Notification kinds of the forums (registered with the notification centre)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from dot.communication.kinds import register_kind

KIND_POST = "forums.post"
KIND_QUESTION = "forums.question"


def register() -> None:
    register_kind(
        KIND_POST,
        _("Forum posts"),
        _("New threads and replies in the forums and threads you follow."),
    )
    register_kind(
        KIND_QUESTION,
        _("Students' questions in forums"),
        _("A student of your course asked a question in its forum (п. 4.9)."),
    )
