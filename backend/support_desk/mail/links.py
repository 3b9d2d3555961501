"""Links in outgoing mail. One place builds them, so every mail gets the same: the "view your
ticket" link signs its customer in (once, for TICKET_LINK_MAX_AGE_SECONDS), the resolved mail's
"How did we do?" links rate without signing in, and the sign-in mail's link is made here too."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings

from support_desk.accounts.models import STAFF_ROLES, User
from support_desk.accounts.sign_in_links import sign_in_link_create
from support_desk.tickets.enums import RESOLVED_STATUSES, Rating
from support_desk.tickets.models import Ticket
from support_desk.tickets.satisfaction import rating_token


@dataclass(frozen=True)
class Recipient:
    """Whom a mail goes to: an address, and the user behind it when there is one."""

    email: str
    user: User | None = None
    name: str = ""

    @classmethod
    def of(cls, user: User) -> Recipient:
        """A person with an account, by their address and full name."""
        return cls(email=user.email, user=user, name=user.get_full_name())


def staff_recipients() -> list[Recipient]:
    """Every active agent and admin with an address, ordered by address."""
    people = User.objects.filter(role__in=STAFF_ROLES, is_active=True).exclude(email="").order_by("email")
    return [Recipient.of(person) for person in people]


def _page(path: str, **query: str) -> str:
    return f"{settings.PUBLIC_BASE_URL}{path}" + (f"?{urlencode(query)}" if query else "")


def sign_in_link(*, user: User, next_path: str, max_age_seconds: int) -> str:
    """A one-time link that signs `user` in and opens `next_path` of the web app."""
    token = sign_in_link_create(user=user, next_path=next_path, max_age_seconds=max_age_seconds)
    return _page("/sign-in/link", token=token)


def ticket_link(ticket: Ticket, recipient: Recipient) -> str:
    """The web app's page of the ticket, for this recipient: for a person who may use sign-in
    links (customers; staff an admin allowed) and may see the ticket, a one-time link that signs
    them in straight to it; for anyone else (people copied by address), the plain page."""
    page = f"/tickets/{ticket.pk}"
    user = recipient.user
    if (
        user is not None
        and user.may_use_sign_in_links
        and (user.is_agent or ticket.requester_id == user.pk)
        and recipient.email.strip().lower() == user.email.strip().lower()
    ):
        return sign_in_link(user=user, next_path=page, max_age_seconds=settings.TICKET_LINK_MAX_AGE_SECONDS)
    return _page(page)


def rating_links(ticket: Ticket, recipient: Recipient) -> dict[str, str]:
    """One-click "How did we do?" links (good, bad) for the requester of a resolved ticket,
    bound to its latest resolution; empty for anyone else."""
    user = recipient.user
    if user is None or user.pk != ticket.requester_id or user.is_agent:
        return {}
    if not ticket.resolution_count or ticket.status not in RESOLVED_STATUSES:
        return {}
    token = rating_token(ticket_id=ticket.pk, resolution=ticket.resolution_count)
    return {rating: _page("/rate", token=token, rating=rating) for rating in Rating.values}
