from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    name = "dot.messaging"
    label = "messaging"
    verbose_name = _("Messages and announcements")

    def ready(self) -> None:
        from . import notifications  # noqa: F401 - registers the notification kinds
