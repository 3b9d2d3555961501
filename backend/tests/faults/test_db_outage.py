"""PostgreSQL goes away under load and comes back: clean 503s, then recovery without a restart.

The real server (gunicorn, production settings) runs against a private PostgreSQL cluster while
threads keep creating tickets. The cluster is stopped mid-load (`pg_ctl stop -m fast`, which also
cuts the connections in use) and started again. Every answer must be a 201 or a clean JSON 503,
the probes must tell the truth, the same server processes must serve again, and every ticket
whose creation was acknowledged with a 201 must be in the database.
"""

from __future__ import annotations

import http.client
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.faults.conftest import Stack
from tests.faults.server import Reply

pytestmark = pytest.mark.slow

TICKETS = "/api/tickets/"
LOAD_THREADS = 6


@dataclass
class Outcome:
    title: str
    reply: Reply | None = None
    error: str | None = None
    at: float = field(default_factory=time.monotonic)


class Load:
    """Threads creating tickets as fast as the server answers, until stopped."""

    def __init__(self, stack: Stack) -> None:
        self.stack = stack
        self.outcomes: list[Outcome] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._run, daemon=True) for _ in range(LOAD_THREADS)]

    def _run(self) -> None:
        while not self._stop.is_set():
            title = f"outage {uuid.uuid4().hex}"
            outcome = Outcome(title)
            try:
                outcome.reply = self.stack.server.post_json(
                    TICKETS, {"title": title, "description": "Created while the database may be down."}
                )
            except (OSError, http.client.HTTPException) as exc:
                outcome.error = f"{type(exc).__name__}: {exc}"
            with self._lock:
                self.outcomes.append(outcome)
            # Sustained pressure without flooding the log: at most ~50 requests a second per thread.
            time.sleep(0.02)

    def start(self) -> None:
        for thread in self._threads:
            thread.start()

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=20)

    def statuses_since(self, since: float) -> list[int]:
        with self._lock:
            return [o.reply.status for o in self.outcomes if o.reply and o.at >= since]


def wait_for(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout:.0f}s waiting until {what}")


def test_database_outage_under_load(stack: Stack) -> None:
    started = time.monotonic()
    server = stack.server
    worker_pids_before = _worker_pids(server.process.pid)
    assert worker_pids_before, "gunicorn's workers should be visible in /proc"
    load = Load(stack)
    load.start()
    try:
        # 1. Healthy under load.
        wait_for(lambda: load.statuses_since(started).count(201) >= 20, 15, "20 tickets are created")

        # 2. The database goes away mid-load.
        stack.cluster.stop("fast")
        down_at = time.monotonic()
        wait_for(lambda: 503 in load.statuses_since(down_at), 10, "requests fail with 503")
        readyz = server.request("GET", "/readyz")
        assert readyz.status == 503
        assert readyz.json()["database"] is False
        assert server.request("GET", "/healthz").status == 200, "the process itself is alive"
        listing = server.request("GET", TICKETS)
        assert listing.status == 503
        assert listing.json()["code"] == "service_unavailable"
        time.sleep(2)  # keep the outage going under load for a moment

        # 3. The database comes back; the same server recovers by itself.
        stack.cluster.start()
        up_at = time.monotonic()
        wait_for(lambda: load.statuses_since(up_at).count(201) >= 20, 20, "tickets are created again")
        assert server.request("GET", "/readyz").status == 200
    finally:
        load.stop()

    assert server.is_alive()
    assert _worker_pids(server.process.pid) == worker_pids_before, "recovered without restarting workers"

    # Every answer was a success or a clean, retryable refusal: no 500, no HTML, no dropped connection.
    errors = [o.error for o in load.outcomes if o.error]
    assert not errors, errors[:5]
    replies = [o.reply for o in load.outcomes if o.reply]
    assert {reply.status for reply in replies} <= {201, 503}, sorted({r.status for r in replies})
    refusals = [reply for reply in replies if reply.status == 503]
    assert refusals
    for reply in refusals:
        assert reply.content_type.startswith("application/json")
        body = reply.json()
        assert body["code"] == "service_unavailable"
        assert body["detail"]
        assert int(reply.headers["retry-after"]) > 0
        assert reply.headers.get("x-request-id")

    # No acknowledged write was lost.
    acknowledged = {o.title for o in load.outcomes if o.reply and o.reply.status == 201}
    with stack.cluster.connect() as conn:
        stored = {
            row[0]
            for row in conn.execute(
                "SELECT title FROM tickets_ticket WHERE title = ANY(%s)", [list(acknowledged)]
            )
        }
    assert acknowledged - stored == set(), f"{len(acknowledged - stored)} acknowledged tickets are missing"

    assert time.monotonic() - started < 60


def _worker_pids(master_pid: int) -> set[int]:
    """The gunicorn workers: the processes whose parent is the master (read from /proc)."""
    pids = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            # "pid (command) state ppid ...": the command may hold spaces, so split after ")".
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == master_pid:
            pids.add(int(stat.parent.name))
    return pids
