"""The UI shell: the landing page and the home page per role."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from dot.accounts.roles import HeldRole, held_roles
from dot.org.models import UnitKind

from .navigation import NavItem, items_for
from .role_duties import ROLE_DUTIES, RoleDuty


@dataclass
class RoleCard:
    held: HeldRole
    duty: RoleDuty | None
    offers: list[NavItem] = field(default_factory=list)


def home(request: HttpRequest) -> HttpResponse:
    """Anonymous: the landing page. Logged in: a card per held role.

    Each card shows the unit, what the regulation expects of the role and the menu
    items (from every app's ``nav.py``) the portal offers that role. Only items that
    exist are listed; the regulation text says what is still done outside the portal.
    """
    if not request.user.is_authenticated:
        return render(request, "core/landing.html")
    items = items_for(request.user)
    roles = held_roles(request.user)
    cards = [
        RoleCard(held, ROLE_DUTIES.get(held.role), [i for i in items if held.role in i.roles])
        for held in roles
    ]
    kinds = dict(UnitKind.choices)
    units: dict[int, dict[str, str]] = {}
    for held in roles:
        entry = units.setdefault(
            held.unit_id,
            {"name": held.unit_name, "kind": str(kinds.get(held.unit_kind, "")), "roles": ""},
        )
        label = held.role_label
        entry["roles"] = f"{entry['roles']}, {label}" if entry["roles"] else label
    context = {
        "cards": cards,
        "units": list(units.values()),
        # A superuser holds no role but may open everything: list every menu item.
        "admin_items": items if request.user.is_superuser else [],
    }
    return render(request, "core/home.html", context)


def header_panels(request: HttpRequest) -> HttpResponse:
    """The header badges other apps register (slot "header"), loaded by htmx after the page."""
    if not request.user.is_authenticated:
        return HttpResponse(status=204)
    return render(request, "core/header_panels.html")
