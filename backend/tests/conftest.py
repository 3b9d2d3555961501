"""Fixtures shared by the whole suite: an API client and a way to make tickets."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest
from django.db import connection
from rest_framework.test import APIClient

from support_desk.tickets import services
from support_desk.tickets.models import Ticket


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked postgres_only are skipped, visibly, when the suite runs on SQLite."""
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL)")
    for item in items:
        if "postgres_only" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


MakeTicket = Callable[..., Ticket]


@pytest.fixture
def make_ticket(db: None) -> MakeTicket:
    """Create a ticket through the service layer, so counters stay exact."""

    def make(
        title: str = "Cannot log in",
        description: str = "The login page rejects my password.",
        created_at: datetime | None = None,
        **fields: Any,
    ) -> Ticket:
        return services.ticket_create(title=title, description=description, created_at=created_at, **fields)

    return make


@pytest.fixture
def is_postgres(db: None) -> bool:
    return connection.vendor == "postgresql"
