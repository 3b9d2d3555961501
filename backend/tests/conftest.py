"""Fixtures shared by the whole suite: an API client and a way to make tickets."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from support_desk.accounts.models import Role, User
from support_desk.accounts.services import user_ensure
from support_desk.accounts.tokens import api_token_create
from support_desk.core.jobs import background_jobs_wait
from support_desk.sla.selectors import display_policies
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


def token_client(user: User) -> APIClient:
    """A client that signs in the way integrations do: a real bearer token."""
    _, token = api_token_create(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


@pytest.fixture
def agent(db: None) -> User:
    return user_ensure(username="agent-alex", role=Role.AGENT)[0]


@pytest.fixture
def other_agent(db: None) -> User:
    return user_ensure(username="agent-sam", role=Role.AGENT)[0]


@pytest.fixture
def requester(db: None) -> User:
    return user_ensure(username="customer-maria", role=Role.REQUESTER)[0]


@pytest.fixture
def other_requester(db: None) -> User:
    return user_ensure(username="customer-tom", role=Role.REQUESTER)[0]


@pytest.fixture
def admin_user(db: None) -> User:
    return user_ensure(username="admin-ada", role=Role.ADMIN)[0]


@pytest.fixture(autouse=True)
def _attachments_in_a_temporary_folder(settings: Any, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Files the tests attach never land in the repository's var/."""
    location = tmp_path_factory.mktemp("attachments")
    settings.STORAGES = {
        **settings.STORAGES,
        "attachments": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(location), "base_url": None},
        },
    }


@pytest.fixture(autouse=True)
def _background_jobs_done() -> Iterator[None]:
    """Jobs a public endpoint handed to the background thread (no broker in the tests) finish
    before the test's database is emptied, which they would otherwise lock against."""
    yield
    assert background_jobs_wait(timeout=60), "background jobs still running after a minute"


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """Throttle counts live in the cache; user ids repeat across tests, so start clean. So do
    policy ids, and the list shows policies from a per-process cache."""
    cache.clear()
    display_policies.clear()


@pytest.fixture
def api_client(agent: User) -> APIClient:
    """The seed's client, signed in as an agent (who may do everything the seed allowed)."""
    return token_client(agent)


@pytest.fixture
def requester_client(requester: User) -> APIClient:
    return token_client(requester)


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
