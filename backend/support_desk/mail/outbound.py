"""Outgoing mail: who gets which notification, how it reads (text and HTML from templates),
how it threads (its own Message-ID, In-Reply-To and References of the ticket's thread, the
subject `[#<id>] <title>`), and queueing it for the sending job once it is recorded.

To extend: a new kind of mail is a NotificationKind, a pair of templates
`mail/<kind>.txt` and `mail/<kind>.html`, and a `notify()` call from a receiver; anything a
template needs goes into `extra_context`. Links come from links.py.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from datetime import timedelta
from email.utils import make_msgid
from functools import partial

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from support_desk.core.locks import transaction_lock
from support_desk.mail.enums import NOTIFICATION_DEFAULTS, DeliveryStatus, Direction, NotificationKind
from support_desk.mail.links import Recipient, rating_links, ticket_link
from support_desk.mail.models import AddressStatus, NotificationPreference, OutboundMail, ThreadMessageId
from support_desk.mail.threading import subject_token
from support_desk.tickets.models import Ticket, TicketMessage

logger = logging.getLogger(__name__)

# Replies written by a person are not automatic mail (RFC 3834); every notification is.
PERSONAL_KINDS = frozenset({NotificationKind.PUBLIC_REPLY})
MAX_REFERENCES = 10


def wanted_by(recipients: list[Recipient], kind: str) -> list[Recipient]:
    """Those who want this kind: their choice, else the kind's default (people without an
    account, copied on a ticket, get the customer mails). One query for everyone."""
    user_ids = [recipient.user.pk for recipient in recipients if recipient.user is not None]
    chosen = (
        dict(
            NotificationPreference.objects.filter(user_id__in=user_ids, kind=kind).values_list(
                "user_id", "enabled"
            )
        )
        if user_ids
        else {}
    )
    default = NOTIFICATION_DEFAULTS[kind]
    return [
        recipient
        for recipient in recipients
        if (chosen.get(recipient.user.pk, default) if recipient.user is not None else default)
    ]


def mail_domain() -> str:
    return (settings.SUPPORT_EMAIL_ADDRESS or settings.DEFAULT_FROM_EMAIL).rpartition("@")[
        2
    ] or "supportdesk.local"


def ticket_subject(ticket: Ticket) -> str:
    return f"{subject_token(ticket.pk)} {ticket.title}"


def _thread_headers(ticket: Ticket) -> tuple[str, str]:
    """(In-Reply-To, References) for a new mail on the ticket's thread."""
    ids = list(
        ThreadMessageId.objects.filter(ticket=ticket)
        .order_by("created_at", "id")
        .values_list("message_id", flat=True)
    )
    if not ids:
        return "", ""
    chain = ids if len(ids) <= MAX_REFERENCES else [ids[0], *ids[-(MAX_REFERENCES - 1) :]]
    return f"<{ids[-1]}>", " ".join(f"<{message_id}>" for message_id in chain)


# The namespace of the transaction-scoped locks taken per address (any constant).
_ACK_LOCK_CLASS = 0x5D_AC_4B


def _acknowledgements_exhausted(address: str) -> bool:
    """Whether the address had its hour's acknowledgements. Called inside the transaction that
    records the next one: the lock, held until that commits, makes concurrent tickets from one
    sender count one after the other, so the limit holds however many arrive at once."""
    transaction_lock(_ACK_LOCK_CLASS, address)
    limit = settings.MAIL_ACKS_PER_SENDER_PER_HOUR
    since = timezone.now() - timedelta(hours=1)
    sent = OutboundMail.objects.filter(
        recipient=address, kind=NotificationKind.TICKET_ACKNOWLEDGED, created_at__gte=since
    ).count()
    return sent >= limit


def notify(
    *,
    kind: NotificationKind,
    ticket: Ticket,
    recipients: Iterable[Recipient],
    message: TicketMessage | None = None,
    extra_context: Mapping[str, object] | None = None,
    subject: str | None = None,
) -> list[OutboundMail]:
    """Record one mail per recipient who wants this kind, and queue each for sending once the
    records are committed. Support Desk's own address is never a recipient; an address that
    bounces gets its mail recorded as not delivered instead of sent again. The subject is the
    ticket's (with its `[#id]` token) unless one is given."""
    from support_desk.mail.tasks import send_outbound_mail

    recipients = wanted_by(list(recipients), kind)
    if not recipients:
        return []
    queued: list[OutboundMail] = []
    seen: set[str] = set()
    own = settings.SUPPORT_EMAIL_ADDRESS
    bouncing = set(
        AddressStatus.objects.filter(
            bouncing=True, email__in=[recipient.email.lower() for recipient in recipients]
        ).values_list("email", flat=True)
    )
    with transaction.atomic():
        in_reply_to, references = _thread_headers(ticket)
        for recipient in recipients:
            address = recipient.email.strip().lower()
            if not address or address in seen or address == own:
                continue
            seen.add(address)
            if kind == NotificationKind.TICKET_ACKNOWLEDGED and _acknowledgements_exhausted(address):
                logger.info("acknowledgement limit reached", extra={"ticket_id": ticket.pk})
                continue
            context = {
                "ticket": ticket,
                "message": message,
                "recipient": recipient,
                "link": ticket_link(ticket, recipient),
                "rating_links": (
                    rating_links(ticket, recipient) if kind == NotificationKind.TICKET_RESOLVED else {}
                ),
                "support_name": settings.SUPPORT_EMAIL_NAME,
                "subject_token": subject_token(ticket.pk),
                **(extra_context or {}),
            }
            mail = OutboundMail.objects.create(
                ticket=ticket,
                ticket_message=message,
                kind=kind,
                recipient=address,
                recipient_user=recipient.user,
                message_id=make_msgid(idstring=f"t{ticket.pk}", domain=mail_domain()).strip("<>"),
                in_reply_to=in_reply_to,
                references=references,
                subject=subject or ticket_subject(ticket),
                text_body=render_to_string(f"mail/{kind}.txt", context).strip() + "\n",
                html_body=render_to_string(f"mail/{kind}.html", context),
                automatic=kind not in PERSONAL_KINDS,
                status=DeliveryStatus.FAILED if address in bouncing else DeliveryStatus.QUEUED,
                error="The address bounced earlier mail; not sent." if address in bouncing else "",
            )
            ThreadMessageId.objects.create(
                message_id=mail.message_id,
                ticket=ticket,
                ticket_message=message,
                direction=Direction.OUTBOUND,
            )
            if mail.status == DeliveryStatus.QUEUED:
                queued.append(mail)
        for mail in queued:
            transaction.on_commit(partial(_queue, send_outbound_mail, mail.pk))
    return queued


def _queue(task: object, mail_id: int) -> None:
    try:
        task.delay(mail_id)  # type: ignore[attr-defined]
    except Exception:
        # Recorded as queued: `supportdesk mail send-queued` sends what was never queued.
        logger.exception("could not queue a mail", extra={"outbound_id": mail_id})
