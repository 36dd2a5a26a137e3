"""Site-wide crawl: every demo login follows every link the portal shows it.

The demo university (``seed_demo``) is built once for the module inside a transaction that is
rolled back afterwards; each demo user (and an anonymous visitor) then walks the portal
breadth-first from the home page, following every same-site ``<a href>`` with GET
(see ``crawl_util``). The tests assert on what the crawl recorded:

* a link the portal shows to a user works for that user: 200, or a redirect to a same-site
  page — never 4xx or 5xx (a link to a POST-only URL answering 405 is a bug too);
* a page a signed-in user reached is not served to an anonymous visitor unless it is public;
* a user's private objects (conversations, plans, attempts, chats) are not served to a peer
  of another unit (404 as for a missing object);
* every full HTML page has one ``<h1>``, a non-empty ``<title>``, ``<html lang>`` and no
  template syntax leaking into the output.

All failures are collected and reported in one message each.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import asdict, dataclass, field
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.test import Client
from django.test.utils import override_settings

from dot.accounts.models import User
from dot.org.demo import USERS

from .crawl_util import CrawlResult, crawl, get, normalise, route_key

ANONYMOUS = "(anonymous)"
# Every demo user of dot/org/demo.py (the superuser ``admin`` sees everything and would only
# lengthen the run).
LOGINS = [user.username for user in USERS]
REDIRECTS = (301, 302, 303, 307, 308)
# Personal objects (conversations, plans and applications, attempts, course chats, notices)
# and pairs of users who must not see each other's: different faculties or departments.
PRIVATE_OBJECT = re.compile(
    r"^/(messages/(?!announcements/)|plans/|tests/attempts/|chat/|notifications/)(.*/)?\d+/"
)
PEERS = [
    ("student", "master"),
    ("student", "listener"),
    ("master", "student"),
    ("teacher", "teacher2"),
    ("teacher2", "teacher"),
    ("head_kd", "head_em"),
    ("dean", "dean_fem"),
    ("deanoffice", "dean_fem"),
]

# The crawl fixture seeds the demo and rolls it back itself; the mark makes pytest-django create
# the test database even when only these tests run. The crawl (~1 800 requests) runs inside the
# first test's time budget: a loaded CI machine needs more than the suite's default 300 s.
pytestmark = [pytest.mark.django_db, pytest.mark.timeout(900)]


@dataclass
class Crawls:
    results: dict[str, CrawlResult]
    # url -> (who reached it, status for an anonymous visitor)
    anonymous_probes: dict[str, tuple[str, int]] = field(default_factory=dict)
    cross_user: list[str] = field(default_factory=list)


def _client(login: str | None = None) -> Client:
    client = Client(raise_request_exception=False)
    if login:
        client.force_login(User.objects.get(username=login))
    return client


@pytest.fixture(scope="module")
def crawls(django_db_setup: Any, django_db_blocker: Any, _approvaltest_tables: None) -> Crawls:
    """The crawl of every demo login and of an anonymous visitor, over one seeded demo.

    ``_approvaltest_tables``: core's tests register a test-only approval route whose table
    the approval queue reads.
    """
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    email = "django.core.mail.backends.locmem.EmailBackend"
    # Like Django's TestCase: a request must not close the connection (it would, inside
    # this transaction, on PostgreSQL with persistent connections).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        return _crawl_all(storages, email, django_db_blocker)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _crawl_all(storages: Any, email: str, django_db_blocker: Any) -> Crawls:
    with (
        override_settings(STORAGES=storages, EMAIL_BACKEND=email),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        call_command("seed_demo", "--quiet")
        out = Crawls(results={ANONYMOUS: crawl(_client(), who=ANONYMOUS, starts=("/", "/info/"))})
        for login in LOGINS:
            out.results[login] = crawl(_client(login), who=login)
        _probe_anonymous(out)
        _probe_peers(out)
        if dump := os.environ.get("DOT_CRAWL_DUMP"):
            _dump(out, dump)
        transaction.set_rollback(True)
    return out


def _probe_anonymous(out: Crawls) -> None:
    """What the signed-in users reached, asked again without a session."""
    public = {url for url, v in out.results[ANONYMOUS].visits.items() if v.status == 200}
    anonymous = _client()
    for login in LOGINS:
        for url, visit in out.results[login].visits.items():
            if visit.status == 200 and url not in public and url not in out.anonymous_probes:
                out.anonymous_probes[url] = (login, get(anonymous, url).status_code)


def _probe_peers(out: Crawls) -> None:
    """A user's private objects, asked by a peer of another unit never shown a link to them."""
    for owner, peer in PEERS:
        client = _client(peer)
        for url, visit in out.results[owner].visits.items():
            if visit.status != 200 or not PRIVATE_OBJECT.match(url):
                continue
            seen_by_peer = out.results[peer]
            if url in seen_by_peer.visits or route_key(url.partition("?")[0]) in (
                seen_by_peer.capped_routes
            ):
                # Reached by the peer, or maybe not reached only because of the crawl's cap.
                continue
            status = get(client, url).status_code
            if status == 200 or status >= 500:
                out.cross_user.append(f"{url} of {owner} answers {peer} {status}")


