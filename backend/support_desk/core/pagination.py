"""Keyset pagination for newest-first listings, with an RFC 8288 `Link` header.

The body stays a plain JSON array (the seed's clients expect one); the next page's
URL travels in `Link: <...>; rel="next"`. The cursor is the (created_at, id) of the
last row served, so following it costs one index range scan at any depth and is
unaffected by rows inserted at the head while a client pages through.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol, TypeVar

from django.db import connections
from django.db.models import BooleanField, QuerySet
from django.db.models.expressions import RawSQL
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.utils.urls import replace_query_param

from support_desk.core.strict_input import parse_whole_number

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
# Our cursors are about 60 characters; anything much longer is not one of ours.
MAX_CURSOR_LENGTH = 200
MAX_ROW_ID = 2**63 - 1


class _Keyed(Protocol):
    id: int
    created_at: datetime


@dataclass(frozen=True)
class Cursor:
    created_at: datetime
    id: int

    def encode(self) -> str:
        raw = json.dumps([self.created_at.isoformat(), self.id], separators=(",", ":"))
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, token: str) -> Cursor:
        """Parse a cursor token; raises ValueError when it is not one of ours."""
        if len(token) > MAX_CURSOR_LENGTH:
            raise ValueError("malformed cursor")
        try:
            padded = token + "=" * (-len(token) % 4)
            created_at_raw, row_id = json.loads(base64.urlsafe_b64decode(padded.encode()))
            created_at = datetime.fromisoformat(created_at_raw)
        except (binascii.Error, UnicodeDecodeError, ValueError, TypeError, RecursionError) as exc:
            raise ValueError("malformed cursor") from exc
        if created_at.tzinfo is None or type(row_id) is not int or not 0 <= row_id <= MAX_ROW_ID:
            raise ValueError("malformed cursor")
        return cls(created_at=created_at, id=row_id)


def parse_page_size(request: Request) -> int:
    raw = request.query_params.get("page_size")
    if raw is None:
        return DEFAULT_PAGE_SIZE
    size = parse_whole_number(raw)
    if size is None or not 1 <= size <= MAX_PAGE_SIZE:
        raise ValidationError({"page_size": [f"Must be a whole number from 1 to {MAX_PAGE_SIZE}."]})
    return size


# The two orders' cursors: newest first (Cursor) and soonest due first (DueCursor).
CursorT = TypeVar("CursorT", "Cursor", "DueCursor")


def parse_cursor(request: Request, kind: type[CursorT]) -> CursorT | None:
    """The `cursor` query parameter as a cursor of `kind`; a malformed one is a 400."""
    raw = request.query_params.get("cursor")
    if raw is None:
        return None
    try:
        return kind.decode(raw)
    except ValueError:
        raise ValidationError({"cursor": ["Invalid cursor. Use the URL from the Link header."]}) from None


@dataclass(frozen=True)
class KeysetPage:
    rows: list[Any]
    next_url: str | None

    def link_header(self) -> dict[str, str]:
        return {"Link": f'<{self.next_url}>; rel="next"'} if self.next_url else {}


def _model_key(row: Any) -> tuple[datetime, int]:
    keyed: _Keyed = row
    return keyed.created_at, keyed.id


def paginate_newest_first(
    queryset: QuerySet[Any],
    request: Request,
    *,
    fetch: Callable[[QuerySet[Any]], list[Any]] = list,
    key: Callable[[Any], tuple[datetime, int]] = _model_key,
) -> KeysetPage:
    """One page of `queryset`, ordered by (created_at, id) descending.

    `fetch` turns the page's queryset into rows (model instances by default) and `key`
    reads a row's (created_at, id), the position the next page starts after.
    """
    page_size = parse_page_size(request)
    cursor = parse_cursor(request, Cursor)
    table = queryset.model._meta.db_table
    if cursor is not None:
        # A row-value comparison lets the (created_at, id) index seek straight to the page.
        queryset = queryset.filter(
            RawSQL(  # noqa: S611 - only the table name is interpolated; values are parameters
                f'("{table}"."created_at", "{table}"."id") < (%s, %s)',
                (connections[queryset.db].ops.adapt_datetimefield_value(cursor.created_at), cursor.id),
                output_field=BooleanField(),
            )
        )
    rows = fetch(queryset.order_by("-created_at", "-id")[: page_size + 1])
    next_url = None
    if len(rows) > page_size:
        rows = rows[:page_size]
        created_at, row_id = key(rows[-1])
        next_cursor = Cursor(created_at=created_at, id=row_id).encode()
        next_url = replace_query_param(request.build_absolute_uri(), "cursor", next_cursor)
    return KeysetPage(rows=rows, next_url=next_url)


@dataclass(frozen=True)
class DueCursor:
    """The position after a row of an ascending listing by a nullable time: its value (None
    once the listing has moved on to the rows without one) and id."""

    value: datetime | None
    id: int

    def encode(self) -> str:
        raw = json.dumps(
            ["due", self.value.isoformat() if self.value else None, self.id], separators=(",", ":")
        )
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, token: str) -> DueCursor:
        if len(token) > MAX_CURSOR_LENGTH:
            raise ValueError("malformed cursor")
        try:
            padded = token + "=" * (-len(token) % 4)
            kind, raw_value, row_id = json.loads(base64.urlsafe_b64decode(padded.encode()))
            value = None if raw_value is None else datetime.fromisoformat(raw_value)
        except (binascii.Error, UnicodeDecodeError, ValueError, TypeError, RecursionError) as exc:
            raise ValueError("malformed cursor") from exc
        if kind != "due" or type(row_id) is not int or not 0 <= row_id <= MAX_ROW_ID:
            raise ValueError("malformed cursor")
        if value is not None and value.tzinfo is None:
            raise ValueError("malformed cursor")
        return cls(value=value, id=row_id)


def paginate_soonest_first(
    queryset: QuerySet[Any],
    request: Request,
    *,
    field: str,
    fetch: Callable[[QuerySet[Any]], list[Any]],
    key: Callable[[Any], tuple[datetime | None, int]],
    include_undated: bool = True,
) -> KeysetPage:
    """One page of `queryset` ordered by `field` ascending, then id; rows without a value come
    last, by id. Both parts are index range scans on (`field`, id): the dated rows seek past
    the cursor with a row-value comparison, the undated ones by id.

    `include_undated=False` when a filter already excludes rows without a value, so the
    second part is not even asked for.
    """
    page_size = parse_page_size(request)
    cursor = parse_cursor(request, DueCursor)
    table = queryset.model._meta.db_table
    column = queryset.model._meta.get_field(field).column
    rows: list[Any] = []
    if cursor is None or cursor.value is not None:
        dated = queryset.filter(**{f"{field}__isnull": False})
        if cursor is not None:
            dated = dated.filter(
                RawSQL(  # noqa: S611 - only names are interpolated; values are parameters
                    f'("{table}"."{column}", "{table}"."id") > (%s, %s)',
                    (connections[queryset.db].ops.adapt_datetimefield_value(cursor.value), cursor.id),
                    output_field=BooleanField(),
                )
            )
        rows = fetch(dated.order_by(field, "id")[: page_size + 1])
    if len(rows) <= page_size and include_undated:
        undated = queryset.filter(**{f"{field}__isnull": True})
        if cursor is not None and cursor.value is None:
            undated = undated.filter(id__gt=cursor.id)
        rows += fetch(undated.order_by("id")[: page_size + 1 - len(rows)])
    next_url = None
    if len(rows) > page_size:
        rows = rows[:page_size]
        value, row_id = key(rows[-1])
        next_url = replace_query_param(
            request.build_absolute_uri(), "cursor", DueCursor(value=value, id=row_id).encode()
        )
    return KeysetPage(rows=rows, next_url=next_url)
