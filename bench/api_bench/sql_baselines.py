"""The best single SQL query for each scenario's answer, timed from the client.

On a shared machine absolute times move together, so a scenario's HTTP p50 divided by its
baseline's p50 (the cost the application adds on top of the database) is the figure that
compares between runs. The queries here are building blocks the scenarios share; a scenario's
own query is written beside it in scenarios.py.
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import psycopg

from support_desk.tickets.durations import bucket_range

from .database import BENCH_USER

SQL_REPEATS = 60
# Rows the INSERT baseline adds carry this title, so the UPDATE baseline can find them.
SQL_TICKET_TITLE = "Bench SQL ticket"
# Columns a ticket page serializes: the ticket and the two people it names.
TICKET_COLUMNS = "t.*, r.username AS requester_username, a.username AS assignee_username"
TICKET_FROM = (
    "FROM tickets_ticket t LEFT JOIN accounts_user r ON r.id = t.requester_id "
    "LEFT JOIN accounts_user a ON a.id = t.assignee_id"
)
NEWEST_FIRST = "ORDER BY t.created_at DESC, t.id DESC LIMIT 51"
# How the report describes that order and join, after what a page query selects.
NEWEST_FIRST_LABEL = "newest first, with requester and assignee"


def _no_params() -> Sequence[Any]:
    return ()


@dataclass(frozen=True)
class SqlBaseline:
    """One query to time. `params` is called before each execution (outside the timing), so a
    write can pick a different row each time."""

    label: str
    query: str
    params: Callable[[], Sequence[Any]] = _no_params
    # Writes run in a transaction each and commit, as the API's do; they are not EXPLAINed.
    write: bool = False
    # Run just before timing; False means there is nothing to time (its rows were never made).
    prepare: Callable[[psycopg.Connection[Any]], bool] | None = None

    def ready(self, conn: psycopg.Connection[Any]) -> bool:
        """Whether the baseline can be timed now (after its `prepare`, if any)."""
        return self.prepare is None or self.prepare(conn)


def time_sql(conn: psycopg.Connection[Any], baseline: SqlBaseline, repeats: int) -> dict[str, Any]:
    """Median and p95 of `repeats` executions from psycopg (after 3 that warm caches and the
    plan), and for reads the executor's own time and plan from EXPLAIN (ANALYZE, BUFFERS)."""
    explain_ms = None
    plan: list[str] = []
    if not baseline.write:
        rows = conn.execute(f"EXPLAIN (ANALYZE, BUFFERS) {baseline.query}", baseline.params()).fetchall()
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
                conn.execute(baseline.query, params).fetchall()
        else:
            conn.execute(baseline.query, params).fetchall()
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


def ticket_page(label: str, where: str = "", params: tuple[Any, ...] = ()) -> SqlBaseline:
    """One page of tickets (50 and one to know there is a next), newest first, with the two
    users each row names: what every list endpoint answers with. `label` ends with
    NEWEST_FIRST_LABEL by convention."""
    clause = f"WHERE {where} " if where else ""
    return SqlBaseline(
        label,
        f"SELECT {TICKET_COLUMNS} {TICKET_FROM} {clause}{NEWEST_FIRST}",
        lambda: params,
    )


def ticket_insert(description: str) -> SqlBaseline:
    """One ticket INSERT, committed: the least a create can cost."""
    # The title is this module's constant, not input: it is written into the query so the
    # recorded query reads as it runs.
    query = (
        "INSERT INTO tickets_ticket (title, description, category, priority, status, created_at, updated_at,"  # noqa: S608
        " version, category_source, priority_source, requester_id)"
        f" VALUES ('{SQL_TICKET_TITLE}', %s, 'general', 'medium', 'open', now(), now(), 1, 'default',"
        " 'default', (SELECT id FROM accounts_user WHERE username = %s)) RETURNING id"
    )
    return SqlBaseline("one INSERT, committed", query, lambda: (description, BENCH_USER), write=True)


def sql_inserted_ids(conn: psycopg.Connection[Any]) -> list[int]:
    """The rows `ticket_insert` made in this run (the bench's tickets are removed between runs)."""
    rows = conn.execute(
        "SELECT id FROM tickets_ticket WHERE title = %s"
        " AND requester_id = (SELECT id FROM accounts_user WHERE username = %s)",
        (SQL_TICKET_TITLE, BENCH_USER),
    ).fetchall()
    return [int(row[0]) for row in rows]


def ticket_status_update() -> SqlBaseline:
    """One status UPDATE, committed. Only rows the INSERT baseline made are updated, so the
    statistics counters stay exact: it is timed only after a create scenario's baseline ran."""
    ids: list[int] = []

    def find_rows(conn: psycopg.Connection[Any]) -> bool:
        ids[:] = sql_inserted_ids(conn)
        return bool(ids)

    return SqlBaseline(
        "one UPDATE of the status, committed",
        "UPDATE tickets_ticket SET status = CASE status WHEN 'open' THEN 'in_progress' ELSE 'open' END,"
        " version = version + 1, updated_at = now() WHERE id = %s RETURNING id",
        lambda: (random.choice(ids),),  # noqa: S311 - which row, not a secret
        write=True,
        prepare=find_rows,
    )


def median_baseline(conn: psycopg.Connection[Any]) -> SqlBaseline:
    """What /stats/ reads for the median: the slice of the duration index in the bucket that
    holds the middle rank (as the app finds it from the bucket counters)."""
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
