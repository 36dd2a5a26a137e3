"""Notification kinds of messages (registered when the app is ready)."""

from django.utils.translation import gettext_lazy as _

from dot.communication.kinds import register_kind

MESSAGE = "messaging.message"
REPORT = "messaging.report"

register_kind(MESSAGE, _("Private messages"), _("Someone wrote to you in a conversation."))
register_kind(
    REPORT,
    _("Reported messages"),
    _("A message was reported to the IT office or the dean's office."),
)
