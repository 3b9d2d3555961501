"""Fixtures for assistance: embedding on, an index of the test's own, tickets made through the
services with their after-commit work run, and the fake language model when asked for."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from support_desk.accounts.models import User
from support_desk.assist.similarity_index import reset_similarity_index
from support_desk.tickets import services
from support_desk.tickets.models import Ticket
from support_desk.triage.llm import reset_llm_classifier
from tests.fakes.fake_llm_server import FakeLLMServer

LLM_SETTINGS = ("LLM_BASE_URL", "LLM_API_KEY", "LLM_MODEL", "GROQ_API_KEY")


@pytest.fixture(autouse=True)
def assist_on(settings: Any, tmp_path: Path) -> Iterator[None]:
    """Embedding on, no language model unless a test asks, and a fresh process index."""
    settings.ASSIST_ENABLED = True
    settings.ASSIST_INDEX_DIR = tmp_path / "assist-index"
    for name in LLM_SETTINGS:
        setattr(settings, name, "")
    reset_similarity_index()
    reset_llm_classifier()
    yield
    reset_similarity_index()
    reset_llm_classifier()


@pytest.fixture
def fake_llm() -> Iterator[FakeLLMServer]:
    with FakeLLMServer() as server:
        yield server


@pytest.fixture
def llm(fake_llm: FakeLLMServer, settings: Any) -> FakeLLMServer:
    """The language model configured through the settings, pointing at the fake server."""
    settings.LLM_BASE_URL = fake_llm.base_url
    settings.LLM_MODEL = "fake-model"
    settings.ASSIST_LLM_TIMEOUT_SECONDS = 2.0
    reset_llm_classifier()
    return fake_llm


Committed = Callable[..., Ticket]


@pytest.fixture
def committed_ticket(db: None, django_capture_on_commit_callbacks: Any) -> Committed:
    """A ticket created through the service, with its after-commit jobs (embedding,
    language, incident grouping) run as a worker would run them."""

    def make(
        title: str,
        description: str,
        *,
        created_at: datetime | None = None,
        requester: User | None = None,
        **fields: Any,
    ) -> Ticket:
        with django_capture_on_commit_callbacks(execute=True):
            ticket = services.ticket_create(
                title=title,
                description=description,
                created_at=created_at,
                requester=requester,
                **fields,
            )
        return Ticket.objects.get(pk=ticket.pk)

    return make


def answer_publicly(ticket: Ticket, agent: User, body: str, *, resolve: bool = True) -> None:
    """An agent's public reply, and the ticket resolved."""
    services.message_create(ticket_id=ticket.pk, author=agent, body=body, is_internal=False)
    if resolve:
        services.ticket_update(ticket_id=ticket.pk, changes={"status": "resolved"}, actor=agent)
