"""Satisfaction surveys: opening one when a ticket is resolved, the signed links that answer
it from a mail without signing in, and the counter state of a survey.

A rating token is `signing.dumps({"t": <ticket id>, "r": <resolution number>})` under its own
salt: it rates that ticket's survey of that resolution only, so a link from an earlier
resolution (or for another ticket) cannot answer the current one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.core import signing

from support_desk.tickets import counters
from support_desk.tickets.models import SatisfactionSurvey, Ticket

SALT = "support_desk.tickets.satisfaction"
# Long enough for a customer who reads their mail late; a newer resolution voids it sooner.
RATING_TOKEN_MAX_AGE_SECONDS = 90 * 24 * 3600
MAX_TOKEN_LENGTH = 300


@dataclass(frozen=True)
class RatingTokenTarget:
    ticket_id: int
    resolution: int


def rating_token(*, ticket_id: int, resolution: int) -> str:
    return signing.dumps({"t": ticket_id, "r": resolution}, salt=SALT)


def rating_token_read(token: str) -> RatingTokenTarget | None:
    """The ticket and resolution a genuine, unexpired token is for; None otherwise."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    try:
        payload = signing.loads(token, salt=SALT, max_age=RATING_TOKEN_MAX_AGE_SECONDS)
    except signing.BadSignature:  # SignatureExpired is one
        return None
    if not isinstance(payload, dict):
        return None
    ticket_id, resolution = payload.get("t"), payload.get("r")
    if not isinstance(ticket_id, int) or not isinstance(resolution, int):
        return None
    return RatingTokenTarget(ticket_id=ticket_id, resolution=resolution)


def survey_state(survey: SatisfactionSurvey) -> counters.SurveyState:
    return counters.SurveyState(
        agent_id=survey.agent_id,
        category=survey.category,
        resolved_at=survey.resolved_at,
        rating=survey.rating,
    )


def asks_requester(ticket: Ticket) -> bool:
    """A resolution asks "How did we do?" when a customer (not a colleague) is the requester."""
    requester = ticket.requester
    return requester is not None and not requester.is_agent


def survey_open(ticket: Ticket, *, resolved_at: datetime) -> dict[str, int]:
    """Start the next resolution's survey on a ticket that just entered a resolved state
    (inside the caller's transaction, with the ticket locked); returns its counter deltas.
    The ticket's rating columns now describe this (unanswered) survey."""
    ticket.resolution_count += 1
    ticket.rating = None
    ticket.rating_comment = ""
    ticket.rated_at = None
    survey = SatisfactionSurvey.objects.create(
        ticket=ticket,
        number=ticket.resolution_count,
        agent_id=ticket.assignee_id,
        category=ticket.category,
        resolved_at=resolved_at,
    )
    return counters.survey_deltas(None, survey_state(survey))


def surveys_removed(ticket: Ticket) -> dict[str, int]:
    """Counter deltas that take all of a ticket's surveys out (before it is deleted)."""
    total: dict[str, int] = {}
    for survey in SatisfactionSurvey.objects.filter(ticket=ticket):
        for key, value in counters.survey_deltas(survey_state(survey), None).items():
            total[key] = total.get(key, 0) + value
    return total
