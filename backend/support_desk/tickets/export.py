"""The ticket list as CSV, streamed in keyset batches: memory stays constant whatever the
number of tickets, and each batch is one index range scan plus one query for its tags."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from django.db import connections
from django.db.models import BooleanField, QuerySet
from django.db.models.expressions import RawSQL

from support_desk.sla.clocks import bits_targets
from support_desk.tickets.models import Ticket, TicketTag

BATCH = 2_000
HEADER = (
    "id",
    "title",
    "status",
    "priority",
    "category",
    "requester",
    "assignee",
    "tags",
    "created_at",
    "updated_at",
    "resolved_at",
    "first_response_at",
    "sla_next_due_at",
    "sla_breached",
)
COLUMNS = (
    "id",
    "title",
    "status",
    "priority",
    "category",
    "requester__username",
    "assignee__username",
    "created_at",
    "updated_at",
    "resolved_at",
    "first_response_at",
    "sla_due_at",
    "sla_breached",
)
# CSV injection (OWASP): a spreadsheet runs a cell that starts with one of these (or their
# full-width forms), even after blanks. Tab and carriage return start a formula on their own.
FORMULA_CHARACTERS = "=+-@\uff1d\uff0b\uff0d\uff20"
_FORMULA_SET = frozenset(FORMULA_CHARACTERS)
# Where a spreadsheet may start a new cell, whatever delimiter it was told: every field is
# quoted, but an import that ignores quotes splits there, so what follows is neutralised too.
_FORMULA_AFTER_SEPARATOR = re.compile(rf"(^|[,;|\t\r\n])( *)(?=[{re.escape(FORMULA_CHARACTERS)}])")


def neutralised(text: str) -> str:
    """`text` with a quote before every formula that a spreadsheet could see: at its start
    (after blanks) and after any separator (`,`, `;`, `|`, tab, line end) inside it."""
    if not _FORMULA_SET.isdisjoint(text):  # most cells have no formula character at all
        text = _FORMULA_AFTER_SEPARATOR.sub(r"\1\2'", text)
    return "'" + text if text.startswith(("\t", "\r")) else text


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat()
    return neutralised(str(value))


def _after(
    queryset: QuerySet[Ticket], columns: tuple[str, str], values: tuple[Any, int], op: str
) -> QuerySet[Ticket]:
    table = Ticket._meta.db_table
    value = connections[queryset.db].ops.adapt_datetimefield_value(values[0])
    return queryset.filter(
        RawSQL(  # noqa: S611 - only fixed column names are interpolated; values are parameters
            f'("{table}"."{columns[0]}", "{table}"."{columns[1]}") {op} (%s, %s)',
            (value, values[1]),
            output_field=BooleanField(),
        )
    )


def _seek(queryset: QuerySet[Ticket], *, key: str, descending: bool) -> Iterator[list[dict[str, Any]]]:
    """Rows ordered by (`key`, id), a batch at a time, each batch seeking past the last row."""
    order = (f"-{key}", "-id") if descending else (key, "id")
    last: tuple[Any, int] | None = None
    while True:
        page = queryset if last is None else _after(queryset, (key, "id"), last, "<" if descending else ">")
        rows = list(page.order_by(*order).values(*COLUMNS)[:BATCH])
        if not rows:
            return
        yield rows
        last = (rows[-1][key], rows[-1]["id"])


def _batches(queryset: QuerySet[Ticket], *, by_due: bool) -> Iterator[list[dict[str, Any]]]:
    """The rows in the list's order: newest first, or by due time with the undated ones last."""
    if not by_due:
        yield from _seek(queryset, key="created_at", descending=True)
        return
    yield from _seek(queryset.filter(sla_due_at__isnull=False), key="sla_due_at", descending=False)
    after_id = 0
    undated = queryset.filter(sla_due_at__isnull=True)
    while rows := list(undated.filter(id__gt=after_id).order_by("id").values(*COLUMNS)[:BATCH]):
        yield rows
        after_id = rows[-1]["id"]


def csv_lines(queryset: QuerySet[Ticket], *, by_due: bool = False) -> Iterator[str]:
    """The header, then one CSV line per ticket (UTF-8 text, `\\r\\n` line ends)."""
    buffer = io.StringIO()
    # Every field quoted: a separator inside a value never splits it in a reader that honours quotes.
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL)
    writer.writerow(HEADER)
    yield buffer.getvalue()
    for rows in _batches(queryset.order_by(), by_due=by_due):
        tags: dict[int, list[str]] = {}
        for ticket_id, name in TicketTag.objects.filter(
            ticket_id__in=[row["id"] for row in rows]
        ).values_list("ticket_id", "tag__name"):
            tags.setdefault(ticket_id, []).append(name)
        buffer.seek(0)
        buffer.truncate()
        for row in rows:
            writer.writerow(
                [
                    _cell(row["id"]),
                    _cell(row["title"]),
                    _cell(row["status"]),
                    _cell(row["priority"]),
                    _cell(row["category"]),
                    _cell(row["requester__username"]),
                    _cell(row["assignee__username"]),
                    _cell(";".join(sorted(tags.get(row["id"], [])))),
                    _cell(row["created_at"]),
                    _cell(row["updated_at"]),
                    _cell(row["resolved_at"]),
                    _cell(row["first_response_at"]),
                    _cell(row["sla_due_at"]),
                    ";".join(sorted(target.value for target in bits_targets(row["sla_breached"]))),
                ]
            )
        yield buffer.getvalue()
