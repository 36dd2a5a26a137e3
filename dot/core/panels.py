"""Panels: how an app adds a block to another app's page without that page knowing it.

An app's ``panels.py`` defines ``PANELS: list[Panel]``. A page renders the panels of a
slot with ``{% load portal %}{% panels "course" course %}``: each panel's ``context``
is called with the request and the page's object and returns the template context, or
``None`` when the panel is not shown to this user. Slots in use:

- ``"course"`` — the course page (object: ``content.Course``): forums, chat, tests,
  lessons of the course;
- ``"header"`` — the header beside the notification bell (object: ``None``): unread
  messages and the like. Keep header panels to one cheap query.
- ``"home"`` — the home page under the role cards (object: ``None``).

Dependencies still point one way: ``content`` does not import the apps that add panels
to its course page; the registry finds them.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.apps import apps
from django.http import HttpRequest


@dataclass(frozen=True)
class Panel:
    slot: str
    template: str
    context: Callable[[HttpRequest, Any], dict[str, Any] | None]
    order: int = 100


@cache
def _all_panels() -> tuple[Panel, ...]:
    found: list[Panel] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("dot."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.panels")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.panels":
                raise
            continue
        found.extend(getattr(module, "PANELS", []))
    return tuple(sorted(found, key=lambda p: p.order))


def panels_for(slot: str) -> list[Panel]:
    return [p for p in _all_panels() if p.slot == slot]


def render_slot(slot: str, request: HttpRequest, obj: Any) -> list[tuple[str, dict[str, Any]]]:
    """The (template, context) pairs of the slot's panels shown to this request's user."""
    shown: list[tuple[str, dict[str, Any]]] = []
    for panel in panels_for(slot):
        ctx = panel.context(request, obj)
        if ctx is not None:
            shown.append((panel.template, ctx))
    return shown
