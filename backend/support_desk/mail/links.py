"""Links in outgoing mail. One place builds them, so a later change (a sign-in token in the
customer's "view your ticket" link, a satisfaction survey link) is made here and every mail
gets it: `ticket_link` receives the recipient for exactly that reason."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from support_desk.accounts.models import User
from support_desk.tickets.models import Ticket


@dataclass(frozen=True)
class Recipient:
    """Whom a mail goes to: an address, and the user behind it when there is one."""

    email: str
    user: User | None = None
    name: str = ""

    @property
    def is_agent(self) -> bool:
        return self.user is not None and self.user.is_agent


def ticket_link(ticket: Ticket, recipient: Recipient) -> str:
    """The web app's page of the ticket, for this recipient."""
    return f"{settings.PUBLIC_BASE_URL}/tickets/{ticket.pk}"
