from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AcademicsConfig(AppConfig):
    name = "dot.academics"
    label = "academics"
    verbose_name = _("Academic structure")

    def ready(self) -> None:
        # Register the РУП approval route with the core engine.
        from . import approval  # noqa: F401
