"""List-page benchmark: p50/p95 of staff list pages with 10,000 rows (PERFORMANCE.md).

Runs against the scaled shape on this machine: PostgreSQL (a database of its own,
``dot_bench``), Redis, gunicorn with 4 sync workers. It creates the rows itself, logs in
through the real login form, then requests each page REQUESTS times from CONCURRENCY
threads and reports latency percentiles and errors.

    make bench            # or: .venv/bin/python bench/list_pages.py
Results: bench/results/list_pages.json
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv/bin/python")
PORT = int(os.environ.get("BENCH_PORT", "8100"))
BASE = f"http://127.0.0.1:{PORT}"
ROWS = int(os.environ.get("BENCH_ROWS", "10000"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "200"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "4"))
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
ENV = {
    **os.environ,
    "DATABASE_URL": f"{PG}/dot_bench",
    "REDIS_URL": os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379/3"),
    "CACHE_KEY_PREFIX": "dot-bench",
    "DOT_VAR_DIR": str(ROOT / "var/bench"),
    "AXES_FAILURE_LIMIT": "1000",
}
PAGES = [
    ("users list", "/manage/users/"),
    ("users list, page 50", "/manage/users/?page=50"),
    ("users search", "/manage/users/?q=%D0%98%D0%B2%D0%B0%D0%BD"),
    ("audit trail", "/audit/"),
]

SEED = r"""
from django.contrib.auth.hashers import make_password
from dot.accounts.models import RoleAssignment, Role, User
from dot.org.models import OrgUnit
from dot.core.models import AuditLog
from django.contrib.contenttypes.models import ContentType
rows = %d
have = User.objects.filter(username__startswith="bench").count()
if have < rows:
    unit = OrgUnit.objects.get(code="kd")
    pw = make_password(None)
    names = ["Иванов", "Петров", "Сидоров", "Асанов", "Токтогулов", "Жумабаев"]
    users = [User(username=f"bench{i:05d}", last_name=names[i %% 6], first_name="Имя%%d" %% i,
                  patronymic="Отчество", email=f"bench{i}@example.org", password=pw)
             for i in range(have, rows)]
    User.objects.bulk_create(users, batch_size=1000)
    new = User.objects.filter(username__startswith="bench").exclude(role_assignments__isnull=False)
    RoleAssignment.objects.bulk_create(
        [RoleAssignment(user=u, role=Role.STUDENT, unit=unit) for u in new], batch_size=1000)
    ct = ContentType.objects.get_for_model(User)
    AuditLog.objects.bulk_create([AuditLog(action="update", content_type=ct, object_id=str(i),
        object_repr=f"bench{i}", changes={"phone": ["", "1"]}) for i in range(rows)], batch_size=1000)
print(User.objects.count())
"""


def run(cmd: list[str], **kw: object) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=ROOT, env=ENV, check=True, **kw)  # type: ignore[call-overload]


def prepare() -> None:
    subprocess.run(
        ["psql", PG + "/postgres", "-qc", "CREATE DATABASE dot_bench"],
        capture_output=True,
        check=False,
    )
    run([PY, "manage.py", "migrate", "--noinput", "-v", "0"])
    run([PY, "manage.py", "seed_demo", "--quiet"])
    run([PY, "manage.py", "collectstatic", "--noinput", "-v", "0"])
    run([PY, "manage.py", "shell", "-c", SEED % ROWS])


def login(username: str, password: str) -> urllib.request.OpenerDirector:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    html = opener.open(BASE + "/accounts/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert token, "no CSRF token on the login page"
    data = urllib.parse.urlencode(
        {"username": username, "password": password, "csrfmiddlewaretoken": token.group(1)}
    ).encode()
    req = urllib.request.Request(BASE + "/accounts/login/", data=data, headers={"Referer": BASE})
    opener.open(req).read()
    assert any(c.name == "sessionid" for c in jar), "login failed"
    return opener


def measure(opener: urllib.request.OpenerDirector, path: str) -> dict[str, float | int]:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    per_thread = REQUESTS // CONCURRENCY

    def worker() -> None:
        nonlocal errors
        for _ in range(per_thread):
            t0 = time.perf_counter()
            try:
                with opener.open(BASE + path) as r:
                    r.read()
                    ok = r.status == 200
            except Exception:
                ok = False
            dt = (time.perf_counter() - t0) * 1000
            with lock:
                latencies.append(dt)
                errors += 0 if ok else 1

    threads = [threading.Thread(target=worker) for _ in range(CONCURRENCY)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    latencies.sort()
    q = statistics.quantiles(latencies, n=100)
    return {
        "requests": len(latencies),
        "errors": errors,
        "req_per_s": round(len(latencies) / wall, 1),
        "p50_ms": round(q[49], 1),
        "p95_ms": round(q[94], 1),
        "p99_ms": round(q[98], 1),
    }


def main() -> int:
    prepare()
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "config.wsgi:application",
            "-w",
            "4",
            "-b",
            f"127.0.0.1:{PORT}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=ENV,
    )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(BASE + "/", timeout=1).read()
                break
            except Exception:
                time.sleep(0.2)
        opener = login("oitc", "demo1234")
        results = {}
        for name, path in PAGES:
            measure(opener, path)  # warm-up
            results[name] = {"path": path, **measure(opener, path)}
            print(f"{name:22} {results[name]}")
        out = {
            "machine": f"{os.cpu_count()} cores; gunicorn 4 sync workers; PostgreSQL; Redis",
            "rows": ROWS,
            "concurrency": CONCURRENCY,
            "date": time.strftime("%Y-%m-%d %H:%M"),
            "results": results,
        }
        (ROOT / "bench/results").mkdir(exist_ok=True)
        (ROOT / "bench/results/list_pages.json").write_text(
            json.dumps(out, indent=1, ensure_ascii=False)
        )
    finally:
        server.terminate()
        server.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
