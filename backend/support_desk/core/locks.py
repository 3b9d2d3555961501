"""Transaction-scoped locks that serialise work which no row lock covers (counting what does
not exist yet, or deciding which of two new rows comes first)."""

from __future__ import annotations

from django.db import connection


def transaction_lock(namespace: int, name: str | None = None) -> None:
    """Hold a lock until the current transaction ends: on `namespace` alone, or on `name`
    within it. On PostgreSQL an advisory lock; SQLite runs every write transaction alone
    (IMMEDIATE mode in the settings), so there is nothing to take."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        if name is None:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [namespace])
        else:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", [namespace, name])
