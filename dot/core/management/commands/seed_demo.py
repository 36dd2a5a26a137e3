"""Build (or bring up to date) the demo university. Idempotent."""

from __future__ import annotations

import importlib
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand

from dot.org.demo import DEMO_PASSWORD, USERS, seed_org, seed_users


class Command(BaseCommand):
    help = "Create or update the demo university with a user for every role."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--quiet", action="store_true", help="Do not print the logins.")

    def handle(self, *args: Any, **options: Any) -> None:
        # Demo notices stay in the portal: nobody is e-mailed about invented events, and
        # the console of `make run` keeps the login list readable.
        backend = settings.EMAIL_BACKEND
        settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
        try:
            units = self._seed()
        finally:
            settings.EMAIL_BACKEND = backend
        if options["quiet"]:
            return
        self._print_logins(units)

    def _seed(self) -> dict[str, Any]:
        units = seed_org()
        seed_users(units)
        # Later apps add their part of the demo through ``<app>/demo.py: seed(units)``.
        for config in apps.get_app_configs():
            if not config.name.startswith("dot.") or config.name == "dot.org":
                continue
            try:
                module = importlib.import_module(f"{config.name}.demo")
            except ModuleNotFoundError:
                continue
            module.seed(units)
        return units

    def _print_logins(self, units: dict[str, Any]) -> None:
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo university is ready. Logins (password for all: {DEMO_PASSWORD}):"
            )
        )
        self.stdout.write(f"  {'admin':<12} superuser")
        for user in USERS:
            self.stdout.write(f"  {user.username:<12} {user.position}")
