"""Which ticket a message belongs to, and whether its sender may write on it.

A reply is matched by its In-Reply-To and References against the Message-IDs of every ticket's
thread (received and sent), then by the `[#<id>]` token in its subject; only then is it a new
ticket. A match counts only when the sender is the requester, someone copied on the ticket, or
an agent: nobody writes into someone else's conversation by guessing a number.
"""

from __future__ import annotations

import re

from support_desk.accounts.models import User
from support_desk.mail.models import ThreadMessageId
from support_desk.mail.parsing import ParsedMail
from support_desk.tickets.models import Ticket

SUBJECT_TOKEN = re.compile(r"\[#(\d{1,18})\]")
# Reply and forward prefixes in the common languages, repeated ("Re: AW: Fwd:").
_PREFIXES = re.compile(
    r"^\s*((re|aw|sv|vs|antw|ref|fw|fwd|wg|tr|rv|enc)\s*(\[\d+\])?\s*:\s*)+", re.IGNORECASE
)


def subject_token(ticket_id: int) -> str:
    return f"[#{ticket_id}]"


def title_from_subject(subject: str) -> str:
    """A new ticket's title: the subject without reply prefixes or a ticket token."""
    return SUBJECT_TOKEN.sub("", _PREFIXES.sub("", subject)).strip()


def ticket_for_reply(parsed: ParsedMail) -> Ticket | None:
    """The ticket a message answers, by its headers first and its subject token second."""
    candidates = [*parsed.in_reply_to, *reversed(parsed.references)]
    if candidates:
        known = (
            ThreadMessageId.objects.filter(message_id__in=candidates[:50])
            .select_related("ticket")
            .only("message_id", "ticket")
        )
        by_id = {row.message_id: row.ticket for row in known}
        for candidate in candidates:
            if candidate in by_id:
                return by_id[candidate]
    match = SUBJECT_TOKEN.search(parsed.subject)
    if match:
        return Ticket.objects.filter(pk=int(match.group(1))).select_related("requester").first()
    return None


def may_write_on(ticket: Ticket, *, address: str, user: User | None) -> bool:
    """The requester, an address copied on the ticket, or an agent."""
    if user is not None and (user.is_agent or user.pk == ticket.requester_id):
        return True
    requester = ticket.requester
    if requester is not None and requester.email and requester.email.lower() == address:
        return True
    return ticket.participants.filter(email=address).exists()
