"""Every read of tickets (statistics are in tickets/stats.py)."""

from __future__ import annotations

import re

from django.db import connection
from django.db.models import BooleanField, Q, QuerySet
from django.db.models.expressions import RawSQL

from support_desk.accounts.models import User
from support_desk.core.errors import NotFoundError
from support_desk.tickets.models import Attachment, Ticket, TicketEvent, TicketMessage, TicketTag

_WORD = re.compile(r"\w+", re.UNICODE)
MAX_SEARCH_WORDS = 12


def search_words(text: str) -> list[str]:
    """The words of a search query, lower-cased; punctuation separates words."""
    return [word.lower() for word in _WORD.findall(text)][:MAX_SEARCH_WORDS]


def tickets_visible_to(user: User) -> QuerySet[Ticket]:
    """Agents see every ticket; requesters only their own."""
    tickets = Ticket.objects.select_related("requester", "assignee")
    return tickets if user.is_agent else tickets.filter(requester=user)


def ticket_get(*, ticket_id: int, user: User) -> Ticket:
    """A ticket the user may see; another requester's ticket is 'not found', never 'forbidden'."""
    ticket = tickets_visible_to(user).filter(pk=ticket_id).first()
    if ticket is None:
        raise NotFoundError("Ticket not found.")
    return ticket


def ticket_messages(*, ticket: Ticket, user: User) -> QuerySet[TicketMessage]:
    """The conversation; internal notes only for agents."""
    messages = (
        ticket.messages.select_related("author").prefetch_related("attachments").order_by("created_at", "id")
    )
    return messages if user.is_agent else messages.filter(is_internal=False)


def ticket_attachments(*, ticket: Ticket, user: User) -> QuerySet[Attachment]:
    """The ticket's files; those of internal notes only for agents."""
    files = Attachment.objects.filter(ticket=ticket).order_by("created_at", "id")
    return files if user.is_agent else files.exclude(message__is_internal=True)


def attachment_get(*, ticket: Ticket, attachment_id: int, user: User) -> Attachment:
    """One file the user may download; any other is 'not found'."""
    attachment = ticket_attachments(ticket=ticket, user=user).filter(pk=attachment_id).first()
    if attachment is None:
        raise NotFoundError("Attachment not found.")
    return attachment


def ticket_events(*, ticket: Ticket) -> QuerySet[TicketEvent]:
    return ticket.events.select_related("actor").order_by("created_at", "id")


def ticket_search(queryset: QuerySet[Ticket], text: str) -> QuerySet[Ticket]:
    """Tickets whose title or description has words starting with every word of `text`.

    PostgreSQL answers from the GIN index on the generated `search_vector`; other
    databases use a word-boundary regular expression (same meaning, no index).
    """
    words = search_words(text)
    if not words:
        return queryset
    if connection.vendor == "postgresql":
        # Words are \w+ only, so they cannot carry tsquery operators.
        tsquery = " & ".join(f"{word}:*" for word in words)
        table = Ticket._meta.db_table
        return queryset.filter(
            RawSQL(  # noqa: S611 - the query text is a parameter
                f'"{table}"."search_vector" @@ to_tsquery(\'simple\', %s)',
                (tsquery,),
                output_field=BooleanField(),
            )
        )
    for word in words:
        pattern = r"\b" + re.escape(word)
        queryset = queryset.filter(Q(title__iregex=pattern) | Q(description__iregex=pattern))
    return queryset


def ticket_tag_names(ticket: Ticket) -> list[str]:
    """The ticket's tag names, sorted."""
    return sorted(TicketTag.objects.filter(ticket=ticket).values_list("tag__name", flat=True))
