"""Conversations and timelines for demo tickets, so the ticket screen has something to show."""

from __future__ import annotations

import random
from datetime import timedelta

from support_desk.accounts.models import User
from support_desk.tickets.enums import ActorKind, EventKind, Status
from support_desk.tickets.models import Ticket, TicketEvent, TicketMessage

AGENT_REPLIES = (
    "Thanks for reporting this. I'm looking into it now and will update you shortly.",
    "Could you tell us which browser and version you are using, and send a screenshot?",
    "We found the cause and deployed a fix. Could you check whether it works for you now?",
    "I've passed this to our billing team; you'll hear back within one business day.",
)
CUSTOMER_REPLIES = (
    "Thanks, that fixed it!",
    "It's Chrome on Windows 11. Screenshot attached in my next message.",
    "Still happening for me, unfortunately.",
    "Great, thank you for the quick help.",
)
INTERNAL_NOTES = (
    "Looks like the same root cause as last week's incident. Linking to the engineering ticket.",
    "Customer is on an annual plan; a goodwill credit is fine if needed.",
    "Reproduced on staging. Escalating to the on-call engineer.",
)


def add_demo_history(*, using: str, limit: int = 400, seed: int = 11) -> None:
    """Add events and messages to the newest `limit` demo tickets (bulk, no counters involved)."""
    rng = random.Random(seed)  # noqa: S311 - repeatable demo data
    tickets = list(Ticket.objects.using(using).order_by("-created_at")[:limit])
    users = {user.pk: user for user in User.objects.using(using).all()}
    events: list[TicketEvent] = []
    messages: list[TicketMessage] = []
    for ticket in tickets:
        requester = users.get(ticket.requester_id) if ticket.requester_id else None
        agent = users.get(ticket.assignee_id) if ticket.assignee_id else None
        moment = ticket.created_at
        events.append(
            TicketEvent(
                ticket=ticket, kind=EventKind.CREATED, actor=requester, new_value="open", created_at=moment
            )
        )
        if agent is None:
            continue
        moment += timedelta(minutes=rng.randint(5, 90))
        events.append(
            TicketEvent(
                ticket=ticket,
                kind=EventKind.ASSIGNEE_CHANGED,
                actor=agent,
                actor_kind=ActorKind.USER,
                new_value=str(agent.pk),
                created_at=moment,
            )
        )
        messages.append(
            TicketMessage(ticket=ticket, author=agent, body=rng.choice(AGENT_REPLIES), created_at=moment)
        )
        if rng.random() < 0.4:
            messages.append(
                TicketMessage(
                    ticket=ticket,
                    author=agent,
                    body=rng.choice(INTERNAL_NOTES),
                    is_internal=True,
                    created_at=moment + timedelta(minutes=2),
                )
            )
        if requester is not None and rng.random() < 0.6:
            messages.append(
                TicketMessage(
                    ticket=ticket,
                    author=requester,
                    body=rng.choice(CUSTOMER_REPLIES),
                    created_at=moment + timedelta(minutes=rng.randint(10, 240)),
                )
            )
        if ticket.status != Status.OPEN:
            events.append(
                TicketEvent(
                    ticket=ticket,
                    kind=EventKind.STATUS_CHANGED,
                    actor=agent,
                    old_value="open",
                    new_value=ticket.status,
                    created_at=ticket.resolved_at or ticket.updated_at,
                )
            )
    TicketEvent.objects.using(using).bulk_create(events, batch_size=1000)
    TicketMessage.objects.using(using).bulk_create(messages, batch_size=1000)
