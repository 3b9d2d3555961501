"""End-to-end benchmark of Support Desk at a given size: `make bench SIZE=1000000`.

What it does, in order:

1. Makes sure a PostgreSQL database `supportdesk_bench_<size>` holds exactly SIZE demo tickets
   (`supportdesk seed_demo`, with its progress bar). A database left by an earlier run is
   reused: the tickets that run created are deleted and the statistics counters rebuilt first.
2. Creates an agent API token (`supportdesk create_api_token bench-agent --role agent`).
3. Starts gunicorn as deploy/ does (production settings, `--threads 4`), with
   `--workers 2 x cores`, the local triage model and the classify throttle raised.
4. For each scenario, runs bench/load.py in a separate process: first one client alone
   (the latency a person sees), then several at once (throughput, and latency under load).
   Server memory (RSS and PSS of the gunicorn master and workers) is read from /proc.
5. Times the best single SQL query for the same answer with psycopg (client-side, and the
   executor time from EXPLAIN ANALYZE), so HTTP p50 / SQL p50 can be read on a noisy machine.
6. Starts a Celery worker (`--pool=solo`, its own queue on the local Redis), has it retrain
   the local triage model once and reports its memory.
7. Writes bench/results/<size>.json and bench/results/<size>.md.

Targets (at 1M, p50 with one client): list <= 10 ms, filter <= 15 ms, search <= 25 ms,
stats <= 20 ms; creates >= 500/s on 2 cores; Celery worker <= 300 MB.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import http.client
import json
import os
import platform
import random
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
import redis

from support_desk.core.process_commands import celery_worker_command, gunicorn_command, stop_process
from support_desk.tickets.durations import bucket_range

BENCH_DIR = Path(__file__).resolve().parent
REPO_DIR = BENCH_DIR.parent
RESULTS_DIR = BENCH_DIR / "results"
BENCH_USER = "bench-agent"
RARE_WORD = "zeppelin"
COMMON_WORD = "password"
# How deep the "deep page" scenario follows the Link chain (50 tickets a page).
DEEP_PAGES = 200
SQL_REPEATS = 60
PRODUCTION_SETTINGS = "support_desk.config.settings.production"
CREATE_TEXTS = (
    "I was charged twice for my subscription this month, please refund the second payment.",
    "The login page keeps rejecting my password even after I reset it twice.",
    "Our export to CSV times out for reports larger than a few thousand rows.",
    "The mobile app crashes as soon as I open the settings screen on Android 14.",
)
CLASSIFY_TEXT = "I cannot sign in since this morning; the reset link in the email says it has expired."
# Columns a ticket page serializes: the ticket and the two people it names.
TICKET_COLUMNS = "t.*, r.username AS requester_username, a.username AS assignee_username"
TICKET_FROM = (
    "FROM tickets_ticket t LEFT JOIN accounts_user r ON r.id = t.requester_id "
    "LEFT JOIN accounts_user a ON a.id = t.assignee_id"
)
NEWEST_FIRST = "ORDER BY t.created_at DESC, t.id DESC LIMIT 51"


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


# --- the machine --------------------------------------------------------------------------------


def machine_description(conn: psycopg.Connection[Any]) -> dict[str, Any]:
    cpu_model = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu_model = line.split(":", 1)[1].strip()
                break
    mem_kb = 0
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_kb = int(line.split()[1])
    settings = {
        name: conn.execute(f"SHOW {name}").fetchone()[0]  # type: ignore[index]
        for name in ("shared_buffers", "work_mem", "effective_cache_size", "max_connections")
    }
    return {
        # Other work on the machine shows here; compare ratios, not absolute times, across runs.
        "load_average_at_start": Path("/proc/loadavg").read_text().split()[:3],
        "cpu_model": cpu_model,
        "cores": os.cpu_count(),
        "ram_gib": round(mem_kb / 1024 / 1024, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "postgresql": conn.execute("SHOW server_version").fetchone()[0],  # type: ignore[index]
        "postgresql_settings": settings,
    }


# --- processes and memory -----------------------------------------------------------------------


def children_of(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(item) for item in text.split()]


def process_tree(pid: int) -> list[int]:
    pids = [pid]
    for child in children_of(pid):
        pids.extend(process_tree(child))
    return pids


def _status_kb(pid: int, key: str) -> int:
    with contextlib.suppress(OSError, ValueError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return 0


def _pss_kb(pid: int) -> int:
    """Proportional set size: shared pages split between the processes sharing them."""
    with contextlib.suppress(OSError, ValueError):
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    return 0


def memory_of(pid: int) -> dict[str, Any]:
    """RSS of a process and its descendants (counts shared pages once per process), and PSS."""
    pids = process_tree(pid)
    rss = {p: _status_kb(p, "VmRSS") for p in pids}
    return {
        "processes": len(pids),
        "rss_mb": round(sum(rss.values()) / 1024, 1),
        "pss_mb": round(sum(_pss_kb(p) for p in pids) / 1024, 1),
        "per_process_rss_mb": [round(value / 1024, 1) for value in rss.values()],
    }


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def supportdesk(env: dict[str, str], *args: str, capture: bool = True) -> str:
    """A management command in a child process (its output, or shown live when not captured)."""
    result = subprocess.run(  # noqa: S603 - our own interpreter and fixed arguments
        [sys.executable, "-m", "support_desk", *args],
        env=env,
        capture_output=capture,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        detail = f"\n{result.stdout}\n{result.stderr}" if capture else ""
        raise SystemExit(f"supportdesk {' '.join(args)} failed (exit {result.returncode}){detail}")
    return result.stdout or ""


# --- the database -------------------------------------------------------------------------------


def database_url(server_url: str, name: str) -> str:
    return f"{server_url.rstrip('/')}/{name}"


def table_exists(conn: psycopg.Connection[Any], name: str) -> bool:
    row = conn.execute("SELECT to_regclass(%s) IS NOT NULL", (name,)).fetchone()
    return bool(row and row[0])


def remove_bench_tickets(conn: psycopg.Connection[Any]) -> int:
    """Delete the tickets an earlier run created, so the database holds the seeded set again."""
    if not table_exists(conn, "tickets_ticket") or not table_exists(conn, "accounts_user"):
        return 0
    bench = (
        "SELECT id FROM tickets_ticket"
        " WHERE requester_id IN (SELECT id FROM accounts_user WHERE username = %s)"
    )
    with conn.transaction():
        # The foreign keys cascade in Django, not in the database: children first.
        for child in ("tickets_ticketevent", "tickets_ticketmessage"):
            conn.execute(f"DELETE FROM {child} WHERE ticket_id IN ({bench})", (BENCH_USER,))  # noqa: S608
        deleted = conn.execute(f"DELETE FROM tickets_ticket WHERE id IN ({bench})", (BENCH_USER,)).rowcount  # noqa: S608
    return deleted


def rebuild_counters(env: dict[str, str]) -> None:
    code = "from support_desk.tickets.services import stats_rebuild; stats_rebuild()"
    supportdesk(env, "shell", "-c", code)


def vacuum_analyze(url: str) -> None:
    """Bring the tables to the state autovacuum keeps a running server in.

    A freshly loaded (or just cleaned) table has no visibility map and stale planner
    statistics; without this, index-only scans visit the heap and plans differ between runs.
    """
    log("VACUUM ANALYZE")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")


def prepare_database(server_url: str, name: str, size: int, env: dict[str, str]) -> dict[str, Any]:
    """A database holding exactly `size` demo tickets: reused when it does, (re)seeded otherwise."""
    admin_url = database_url(server_url, "postgres")
    with psycopg.connect(admin_url, autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
    if exists:
        with psycopg.connect(env["DATABASE_URL"], autocommit=True) as conn:
            removed = remove_bench_tickets(conn)
            count = (
                conn.execute("SELECT count(*) FROM tickets_ticket").fetchone()[0]  # type: ignore[index]
                if table_exists(conn, "tickets_ticket")
                else -1
            )
        if removed:
            log(f"removed {removed} tickets left by an earlier run; rebuilding the statistics counters")
            rebuild_counters(env)
        if count == size:
            log(f"reusing {name}: it holds {size} tickets")
            supportdesk(env, "migrate", "--noinput")
            vacuum_analyze(env["DATABASE_URL"])
            return {"name": name, "seeded": False, "seed_seconds": None}
        log(f"{name} holds {count} tickets, not {size}: recreating it")
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    log(f"seeding {size} tickets into {name}")
    started = time.monotonic()
    supportdesk(env, "seed_demo", "--count", str(size), "--database-url", env["DATABASE_URL"], capture=False)
    seed_seconds = time.monotonic() - started
    vacuum_analyze(env["DATABASE_URL"])
    return {"name": name, "seeded": True, "seed_seconds": round(seed_seconds, 1)}


def relation_sizes(conn: psycopg.Connection[Any]) -> dict[str, Any]:
    row = conn.execute(
        "SELECT pg_relation_size('tickets_ticket'), pg_indexes_size('tickets_ticket'),"
        " pg_total_relation_size('tickets_ticket'), pg_database_size(current_database())"
    ).fetchone()
    assert row is not None
    heap, indexes, total, database = row
    mb = 1024 * 1024
    return {
        "tickets_heap_mb": round(heap / mb, 1),
        "tickets_indexes_mb": round(indexes / mb, 1),
        "tickets_total_mb": round(total / mb, 1),
        "database_mb": round(database / mb, 1),
    }


# --- the server ---------------------------------------------------------------------------------


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    port: int
    workers: int
    threads: int
    log_path: Path


def redis_url(env: dict[str, str]) -> str:
    """The broker: a Redis database of its own, so queued jobs can be cleared after the run."""
    return env.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")


def clear_queues(env: dict[str, str], queue: str) -> None:
    """Drop the jobs this run queued and no worker took (the run's own queue and Celery's default)."""
    client = redis.Redis.from_url(redis_url(env))
    try:
        client.delete(queue, "celery")
    finally:
        client.close()


def server_env(base_env: dict[str, str], var_dir: Path, queue: str) -> dict[str, str]:
    env = dict(base_env)
    env.update(
        DJANGO_SETTINGS_MODULE=PRODUCTION_SETTINGS,
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        TRIAGE_PROVIDER="local",
        # The bench measures the model, not the rate limit that protects it.
        THROTTLE_CLASSIFY_RATE="10000000/min",
        SUPPORTDESK_VAR_DIR=str(var_dir),
        STATIC_ROOT=str(var_dir / "static"),
        TRIAGE_MODEL_DIR=str(var_dir / "triage-model"),
        # As in deploy/compose.yaml: jobs go through Redis (a queue of this run's own).
        CELERY_BROKER_URL=redis_url(base_env),
        CELERY_QUEUE=queue,
    )
    for key in ("DEBUG", "LOG_FORMAT", "MAX_REQUEST_BYTES", "WEB_CONCURRENCY", "LLM_BASE_URL"):
        env.pop(key, None)
    return env


def http_get(
    port: int, path: str, token: str | None, timeout: float = 30
) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


@contextlib.contextmanager
def gunicorn(env: dict[str, str], workers: int, threads: int, log_path: Path) -> Iterator[Server]:
    """The app served as deploy/Dockerfile's CMD serves it, on a free loopback port."""
    port = free_port()
    with log_path.open("wb") as log_file:
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and fixed arguments
            gunicorn_command(port=port, workers=workers, threads=threads),
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    server = Server(process=process, port=port, workers=workers, threads=threads, log_path=log_path)
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise SystemExit("gunicorn exited:\n" + log_path.read_text(errors="replace")[-4000:])
            with contextlib.suppress(OSError):
                if http_get(port, "/healthz", None, timeout=2)[0] == 200:
                    break
            if time.monotonic() > deadline:
                raise SystemExit("gunicorn did not start:\n" + log_path.read_text(errors="replace")[-4000:])
            time.sleep(0.3)
        yield server
    finally:
        stop_process(process, grace_seconds=20)


