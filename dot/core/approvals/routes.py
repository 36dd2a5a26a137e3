"""Declaring a route: an ordered list of steps, each naming a role relative to the object."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models
from django.utils.functional import Promise

from dot.accounts.roles import has_role

# How a step finds the org unit in which its role must be held:
#   None      — the role held in any unit (university-wide offices: УО, РИО, the rectorate);
#   "a__b"    — an ORM path from the object to its OrgUnit ("department",
#               "discipline__department"); also used to build the ``pending_for`` queue in SQL;
#   callable  — ``unit(obj) -> OrgUnit | None`` for anything else (the queue is then
#               filtered in Python among the objects waiting at that step).
UnitResolver = str | Callable[[Any], Any] | None


@dataclass(frozen=True)
class Step:
    """One step of a route: who decides, relative to the object."""

    code: str
    label: str | Promise
    role: str | tuple[str, ...]
    unit: UnitResolver = None
    # For a computed unit: the relations it follows (``select_related`` paths), so that
    # building a queue does not query once per waiting object.
    related: tuple[str, ...] = ()

    @property
    def roles(self) -> tuple[str, ...]:
        return (self.role,) if isinstance(self.role, str) else tuple(self.role)

    def unit_for(self, obj: Any) -> Any:
        """The org unit in which the step's role must be held for this object."""
        if self.unit is None:
            return None
        if callable(self.unit):
            return self.unit(obj)
        value = obj
        for part in self.unit.split("__"):
            value = getattr(value, part, None)
            if value is None:
                return None
        return value

    def may_decide(self, user: Any, obj: Any) -> bool:
        """Does ``user`` hold the step's role for this object (in its unit or above)?"""
        if self.unit is None:
            return has_role(user, self.roles)
        unit = self.unit_for(obj)
        if unit is None:
            # An object without an owning unit has no approver but a superuser.
            return bool(getattr(user, "is_superuser", False))
        return has_role(user, self.roles, unit)


def _nobody(user: Any, obj: Any) -> bool:
    return False


_REGISTRY: dict[str, Route] = {}


@dataclass(frozen=True, eq=False)
class Route:
    """A workflow: the model it moves, its steps in order, and the hooks around them.

    ``may_submit(user, obj)``: who may submit (and resubmit after a return), e.g. the
    author or staff of the owning department. ``may_view(user, obj)``: who sees the route
    and may open its decision page; by default whoever may submit or decide at any step.
    ``before_submit(obj)`` may raise ``ApprovalError`` when the object is not ready.
    ``before_approve(obj, step_code)`` runs under the row lock before an approval is
    recorded, whoever calls the engine, and may refuse it with ``ApprovalError`` (e.g. a
    rule of the regulation that blocks the next step); returning and rejecting are never
    refused by it.
    ``on_approved`` / ``on_returned`` / ``on_rejected`` ``(obj, decision)`` run inside the
    transaction of the decision (e.g. publish on final approval). ``url(obj)`` is where the
    decision page sends the user back; by default ``obj.get_absolute_url()``.
    """

    name: str
    model: type[models.Model] | str
    steps: Sequence[Step]
    label: str | Promise = ""
    may_submit: Callable[[Any, Any], bool] = _nobody
    may_view: Callable[[Any, Any], bool] | None = None
    before_submit: Callable[[Any], None] | None = None
    before_approve: Callable[[Any, str], None] | None = None
    on_approved: Callable[[Any, Any], None] | None = None
    on_returned: Callable[[Any, Any], None] | None = None
    on_rejected: Callable[[Any, Any], None] | None = None
    url: Callable[[Any], str] | None = None
    status_field: str = "status"
    step_field: str = "approval_step"
    _by_code: dict[str, int] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        if not self.steps:
            raise ValueError(f"route {self.name!r} has no steps")
        codes = [s.code for s in self.steps]
        if len(set(codes)) != len(codes):
            raise ValueError(f"route {self.name!r} repeats a step code")
        object.__setattr__(self, "steps", tuple(self.steps))
        self._by_code.update({code: i for i, code in enumerate(codes)})
        _REGISTRY[self.name] = self

    def __str__(self) -> str:
        return str(self.label or self.name)

    @property
    def model_class(self) -> type[models.Model]:
        if isinstance(self.model, str):
            return apps.get_model(self.model)
        return self.model

    def step(self, code: str) -> Step | None:
        index = self._by_code.get(code)
        return None if index is None else self.steps[index]

    def index(self, code: str) -> int | None:
        return self._by_code.get(code)

    def next_step(self, code: str) -> Step | None:
        index = self._by_code.get(code)
        if index is None or index + 1 >= len(self.steps):
            return None
        return self.steps[index + 1]

    def status_of(self, obj: Any) -> str:
        return str(getattr(obj, self.status_field))

    def step_of(self, obj: Any) -> str:
        return str(getattr(obj, self.step_field) or "")

    def return_url(self, obj: Any) -> str:
        if self.url is not None:
            return self.url(obj)
        get_url = getattr(obj, "get_absolute_url", None)
        return get_url() if callable(get_url) else ""


def unregister(name: str) -> Route | None:
    """Take a route out of the registry (tests declare routes of their own models)."""
    return _REGISTRY.pop(name, None)


def register(route: Route) -> None:
    _REGISTRY[route.name] = route


def get_route(name: str) -> Route | None:
    """A declared route by name (routes register themselves when their module is imported)."""
    return _REGISTRY.get(name)


def all_routes() -> list[Route]:
    return sorted(_REGISTRY.values(), key=lambda r: str(r))


def routes_for(model: type[models.Model]) -> list[Route]:
    return [r for r in _REGISTRY.values() if r.model_class is model]


def resolve_route(obj: Any, route: Route | str | None) -> Route:
    """The route object for ``route`` (a Route, its name, or None: the model's only route)."""
    if isinstance(route, Route):
        return route
    if isinstance(route, str):
        found = get_route(route)
        if found is None:
            raise LookupError(f"no approval route named {route!r}")
        return found
    candidates = routes_for(type(obj))
    if len(candidates) != 1:
        raise LookupError(f"{type(obj).__name__} has {len(candidates)} routes: name one")
    return candidates[0]
