"""Bulk loading of demo tickets: COPY on PostgreSQL, batched inserts elsewhere."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from itertools import islice

from django.db import connections, transaction

from support_desk.tickets.demo.generator import DemoTicket
from support_desk.tickets.models import Ticket
from support_desk.tickets.sla_clocks import SLA_COLUMNS

COLUMNS = (
    "title",
    "description",
    "category",
    "priority",
    "status",
    "created_at",
    "updated_at",
    "resolved_at",
    "resolution_seconds",
    "requester_id",
    "assignee_id",
    "version",
    "category_source",
    "priority_source",
    # The service-level columns, as tickets/sla_clocks.py keeps them (the policy by its id).
    *(f"{column}_id" if column == "sla_policy" else column for column in SLA_COLUMNS),
)
BATCH = 5_000


def _batches(rows: Iterable[DemoTicket], size: int) -> Iterable[list[DemoTicket]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


def load_tickets(rows: Iterable[DemoTicket], *, using: str, on_batch: Callable[[int], None]) -> None:
    """Insert `rows`, calling `on_batch(n)` after each batch of n rows."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        _copy_postgresql(rows, using=using, on_batch=on_batch)
        return
    for batch in _batches(rows, BATCH):
        with transaction.atomic(using=using):
            Ticket.objects.using(using).bulk_create(
                [Ticket(**{column: getattr(row, column) for column in COLUMNS}) for row in batch]
            )
        on_batch(len(batch))


def _copy_postgresql(rows: Iterable[DemoTicket], *, using: str, on_batch: Callable[[int], None]) -> None:
    connection = connections[using]
    table = Ticket._meta.db_table
    statement = f"COPY {table} ({', '.join(COLUMNS)}) FROM STDIN"
    for batch in _batches(rows, BATCH * 10):
        with transaction.atomic(using=using), connection.cursor() as cursor:
            raw = cursor.cursor  # the psycopg cursor, for its COPY support
            with raw.copy(statement) as copy:
                for row in batch:
                    copy.write_row(tuple(getattr(row, column) for column in COLUMNS))
        on_batch(len(batch))
    with connection.cursor() as cursor:
        # Fresh planner statistics, so the first searches after a bulk load pick good plans.
        cursor.execute(f"ANALYZE {table}")