def _dump(out: Crawls, path: str) -> None:
    """Debugging aid (``DOT_CRAWL_DUMP=file``): every visit as a JSON line."""
    with open(path, "w", encoding="utf-8") as stream:
        for who, result in out.results.items():
            for visit in result.visits.values():
                stream.write(json.dumps({"who": who, **asdict(visit)}, ensure_ascii=False) + "\n")


def _same_site(location: str) -> bool:
    return (
        location.startswith("/")
        and not location.startswith("//")
        or location.startswith("http://testserver/")
    )


def test_every_link_shown_to_a_user_works_for_that_user(crawls: Crawls) -> None:
    failures: list[str] = []
    for who, result in crawls.results.items():
        for url, visit in result.visits.items():
            if visit.status == 200:
                continue
            if visit.status in REDIRECTS and _same_site(visit.location):
                continue
            detail = f" — {visit.error}" if visit.error else ""
            if visit.status in REDIRECTS:
                detail = f" → {visit.location}"
            failures.append(f"{who}: {visit.status} {url} (linked from {visit.referrer}){detail}")
    sizes = ", ".join(
        f"{who}={len(r.visits)}{'+' if r.truncated else ''}" for who, r in crawls.results.items()
    )
    assert not failures, f"{len(failures)} broken links (pages crawled: {sizes}):\n" + "\n".join(
        failures
    )


def test_private_pages_are_not_served_to_anonymous_visitors(crawls: Crawls) -> None:
    leaks = [
        f"{url} (reached by {login}) answers an anonymous visitor {status}"
        for url, (login, status) in crawls.anonymous_probes.items()
        if status == 200 or status >= 500
    ]
    assert len(crawls.anonymous_probes) > 100, "the signed-in crawls reached few private pages"
    assert not leaks, "pages served without a session:\n" + "\n".join(leaks)


def test_private_objects_are_not_served_to_other_users(crawls: Crawls) -> None:
    probed = sum(
        1
        for owner, _peer in PEERS
        for url in crawls.results[owner].visits
        if PRIVATE_OBJECT.match(url)
    )
    assert probed > 10, "the crawls reached few private objects to probe"
    assert not crawls.cross_user, "another user's objects served:\n" + "\n".join(crawls.cross_user)


def test_every_page_has_one_h1_a_title_and_a_language(crawls: Crawls) -> None:
    problems: list[str] = []
    checked = 0
    for who, result in crawls.results.items():
        for url, visit in result.visits.items():
            if not visit.full_page:
                continue
            checked += 1
            found = []
            if visit.h1 != 1:
                found.append(f"{visit.h1} <h1>")
            if not visit.title:
                found.append("no <title>")
            if not visit.html_lang:
                found.append("no <html lang>")
            if visit.leftovers:
                found.append(f"template syntax in output {visit.leftovers}")
            if found:
                problems.append(f"{who}: {url}: {', '.join(found)}")
    assert checked > 100, f"only {checked} pages checked"
    assert not problems, f"{len(problems)} pages:\n" + "\n".join(problems)


def test_the_crawler_follows_only_same_site_get_links() -> None:
    assert normalise("../b/?page=2#top", "/a/x/") == "/a/b/?page=2"
    assert normalise("http://testserver/c/", "/") == "/c/"
    for href in [
        "#main",
        "mailto:a@b.kg",
        "https://example.org/",
        "/accounts/logout/",
        "/static/app.css",
        "/media/f.pdf",
        "/django-admin/",
        "/api/docs/",
        "tel:1",
    ]:
        assert normalise(href, "/") is None, href
