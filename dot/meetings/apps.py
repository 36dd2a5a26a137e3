from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "dot.meetings"
    label = "meetings"
    verbose_name = _("Video lessons and webinars")

    def ready(self) -> None:
        from dot.communication.kinds import register_kind

        register_kind(
            "meetings.reminder",
            _("Online lesson reminders"),
            _("An online lesson, consultation or webinar you take part in starts soon."),
        )
        register_kind(
            "meetings.scheduled",
            _("Scheduled online lessons"),
            _("A teacher scheduled an online lesson, consultation or webinar for you."),
        )
