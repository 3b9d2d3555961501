"""What a scenario is: the requests one client (then several) repeat, the best SQL for the same
answer, and the target its figure is held to. The scenarios themselves are in scenarios.py."""

from __future__ import annotations

import base64
import json
import urllib.parse
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from .http_load import RequestTemplate, follow_link
from .progress import log
from .sql_baselines import SqlBaseline

# How deep the "deep page" scenario follows the Link chain (50 tickets a page).
DEEP_PAGES = 200


@dataclass(frozen=True)
class Target:
    """A figure a scenario must reach: its p50 with one client (ms, at most `limit`) or its
    2xx answers per second under load (at least `limit`)."""

    metric: Literal["p50", "ok_rps"]
    limit: float

    def met(self, value: float | None) -> bool | None:
        """Whether `value` reaches the target (None when nothing was measured)."""
        if value is None:
            return None
        return value <= self.limit if self.metric == "p50" else value >= self.limit

    def describe(self) -> str:
        """The target as the report's table prints it."""
        return f"p50 <= {self.limit:g} ms" if self.metric == "p50" else f">= {self.limit:g} per s"

    def evaluate(self, single: dict[str, Any], loaded: dict[str, Any]) -> dict[str, Any]:
        """The report's verdict from the two load phases' results."""
        value = single["latency_ms"]["p50"] if self.metric == "p50" else loaded["ok_rps"]
        return {
            "metric": self.metric,
            "limit": self.limit,
            "value": value,
            "description": self.describe(),
            "met": self.met(value),
        }


@dataclass(frozen=True)
class Scenario:
    """One line of the report. `choices` fills `{name}` placeholders in the requests with a
    random item each time; `model_baseline` compares the HTTP p50 with the in-process model
    (model_baseline.py) instead of `sql`."""

    name: str
    title: str
    requests: list[RequestTemplate]
    sql: SqlBaseline | None
    target: Target | None = None
    choices: dict[str, list[Any]] = field(default_factory=dict)
    model_baseline: bool = False


def request(method: str, path: str, body: dict[str, Any] | None = None) -> RequestTemplate:
    """A request template; the body is sent as JSON (placeholders inside strings stay as written)."""
    return {"method": method, "path": path, "body": None if body is None else json.dumps(body)}


def get(path: str) -> list[RequestTemplate]:
    """The requests of a read scenario: one GET, repeated."""
    return [request("GET", path)]


@dataclass(frozen=True)
class ScenarioContext:
    """Facts about the seeded database and the running server that scenarios are built from.
    A scenario that needs another (a ticket with replies, a mailbox) adds a field here and
    fills it in `scenario_context`."""

    # A cursor URL `deep_pages` pages down the newest-first list, reached by following Link.
    deep_path: str
    deep_pages: int
    # Seeded tickets picked at random, for writes to existing tickets.
    ticket_ids: list[int]

    def deep_cursor(self) -> tuple[datetime, int]:
        """The (created_at, id) the deep cursor stands for, to give SQL the same starting point."""
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(self.deep_path).query)
        token = query["cursor"][0]
        created_at, row_id = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        return datetime.fromisoformat(created_at), int(row_id)


def scenario_context(*, port: int, token: str, size: int, ticket_ids: list[int]) -> ScenarioContext:
    """Gather the facts from the server that was just started (follows the Link chain)."""
    pages = max(1, min(DEEP_PAGES, size // 50 // 2))
    log(f"following the Link header {pages} pages deep")
    deep_path = follow_link(port, token, "/api/tickets/", pages)
    return ScenarioContext(deep_path=deep_path, deep_pages=pages, ticket_ids=ticket_ids)
