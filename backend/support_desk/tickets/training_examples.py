"""The team's own labels as training examples for the local model."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Q

from support_desk.tickets.enums import LabelSource
from support_desk.tickets.models import Ticket
from support_desk.triage.local.examples import Example, ticket_text


def training_examples_from_db() -> Iterator[Example]:
    """Every ticket whose category or priority an agent set or corrected.

    A label the agent did not confirm is passed as None, so the model learns only what a
    person decided.
    """
    tickets = (
        Ticket.objects.filter(Q(category_source=LabelSource.AGENT) | Q(priority_source=LabelSource.AGENT))
        .only("title", "description", "category", "priority", "category_source", "priority_source")
        .order_by("id")
    )
    for ticket in tickets.iterator(chunk_size=2000):
        yield Example(
            ticket_text(ticket.title, ticket.description),
            ticket.category if ticket.category_source == LabelSource.AGENT else None,
            ticket.priority if ticket.priority_source == LabelSource.AGENT else None,
            source="team",
        )