# --- load ---------------------------------------------------------------------------------------


def run_load(
    port: int,
    token: str,
    requests: list[dict[str, Any]],
    choices: dict[str, list[Any]],
    concurrency: int,
    duration: float,
    warmup: float,
    counter_start: int,
) -> dict[str, Any]:
    spec = {
        "host": "127.0.0.1",
        "port": port,
        "concurrency": concurrency,
        "duration": duration,
        "warmup": warmup,
        "headers": {"Authorization": f"Bearer {token}"},
        "requests": requests,
        "choices": choices,
        "counter_start": counter_start,
    }
    result = subprocess.run(  # noqa: S603 - our own interpreter and fixed arguments
        [sys.executable, str(BENCH_DIR / "load.py")],
        input=json.dumps(spec),
        capture_output=True,
        text=True,
        check=False,
        timeout=duration + warmup + 120,
    )
    if result.returncode != 0:
        raise SystemExit(f"bench/load.py failed:\n{result.stderr}")
    loaded: dict[str, Any] = json.loads(result.stdout)
    return loaded


def follow_link(port: int, token: str, path: str, pages: int) -> str:
    """The URL `pages` steps down the Link chain from `path` (path and query only)."""
    for _ in range(pages):
        status, headers, _ = http_get(port, path, token)
        if status != 200:
            raise SystemExit(f"GET {path} answered {status} while following the cursor chain")
        link = headers.get("link")
        if not link:
            break
        url = link.split(";", 1)[0].strip().strip("<>")
        parts = urllib.parse.urlsplit(url)
        path = f"{parts.path}?{parts.query}"
    return path


