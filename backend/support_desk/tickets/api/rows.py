"""The ticket list's rows, built straight from column values.

A page of 50 tickets through ModelSerializer costs about 8 ms of model and field objects;
reading the columns with `values()` and shaping them here costs well under 1 ms. The shape
is the serializers' (AgentTicketSerializer, RequesterTicketSerializer), which stay the
schema's source; a test compares both outputs field by field so they cannot drift apart.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any

from django.contrib.postgres.expressions import ArraySubquery
from django.db import connection
from django.db.models import OuterRef, QuerySet
from django.utils import timezone

from support_desk.sla.selectors import policies_by_id
from support_desk.tickets import sla_clocks
from support_desk.tickets.api.serializers import TicketSerializer, satisfaction_view
from support_desk.tickets.models import Ticket, TicketTag

PEOPLE = ("requester", "assignee")
# Built from the columns below rather than read as one.
COMPUTED = ("satisfaction",)
# The serializer's own columns; the people are joined in below, tags and sla computed per page.
TICKET_COLUMNS = tuple(
    field for field in TicketSerializer.Meta.fields if field not in PEOPLE and field not in COMPUTED
)
SATISFACTION_COLUMNS = ("resolution_count", "rating", "rating_comment", "rated_at")
USER_COLUMNS = ("id", "username", "first_name", "last_name", "role")
SUGGESTION_COLUMNS = (
    "suggested_category",
    "suggested_priority",
    "suggestion_source",
    "suggestion_confidence",
    "suggestion_model_version",
)
AGENT_COLUMNS = ("language", "duplicate_of_id")


def _datetime(value: datetime | None, zone: tzinfo) -> str | None:
    """DRF's DateTimeField output: ISO 8601 in the current time zone, `Z` for UTC."""
    if value is None:
        return None
    text = value.astimezone(zone).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _user(row: dict[str, Any], prefix: str) -> dict[str, Any] | None:
    if row[f"{prefix}__id"] is None:
        return None
    full_name = f"{row[f'{prefix}__first_name']} {row[f'{prefix}__last_name']}".strip()
    return {
        "id": row[f"{prefix}__id"],
        "username": row[f"{prefix}__username"],
        "display_name": full_name or row[f"{prefix}__username"],
        "role": row[f"{prefix}__role"],
    }


def _suggestion(row: dict[str, Any]) -> dict[str, Any] | None:
    if not row["suggestion_source"]:
        return None
    return {
        "category": row["suggested_category"],
        "priority": row["suggested_priority"],
        "source": row["suggestion_source"],
        "confidence": row["suggestion_confidence"],
        "model_version": row["suggestion_model_version"],
    }


def row_key(row: dict[str, Any]) -> tuple[datetime, int]:
    """A row's keyset position, for the next page's cursor."""
    return datetime.fromisoformat(row["created_at"]), row["id"]


def _tags_by_ticket(ticket_ids: list[int]) -> dict[int, list[str]]:
    """The page's tags in one query."""
    tags: dict[int, list[str]] = {}
    pairs = TicketTag.objects.filter(ticket_id__in=ticket_ids).values_list("ticket_id", "tag__name")
    for ticket_id, name in pairs:
        tags.setdefault(ticket_id, []).append(name)
    return {ticket_id: sorted(names) for ticket_id, names in tags.items()}


def _sla_views(values: list[dict[str, Any]]) -> dict[int, dict[str, Any]]:
    """The page's `sla` objects; the policies on the page are read once."""
    policies = policies_by_id(row["sla_policy_id"] for row in values if row["sla_policy_id"])
    now = timezone.now()
    return {
        row["id"]: sla_clocks.sla_view(
            sla_clocks.clocks_from_row(row), policies.get(row["sla_policy_id"]), now=now
        )
        for row in values
    }


def _duplicates_of(ticket_ids: list[int]) -> dict[int, list[int]]:
    """The duplicates pointing at each of the page's tickets: one query for the page."""
    found: dict[int, list[int]] = {}
    pairs = (
        Ticket.objects.filter(duplicate_of_id__in=ticket_ids)
        .order_by("id")
        .values_list("duplicate_of_id", "id")
    )
    for original, duplicate in pairs:
        found.setdefault(original, []).append(duplicate)
    return found


def _with_tags_and_duplicates(queryset: QuerySet[Ticket]) -> QuerySet[Ticket]:
    """On PostgreSQL, the page's tags and duplicates come in the page's own query (two array
    subqueries on indexed columns) instead of two more round trips."""
    tags = TicketTag.objects.filter(ticket_id=OuterRef("pk")).order_by("tag__name").values("tag__name")
    duplicates = Ticket.objects.filter(duplicate_of_id=OuterRef("pk")).order_by("id").values("id")
    return queryset.annotate(page_tags=ArraySubquery(tags), page_duplicates=ArraySubquery(duplicates))


def ticket_rows(
    queryset: QuerySet[Ticket], *, for_agent: bool, due_keys: dict[int, datetime | None] | None = None
) -> list[dict[str, Any]]:
    """The serialized tickets of an already filtered, ordered and sliced queryset.

    With `due_keys`, each row's next due time is put there by id (the cursor of `ordering=due`).
    """
    columns = [
        *TICKET_COLUMNS,
        *(f"{person}__{column}" for person in PEOPLE for column in USER_COLUMNS),
        *SUGGESTION_COLUMNS,
        *sla_clocks.SLA_VIEW_COLUMNS,
        "sla_due_at",
        *AGENT_COLUMNS,
        *SATISFACTION_COLUMNS,
    ]
    zone = timezone.get_current_timezone()
    in_one_query = for_agent and connection.vendor == "postgresql"
    if in_one_query:
        queryset = _with_tags_and_duplicates(queryset)
        columns += ["page_tags", "page_duplicates"]
    values = list(queryset.values(*dict.fromkeys(columns)))
    ids = [row["id"] for row in values]
    if in_one_query:
        # Sorted here as the other path sorts them (the database's collation may order differently).
        tags = {row["id"]: sorted(row["page_tags"]) for row in values if row["page_tags"]}
    else:
        tags = _tags_by_ticket(ids) if for_agent and ids else {}
    slas = _sla_views(values) if for_agent else {}
    if due_keys is not None:
        due_keys.update((row["id"], row["sla_due_at"]) for row in values)
    rows = []
    for row in values:
        rows.append(
            {
                "id": row["id"],
                "title": row["title"],
                "description": row["description"],
                "category": row["category"],
                "priority": row["priority"],
                "status": row["status"],
                "created_at": _datetime(row["created_at"], zone),
                "updated_at": _datetime(row["updated_at"], zone),
                "resolved_at": _datetime(row["resolved_at"], zone),
                "requester": _user(row, "requester"),
                "assignee": _user(row, "assignee"),
                "version": row["version"],
                "channel": row["channel"],
                "satisfaction": satisfaction_view(
                    row["resolution_count"],
                    row["rating"],
                    row["rating_comment"],
                    _datetime(row["rated_at"], zone),
                ),
                "suggestion": _suggestion(row) if for_agent else None,
                "tags": tags.get(row["id"], []),
                "sla": slas.get(row["id"]),
                "language": row["language"] if for_agent else None,
                "duplicate_of": row["duplicate_of_id"] if for_agent else None,
                "duplicates": [],
            }
        )
    if in_one_query:
        for row, value in zip(rows, values, strict=True):
            row["duplicates"] = value["page_duplicates"]
    elif for_agent and rows:
        duplicates = _duplicates_of(ids)
        for row in rows:
            row["duplicates"] = duplicates.get(row["id"], [])
    return rows
