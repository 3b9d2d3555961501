"""Realistic, varied demo tickets over the last 60 days, generated deterministically and fast."""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from support_desk.sla.selectors import PolicyTable
from support_desk.tickets.demo.corpus import (
    CATEGORY_TEMPLATES,
    ERRORS,
    INTEGRATIONS,
    PLANS,
    PRODUCTS,
    RARE_WORDS,
)
from support_desk.tickets.demo.service_levels import DemoClocks, demo_clocks
from support_desk.tickets.enums import RESOLVED_STATUSES, Status
from support_desk.tickets.services import resolution_seconds_between

CATEGORY_WEIGHTS = {"technical": 40, "billing": 24, "account": 20, "general": 16}
PRIORITY_WEIGHTS = {
    "technical": {"low": 10, "medium": 40, "high": 35, "critical": 15},
    "billing": {"low": 15, "medium": 50, "high": 30, "critical": 5},
    "account": {"low": 15, "medium": 45, "high": 30, "critical": 10},
    "general": {"low": 60, "medium": 35, "high": 5, "critical": 0},
}
# Median hours to resolve by priority: urgent tickets are handled first.
RESOLUTION_HOURS = {"critical": 3.0, "high": 10.0, "medium": 30.0, "low": 60.0}
SPAN_DAYS = 60
RARE_WORD_EVERY = 25_000


@dataclass(frozen=True)
class DemoTicket:
    title: str
    description: str
    category: str
    priority: str
    status: str
    created_at: datetime
    updated_at: datetime
    resolved_at: datetime | None
    resolution_seconds: int | None
    requester_id: int | None
    assignee_id: int | None
    version: int
    category_source: str
    priority_source: str
    clocks: DemoClocks

    def __getattr__(self, name: str) -> object:
        # The loader reads the service-level columns by name, as if they were fields here.
        if name == "clocks":
            raise AttributeError(name)
        return getattr(self.clocks, name)


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _status_for_age(rng: random.Random, age_hours: float, priority: str) -> str:
    """Older tickets are more likely finished; urgent ones are finished sooner."""
    progress = min(1.0, age_hours / (RESOLUTION_HOURS[priority] * 4))
    roll = rng.random()
    if roll < 0.15 * (1 - progress) + 0.03:
        return Status.IN_PROGRESS
    if roll < 0.85 * progress:
        return Status.CLOSED if rng.random() < 0.4 else Status.RESOLVED
    # Some of the rest wait on the customer.
    return Status.PENDING if rng.random() < 0.12 else Status.OPEN


def demo_tickets(
    count: int,
    *,
    now: datetime,
    seed: int = 7,
    requester_ids: Sequence[int] = (),
    agent_ids: Sequence[int] = (),
    policies: PolicyTable | None = None,
) -> Iterator[DemoTicket]:
    """Yield `count` tickets, oldest first, spread over the last 60 days."""
    rng = random.Random(seed)  # noqa: S311 - repeatable demo data, not security
    start = now - timedelta(days=SPAN_DAYS)
    step = (now - start) / max(count, 1)
    for index in range(count):
        category = _pick(rng, CATEGORY_WEIGHTS)
        priority = _pick(rng, PRIORITY_WEIGHTS[category])
        title_template, body_template = rng.choice(CATEGORY_TEMPLATES[category])
        product = rng.choice(PRODUCTS)
        slots = {
            "product": product,
            "product_title": product[0].upper() + product[1:],
            "integration": rng.choice(INTEGRATIONS),
            "error": rng.choice(ERRORS).format(code=rng.randint(100, 9999)),
            "plan": rng.choice(PLANS),
            "amount": f"${rng.randint(9, 899)}.{rng.randint(0, 99):02d}",
            "day": (now - timedelta(days=rng.randint(1, 40))).strftime("%B %d"),
            "order": f"#{rng.randint(10000, 999999)}",
        }
        title = title_template.format(**slots)
        description = body_template.format(**slots)
        if index % RARE_WORD_EVERY == RARE_WORD_EVERY // 2:
            description += f" Reference: {RARE_WORDS[(index // RARE_WORD_EVERY) % len(RARE_WORDS)]}."
        jitter = timedelta(seconds=rng.uniform(0, step.total_seconds()))
        created_at = start + step * index + jitter
        age_hours = (now - created_at).total_seconds() / 3600
        status = _status_for_age(rng, age_hours, priority)
        resolved_at = None
        resolution_seconds = None
        updated_at = created_at
        if status in RESOLVED_STATUSES:
            hours = min(age_hours, rng.expovariate(1 / RESOLUTION_HOURS[priority]))
            resolved_at = created_at + timedelta(hours=hours)
            resolution_seconds = resolution_seconds_between(created_at, resolved_at)
            updated_at = resolved_at
        elif status == Status.IN_PROGRESS:
            updated_at = created_at + timedelta(hours=min(age_hours, rng.uniform(0.1, 8)))
        # Work in progress and finished tickets have an agent; a few new ones are still unassigned.
        assignee_id = None
        if agent_ids and (status != Status.OPEN or rng.random() < 0.5):
            assignee_id = rng.choice(agent_ids)
        yield DemoTicket(
            title=title[:200],
            description=description,
            category=category,
            priority=priority,
            status=status,
            created_at=created_at,
            updated_at=updated_at,
            resolved_at=resolved_at,
            resolution_seconds=resolution_seconds,
            requester_id=rng.choice(requester_ids) if requester_ids else None,
            assignee_id=assignee_id,
            version=1 if status == Status.OPEN else 2,
            category_source="requester",
            priority_source="requester",
            clocks=demo_clocks(
                rng,
                policies,
                priority=priority,
                category=category,
                status=status,
                created_at=created_at,
                resolved_at=resolved_at,
                assigned=assignee_id is not None,
                now=now,
            ),
        )
