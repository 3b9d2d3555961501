"""Demo satisfaction answers: the newest resolved tickets of customers were asked "How did we
do?", and most of them answered, mostly good."""

from __future__ import annotations

import random

from support_desk.accounts.models import Role
from support_desk.tickets.enums import RESOLVED_STATUSES, Rating
from support_desk.tickets.models import SatisfactionSurvey, Ticket

COMMENTS = {
    Rating.GOOD: ("Quick and friendly, thank you!", "Solved in one reply.", ""),
    Rating.BAD: ("It took too long.", "I had to explain it three times.", ""),
}


def add_demo_satisfaction(*, using: str, limit: int = 300, seed: int = 17) -> int:
    """Open one survey on each of the newest `limit` resolved customer tickets; about two in
    three answered, four in five of those good. Returns the surveys made (the statistics
    counters are rebuilt by `seed_demo` afterwards)."""
    rng = random.Random(seed)  # noqa: S311 - repeatable demo data
    tickets = list(
        Ticket.objects.using(using)
        .filter(status__in=RESOLVED_STATUSES, resolved_at__isnull=False, requester__role=Role.REQUESTER)
        .filter(resolution_count=0)
        .order_by("-resolved_at")[:limit]
    )
    surveys = []
    for ticket in tickets:
        rating = None
        comment = ""
        if rng.random() < 0.65:
            rating = Rating.GOOD if rng.random() < 0.8 else Rating.BAD
            comment = rng.choice(COMMENTS[rating])
        assert ticket.resolved_at is not None
        surveys.append(
            SatisfactionSurvey(
                ticket=ticket,
                number=1,
                agent_id=ticket.assignee_id,
                category=ticket.category,
                resolved_at=ticket.resolved_at,
                rating=rating,
                comment=comment,
                rated_at=ticket.resolved_at if rating else None,
            )
        )
        ticket.resolution_count = 1
        ticket.rating, ticket.rating_comment = rating, comment
        ticket.rated_at = ticket.resolved_at if rating else None
    SatisfactionSurvey.objects.using(using).bulk_create(surveys, batch_size=1000)
    Ticket.objects.using(using).bulk_update(
        tickets, ["resolution_count", "rating", "rating_comment", "rated_at"], batch_size=1000
    )
    return len(surveys)
