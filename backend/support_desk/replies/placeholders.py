"""Placeholders in saved replies: `{{ requester.name }}`, `{{ ticket.number }}`, `{{ agent.name }}`.

Plain substitution, never a template engine: a reply is text an agent wrote and the values
are the customer's and agents' names, so nothing in either can run code or reach other data.
"""

from __future__ import annotations

import re

from support_desk.accounts.models import User
from support_desk.tickets.models import Ticket

PLACEHOLDER = re.compile(r"\{\{\s*([a-z_]+\.[a-z_]+)\s*\}\}")
PLACEHOLDERS = ("requester.name", "ticket.number", "agent.name")


def unknown_placeholders(text: str) -> list[str]:
    """Placeholders in `text` that replies cannot fill (a typo the author should hear of)."""
    return sorted({name for name in PLACEHOLDER.findall(text) if name not in PLACEHOLDERS})


def render(text: str, *, ticket: Ticket, agent: User) -> str:
    values = {
        "requester.name": ticket.requester.display_name if ticket.requester else "there",
        "ticket.number": str(ticket.pk),
        "agent.name": agent.display_name,
    }
    return PLACEHOLDER.sub(lambda match: values.get(match.group(1), match.group(0)), text)
