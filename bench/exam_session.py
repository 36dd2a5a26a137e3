"""The exam-session benchmark (../shared/design/PERFORMANCE.md), exactly its scenario.

N students, each: log in, open the test, start an attempt, save an answer to each of Q
questions (one HTTP request per save, as the attempt page does), submit.

- ``burst``: no think time, all N at once — throughput and tail latency;
- ``realistic``: 30–90 s think time per question, starts spread over 60 s.

It runs against the scaled shape on this machine (bin/run-scaled): PostgreSQL (a
database of its own, ``dot_bench_exam``), Redis (sessions and cache), the load balancer
(nginx, deploy/nginx.conf.in) in front of gunicorn (WSGI: pages and API) and granian
(ASGI: the answer saves, dot/assessments/asgi_fastpath.py), and the load generator
(bench/loadgen.py, asyncio, one task per student) on the same machine.
``BENCH_SHAPE=wsgi``: gunicorn alone (its WSGI fast path), as measured before. Log-ins happen first (PBKDF2 costs ~0.3 s of CPU each, as it should) and are
reported apart; the exam clock starts when everyone is logged in, as in a real exam
room. Every save the server acknowledged is then checked in the database: its value
must be there (``lost_answers`` must be 0).

    .venv/bin/python bench/exam_session.py burst              # N=200, Q=20
    BENCH_N=2000 .venv/bin/python bench/exam_session.py realistic
Results: bench/results/exam_session_<variant>.json
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from loadgen import Client, percentiles  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv/bin/python")
PORT = int(os.environ.get("BENCH_PORT", "8110"))
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
DB = os.environ.get("BENCH_DB", "dot_bench_exam")
WORKERS = os.environ.get("BENCH_WORKERS", "4")
# bin/run-scaled's settings: gunicorn's sync workers behind nginx (BENCH_THREADS > 1:
# threaded workers, the setting of the WSGI-only shape), niced below the saves' server.
THREADS = os.environ.get(
    "BENCH_THREADS", "1" if os.environ.get("BENCH_SHAPE", "balanced") == "balanced" else "4"
)
SERVER = os.environ.get("BENCH_SERVER", "gunicorn")
SHAPE = os.environ.get("BENCH_SHAPE", "balanced")  # balanced: nginx + gunicorn + granian
ASGI_WORKERS = os.environ.get("BENCH_ASGI_WORKERS", "2")
# The pages' server yields the CPU to the answer saves (bin/run-scaled: PAGES_NICE).
PAGES_NICE = ["nice", "-n", os.environ.get("BENCH_PAGES_NICE", "10")]
PASSWORD = "bench-pass-1"
ENV = {
    **os.environ,
    "DATABASE_URL": f"{PG}/{DB}",
    "REDIS_URL": os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379/4"),
    "CACHE_KEY_PREFIX": "dot-bench-exam",
    "DOT_VAR_DIR": str(ROOT / "var/bench-exam"),
    "AXES_FAILURE_LIMIT": "100000",
    # Behind the load balancer, which sets X-Forwarded-For itself.
    "DOT_TRUST_X_FORWARDED_FOR": "true" if SHAPE == "balanced" else "false",
    "LOG_LEVEL": "ERROR",
}

# Creates (once) a course with N students and a test of Q single-choice questions; prints
# {"test": id, "test_url": ..., "students": [usernames]}.
SEED = (ROOT / "bench/exam_seed.py").read_text()


def run(cmd: list[str], **kw: Any) -> subprocess.CompletedProcess:
    kw.setdefault("env", ENV)
    return subprocess.run(cmd, cwd=ROOT, check=True, **kw)


def prepare(n: int, q: int) -> dict[str, Any]:
    subprocess.run(
        ["psql", f"{PG}/postgres", "-qc", f"CREATE DATABASE {DB}"],
        capture_output=True,
        check=False,
    )
    run([PY, "manage.py", "migrate", "--noinput", "-v", "0"])
    run([PY, "manage.py", "collectstatic", "--noinput", "-v", "0"])
    out = run(
        [PY, "manage.py", "shell", "-c", SEED],
        capture_output=True,
        text=True,
        input="",
        env={**ENV, "BENCH_N": str(n), "BENCH_Q": str(q), "BENCH_PASSWORD": PASSWORD},
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def server_command(port: int) -> list[str]:
    """The production web server of the scaled shape: gunicorn (default) or granian."""
    if SERVER == "granian":
        return [
            str(ROOT / ".venv/bin/granian"),
            "--interface",
            "wsgi",
            "--workers",
            WORKERS,
            "--blocking-threads",
            THREADS,
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--backlog",
            "4096",
            "--respawn-failed-workers",
            "--log-level",
            "warning",
            "config.wsgi:application",
        ]
    worker_class = ["-k", "gthread", "--threads", THREADS] if THREADS != "1" else []
    return [
        str(ROOT / ".venv/bin/gunicorn"),
        "config.wsgi:application",
        "--preload",  # warmed up once in the master (dot/core/warmup.py)
        "-w",
        WORKERS,
        *worker_class,
        "-b",
        f"127.0.0.1:{port}",
        "--backlog",
        "4096",
        "--log-level",
        "warning",
    ]


def asgi_command(port: int) -> list[str]:
    """The ASGI server of the scaled shape, as bin/run-scaled starts it."""
    return [
        str(ROOT / ".venv/bin/granian"),
        "--interface",
        "asgi",
        "--workers",
        ASGI_WORKERS,
        "--loop",
        "uvloop",
        "--runtime-mode",
        "st",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--backlog",
        "4096",
        "--respawn-failed-workers",
        "--log-level",
        "warning",
        "config.asgi:application",
    ]


def start_server() -> list[subprocess.Popen]:
    """The servers of the shape; the load generator talks to PORT."""
    if SHAPE == "balanced":
        run([str(ROOT / "bin/ensure-system-deps"), "nginx"])
        conf = run(
            [
                str(ROOT / "bin/nginx-conf"),
                str(ROOT / "var/bench-exam"),
                "127.0.0.1",
                str(PORT),
                str(PORT + 1),
                str(PORT + 2),
            ],
            capture_output=True,
            text=True,
        ).stdout.strip()
        servers = [
            subprocess.Popen(PAGES_NICE + server_command(PORT + 1), cwd=ROOT, env=ENV),
            subprocess.Popen(asgi_command(PORT + 2), cwd=ROOT, env=ENV),
            subprocess.Popen(["/usr/sbin/nginx", "-c", conf], cwd=ROOT, env=ENV),
        ]
    else:
        servers = [subprocess.Popen(server_command(PORT), cwd=ROOT, env=ENV)]
    for _ in range(150):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/", timeout=1).read()
            return servers
        except Exception:
            time.sleep(0.2)
    stop_servers(servers)
    raise RuntimeError("the web server did not start")


def stop_servers(servers: list[subprocess.Popen]) -> None:
    for server in servers:
        server.terminate()
    for server in servers:
        server.wait()


class Stats:
    def __init__(self) -> None:
        self.lat: dict[str, list[float]] = {
            "login": [],
            "open": [],
            "start": [],
            "save": [],
            "submit": [],
        }
        self.errors: dict[str, int] = {}
        self.acked: dict[tuple[int, int], tuple[int, Any]] = {}  # (attempt, slot) -> (seq, fields)
        self.saves = 0
        self.finished = 0
        self.first_save: float | None = None  # perf_counter when the first save was sent
        self.last_save = 0.0  # ... and when the last acknowledgement arrived

    def error(self, what: str, detail: str) -> None:
        key = f"{what}: {detail}"[:160]
        self.errors[key] = self.errors.get(key, 0) + 1


# Retries per request after a transport error or a 5xx, with backoff, as the attempt page
# does; 0 in the clean benchmark (every error counts), more in bench/exam_faults.py.
RETRIES = int(os.environ.get("BENCH_RETRIES", "0"))
TRANSPORT_ERRORS = (OSError, ConnectionError, asyncio.TimeoutError, asyncio.IncompleteReadError)


async def call(stats: Stats, what: str, send: Any) -> Any:
    response = None
    for attempt in range(RETRIES + 1):
        try:
            response = await send()
        except TRANSPORT_ERRORS as exc:
            stats.error(what, type(exc).__name__)
            response = None
        else:
            stats.lat[what].append(response.ms)
            if response.status < 500:
                return response
            stats.error(what, f"{response.status} {response.text[:80]}")
        if attempt < RETRIES:
            await asyncio.sleep(min(8.0, 0.25 * 2**attempt))
    return response


async def student(
    username: str,
    seed: dict[str, Any],
    stats: Stats,
    *,
    think: tuple[float, float],
    delay: float,
    gate: asyncio.Event,
    clients: dict[str, Client],
) -> None:
    client = clients[username]
    rng = random.Random(username)
    await gate.wait()
    await asyncio.sleep(delay)
    test_id = seed["test"]
    r = await call(stats, "open", lambda: client.get(seed["test_url"]))
    if r is None or r.status != 200:
        stats.error("open", str(r.status if r else "gave up"))
        return
    r = await call(
        stats, "start", lambda: client.post_json(f"/api/assessments/tests/{test_id}/attempts/", {})
    )
    if r is None or r.status not in (200, 201):
        stats.error("start", f"{r.status} {r.text[:80]}" if r else "gave up")
        return
    attempt = r.json()
    attempt_id = attempt["id"]
    for slot in attempt["slots"]:
        if think[1]:
            await asyncio.sleep(rng.uniform(*think))
        number = slot["slot"]
        fields = answer_fields(slot, rng)
        payload = {"slot": number, "seq": 1, "fields": fields}
        if stats.first_save is None:
            stats.first_save = time.perf_counter()
        r = await call(
            stats,
            "save",
            lambda p=payload: client.post_json(
                f"/api/assessments/attempts/{attempt_id}/answers/", p
            ),
        )
        if r is None or r.status != 200:
            stats.error("save", f"{r.status} {r.text[:80]}" if r else "gave up")
            continue
        stats.saves += 1
        stats.last_save = time.perf_counter()
        # A repeated save (a retry after a lost acknowledgement) answers saved=false: the
        # value is the same, and it is the acknowledged one either way.
        stats.acked[(attempt_id, number)] = (1, fields)
    r = await call(
        stats,
        "submit",
        lambda: client.post_json(f"/api/assessments/attempts/{attempt_id}/submit/", {}),
    )
    if r is None or r.status != 200:
        stats.error("submit", f"{r.status} {r.text[:80]}" if r else "gave up")
        return
    stats.finished += 1


def answer_fields(slot: dict[str, Any], rng: random.Random) -> dict[str, list[str]]:
    """The fields the attempt page would post for a single-choice question."""
    question = slot["question"]
    option = rng.choice(question["options"])
    return {f"q{slot['slot']}-choice": [str(option["id"])]}


VERIFY = r"""
import json
from dot.assessments.models import AttemptAnswer
acked = json.loads(open(%r).read())
keys = {(int(a), int(s)): v for a, s, v in acked}
rows = AttemptAnswer.objects.filter(attempt_id__in={a for a, _ in keys}).values_list(
    "attempt_id", "slot", "seq", "response")