# --- SQL baselines ------------------------------------------------------------------------------


@dataclass
class SqlBaseline:
    """The best single query for a scenario's answer, timed from the client."""

    label: str
    query: str
    params: Callable[[], Sequence[Any]] = lambda: ()
    # Writes run in a transaction each and commit, as the API's do.
    write: bool = False


def time_sql(conn: psycopg.Connection[Any], baseline: SqlBaseline, repeats: int) -> dict[str, Any]:
    explain_ms = None
    plan: list[str] = []
    if not baseline.write:
        rows = conn.execute(
            f"EXPLAIN (ANALYZE, BUFFERS) {baseline.query}",  # type: ignore[arg-type]
            baseline.params(),
        ).fetchall()
        plan = [row[0] for row in rows]
        for line in plan:
            if line.startswith("Execution Time:"):
                explain_ms = float(line.split()[2])
    timings = []
    for attempt in range(repeats + 3):
        params = baseline.params()
        started = time.perf_counter()
        if baseline.write:
            with conn.transaction():
                conn.execute(baseline.query, params).fetchall()  # type: ignore[arg-type]
        else:
            conn.execute(baseline.query, params).fetchall()  # type: ignore[arg-type]
        elapsed = (time.perf_counter() - started) * 1000
        if attempt >= 3:  # the first runs warm caches and prepare the plan
            timings.append(elapsed)
    timings.sort()
    return {
        "label": baseline.label,
        "query": baseline.query,
        "p50_ms": round(statistics.median(timings), 3),
        "p95_ms": round(timings[int(len(timings) * 0.95) - 1], 3),
        "explain_execution_ms": explain_ms,
        "plan": plan,
    }


