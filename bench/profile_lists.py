"""Single-process profile of the list pages (the Python side of bench/list_pages.py).

No web server and no PostgreSQL: a SQLite database of its own under var/profile/, the same
rows as bench/list_pages.py (seed_demo, then 10,000 users and 10,000 audit rows), then each
page requested N times through Django's test client as the IT-office user ``oitc``. Prints
CPU ms per request of this process (the median of several rounds: CPU time, not wall
time, so that other work on the machine disturbs it less; SQLite runs in-process, so its
time is included) and, with ``--profile``, a cProfile top list of one page.

    .venv/bin/python bench/profile_lists.py                 # ms/request of every page
    .venv/bin/python bench/profile_lists.py --profile users # plus cProfile of that page
    .venv/bin/python bench/profile_lists.py -n 50 --rounds 5

The first run builds the database (a few minutes); later runs reuse it (``--fresh`` rebuilds).
Figures are for comparing before/after on one machine, not absolute latencies: the server
benchmark is bench/list_pages.py.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import shutil
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var/profile"

sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def setup(fresh: bool, rows: int, database_url: str = "") -> None:
    if fresh and VAR.exists():
        shutil.rmtree(VAR)
    VAR.mkdir(parents=True, exist_ok=True)
    os.environ["DOT_VAR_DIR"] = str(VAR)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    for name in ("DATABASE_URL", "REDIS_URL", "DEBUG"):
        os.environ.pop(name, None)
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    import django

    django.setup()
    from django.db import connection

    # Keep the connection between requests, as the server does on PostgreSQL (CONN_MAX_AGE).
    connection.settings_dict["CONN_MAX_AGE"] = None
    from django.core.management import call_command
    from list_pages import SEED  # the same rows as the server benchmark

    marker = (
        VAR
        / f"seeded-{rows}-{'pg-' + database_url.rsplit('/', 1)[-1] if database_url else 'sqlite'}"
    )
    if not marker.exists():
        call_command("migrate", interactive=False, verbosity=0)
        call_command("seed_demo", quiet=True)
        exec(SEED % rows, {})  # noqa: S102 - our own seeding script
        marker.write_text("ok")
    if not (VAR / "static/staticfiles.json").exists():
        call_command("collectstatic", interactive=False, verbosity=0)


PAGES = {
    "users": "/manage/users/",
    "users-p50": "/manage/users/?page=50",
    "search": "/manage/users/?q=%D0%98%D0%B2%D0%B0%D0%BD",
    "audit": "/audit/",
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=30, help="requests a page in one round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--profile", choices=sorted(PAGES), action="append", default=[])
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--pages", nargs="*", choices=sorted(PAGES), default=list(PAGES))
    parser.add_argument("--fresh", action="store_true", help="rebuild the database")
    parser.add_argument(
        "--dump", metavar="DIR", help="also write each page's HTML there (to diff before/after)"
    )
    parser.add_argument(
        "--database-url",
        default="",
        help="e.g. postgres://postgres@127.0.0.1:5432/dot_profile (create it first); "
        "default: SQLite under var/profile/",
    )
    args = parser.parse_args()

    setup(args.fresh, args.rows, args.database_url)
    from django.db import connection
    from django.test import Client

    from dot.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username="oitc"))
    for name in args.pages:
        path = PAGES[name]
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        if args.dump:
            Path(args.dump).mkdir(parents=True, exist_ok=True)
            (Path(args.dump) / f"{name}.html").write_bytes(response.content)
        queries: list[str] = []

        def count(execute: Any, sql: str, *rest: Any, queries: list[str] = queries) -> Any:
            queries.append(sql)
            return execute(sql, *rest)

        with connection.execute_wrapper(count):
            client.get(path)
        wall, cpu = [], []
        for _ in range(args.rounds):
            t0, c0 = time.perf_counter(), time.process_time()
            for _ in range(args.n):
                client.get(path)
            wall.append((time.perf_counter() - t0) * 1000 / args.n)
            cpu.append((time.process_time() - c0) * 1000 / args.n)
        print(
            f"{name:10} {statistics.median(cpu):6.1f} ms CPU/request "
            f"(rounds {', '.join(f'{r:.1f}' for r in cpu)}; wall median "
            f"{statistics.median(wall):.1f}); {len(queries)} queries; "
            f"{len(response.content) // 1024} KiB"
        )
    for name in args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.n):
            client.get(PAGES[name])
        profiler.disable()
        print(f"\n--- cProfile: {name} ({args.n} requests), sorted by {args.sort} ---")
        pstats.Stats(profiler).strip_dirs().sort_stats(args.sort).print_stats(args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
