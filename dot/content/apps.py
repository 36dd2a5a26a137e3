from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContentConfig(AppConfig):
    name = "dot.content"
    label = "content"
    verbose_name = _("Courses and teaching materials")

    def ready(self) -> None:
        # Register the ЭУМК quality-review route with the core engine.
        from . import approval  # noqa: F401
