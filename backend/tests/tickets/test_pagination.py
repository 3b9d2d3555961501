"""Keyset pagination: every ticket exactly once by following Link headers."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from support_desk.core.pagination import Cursor

pytestmark = pytest.mark.django_db

LINK = re.compile(r'<(?P<url>[^>]+)>; rel="next"')


def next_url(response) -> str | None:
    header = response.headers.get("Link")
    if not header:
        return None
    match = LINK.fullmatch(header)
    assert match, header
    return match["url"]


def collect_ids(api_client: APIClient, url: str, on_page=None) -> list[int]:
    ids: list[int] = []
    while url:
        response = api_client.get(url)
        assert response.status_code == 200, response.content
        ids.extend(ticket["id"] for ticket in response.json())
        if on_page:
            on_page()
        url = next_url(response)
    return ids


def test_default_page_is_50_with_a_next_link(api_client: APIClient, make_ticket) -> None:
    for _ in range(51):
        make_ticket()
    response = api_client.get("/api/tickets/")
    assert len(response.json()) == 50
    assert next_url(response).startswith("http://testserver/api/tickets/?cursor=")


def test_last_page_has_no_link_header(api_client: APIClient, make_ticket) -> None:
    make_ticket()
    assert "Link" not in api_client.get("/api/tickets/").headers


def test_following_links_returns_every_ticket_once_in_order(api_client: APIClient, make_ticket) -> None:
    base = timezone.now()
    # Several tickets share a timestamp, so the id must break ties.
    tickets = [make_ticket(created_at=base - timedelta(minutes=index // 3)) for index in range(23)]
    ids = collect_ids(api_client, "/api/tickets/?page_size=4")
    expected = [t.id for t in sorted(tickets, key=lambda t: (t.created_at, t.id), reverse=True)]
    assert ids == expected


def test_tickets_created_while_paging_cause_no_duplicates_or_gaps(api_client: APIClient, make_ticket) -> None:
    existing = [make_ticket().id for _ in range(12)]
    ids = collect_ids(api_client, "/api/tickets/?page_size=5", on_page=lambda: make_ticket(title="new"))
    assert len(ids) == len(set(ids))
    assert set(existing) <= set(ids)


def test_filters_are_kept_in_the_next_link(api_client: APIClient, make_ticket) -> None:
    billing = [make_ticket(category="billing").id for _ in range(5)]
    for _ in range(5):
        make_ticket(category="technical")
    ids = collect_ids(api_client, "/api/tickets/?category=billing&page_size=2")
    assert sorted(ids) == sorted(billing)


@pytest.mark.parametrize("size", ["0", "201", "-1", "abc", "1.5", ""])
def test_bad_page_size_is_400(api_client: APIClient, size: str) -> None:
    response = api_client.get(f"/api/tickets/?page_size={size}")
    assert response.status_code == 400
    assert "page_size" in response.json()


def test_page_size_200_is_accepted(api_client: APIClient, make_ticket) -> None:
    make_ticket()
    assert api_client.get("/api/tickets/?page_size=200").status_code == 200


@pytest.mark.parametrize(
    "cursor",
    [
        "garbage",
        "e30",  # {}
        "WzEsMl0",  # [1,2]
        "W10",  # []
        "WyIyMDI2LTAxLTAxVDAwOjAwOjAwIiwxXQ",  # a naive datetime
        "WyIyMDI2LTAxLTAxVDAwOjAwOjAwKzAwOjAwIiwtMV0",  # a negative id
        "WyIyMDI2LTAxLTAxVDAwOjAwOjAwKzAwOjAwIiwx!!!",
    ],
)
def test_bad_cursor_is_400(api_client: APIClient, cursor: str) -> None:
    response = api_client.get(f"/api/tickets/?cursor={cursor}")
    assert response.status_code == 400
    assert "cursor" in response.json()


def test_cursor_round_trips() -> None:
    cursor = Cursor(created_at=timezone.now(), id=42)
    assert Cursor.decode(cursor.encode()) == cursor