def cursor_params(conn: psycopg.Connection[Any], deep_path: str) -> tuple[Any, ...]:
    """The (created_at, id) a cursor token stands for, to give SQL the same starting point."""
    token = urllib.parse.parse_qs(urllib.parse.urlsplit(deep_path).query)["cursor"][0]
    created_at, row_id = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    return (datetime.fromisoformat(created_at), row_id)


# --- scenarios ----------------------------------------------------------------------------------


@dataclass
class Target:
    metric: str  # "p50" (ms, one client) or "ok_rps" (under load)
    limit: float

    def met(self, value: float | None) -> bool | None:
        if value is None:
            return None
        return value <= self.limit if self.metric == "p50" else value >= self.limit

    def describe(self) -> str:
        return f"p50 <= {self.limit:g} ms" if self.metric == "p50" else f">= {self.limit:g} per s"


@dataclass
class Scenario:
    name: str
    title: str
    requests: list[dict[str, Any]]
    sql: SqlBaseline | None
    target: Target | None = None
    choices: dict[str, list[Any]] = field(default_factory=dict)
    baseline_note: str = ""


def build_scenarios(
    deep_path: str,
    deep_pages: int,
    deep_cursor: tuple[Any, ...],
    ticket_ids: list[int],
    sql_ticket_ids: list[int],
) -> list[Scenario]:
    """The scenarios. `sql_ticket_ids` is filled with the INSERT baseline's rows before the UPDATE
    baseline runs."""

    def get(path: str) -> list[dict[str, Any]]:
        return [{"method": "GET", "path": path, "body": None}]

    def page(where: str = "", params: tuple[Any, ...] = ()) -> tuple[str, Callable[[], Sequence[Any]]]:
        clause = f"WHERE {where} " if where else ""
        return f"SELECT {TICKET_COLUMNS} {TICKET_FROM} {clause}{NEWEST_FIRST}", lambda: params

    first_sql, first_params = page()
    deep_sql, deep_params = page("(t.created_at, t.id) < (%s, %s)", deep_cursor)
    filter_sql, filter_params = page("t.status = 'open' AND t.priority = 'high'")
    search = "t.search_vector @@ to_tsquery('simple', %s)"
    rare_sql, rare_params = page(search, (f"{RARE_WORD}:*",))
    common_sql, common_params = page(search, (f"{COMMON_WORD}:*",))

    def create_bodies(**labels: str) -> list[dict[str, Any]]:
        return [
            {
                "method": "POST",
                "path": "/api/tickets/",
                "body": json.dumps({"title": "Bench ticket {n}", "description": text, **labels}),
            }
            for text in CREATE_TEXTS
        ]

    insert_sql = (
        "INSERT INTO tickets_ticket (title, description, category, priority, status, created_at, updated_at,"
        " version, category_source, priority_source, requester_id)"
        " VALUES ('Bench SQL ticket', %s, 'general', 'medium', 'open', now(), now(), 1, 'default', 'default',"
        " (SELECT id FROM accounts_user WHERE username = %s)) RETURNING id"
    )
    insert_baseline = SqlBaseline(
        "one INSERT, committed", insert_sql, lambda: (CREATE_TEXTS[0], BENCH_USER), write=True
    )
    # Only rows the INSERT baseline made are updated, so the statistics counters stay exact.
    update_sql = (
        "UPDATE tickets_ticket SET status = CASE status WHEN 'open' THEN 'in_progress' ELSE 'open' END,"
        " version = version + 1, updated_at = now() WHERE id = %s RETURNING id"
    )
    newest = "newest first, with requester and assignee"
    statuses = ["open", "in_progress", "resolved", "closed"]
    patch = {"method": "PATCH", "path": "/api/tickets/{id}/", "body": '{"status": "{status}"}'}
    classify = {
        "method": "POST",
        "path": "/api/tickets/classify/",
        "body": json.dumps({"description": CLASSIFY_TEXT}),
    }
    return [
        Scenario(
            "list_first",
            "GET /api/tickets/ (first page)",
            get("/api/tickets/"),
            SqlBaseline(f"first 51 rows {newest}", first_sql, first_params),
            Target("p50", 10),
        ),
        Scenario(
            "list_deep",
            f"GET /api/tickets/?cursor=... ({deep_pages} pages deep)",
            get(deep_path),
            SqlBaseline(f"row-value seek below the cursor, {newest}", deep_sql, deep_params),
            Target("p50", 10),
        ),
        Scenario(
            "filter_open_high",
            "GET /api/tickets/?status=open&priority=high",
            get("/api/tickets/?status=open&priority=high"),
            SqlBaseline(f"status and priority equal, {newest}", filter_sql, filter_params),
            Target("p50", 15),
        ),
        Scenario(
            "search_rare",
            f"GET /api/tickets/?search={RARE_WORD}",
            get(f"/api/tickets/?search={RARE_WORD}"),
            SqlBaseline(f"tsvector prefix match, {newest}", rare_sql, rare_params),
            Target("p50", 25),
        ),
        Scenario(
            "search_common",
            f"GET /api/tickets/?search={COMMON_WORD}",
            get(f"/api/tickets/?search={COMMON_WORD}"),
            SqlBaseline(f"tsvector prefix match, {newest}", common_sql, common_params),
            Target("p50", 25),
        ),
        Scenario(
            "stats",
            "GET /api/tickets/stats/",
            get("/api/tickets/stats/"),
            SqlBaseline(
                "counter rows summed by key", "SELECT key, SUM(value) FROM tickets_statcounter GROUP BY key"
            ),
            Target("p50", 20),
        ),
        Scenario(
            "create",
            "POST /api/tickets/ (category and priority chosen)",
            create_bodies(category="billing", priority="high"),
            insert_baseline,
            Target("ok_rps", 500),
        ),
        Scenario(
            "create_triaged",
            "POST /api/tickets/ (no labels: triage suggests them)",
            create_bodies(),
            insert_baseline,
            Target("ok_rps", 500),
        ),
        Scenario(
            "status_change",
            "PATCH /api/tickets/<id>/ {status}",
            [patch],
            SqlBaseline(
                "one UPDATE of the status, committed",
                update_sql,
                lambda: (random.choice(sql_ticket_ids),),  # noqa: S311 - which row, not a secret
                write=True,
            ),
            choices={"id": ticket_ids, "status": statuses},
        ),
        Scenario(
            "classify",
            "POST /api/tickets/classify/ (local model)",
            [classify],
            None,
            baseline_note="in-process classify_text()",
        ),
    ]


