from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "dot.plans"
    label = "plans"
    verbose_name = _("DOT study plans")

    def ready(self) -> None:
        # Declares the routes (the engine's generic pages find them) and the guard.
        from . import approval  # noqa: F401
        from .notifications import register

        register()
