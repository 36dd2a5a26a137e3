"""The navigation registry: every app declares its menu items in its own ``nav.py``.

An app's ``nav.py`` defines ``NAV_ITEMS: list[NavItem]``. The layout shows each user the
items whose ``visible(user)`` is true, so each role sees what it may use.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.apps import apps
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    visible: Callable[[Any], bool] = field(default=lambda user: True)
    order: int = 100
    # Roles for which this item is one of "what the portal offers" on the home page.
    roles: tuple[str, ...] = ()
    description: str | Promise = ""

    @property
    def url(self) -> str:
        try:
            return reverse(self.url_name)
        except NoReverseMatch:
            return "#"


@cache
def all_items() -> list[NavItem]:
    items: list[NavItem] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("dot."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.nav")
        except ModuleNotFoundError:
            continue
        items.extend(getattr(module, "NAV_ITEMS", []))
    return sorted(items, key=lambda i: i.order)


def items_for(user: Any) -> list[NavItem]:
    return [item for item in all_items() if item.visible(user)]