def median_baseline(conn: psycopg.Connection[Any]) -> SqlBaseline:
    """What /stats/ reads for the median: the slice of the duration index in the bucket that
    holds the middle rank (as selectors.py finds it from the bucket counters)."""
    totals = dict(
        conn.execute(
            "SELECT key, SUM(value) FROM tickets_statcounter WHERE key LIKE 'resolved:%%' GROUP BY key"
        ).fetchall()
    )
    rank = max(0, (int(totals.get("resolved:count", 0)) - 1) // 2)
    buckets = sorted(
        (int(key.removeprefix("resolved:bucket:")), int(count))
        for key, count in totals.items()
        if key.startswith("resolved:bucket:")
    )
    lower, upper, offset = 0, None, rank
    for index, count in buckets:
        if offset < count:
            lower, upper = bucket_range(index)
            break
        offset -= count
    upper_bound = upper if upper is not None else 2**62
    return SqlBaseline(
        f"median resolution time: one bucket of the duration index ({lower:,} to {upper_bound:,} s,"
        f" offset {offset:,})",
        "SELECT resolution_seconds FROM tickets_ticket"
        " WHERE resolution_seconds >= %s AND resolution_seconds < %s"
        " ORDER BY resolution_seconds OFFSET %s LIMIT 1",
        lambda: (lower, upper_bound, offset),
    )


def sample_ticket_ids(conn: psycopg.Connection[Any], count: int = 2000) -> list[int]:
    rows = conn.execute("SELECT id FROM tickets_ticket ORDER BY random() LIMIT %s", (count,)).fetchall()
    return [int(row[0]) for row in rows]


def sql_inserted_ids(conn: psycopg.Connection[Any]) -> list[int]:
    rows = conn.execute(
        "SELECT id FROM tickets_ticket WHERE title = 'Bench SQL ticket'"
        " AND requester_id = (SELECT id FROM accounts_user WHERE username = %s)",
        (BENCH_USER,),
    ).fetchall()
    return [int(row[0]) for row in rows]


# Jobs the worker can be given: the one after every ticket's creation, or a full retraining.
WORKER_TASKS = {
    "triage": ("triage.triage_ticket", "triage one ticket (loads the local model)"),
    "retrain": ("triage.retrain_local_model", "retrain the local model (empty embedding cache)"),
}


def task_outcome(worker_log: str, task_name: str) -> str | None:
    """How the job ended, from the worker's log (None while it runs)."""
    for line in worker_log.splitlines():
        if f"{task_name}[" not in line:
            continue
        if "succeeded in" in line:
            return "succeeded"
        if "raised" in line or "Retry in" in line:
            return "failed"
    if f"unregistered task of type '{task_name}'" in worker_log:
        return "unknown task"
    return None


def measure_worker(
    env: dict[str, str], queue: str, var_dir: Path, task: str, ticket_id: int, timeout: float
) -> dict[str, Any]:
    """Start a worker, give it one job, and read its memory after start-up, during and after the job."""
    task_name, description = WORKER_TASKS[task]
    log_path = var_dir / "celery.log"
    with log_path.open("wb") as log_file:
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and fixed arguments
            celery_worker_command(queue=queue),
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    result: dict[str, Any] = {"queue": queue, "pool": "solo", "task": task_name, "description": description}
    try:
        deadline = time.monotonic() + 120
        while b"ready." not in log_path.read_bytes():
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("the Celery worker did not start:\n" + log_path.read_text(errors="replace"))
            time.sleep(0.2)
        time.sleep(1)
        result["after_start"] = memory_of(process.pid)
        # Queued through the broker by name, as the web app's .delay() does.
        args = "[]" if task == "retrain" else f"[{ticket_id}]"
        subprocess.run(  # noqa: S603 - our own interpreter and fixed arguments
            [
                sys.executable,
                "-c",
                "from support_desk.config.celery import app; "
                f"app.send_task({task_name!r}, args={args}, queue={queue!r})",
            ],
            env=env,
            check=True,
            capture_output=True,
            timeout=60,
        )
        started = time.monotonic()
        peak = 0.0
        outcome = None
        while outcome is None:
            if process.poll() is not None:
                raise SystemExit("the Celery worker died:\n" + log_path.read_text(errors="replace")[-4000:])
            if time.monotonic() - started > timeout:
                outcome = f"still running after {timeout:.0f} s"
                break
            peak = max(peak, memory_of(process.pid)["rss_mb"])
            time.sleep(0.1)
            outcome = task_outcome(log_path.read_text(errors="replace"), task_name)
        result["task_seconds"] = round(time.monotonic() - started, 1)
        result["task_outcome"] = outcome
        result["after_task"] = memory_of(process.pid)
        result["peak_rss_mb"] = max(peak, result["after_task"]["rss_mb"], result["after_start"]["rss_mb"])
    finally:
        stop_process(process, grace_seconds=20)
    return result


# --- reporting ----------------------------------------------------------------------------------


def _fmt(value: float | None, digits: int = 1) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def worker_rows(worker: dict[str, Any] | None, target: dict[str, Any]) -> list[str]:
    if worker is None:
        return ["| Celery worker | not measured (--skip-worker) | | | |"]
    return [
        f"| Celery worker (solo), after start | {worker['after_start']['rss_mb']} | "
        f"{worker['after_start']['pss_mb']} | - | - |",
        f"| Celery worker, peak during one job: {worker['description']} ({worker['task_seconds']} s, "
        f"{worker['task_outcome']}) | {worker['peak_rss_mb']} | - | <= {target['limit_mb']} MB | "
        f"{'met' if target['met'] else '**missed**'} |",
        f"| Celery worker, after the job | {worker['after_task']['rss_mb']} | "
        f"{worker['after_task']['pss_mb']} | - | - |",
    ]


def render_markdown(report: dict[str, Any]) -> str:
    machine = report["machine"]
    pg_settings = machine["postgresql_settings"]
    server = report["server"]
    lines = [
        f"# Benchmark: {report['size']:,} tickets",
        "",
        f"Run {report['finished_at']} with `make bench SIZE={report['size']}` (bench/run.py).",
        "",
        f"- Machine: {machine['cpu_model']}, {machine['cores']} cores, {machine['ram_gib']} GiB RAM; "
        f"{machine['os']}",
        f"- PostgreSQL {machine['postgresql']} on the same machine (shared_buffers "
        f"{pg_settings['shared_buffers']}, work_mem {pg_settings['work_mem']}); "
        f"Python {machine['python']}",
        f"- Load average (1, 5, 15 min) at start {' '.join(machine['load_average_at_start'])}, at end "
        f"{' '.join(machine['load_average_at_end'])}: other work on the machine slows every figure alike, "
        "so compare HTTP p50 / SQL rather than absolute times across runs",
        f"- Server: gunicorn, production settings, {server['workers']} workers x "
        f"{server['threads']} threads, "
        f"local triage model; load from bench/load.py in its own process over loopback",
        f"- Data: {report['database']['sizes']['tickets_total_mb']} MB for the tickets table and its indexes "
        f"({report['database']['sizes']['tickets_indexes_mb']} MB of indexes); database "
        f"{report['database']['sizes']['database_mb']} MB",
        f"- Each scenario: {report['settings']['latency_duration']} s with 1 client (latency), then "
        f"{report['settings']['duration']} s with {report['settings']['concurrency']} clients (throughput), "
        f"each after {report['settings']['warmup']} s of warm-up",
        "",
        f"| scenario | p50 ms | p95 ms | p99 ms | p50 ms @{report['settings']['concurrency']} | "
        f"p99 ms @{report['settings']['concurrency']} | req/s @{report['settings']['concurrency']} | "
        "best SQL p50 ms | HTTP p50 / SQL | target | result |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    for item in report["scenarios"]:
        single, loaded = item["single"], item["loaded"]
        baseline = item.get("sql") or item.get("baseline") or {}
        target = item.get("target")
        verdict = "-" if target is None else ("met" if target["met"] else "**missed**")
        lines.append(
            f"| {item['title']} | {_fmt(single['latency_ms']['p50'])} | "
            f"{_fmt(single['latency_ms']['p95'])} | "
            f"{_fmt(single['latency_ms']['p99'])} | {_fmt(loaded['latency_ms']['p50'])} | "
            f"{_fmt(loaded['latency_ms']['p99'])} | {_fmt(loaded['ok_rps'], 0)} | "
            f"{_fmt(baseline.get('p50_ms'), 2)} | {_fmt(item.get('ratio'))} | "
            f"{target['description'] if target else '-'} | {verdict} |"
        )
    lines += [
        "",
        "p50/p95/p99 without a suffix: one client at a time. Creates per second are 2xx answers only.",
        "",
    ]
    errors = [
        f"{item['name']}: {phase} {result['statuses']} {result['failures'] or ''}".strip()
        for item in report["scenarios"]
        for phase, result in (("1 client", item["single"]), ("loaded", item["loaded"]))
        if any(not status.startswith("2") for status in result["statuses"]) or result["failures"]
    ]
    lines += ["Non-2xx answers or failed connections: " + ("; ".join(errors) if errors else "none."), ""]
    memory = report["server_memory"]
    worker = report["worker"]
    worker_target = report["worker_target"]
    lines += [
        "## Memory",
        "",
        "| process | RSS MB | PSS MB | target | result |",
        "| --- | ---: | ---: | --- | --- |",
        f"| gunicorn master + {server['workers']} workers, after start | {memory['after_start']['rss_mb']} | "
        f"{memory['after_start']['pss_mb']} | - | - |",
        f"| gunicorn master + {server['workers']} workers, largest after a scenario | "
        f"{memory['peak']['rss_mb']} | "
        f"{memory['peak']['pss_mb']} | - | - |",
        *worker_rows(worker, worker_target),
        "",
        "RSS adds up pages shared between the master and its forked workers once per process; "
        "PSS splits them.",
        "",
        "## Best single SQL queries",
        "",
        "| scenario | query | client p50 ms | executor ms (EXPLAIN ANALYZE) | plan |",
        "| --- | --- | ---: | ---: | --- |",
    ]
    for item in [*report["scenarios"], {"name": "stats (median)", "sql": report["median_sql"]}]:
        sql = item.get("sql")
        if not sql:
            continue
        top = next((line.strip() for line in sql["plan"] if "Scan" in line or "Seek" in line), "")
        lines.append(
            f"| {item['name']} | {sql['label']} | {_fmt(sql['p50_ms'], 2)} | "
            f"{_fmt(sql['explain_execution_ms'], 2)} | {top.replace('|', '/')[:110]} |"
        )
    baseline = report["classify_baseline"]
    lines += [
        "",
        f"Classify baseline, in-process `classify_text()` without HTTP: p50 {baseline['p50_ms']} ms, "
        f"p95 {baseline['p95_ms']} ms (first call, loading the model: {baseline['first_call_ms']} ms).",
        "",
    ]
    return "\n".join(lines)


# --- main ---------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> None:
    cores = os.cpu_count() or 2
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", type=int, default=10_000, help="Tickets in the database (default 10000).")
    parser.add_argument(
        "--server-url",
        default=os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432"),
        help="PostgreSQL server (no database name); the bench database is created there.",
    )
    parser.add_argument(
        "--workers", type=int, default=2 * cores, help="gunicorn workers (default 2 x cores)."
    )
    parser.add_argument("--threads", type=int, default=4, help="Threads per worker (default 4, as deploy/).")
    parser.add_argument("--concurrency", type=int, default=8, help="Clients in the loaded phase (default 8).")
    parser.add_argument("--duration", type=float, default=10, help="Seconds of the loaded phase.")
    parser.add_argument("--latency-duration", type=float, default=5, help="Seconds of the one-client phase.")
    parser.add_argument(
        "--warmup", type=float, default=2, help="Seconds before each phase that are not counted."
    )
    parser.add_argument("--only", help="Comma-separated scenario names to run (default: all).")
    parser.add_argument("--skip-worker", action="store_true", help="Don't measure the Celery worker.")
    parser.add_argument(
        "--worker-task",
        choices=sorted(WORKER_TASKS),
        default="triage",
        help="The job the Celery worker runs while its memory is read (default: triage one ticket).",
    )
    parser.add_argument("--worker-timeout", type=float, default=1800, help="Seconds to wait for that job.")
    parser.add_argument("--output", type=Path, default=RESULTS_DIR, help="Where <size>.json and .md go.")
    args = parser.parse_args(argv)

    name = f"supportdesk_bench_{args.size}"
    url = database_url(args.server_url, name)
    base_env = {**os.environ, "DATABASE_URL": url, "PYTHONUNBUFFERED": "1"}
    base_env.pop("DJANGO_SETTINGS_MODULE", None)
    database = prepare_database(args.server_url, name, args.size, base_env)

    token_output = supportdesk(base_env, "create_api_token", BENCH_USER, "--role", "agent", "--name", "bench")
    token = token_output.strip().splitlines()[-1].strip()
    queue = f"bench-{uuid.uuid4().hex[:12]}"
    var_dir = Path(tempfile.mkdtemp(prefix="supportdesk-bench-"))
    (var_dir / "static").mkdir()
    env = server_env(base_env, var_dir, queue)

    conn = psycopg.connect(url, autocommit=True)
    report: dict[str, Any] = {
        "size": args.size,
        "machine": machine_description(conn),
        "database": {**database, "sizes": relation_sizes(conn)},
        "settings": {
            "concurrency": args.concurrency,
            "duration": args.duration,
            "latency_duration": args.latency_duration,
            "warmup": args.warmup,
        },
    }
    ticket_ids = sample_ticket_ids(conn)
    only = set(args.only.split(",")) if args.only else None
    counter = 0
    try:
        with gunicorn(env, args.workers, args.threads, var_dir / "gunicorn.log") as server:
            report["server"] = {
                "workers": server.workers,
                "threads": server.threads,
                "settings": PRODUCTION_SETTINGS,
                "triage_provider": "local",
            }
            after_start = memory_of(server.process.pid)
            pages = max(1, min(DEEP_PAGES, args.size // 50 // 2))
            log(f"following the Link header {pages} pages deep")
            deep_path = follow_link(server.port, token, "/api/tickets/", pages)
            sql_ticket_ids: list[int] = []
            scenarios = build_scenarios(
                deep_path, pages, cursor_params(conn, deep_path), ticket_ids, sql_ticket_ids
            )
            results = []
            peak = after_start
            for scenario in scenarios:
                if only and scenario.name not in only:
                    continue
                log(f"{scenario.name}: 1 client for {args.latency_duration} s")
                single = run_load(
                    server.port,
                    token,
                    scenario.requests,
                    scenario.choices,
                    1,
                    args.latency_duration,
                    args.warmup,
                    counter,
                )
                counter += 1_000_000
                log(f"{scenario.name}: {args.concurrency} clients for {args.duration} s")
                loaded = run_load(
                    server.port,
                    token,
                    scenario.requests,
                    scenario.choices,
                    args.concurrency,
                    args.duration,
                    args.warmup,
                    counter,
                )
                counter += 1_000_000
                memory = memory_of(server.process.pid)
                if memory["rss_mb"] > peak["rss_mb"]:
                    peak = memory
                results.append(
                    {
                        "name": scenario.name,
                        "title": scenario.title,
                        "single": single,
                        "loaded": loaded,
                        "server_memory": memory,
                    }
                )
                log(
                    f"{scenario.name}: p50 {single['latency_ms']['p50']} ms (1 client), "
                    f"{loaded['ok_rps']} ok/s at {args.concurrency} clients, statuses {loaded['statuses']}"
                )
            report["server_memory"] = {"after_start": after_start, "peak": peak}

        log("timing the best single SQL queries")
        by_name = {scenario.name: scenario for scenario in scenarios}
        for item in results:
            scenario = by_name[item["name"]]
            if scenario.name == "status_change":
                sql_ticket_ids[:] = sql_inserted_ids(conn)
            if scenario.sql is not None and (scenario.name != "status_change" or sql_ticket_ids):
                item["sql"] = time_sql(conn, scenario.sql, SQL_REPEATS)
                item["ratio"] = round(item["single"]["latency_ms"]["p50"] / item["sql"]["p50_ms"], 1)
        report["median_sql"] = time_sql(conn, median_baseline(conn), 10)

        model = subprocess.run(  # noqa: S603 - our own interpreter and fixed arguments
            [sys.executable, str(BENCH_DIR / "model_time.py"), "200", CLASSIFY_TEXT],
            env={**base_env, "SUPPORTDESK_VAR_DIR": str(var_dir), "TRIAGE_MODEL_DIR": str(var_dir / "none")},
            capture_output=True,
            text=True,
            check=True,
        )
        report["classify_baseline"] = json.loads(model.stdout)
        for item in results:
            if item["name"] == "classify":
                item["baseline"] = report["classify_baseline"]
                item["ratio"] = round(
                    item["single"]["latency_ms"]["p50"] / report["classify_baseline"]["p50_ms"], 1
                )
            scenario = by_name[item["name"]]
            if scenario.target is not None:
                metric = scenario.target.metric
                value = item["single"]["latency_ms"]["p50"] if metric == "p50" else item["loaded"]["ok_rps"]
                item["target"] = {
                    "metric": metric,
                    "limit": scenario.target.limit,
                    "value": value,
                    "description": scenario.target.describe(),
                    "met": scenario.target.met(value),
                }
        report["scenarios"] = results

        if args.skip_worker:
            report["worker"] = None
        else:
            log(f"measuring the Celery worker: {WORKER_TASKS[args.worker_task][1]}")
            report["worker"] = measure_worker(
                env, queue, var_dir, args.worker_task, ticket_ids[0], timeout=args.worker_timeout
            )
        worker_peak = report["worker"]["peak_rss_mb"] if report["worker"] else None
        report["worker_target"] = {
            "limit_mb": 300,
            "value_mb": worker_peak,
            "met": None if worker_peak is None else worker_peak <= 300,
        }
    finally:
        with contextlib.suppress(psycopg.Error):
            removed = remove_bench_tickets(conn)
            if removed:
                log(f"removing the {removed} tickets this run created; rebuilding the statistics counters")
                rebuild_counters(base_env)
        conn.close()
        shutil.rmtree(var_dir, ignore_errors=True)
        with contextlib.suppress(Exception):
            clear_queues(env, queue)

    report["finished_at"] = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    report["machine"]["load_average_at_end"] = Path("/proc/loadavg").read_text().split()[:3]
    args.output.mkdir(parents=True, exist_ok=True)
    json_path = args.output / f"{args.size}.json"
    json_path.write_text(json.dumps(report, indent=2) + "\n")
    md_path = args.output / f"{args.size}.md"
    md_path.write_text(render_markdown(report))
    print(md_path.read_text())
    log(f"wrote {json_path}")


if __name__ == "__main__":
    main()
