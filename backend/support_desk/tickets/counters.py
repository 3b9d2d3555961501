"""Running totals behind the statistics endpoint.

Each write to a ticket turns into a set of counter deltas, applied with a single
upsert in the writer's transaction. The keys:

- `total`, `status:<s>`, `category:<c>`, `priority:<p>`: ticket counts;
- `resolved:count`, `resolved:seconds`: resolved tickets and their summed durations;
- `resolved:bucket:<i>`: resolved tickets whose duration falls in bucket i (about 10% wide),
  so the median is found by reading only its bucket's slice of the duration index;
- `day:<YYYY-MM-DD>`: tickets created that UTC day (for average tickets per day);
- `triage:<source>:suggested|category_kept|priority_kept`: tickets with a triage suggestion
  from that source, and how many still carry the suggested label;
  `triage:<source>:category_abstained|priority_abstained`: of those, how many got no suggestion
  for that label because the model was not confident enough (kept apart from kept/changed).
- `open_day:<YYYY-MM-DD>`: unresolved tickets created that UTC day (the backlog's age);
- `first_response:count|seconds`, `first_response:bucket:<i>`: tickets with an agent's first
  reply and their times to it, bucketed like resolutions (median, 90th percentile);
- `sla:<target>:<priority>:met|breached`: service-level targets reached in time or breached;
- `sla_breach_day:<YYYY-MM-DD>`: breached targets by the UTC day they fell due (next-response
  breaches, which a ticket can have several of, are added by the write that records them).
- `csat:asked|good|bad`: satisfaction surveys (one per resolution with a customer requester)
  and their answers; the same per agent who resolved (`csat_agent:<id>:...`, `none` when
  unassigned), per category at resolution (`csat_category:<c>:...`) and per UTC day of the
  resolution (`csat_day:<YYYY-MM-DD>:...`). A survey's keys come from `SurveyState`.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import connection, transaction

from support_desk.tickets.durations import resolution_bucket
from support_desk.tickets.models import StatCounter

SHARDS = 8

TOTAL = "total"
RESOLVED_COUNT = "resolved:count"
RESOLVED_SECONDS = "resolved:seconds"
RESOLVED_BUCKET_PREFIX = "resolved:bucket:"


DAY_PREFIX = "day:"
TRIAGE_PREFIX = "triage:"
OPEN_DAY_PREFIX = "open_day:"
FIRST_RESPONSE_COUNT = "first_response:count"
FIRST_RESPONSE_SECONDS = "first_response:seconds"
FIRST_RESPONSE_BUCKET_PREFIX = "first_response:bucket:"
SLA_PREFIX = "sla:"
SLA_BREACH_DAY_PREFIX = "sla_breach_day:"
CSAT_PREFIX = "csat:"
CSAT_AGENT_PREFIX = "csat_agent:"
CSAT_CATEGORY_PREFIX = "csat_category:"
CSAT_DAY_PREFIX = "csat_day:"
CSAT_MEASURES = ("asked", "good", "bad")


@dataclass(frozen=True)
class CountedState:
    """The parts of a ticket that the counters depend on."""

    status: str
    category: str
    priority: str
    created_at: datetime
    resolution_seconds: int | None
    suggestion_source: str | None = None
    category_kept: bool = False
    priority_kept: bool = False
    category_abstained: bool = False
    priority_abstained: bool = False
    unresolved: bool = False
    first_response_seconds: int | None = None
    # Per service-level target: "met", "breached" or None (not reached, or no target).
    first_response_outcome: str | None = None
    resolution_outcome: str | None = None
    next_responses_met: int = 0
    next_responses_breached: int = 0
    # Due times of the first-response and resolution targets when they are breached.
    breached_due: tuple[datetime, ...] = ()


def day_key(moment: datetime) -> str:
    return f"{DAY_PREFIX}{moment.date().isoformat()}"


def sla_key(target: str, priority: str, outcome: str) -> str:
    return f"{SLA_PREFIX}{target}:{priority}:{outcome}"


def breach_day_key(moment: datetime) -> str:
    return f"{SLA_BREACH_DAY_PREFIX}{moment.astimezone(UTC).date().isoformat()}"


def _sla_contributions(state: CountedState, counts: Counter[str]) -> None:
    if state.unresolved:
        counts[f"{OPEN_DAY_PREFIX}{state.created_at.astimezone(UTC).date().isoformat()}"] += 1
    if state.first_response_seconds is not None:
        counts[FIRST_RESPONSE_COUNT] += 1
        counts[FIRST_RESPONSE_SECONDS] += state.first_response_seconds
        counts[f"{FIRST_RESPONSE_BUCKET_PREFIX}{resolution_bucket(state.first_response_seconds)}"] += 1
    for target, outcome in (
        ("first_response", state.first_response_outcome),
        ("resolution", state.resolution_outcome),
    ):
        if outcome:
            counts[sla_key(target, state.priority, outcome)] += 1
    for due in state.breached_due:
        counts[breach_day_key(due)] += 1
    counts[sla_key("next_response", state.priority, "met")] += state.next_responses_met
    counts[sla_key("next_response", state.priority, "breached")] += state.next_responses_breached


def _contributions(state: CountedState) -> Counter[str]:
    counts: Counter[str] = Counter(
        {
            TOTAL: 1,
            f"status:{state.status}": 1,
            f"category:{state.category}": 1,
            f"priority:{state.priority}": 1,
            day_key(state.created_at): 1,
        }
    )
    if state.resolution_seconds is not None:
        counts[RESOLVED_COUNT] += 1
        counts[RESOLVED_SECONDS] += state.resolution_seconds
        counts[f"{RESOLVED_BUCKET_PREFIX}{resolution_bucket(state.resolution_seconds)}"] += 1
    if state.suggestion_source:
        prefix = f"{TRIAGE_PREFIX}{state.suggestion_source}:"
        counts[prefix + "suggested"] += 1
        counts[prefix + "category_kept"] += int(state.category_kept)
        counts[prefix + "priority_kept"] += int(state.priority_kept)
        counts[prefix + "category_abstained"] += int(state.category_abstained)
        counts[prefix + "priority_abstained"] += int(state.priority_abstained)
    _sla_contributions(state, counts)
    return counts


@dataclass(frozen=True)
class SurveyState:
    """The parts of a satisfaction survey that the counters depend on."""

    agent_id: int | None
    category: str
    resolved_at: datetime
    rating: str | None


def survey_groups(state: SurveyState) -> tuple[str, ...]:
    """The counter prefixes one survey counts under: overall, its agent, category and day."""
    agent = "none" if state.agent_id is None else str(state.agent_id)
    day = state.resolved_at.astimezone(UTC).date().isoformat()
    return (
        CSAT_PREFIX,
        f"{CSAT_AGENT_PREFIX}{agent}:",
        f"{CSAT_CATEGORY_PREFIX}{state.category}:",
        f"{CSAT_DAY_PREFIX}{day}:",
    )


def _survey_contributions(state: SurveyState) -> Counter[str]:
    counts: Counter[str] = Counter()
    for prefix in survey_groups(state):
        counts[prefix + "asked"] += 1
        if state.rating:
            counts[prefix + state.rating] += 1
    return counts


def survey_deltas(before: SurveyState | None, after: SurveyState | None) -> dict[str, int]:
    """Counter changes for a survey going from `before` to `after` (None: absent)."""
    result: Counter[str] = Counter()
    if after is not None:
        result.update(_survey_contributions(after))
    if before is not None:
        result.subtract(_survey_contributions(before))
    return {key: value for key, value in result.items() if value}


def deltas_between(before: CountedState | None, after: CountedState | None) -> dict[str, int]:
    """Counter changes for a ticket going from `before` to `after` (None: absent)."""
    result: Counter[str] = Counter()
    if after is not None:
        result.update(_contributions(after))
    if before is not None:
        result.subtract(_contributions(before))
    return {key: value for key, value in result.items() if value}


# Deltas held back by `counter_batch` until the write that spans several tickets is done.
_pending: ContextVar[Counter[str] | None] = ContextVar("pending_counter_deltas", default=None)


@contextmanager
def counter_batch() -> Iterator[None]:
    """Within it, counter deltas add up and are applied in one sorted upsert at the end, after
    the write has taken every ticket lock it needs: a write that touches several tickets then
    locks counter rows once, in the same order as every other writer."""
    if _pending.get() is not None:
        yield  # an outer batch applies them
        return
    pending: Counter[str] = Counter()
    token = _pending.set(pending)
    try:
        yield
    finally:
        _pending.reset(token)
    _upsert({key: value for key, value in pending.items() if value})


def apply_deltas(deltas: Mapping[str, int]) -> None:
    """Add `deltas` to one shard of each counter; must run inside the caller's transaction."""
    if not deltas:
        return
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("counter deltas must be applied inside the ticket write's transaction")
    pending = _pending.get()
    if pending is not None:
        pending.update(deltas)
        return
    _upsert(deltas)


