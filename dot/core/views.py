"""The UI shell: home page per role and the public part."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from dot.accounts.roles import held_roles
from dot.org.models import OrgUnit

from .navigation import items_for


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "core/landing.html")
    items = items_for(request.user)
    cards = []
    for held in held_roles(request.user):
        offers = [i for i in items if held.role in i.roles]
        cards.append({"held": held, "offers": offers})
    return render(request, "core/home.html", {"cards": cards})


def public_info(request: HttpRequest) -> HttpResponse:
    return render(request, "core/public_info.html")


def public_units(request: HttpRequest) -> HttpResponse:
    units = OrgUnit.objects.active().filter(kind__in=["faculty", "department", "access_point"])
    return render(request, "core/public_units.html", {"units": units})


def documents(request: HttpRequest) -> HttpResponse:
    return render(request, "core/documents.html")