found = {(a, s): (seq, resp) for a, s, seq, resp in rows}
lost = []
for (attempt, slot), (seq, fields) in keys.items():
    got = found.get((attempt, slot))
    want = fields[f"q{slot}-choice"][0]
    # The acknowledged value must be stored (seq at least the acknowledged one, same choice).
    if got is None or got[0] < seq or (got[1] or {}).get("choice") != want:
        lost.append([attempt, slot, seq, want, got[0] if got else None, got[1] if got else None])
print(json.dumps({"checked": len(keys), "lost": len(lost), "examples": lost[:10]}))
"""


def cpu_seconds() -> dict[str, float]:
    """CPU time used so far by the web server, PostgreSQL, Redis and this load generator
    (Linux /proc): the exam phase's split of the machine's two cores is reported."""
    tick = os.sysconf("SC_CLK_TCK")
    used: dict[str, float] = {}
    me = os.getpid()
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
            cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        cpu = (int(fields[11]) + int(fields[12])) / tick
        if int(pid) == me:
            group = "load_generator"
        elif "gunicorn" in cmd:
            group = "web_server" if SHAPE != "balanced" else "wsgi_server"
        elif "granian" in cmd:
            group = "web_server" if SHAPE != "balanced" else "asgi_server"
        elif cmd.startswith("nginx"):
            group = "load_balancer"
        elif cmd.startswith("postgres"):
            group = "postgresql"
        elif "redis-server" in cmd:
            group = "redis"
        else:
            continue
        used[group] = used.get(group, 0.0) + cpu
    return used


def verify(stats: Stats) -> dict[str, Any]:
    path = ROOT / "var/bench-exam/acked.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps([[a, s, v] for (a, s), v in stats.acked.items()]))
    out = run(
        [PY, "manage.py", "shell", "-c", VERIFY % str(path)],
        capture_output=True,
        text=True,
        input="",
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


async def scenario(
    variant: str,
    n: int,
    q: int,
    seed: dict[str, Any],
    exam_started: asyncio.Event | None = None,
) -> dict[str, Any]:
    """Log everyone in, then run the exam; ``exam_started`` is set when it begins."""
    stats = Stats()
    clients = {u: Client("127.0.0.1", PORT) for u in seed["students"][:n]}
    sem = asyncio.Semaphore(int(os.environ.get("BENCH_LOGIN_CONCURRENCY", "8")))

    async def login(u: str) -> None:
        async with sem:
            r = await clients[u].login(u, PASSWORD)
            stats.lat["login"].append(r.ms)

    t0 = time.perf_counter()
    await asyncio.gather(*(login(u) for u in clients))
    login_s = time.perf_counter() - t0
    gate = asyncio.Event()
    think = (30.0, 90.0) if variant == "realistic" else (0.0, 0.0)
    spread = 60.0 if variant == "realistic" else 0.0
    if os.environ.get("BENCH_THINK"):  # "low,high" seconds (bench/exam_faults.py)
        low, high = os.environ["BENCH_THINK"].split(",")
        think = (float(low), float(high))
        spread = float(os.environ.get("BENCH_SPREAD", "0"))
    rng = random.Random(7)
    tasks = [
        asyncio.create_task(
            student(
                u,
                seed,
                stats,
                think=think,
                delay=rng.uniform(0, spread),
                gate=gate,
                clients=clients,
            )
        )
        for u in clients
    ]
    cpu_before = cpu_seconds()
    t1 = time.perf_counter()
    gate.set()
    if exam_started is not None:
        exam_started.set()
    results = await asyncio.gather(*tasks, return_exceptions=True)
    wall = time.perf_counter() - t1
    cpu_after = cpu_seconds()
    for res in results:
        if isinstance(res, BaseException):
            stats.error("client", type(res).__name__ + " " + str(res)[:80])
    for c in clients.values():
        await c.close()
    save_window = wall if variant == "burst" else None
    saving = stats.last_save - stats.first_save if stats.first_save else None
    return {
        "variant": variant,
        "students": n,
        "questions": q,
        "login_phase_s": round(login_s, 1),
        "exam_wall_s": round(wall, 1),
        "answer_saves": stats.saves,
        "students_finished": stats.finished,
        # Over the whole exam (opens, starts and submits included) and over the saving
        # phase only (first save sent to last save acknowledged).
        "saves_per_s": round(stats.saves / save_window, 1) if save_window else None,
        "saves_per_s_while_saving": round(stats.saves / saving, 1) if saving else None,
        "latency": {k: percentiles(v) for k, v in stats.lat.items()},
        "cpu_seconds_during_exam": {
            k: round(cpu_after.get(k, 0.0) - v, 1) for k, v in sorted(cpu_before.items())
        },
        "errors": sum(stats.errors.values()),
        "error_kinds": stats.errors,
        "verification": verify(stats),
    }


def machine() -> str:
    web = f"{SERVER} {WORKERS} workers x {THREADS} threads"
    if SHAPE == "balanced":
        web = f"nginx -> {web} (pages, API) + granian ASGI {ASGI_WORKERS} workers (saves)"
    return (
        f"{os.cpu_count()} cores; {web}; PostgreSQL; Redis sessions; "
        "load generator on the same machine"
    )


def main() -> int:
    variant = sys.argv[1] if len(sys.argv) > 1 else "burst"
    n = int(os.environ.get("BENCH_N", "200" if variant == "burst" else "2000"))
    q = int(os.environ.get("BENCH_Q", "20"))
    seed = prepare(n, q)
    servers = start_server()
    try:
        result = asyncio.run(scenario(variant, n, q, seed))
    finally:
        stop_servers(servers)
    result.update(
        {
            "machine": machine(),
            "date": time.strftime("%Y-%m-%d %H:%M"),
        }
    )
    out = ROOT / f"bench/results/exam_session_{variant}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=1, ensure_ascii=False))
    # One line per run, kept: the machine is shared and noisy, the README quotes the runs.
    latency = result["latency"]
    summary = {
        "date": result["date"],
        "machine": result["machine"],
        "students": n,
        "questions": q,
        "saves_per_s": result["saves_per_s"],
        "saves_per_s_while_saving": result["saves_per_s_while_saving"],
        "save_ms": {k: latency["save"].get(k) for k in ("p50_ms", "p95_ms", "p99_ms")},
        "start_p95_ms": latency["start"].get("p95_ms"),
        "submit_p95_ms": latency["submit"].get("p95_ms"),
        "errors": result["errors"],
        "lost": result["verification"]["lost"],
        "cpu_seconds_during_exam": result["cpu_seconds_during_exam"],
    }
    with (ROOT / f"bench/results/exam_session_{variant}_runs.jsonl").open("a") as runs:
        runs.write(json.dumps(summary, ensure_ascii=False) + "\n")
    print(json.dumps(result, indent=1, ensure_ascii=False))
    ok = result["errors"] == 0 and result["verification"]["lost"] == 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
