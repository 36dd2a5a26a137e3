"""The navigation registry: every app declares its menu items in its own ``nav.py``.

An app's ``nav.py`` defines ``NAV_ITEMS: list[NavItem]``. The layout shows each user the
items whose ``visible(user)`` is true, so each role sees what it may use.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any

from django.apps import apps
from django.core.cache import cache as django_cache
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


# Header dropdowns, so that roles with many sections get a short menu.
STUDY = "study"
COMMUNICATION = "communication"
MANAGEMENT = "management"
INFO = "info"
GROUPS: dict[str, Promise] = {
    STUDY: _("Study"),
    COMMUNICATION: _("Communication"),
    MANAGEMENT: _("Management"),
    INFO: _("About DOT"),
}

# The header's shape in one place: which group each app's item goes to (an item's own
# ``group`` is used when it is not listed here). Items left top-level: the courses and
# the decisions awaiting the user.
HEADER_GROUPS: dict[str, str] = {
    "academics:my_disciplines": STUDY,
    "academics:my_workload": STUDY,
    "plans:home": STUDY,
    "schedule:index": STUDY,
    "assessments:index": STUDY,
    "questions:index": STUDY,
    "plans:plan_list": MANAGEMENT,
    "plans:order_list": MANAGEMENT,
    "academics:curriculum_list": MANAGEMENT,
    "academics:discipline_list": MANAGEMENT,
    "academics:curriculum_queue": MANAGEMENT,
    "academics:norm_list": MANAGEMENT,
    "academics:group_list": MANAGEMENT,
    "academics:programme_list": MANAGEMENT,
    "academics:department_list": MANAGEMENT,
    "academics:calendar": MANAGEMENT,
    "content:umk_list": MANAGEMENT,
    "content:review_queue": MANAGEMENT,
    "content:requirements": MANAGEMENT,
    "content:status": MANAGEMENT,
    "manage_users:list": MANAGEMENT,
    "org:tree": MANAGEMENT,
    "public:manage": MANAGEMENT,
    "core:audit_list": MANAGEMENT,
    "communication:list": COMMUNICATION,
    "public:info": INFO,
    "public:units": INFO,
    "public:documents": INFO,
}
# Pages reachable from their app's own pages, not from the menu: the forums' list of
# unanswered questions is part of the messages' combined list (п. 4.9).
NOT_IN_MENU = {"forums:questions"}


@cache
def all_items() -> list[NavItem]:
    items: list[NavItem] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("dot."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.nav")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.nav":
                raise
            continue
        items.extend(getattr(module, "NAV_ITEMS", []))
    items = [
        replace(item, group=HEADER_GROUPS.get(item.url_name, item.group))
        for item in items
        if item.url_name not in NOT_IN_MENU
    ]
    return sorted(items, key=lambda i: i.order)


# Which items a user sees depends on their roles and on data (courses taught, ЭУМК to
# review): a few queries, kept per user and role set for a short while, so that a page
# does not pay for its menu.
NAV_CACHE_SECONDS = 120


def items_for(user: Any) -> list[NavItem]:
    items = all_items()
    if not getattr(user, "is_authenticated", False):
        return [item for item in items if item.visible(user)]
    from dot.accounts.roles import held_roles

    signature = ",".join(f"{r.role}.{r.unit_id}" for r in held_roles(user))
    key = f"dot:nav:{user.pk}:{user.is_superuser:d}:{signature}"
    visible = django_cache.get(key)
    if visible is None:
        visible = [i for i, item in enumerate(items) if item.visible(user)]
        django_cache.set(key, visible, NAV_CACHE_SECONDS)
    return [items[i] for i in visible if i < len(items)]


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
