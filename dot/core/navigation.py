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
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    visible: Callable[[Any], bool] = field(default=lambda user: True)
    order: int = 100
    # Roles for which this item is one of "what the portal offers" on the home page.
    roles: tuple[str, ...] = ()
    description: str | Promise = ""
    # Items of one group share a dropdown in the header (see GROUPS below); "" = top level.
    group: str = ""

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


# Header dropdowns, so that roles with many sections get a short menu.
STUDY = "study"
COMMUNICATION = "communication"
GROUPS: dict[str, Promise] = {
    STUDY: _("Study"),
    COMMUNICATION: _("Communication"),
}


@dataclass(frozen=True)
class NavEntry:
    """One header entry: a single item, or a dropdown of a group's items."""

    label: str | Promise
    items: tuple[NavItem, ...]
    key: str = ""

    @property
    def single(self) -> NavItem | None:
        return self.items[0] if not self.key else None


def header_entries(items: list[NavItem]) -> list[NavEntry]:
    """Group the visible items: a group with one visible item stays a plain link."""
    entries: list[NavEntry] = []
    seen: dict[str, int] = {}
    for item in items:
        if not item.group:
            entries.append(NavEntry(item.label, (item,)))
            continue
        if item.group in seen:
            idx = seen[item.group]
            entry = entries[idx]
            entries[idx] = NavEntry(entry.label, (*entry.items, item), item.group)
        else:
            seen[item.group] = len(entries)
            entries.append(NavEntry(GROUPS.get(item.group, item.group), (item,), item.group))
    return [
        NavEntry(e.items[0].label, e.items) if e.key and len(e.items) == 1 else e for e in entries
    ]
