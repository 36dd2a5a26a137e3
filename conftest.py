"""Fixtures for the whole suite: a small university, users with roles, and a browser."""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import Callable, Iterator
from typing import Any, cast

import pytest

from dot.accounts.models import Role, RoleAssignment, User
from dot.org.models import OfficeType, OrgUnit, UnitKind
from dot.testing.factories import OrgUnitFactory, UserFactory

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """In CI (``DOT_NO_SKIPS=1``, set by bin/run-tests) a skipped test is a failure."""
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    if os.environ.get("DOT_NO_SKIPS") == "1" and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"Skipped, but in CI every test must run: {reason}"


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hashing() -> Iterator[None]:
    # PBKDF2 with Django's default iterations costs ~0.3 s per user made or logged in;
    # the tests check who may log in, not the hash's strength.
    from django.test.utils import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True)
def _deterministic_fake_data() -> None:
    # Faker's names differ between runs otherwise: a random «Петрович» once matched a
    # surname search. Each test sees the same generated people on every run and database.
    import factory.random

    factory.random.reseed_random("dot-portal")


@pytest.fixture(autouse=True)
def _plain_static_storage(settings: Any) -> None:
    # Tests do not run collectstatic: serve static files without the manifest.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _clear_cache() -> Iterator[None]:
    from django.core.cache import cache, caches
    from django.core.cache.backends.redis import RedisCache

    from dot.assessments.services import forget_versions

    forget_versions()  # ids of question versions are reused after a rollback
    yield
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        # Redis is shared (other runs, the channel layer, the broker): delete only this
        # run's keys instead of FLUSHDB, which is what cache.clear() does.
        client = backend._cache.get_client(write=True)
        keys = list(client.scan_iter(match=f"{backend.key_prefix}:*", count=1000))
        if keys:
            client.delete(*keys)
    else:
        cache.clear()


@pytest.fixture
def uni(db: Any) -> dict[str, OrgUnit]:
    """A small university: two faculties, two departments each, the offices."""
    u = OrgUnitFactory(kind=UnitKind.UNIVERSITY, name="Университет", code="uni")
    units: dict[str, Any] = {"uni": u}
    units["med"] = OrgUnitFactory(kind=UnitKind.FACULTY, parent=u, name="Медфак", code="med")
    units["eco"] = OrgUnitFactory(kind=UnitKind.FACULTY, parent=u, name="Экофак", code="eco")
    units["kd"] = OrgUnitFactory(parent=units["med"], name="Кафедра КД", code="kd")
    units["sd"] = OrgUnitFactory(parent=units["med"], name="Кафедра СД", code="sd")
    units["em"] = OrgUnitFactory(parent=units["eco"], name="Кафедра ЭиМ", code="em")
    for code, office in [
        ("uo", OfficeType.ACADEMIC),
        ("rio", OfficeType.EDITORIAL),
        ("oitc", OfficeType.IT),
    ]:
        units[code] = OrgUnitFactory(
            kind=UnitKind.OFFICE, office_type=office, parent=u, name=code.upper(), code=code
        )
    return units


@pytest.fixture
def make_user(db: Any) -> Callable[..., User]:
    """``make_user(Role.TEACHER, unit, username=...)``: a user holding a role in a unit."""

    def _make(role: str | None = None, unit: OrgUnit | None = None, **kwargs: Any) -> User:
        user = cast(User, UserFactory(**kwargs))
        if role is not None:
            assert unit is not None, "a role is held in a unit"
            RoleAssignment.objects.create(user=user, role=role, unit=unit)
        return user

    return _make


@pytest.fixture
def it_staff(uni: dict[str, OrgUnit], make_user: Callable[..., User]) -> User:
    return make_user(Role.IT_OFFICE, uni["oitc"], username="it")


# --- Browser ----------------------------------------------------------------------------


def _browser_required() -> bool:
    return os.environ.get("DOT_REQUIRE_BROWSER") == "1" or os.environ.get("CI") == "true"


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not os.path.exists(CHROMIUM) and shutil.which("chromium") is None:
        if _browser_required():
            pytest.fail("Chromium is required for browser tests (make test installs it).")
        pytest.skip("Chromium is not installed; `make test` installs it.")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    manager = sync_playwright()
    pw = manager.__enter__()
    try:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        _release_loop()
        yield b
        _hold_loop(b)
        b.close()
    finally:
        _hold_loop(pw)
        manager.__exit__()
        _release_loop()


# Playwright's sync API marks its event loop as running in the test thread for as long
# as the browser is open. asgiref's async_to_sync (channel layer sends, Django's async
# helpers) refuses to run in a thread with a running loop, so the loop is marked running
# only while a browser test runs (from ``page`` set-up to tear-down), not in the tests
# that follow it. Inside a browser test, arrange data through services that do not call
# async_to_sync, or do it before requesting ``page``.
def _hold_loop(sync_obj: Any) -> None:
    asyncio._set_running_loop(sync_obj._loop)


def _release_loop() -> None:
    asyncio._set_running_loop(None)


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    _hold_loop(browser)
    context = browser.new_context(locale="ru-RU", base_url=live_server.url)
    try:
        p = context.new_page()
        p.set_default_timeout(15_000)
        yield p
    finally:
        context.close()
        # While the loop is marked running, Django keeps this thread's database
        # connections per async context: close the ones the test opened, or they stay
        # open and PostgreSQL refuses to drop the test database at the end.
        from django.db import connections

        connections.close_all()
        _release_loop()


@pytest.fixture
def login_page(page: Any) -> Callable[[str, str], Any]:
    """Log in through the real login form; returns the page."""

    def _login(username: str, password: str = "pass12345") -> Any:  # noqa: S107
        page.goto("/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("main button[type=submit]")
        page.wait_for_load_state()
        return page

    return _login


@pytest.fixture
def axe_check() -> Callable[[Any], list[dict[str, Any]]]:
    """Run axe-core on the page; return serious and critical violations."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def _check(p: Any) -> list[dict[str, Any]]:
        results = axe.run(p)
        violations = results.response.get("violations", [])
        return [v for v in violations if v.get("impact") in {"serious", "critical"}]

    return _check
