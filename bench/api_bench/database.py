"""The bench database: created and seeded once per size, reused by later runs, left as found.

A run's requests act as one agent, `BENCH_USER`, and every ticket it creates names that agent
as requester; deleting those tickets (and rebuilding the counters) returns the database to the
SIZE seeded tickets, so each run starts from the same data.
"""

from __future__ import annotations

import time
from typing import Any

import psycopg
from psycopg import sql

from .management import supportdesk
from .progress import log

BENCH_USER = "bench-agent"


def database_url(server_url: str, name: str) -> str:
    """The URL of database `name` on the PostgreSQL server at `server_url`."""
    return f"{server_url.rstrip('/')}/{name}"


def table_exists(conn: psycopg.Connection[Any], name: str) -> bool:
    """Whether the table exists (a database created but never migrated has none)."""
    row = conn.execute("SELECT to_regclass(%s) IS NOT NULL", (name,)).fetchone()
    return bool(row and row[0])


# Every column that points at a ticket, from the catalogue: each new domain's rows about a
# ticket (embeddings, mail, ratings...) are found without being listed here.
REFERENCING_COLUMNS = """
SELECT c.conrelid::regclass::text, a.attname, a.attnotnull
FROM pg_constraint c
JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
WHERE c.contype = 'f' AND c.confrelid = 'tickets_ticket'::regclass
ORDER BY 1, 2
"""


def remove_bench_tickets(conn: psycopg.Connection[Any]) -> int:
    """Delete the tickets a run created, so the database holds the seeded set again."""
    if not table_exists(conn, "tickets_ticket") or not table_exists(conn, "accounts_user"):
        return 0
    with conn.transaction():
        conn.execute(
            "CREATE TEMPORARY TABLE bench_tickets ON COMMIT DROP AS SELECT id FROM tickets_ticket"
            " WHERE requester_id IN (SELECT id FROM accounts_user WHERE username = %s)",
            (BENCH_USER,),
        )
        # The foreign keys cascade in Django, not in the database: the rows that point at the
        # run's tickets go first (a nullable pointer, such as a duplicate's, is cleared instead).
        for table, column, required in conn.execute(REFERENCING_COLUMNS).fetchall():
            statement = (
                "UPDATE {table} SET {column} = NULL WHERE {column} IN (SELECT id FROM bench_tickets)"
                if table == "tickets_ticket" and not required
                else "DELETE FROM {table} WHERE {column} IN (SELECT id FROM bench_tickets)"
            )
            names = {"table": sql.Identifier(table), "column": sql.Identifier(column)}
            conn.execute(sql.SQL(statement).format(**names))
        deleted = conn.execute("DELETE FROM tickets_ticket WHERE id IN (SELECT id FROM bench_tickets)")
    return deleted.rowcount


def restore_seeded_tickets(conn: psycopg.Connection[Any], env: dict[str, str], *, whose: str) -> int:
    """Remove the bench's tickets and, when there were any, rebuild the statistics counters
    (deleting rows in SQL bypasses the services that keep them exact). `whose` names the run
    that made them, for the progress line."""
    removed = remove_bench_tickets(conn)
    if removed:
        log(f"removed {removed} tickets {whose}; rebuilding the statistics counters")
        supportdesk(env, "stats_rebuild")
    return removed


def vacuum_analyze(url: str) -> None:
    """Bring the tables to the state autovacuum keeps a running server in.

    A freshly loaded (or just cleaned) table has no visibility map and stale planner
    statistics; without this, index-only scans visit the heap and plans differ between runs.
    """
    log("VACUUM ANALYZE")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")


def _has_demo_service_levels(env: dict[str, str]) -> bool:
    """Whether the seeded tickets carry the demo's service levels (a database seeded by an
    older version has none, and its due-time scenarios would measure an empty queue)."""
    with psycopg.connect(env["DATABASE_URL"], autocommit=True) as conn:
        if not table_exists(conn, "sla_slapolicy"):
            return False
        row = conn.execute("SELECT EXISTS (SELECT 1 FROM sla_slapolicy)").fetchone()
        return bool(row and row[0])


def _ticket_count(conn: psycopg.Connection[Any]) -> int:
    if not table_exists(conn, "tickets_ticket"):
        return -1
    row = conn.execute("SELECT count(*) FROM tickets_ticket").fetchone()
    assert row is not None
    return int(row[0])


def prepare_database(server_url: str, name: str, size: int, env: dict[str, str]) -> dict[str, Any]:
    """A database holding exactly `size` demo tickets: reused when it does, (re)seeded otherwise."""
    admin_url = database_url(server_url, "postgres")
    with psycopg.connect(admin_url, autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
    if exists and not _has_demo_service_levels(env):
        log(f"{name} was seeded before the demo had service levels: recreating it")
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        exists = None
    if exists:
        with psycopg.connect(env["DATABASE_URL"], autocommit=True) as conn:
            restore_seeded_tickets(conn, env, whose="left by an earlier run")
            count = _ticket_count(conn)
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
    """How much the tickets take on disk, so runs at one size can be told apart by their data."""
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


def sample_ticket_ids(conn: psycopg.Connection[Any], count: int = 2000) -> list[int]:
    """Seeded tickets picked at random, for the writes that need an existing ticket."""
    rows = conn.execute("SELECT id FROM tickets_ticket ORDER BY random() LIMIT %s", (count,)).fetchall()
    return [int(row[0]) for row in rows]
