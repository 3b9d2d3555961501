"""Reads of the e-mail channel: a ticket's mail (what came in, what went out and whether it
arrived), a person's notification choices, and how the channel is configured."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db.models import QuerySet

from support_desk.accounts.models import User
from support_desk.mail.enums import (
    AGENT_KINDS,
    NOTIFICATION_DEFAULTS,
    DeliveryStatus,
    InboundStatus,
    NotificationKind,
)
from support_desk.mail.models import InboundMail, MailboxPoll, NotificationPreference, OutboundMail
from support_desk.tickets.models import Ticket


def ticket_received_mail(*, ticket: Ticket, user: User) -> QuerySet[InboundMail]:
    """The stored mails of a ticket (the first made it; the others became its replies)."""
    received = InboundMail.objects.filter(ticket=ticket, status=InboundStatus.STORED).order_by(
        "received_at", "id"
    )
    return received if user.is_agent else received.exclude(ticket_message__is_internal=True)


def ticket_deliveries(*, ticket: Ticket, user: User) -> QuerySet[OutboundMail]:
    """Every mail sent about a ticket, with its delivery state; for agents (the people it
    went to, the errors), never for requesters."""
    if not user.is_agent:
        return OutboundMail.objects.none()
    return OutboundMail.objects.filter(ticket=ticket).order_by("created_at", "id")


def notification_choices(user: User) -> list[dict[str, Any]]:
    """Each kind the person can get (agents: all; requesters: the customer ones), on or off."""
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "enabled"))
    kinds = [kind for kind in NotificationKind if user.is_agent or kind not in AGENT_KINDS]
    return [
        {
            "kind": kind.value,
            "title": kind.label,
            "audience": "agent" if kind in AGENT_KINDS else "customer",
            "enabled": chosen.get(kind.value, NOTIFICATION_DEFAULTS[kind.value]),
        }
        for kind in kinds
    ]


@dataclass(frozen=True)
class ChannelStatus:
    intake_mailbox: str | None
    intake_webhook: bool
    fetch_interval_seconds: int
    last_poll_at: datetime | None
    last_poll_succeeded: bool | None
    last_poll_error: str
    last_success_at: datetime | None
    sending_backend: str
    sending_configured: bool
    sending_server: str | None
    from_address: str
    quarantined: int
    undelivered: int


def channel_status() -> ChannelStatus:
    """What the admin settings page shows; no password ever."""
    inbox = settings.MAIL_INBOX_URL
    poll = MailboxPoll.objects.order_by("id").first()
    email_url = settings.EMAIL_URL
    backend = settings.EMAIL_BACKEND
    console_like = backend.endswith((".console.EmailBackend", ".locmem.EmailBackend", ".dummy.EmailBackend"))
    return ChannelStatus(
        intake_mailbox=(
            f"{inbox['scheme']}://{inbox['user']}@{inbox['host']}:{inbox['port']}/{inbox['folder']}"
            if inbox
            else None
        ),
        intake_webhook=bool(settings.MAIL_INBOUND_SECRET),
        fetch_interval_seconds=settings.MAIL_FETCH_INTERVAL_SECONDS,
        last_poll_at=poll.polled_at if poll else None,
        last_poll_succeeded=poll.succeeded if poll else None,
        last_poll_error=f"{poll.error_kind}: {poll.error}" if poll and not poll.succeeded else "",
        last_success_at=poll.last_success_at if poll else None,
        sending_backend=backend,
        sending_configured=bool(settings.SUPPORT_EMAIL_ADDRESS) and not console_like,
        sending_server=f"{email_url['scheme']}://{email_url['host']}:{email_url['port']}"
        if email_url
        else None,
        from_address=settings.DEFAULT_FROM_EMAIL,
        quarantined=InboundMail.objects.filter(status=InboundStatus.QUARANTINED).count(),
        undelivered=OutboundMail.objects.filter(
            status__in=(DeliveryStatus.FAILED, DeliveryStatus.BOUNCED)
        ).count(),
    )
