"""A breadth-first link crawler over Django's test client, for the site-wide crawl test.

It follows every same-site ``<a href>`` a page shows (GET only) and records, per visited URL,
the status, the page that linked to it and, for HTML pages, the facts the page-structure test
checks. Pagination and filters are collapsed so the crawl stays small: at most
``MAX_QUERIES_PER_PATH`` query strings per path and ``MAX_PATHS_PER_ROUTE`` concrete paths per
URL pattern (e.g. two course pages, not all of them).
"""

from __future__ import annotations

import re
import traceback
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urldefrag, urljoin, urlsplit

from django.core.signals import got_request_exception, request_finished
from django.db import close_old_connections, transaction
from django.test import Client
from django.urls import Resolver404, resolve

MAX_PAGES = 400
MAX_QUERIES_PER_PATH = 3
MAX_PATHS_PER_ROUTE = 2

# Not crawled at all: leaving the session, the admin site, the API's browsable docs, language
# switching (a POST form) and static/media files.
SKIP_PREFIXES = (
    "/accounts/logout",
    "/django-admin/",
    "/api/docs",
    "/api/schema",
    "/i18n/",
    "/static/",
    "/media/",
)
# Fetched (the link must work) but not parsed.
DOWNLOAD_SUFFIXES = (".xlsx", ".xls", ".pdf", ".docx", ".doc", ".zip", ".ics", ".csv", ".xml")
DOWNLOAD_TYPES = ("application/", "text/csv", "text/calendar", "image/", "video/", "audio/")
TESTSERVER_HOSTS = {"", "testserver", "localhost", "127.0.0.1"}


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.h1 = 0
        self.title = ""
        self.has_title = False
        self.html_lang: str | None = None
        self.has_html = False
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.links.append(values["href"] or "")
        elif tag == "h1":
            self.h1 += 1
        elif tag == "title":
            self.has_title = True
            self._in_title = True
        elif tag == "html":
            self.has_html = True
            self.html_lang = values.get("lang")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data


@dataclass
class Visit:
    url: str
    referrer: str
    status: int
    location: str = ""
    content_type: str = ""
    html: bool = False
    full_page: bool = False
    h1: int = 0
    title: str = ""
    has_title: bool = False
    html_lang: str | None = None
    leftovers: list[str] = field(default_factory=list)
    error: str = ""


@dataclass
class CrawlResult:
    who: str
    visits: dict[str, Visit] = field(default_factory=dict)
    truncated: bool = False
    # URL patterns with more concrete paths linked than MAX_PATHS_PER_ROUTE: not reaching one
    # of their paths says nothing about whether the user may see it.
    capped_routes: set[str] = field(default_factory=set)


def normalise(href: str, base: str) -> str | None:
    """The same-site path+query an ``href`` on page ``base`` points to, or None to ignore it."""
    href = href.strip()
    if not href or href.startswith(("#", "mailto:", "tel:", "javascript:", "data:")):
        return None
    absolute, _fragment = urldefrag(urljoin("http://testserver" + base, href))
    parts = urlsplit(absolute)
    if parts.scheme not in ("http", "https") or (parts.hostname or "") not in TESTSERVER_HOSTS:
        return None
    path = parts.path or "/"
    if path.startswith(SKIP_PREFIXES):
        return None
    return path + ("?" + parts.query if parts.query else "")


def route_key(path: str) -> str:
    try:
        match = resolve(path)
    except Resolver404:
        return path
    return match.route or match.view_name or path


_LEFTOVER = re.compile(r"\{\{|\{%")


def get(client: Client, url: str) -> Any:
    """GET in a savepoint: a failing view must not poison the shared transaction (PostgreSQL
    aborts a transaction after an error)."""
    savepoint = transaction.savepoint()
    response = client.get(url)
    if response.status_code >= 500:
        transaction.savepoint_rollback(savepoint)
    else:
        transaction.savepoint_commit(savepoint)
    return response


def crawl(
    client: Client,
    *,
    who: str,
    starts: tuple[str, ...] = ("/",),
    max_pages: int = MAX_PAGES,
) -> CrawlResult:
    result = CrawlResult(who=who)
    queue: deque[tuple[str, str]] = deque((start, "(start)") for start in starts)
    queries_per_path: dict[str, set[str]] = {}
    paths_per_route: dict[str, set[str]] = {}
    seen: set[str] = set()
    errors: list[str] = []

    def on_exception(sender: Any, request: Any = None, **kwargs: Any) -> None:
        errors.append(traceback.format_exc(limit=-3))

    got_request_exception.connect(on_exception, weak=False)
    try:
        while queue:
            url, referrer = queue.popleft()
            if url in seen:
                continue
            path, _, query = url.partition("?")
            queries = queries_per_path.setdefault(path, set())
            if query not in queries and len(queries) >= MAX_QUERIES_PER_PATH:
                continue
            route = route_key(path)
            paths = paths_per_route.setdefault(route, set())
            if path not in paths and len(paths) >= MAX_PATHS_PER_ROUTE:
                result.capped_routes.add(route)
                continue
            if len(result.visits) >= max_pages:
                result.truncated = True
                break
            seen.add(url)
            queries.add(query)
            paths.add(path)
            errors.clear()
            response = get(client, url)
            visit = Visit(
                url=url,
                referrer=referrer,
                status=response.status_code,
                location=response.get("Location", ""),
                content_type=response.get("Content-Type", ""),
            )
            if errors:
                visit.error = errors[-1].strip().splitlines()[-1]
            result.visits[url] = visit
            if visit.status in (301, 302, 303, 307, 308) and visit.location:
                target = normalise(visit.location, path)
                if target:
                    queue.append((target, url))
                continue
            is_download = path.lower().endswith(DOWNLOAD_SUFFIXES) or visit.content_type.startswith(
                DOWNLOAD_TYPES
            )
            if (
                visit.status != 200
                or is_download
                or getattr(response, "streaming", False)
                or not visit.content_type.startswith("text/html")
            ):
                # A FileResponse holds its file open until closed; closing fires
                # request_finished, which must not close the connection inside the
                # crawl's transaction (Django's test client does the same around it).
                request_finished.disconnect(close_old_connections)
                try:
                    response.close()
                finally:
                    request_finished.connect(close_old_connections)
                continue
            body = response.content.decode(response.charset or "utf-8", errors="replace")
            parser = _PageParser()
            parser.feed(body)
            visit.html = True
            visit.h1 = parser.h1
            visit.title = parser.title.strip()
            visit.has_title = parser.has_title
            visit.html_lang = parser.html_lang
            visit.full_page = parser.has_html
            # Text outside tags' attributes and scripts is where a broken template shows.
            visible = re.sub(r"<script\b.*?</script>", "", body, flags=re.S | re.I)
            visit.leftovers = sorted(set(_LEFTOVER.findall(visible)))
            for href in parser.links:
                target = normalise(href, path)
                if target and target not in seen:
                    queue.append((target, url))
    finally:
        got_request_exception.disconnect(on_exception)
    return result