def _upsert(deltas: Mapping[str, int]) -> None:
    if not deltas:
        return
    shard = random.randrange(SHARDS)  # noqa: S311 - load spreading, not security
    table = StatCounter._meta.db_table
    # Sorted keys give every writer the same lock order, so writers cannot deadlock.
    items = sorted(deltas.items())
    values_sql = ", ".join(["(%s, %s, %s)"] * len(items))
    params: list[str | int] = []
    for key, value in items:
        params.extend([key, shard, value])
    with connection.cursor() as cursor:
        cursor.execute(
            f'INSERT INTO "{table}" ("key", "shard", "value") VALUES {values_sql} '  # noqa: S608
            f'ON CONFLICT ("key", "shard") DO UPDATE SET "value" = "{table}"."value" + EXCLUDED."value"',
            params,
        )


def read_totals() -> dict[str, int]:
    """Every counter, summed over its shards."""
    table = StatCounter._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT "key", SUM("value") FROM "{table}" GROUP BY "key"')  # noqa: S608
        return {key: int(total) for key, total in cursor.fetchall()}


def replace_all(totals: Iterable[tuple[str, int]], *, using: str = "default") -> None:
    """Replace every counter with the given totals (used by a full rebuild)."""
    StatCounter.objects.using(using).all().delete()
    StatCounter.objects.using(using).bulk_create(
        [StatCounter(key=key, shard=0, value=value) for key, value in totals if value], batch_size=1000
    )
