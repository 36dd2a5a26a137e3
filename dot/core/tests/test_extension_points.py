"""The registries other apps plug into: panels (course, header, home), grouped menu, calendar."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from dot.core import navigation, panels
from dot.core.navigation import NavItem, header_entries
from dot.schedule import events


def test_header_groups_items_into_dropdowns_and_keeps_singletons_plain() -> None:
    a = NavItem(label="A", url_name="core:home")
    s1 = NavItem(label="S1", url_name="core:home", group=navigation.STUDY)
    c1 = NavItem(label="C1", url_name="core:home", group=navigation.COMMUNICATION)
    s2 = NavItem(label="S2", url_name="core:home", group=navigation.STUDY)
    entries = header_entries([a, s1, c1, s2])
    assert [e.label for e in entries] == ["A", navigation.GROUPS[navigation.STUDY], "C1"]
    assert entries[0].single is a
    assert entries[1].single is None
    assert entries[1].items == (s1, s2)
    # A group with one visible item is a plain link under the item's own label.
    assert entries[2].single is c1


def test_panels_render_only_when_their_context_says_so(
    monkeypatch: pytest.MonkeyPatch, rf: RequestFactory, django_user_model: Any
) -> None:
    shown = panels.Panel(
        slot="course", template="core/_test_panel.html", context=lambda r, o: {"value": o}
    )
    hidden = panels.Panel(
        slot="course", template="core/_test_panel.html", context=lambda r, o: None
    )
    other = panels.Panel(slot="home", template="core/_test_panel.html", context=lambda r, o: {})
    monkeypatch.setattr(panels, "_all_panels", lambda: (shown, hidden, other))
    request = rf.get("/")
    request.user = django_user_model(username="x")
    assert panels.render_slot("course", request, 7) == [("core/_test_panel.html", {"value": 7})]

    from django.template import engines

    engine = engines["django"].engine  # type: ignore[attr-defined]
    monkeypatch.setattr(
        engine,
        "find_template",
        lambda name, dirs=None, skip=None: (
            Template("<b>{{ value }}</b>", engine=engine),
            None,
        ),
    )
    html = Template('{% load portal %}{% panels "course" obj %}').render(
        Context({"request": request, "obj": "<x>"})
    )
    assert html == "<b>&lt;x&gt;</b>"


def test_calendar_registry_keeps_overlapping_events_in_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tz = datetime.UTC
    day = datetime.datetime(2026, 11, 2, 9, tzinfo=tz)

    def source(user: Any, start: datetime.datetime, end: datetime.datetime) -> list[Any]:
        return [
            events.CalendarEvent(uid="b", title="B", start=day + datetime.timedelta(hours=2)),
            events.CalendarEvent(
                uid="a", title="A", start=day, end=day + datetime.timedelta(hours=1)
            ),
            events.CalendarEvent(uid="old", title="Old", start=day - datetime.timedelta(days=9)),
        ]

    monkeypatch.setattr(events, "_sources", lambda: (source,))
    got = events.events_for(
        None, day - datetime.timedelta(days=1), day + datetime.timedelta(days=1)
    )
    assert [e.uid for e in got] == ["a", "b"]


def test_header_panels_load_after_the_page(
    monkeypatch: pytest.MonkeyPatch, client: Any, django_user_model: Any
) -> None:
    badge = panels.Panel(slot="header", template="core/_t.html", context=lambda r, o: {"n": 3})
    monkeypatch.setattr(panels, "_all_panels", lambda: (badge,))
    from django.template import engines

    engine = engines["django"].engine  # type: ignore[attr-defined]
    real = engine.find_template

    def find(name: str, dirs: Any = None, skip: Any = None) -> Any:
        if name == "core/_t.html":
            return Template('<span class="badge">{{ n }}</span>', engine=engine), None
        return real(name, dirs, skip)

    monkeypatch.setattr(engine, "find_template", find)
    user = django_user_model.objects.create_user(username="u", password="x")
    client.force_login(user)
    home = client.get("/").content.decode()
    assert 'hx-get="/header-panels/"' in home
    assert '<span class="badge">3</span>' not in home
    assert client.get("/header-panels/").content.decode().strip() == '<span class="badge">3</span>'
    client.logout()
    assert client.get("/header-panels/").status_code == 204
