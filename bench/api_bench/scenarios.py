"""The scenarios `make bench` measures, in the order the report lists them.

Each is a function of the `ScenarioContext` that returns one `Scenario`, registered by the
`@scenario` decorator: adding a scenario is adding one such function here (bench/README.md
shows one). `--only NAME` runs it alone.
"""

from __future__ import annotations

from collections.abc import Callable

from .model_baseline import CLASSIFY_TEXT
from .scenario import Scenario, ScenarioContext, Target, get, request
from .sql_baselines import (
    NEWEST_FIRST_LABEL,
    TICKET_COLUMNS,
    TICKET_FROM,
    SqlBaseline,
    ticket_insert,
    ticket_page,
    ticket_status_update,
)

ScenarioBuilder = Callable[[ScenarioContext], Scenario]
_BUILDERS: list[ScenarioBuilder] = []


def scenario(builder: ScenarioBuilder) -> ScenarioBuilder:
    """Register a scenario; the report lists them in the order they are defined."""
    _BUILDERS.append(builder)
    return builder


def build_scenarios(context: ScenarioContext) -> list[Scenario]:
    """Every registered scenario, built for this run's database and server."""
    scenarios = [builder(context) for builder in _BUILDERS]
    names = [item.name for item in scenarios]
    if len(set(names)) != len(names):
        raise SystemExit(f"two scenarios share a name: {sorted(n for n in names if names.count(n) > 1)}")
    return scenarios


RARE_WORD = "zeppelin"  # every 25,000th demo ticket carries one of 8 rare words
COMMON_WORD = "password"  # about 5% of demo tickets
CREATE_TEXTS = (
    "I was charged twice for my subscription this month, please refund the second payment.",
    "The login page keeps rejecting my password even after I reset it twice.",
    "Our export to CSV times out for reports larger than a few thousand rows.",
    "The mobile app crashes as soon as I open the settings screen on Android 14.",
)
SEARCH = "t.search_vector @@ to_tsquery('simple', %s)"


@scenario
def list_first(context: ScenarioContext) -> Scenario:
    """The page every agent opens first."""
    return Scenario(
        "list_first",
        "GET /api/tickets/ (first page)",
        get("/api/tickets/"),
        ticket_page(f"first 51 rows {NEWEST_FIRST_LABEL}"),
        Target("p50", 10),
    )


@scenario
def list_deep(context: ScenarioContext) -> Scenario:
    """A page far down the keyset-paginated list: it should cost what the first page costs."""
    return Scenario(
        "list_deep",
        f"GET /api/tickets/?cursor=... ({context.deep_pages} pages deep)",
        get(context.deep_path),
        ticket_page(
            f"row-value seek below the cursor, {NEWEST_FIRST_LABEL}",
            "(t.created_at, t.id) < (%s, %s)",
            context.deep_cursor(),
        ),
        Target("p50", 10),
    )


@scenario
def filter_open_high(context: ScenarioContext) -> Scenario:
    """Two filters at once, served by the (status, priority, created_at, id) index."""
    return Scenario(
        "filter_open_high",
        "GET /api/tickets/?status=open&priority=high",
        get("/api/tickets/?status=open&priority=high"),
        ticket_page(
            f"status and priority equal, {NEWEST_FIRST_LABEL}", "t.status = 'open' AND t.priority = 'high'"
        ),
        Target("p50", 15),
    )


def word_search(name: str, word: str) -> Scenario:
    """A search for the prefix `word`: how common it is decides which index the planner uses."""
    return Scenario(
        name,
        f"GET /api/tickets/?search={word}",
        get(f"/api/tickets/?search={word}"),
        ticket_page(f"tsvector prefix match, {NEWEST_FIRST_LABEL}", SEARCH, (f"{word}:*",)),
        Target("p50", 25),
    )


@scenario
def search_rare(context: ScenarioContext) -> Scenario:
    """A word in a handful of tickets: the GIN index finds them."""
    return word_search("search_rare", RARE_WORD)


@scenario
def search_common(context: ScenarioContext) -> Scenario:
    """A word in 5% of tickets: the newest-first index stops after one page of matches."""
    return word_search("search_common", COMMON_WORD)


@scenario
def list_due_breached(context: ScenarioContext) -> Scenario:
    """The queue of late tickets, the most overdue first: a range of the (sla_due_at, id) index."""
    return Scenario(
        "list_due_breached",
        "GET /api/tickets/?ordering=due&sla=breached",
        get("/api/tickets/?ordering=due&sla=breached"),
        SqlBaseline(
            "first 51 overdue rows by due time, with requester and assignee",
            f"SELECT {TICKET_COLUMNS} {TICKET_FROM} WHERE t.sla_due_at < now()"
            " ORDER BY t.sla_due_at, t.id LIMIT 51",
        ),
        Target("p50", 15),
    )


@scenario
def stats(context: ScenarioContext) -> Scenario:
    """Statistics from the sharded counters, not from a scan of the tickets; with first-response
    percentiles, service-level attainment, breaches per day and the backlog's age."""
    return Scenario(
        "stats",
        "GET /api/tickets/stats/ (with the service-level figures)",
        get("/api/tickets/stats/"),
        SqlBaseline(
            "counter rows summed by key", "SELECT key, SUM(value) FROM tickets_statcounter GROUP BY key"
        ),
        Target("p50", 20),
    )


def ticket_creates(name: str, what: str, **labels: str) -> Scenario:
    """POSTs of new tickets with `labels`, one text after another (`{n}` makes each title unique),
    against one committed INSERT; the target is creates per second under load."""
    requests = [
        request("POST", "/api/tickets/", {"title": "Bench ticket {n}", "description": text, **labels})
        for text in CREATE_TEXTS
    ]
    return Scenario(
        name, f"POST /api/tickets/ ({what})", requests, ticket_insert(CREATE_TEXTS[0]), Target("ok_rps", 500)
    )


@scenario
def create(context: ScenarioContext) -> Scenario:
    """A create with both labels chosen: no model in the request (the suggestion is a queued job)."""
    return ticket_creates("create", "category and priority chosen", category="billing", priority="high")


@scenario
def create_triaged(context: ScenarioContext) -> Scenario:
    """A create with no labels: the local model suggests them inside the request."""
    return ticket_creates("create_triaged", "no labels: triage suggests them")


@scenario
def status_change(context: ScenarioContext) -> Scenario:
    """A PATCH of an existing ticket's status (with its event and counter deltas)."""
    # Its SQL baseline updates the rows the create scenarios' baseline inserted: with
    # `--only status_change` alone there are none, and the ratio is left out.
    return Scenario(
        "status_change",
        "PATCH /api/tickets/<id>/ {status}",
        [request("PATCH", "/api/tickets/{id}/", {"status": "{status}"})],
        ticket_status_update(),
        choices={"id": context.ticket_ids, "status": ["open", "in_progress", "resolved", "closed"]},
    )


@scenario
def classify(context: ScenarioContext) -> Scenario:
    """A suggestion alone, compared with the model called in-process."""
    return Scenario(
        "classify",
        "POST /api/tickets/classify/ (local model)",
        [request("POST", "/api/tickets/classify/", {"description": CLASSIFY_TEXT})],
        None,
        model_baseline=True,
    )
