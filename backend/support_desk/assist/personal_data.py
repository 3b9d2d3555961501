"""What of one customer's ticket may be reused for another: the team's words without the
customer's particulars.

A past reply becomes a draft (or a language model's source) only after `reusable_text`: the
quoted mail below the agent's words is dropped, the identifiers of the ticket's people (its
requester's names, user name and address, its participants' names and addresses, the
customers who wrote on it) and every kind of personal data that `triage.redaction.
redact_personal` finds are replaced by placeholders. A reply that still shows one of those
identifiers afterwards, or that is mostly particulars, is not reused at all.
"""

from __future__ import annotations

import re

from support_desk.accounts.models import STAFF_ROLES, User
from support_desk.tickets.models import Ticket, TicketMessage
from support_desk.triage.redaction import (
    GREETING_WORDS,
    NAME,
    PERSONAL_PLACEHOLDERS,
    identifiers_left,
    person_identifiers,
    redact_personal,
)

# A reply that is more than this share of placeholders is about that customer, not a
# solution another one could use.
MAX_PLACEHOLDER_SHARE = 0.25

# Where a mail reply's quotation of the earlier message begins.
_QUOTE_START_RE = re.compile(
    r"(?im)^(?:[ \t]*>.*$|[ \t]*On .{4,200}wrote:[ \t]*$|[ \t]*-{2,}\s*Original Message\s*-{2,}|"
    r"[ \t]*From:[ \t].*$\n[ \t]*(?:Sent|Date):)"
)


def _user_names(user: User | None) -> tuple[list[str], list[str]]:
    if user is None:
        return [], []
    full = user.get_full_name()
    names = [name for name in (full, user.first_name, user.last_name, user.username) if name]
    return names, [user.email] if user.email else []


def ticket_people_identifiers(ticket: Ticket) -> list[str]:
    """Everything that names the people of `ticket` other than the team: the requester, the
    participants, and every customer who wrote on it."""
    names, emails = _user_names(ticket.requester)
    for participant in ticket.participants.all():
        if participant.name:
            names.append(participant.name)
        emails.append(participant.email)
    writers = User.objects.filter(
        pk__in=TicketMessage.objects.filter(ticket=ticket).values("author_id")
    ).exclude(role__in=STAFF_ROLES)
    for writer in writers:
        if writer.pk == ticket.requester_id:
            continue
        more_names, more_emails = _user_names(writer)
        names += more_names
        emails += more_emails
    return person_identifiers(names=names, emails=emails)


def own_words(reply: str) -> str:
    """The reply without the earlier mail it quotes (the customer's own words, not the team's)."""
    match = _QUOTE_START_RE.search(reply)
    return (reply[: match.start()] if match else reply).rstrip()


def _placeholder_share(text: str) -> float:
    words = text.split()
    if not words:
        return 1.0
    placeholders = sum(text.count(placeholder) for placeholder in PERSONAL_PLACEHOLDERS)
    return placeholders / len(words)


def reusable_text(text: str, *, source: Ticket) -> str | None:
    """`text` from `source` with its people's particulars replaced by placeholders, or None
    when it cannot be made safe to show for another customer."""
    identifiers = ticket_people_identifiers(source)
    redacted = redact_personal(own_words(text), identifiers=identifiers)
    if not redacted.strip() or identifiers_left(redacted, identifiers):
        return None
    if _placeholder_share(redacted) > MAX_PLACEHOLDER_SHARE:
        return None
    return redacted


def greet(text: str, *, name: str) -> str:
    """Put `name` where a greeting's name was taken out ("Hi [NAME]," becomes "Hi Maria,")."""
    if not name:
        return text
    greeting = re.compile(rf"(?im)^(?P<greeting>{GREETING_WORDS}[ \t]+){re.escape(NAME)}")
    return greeting.sub(lambda m: f"{m.group('greeting')}{name}", text, count=1)
