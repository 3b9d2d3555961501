"""Service-level warnings and breaches by mail: to the ticket's assignee, or to every agent
when nobody is assigned. A receiver of the ticket signals queues a background job, which hands
the mail to the e-mail channel (`mail/outbound.py: notify`): recorded per recipient, threaded on
the ticket, sent with retries, and each agent can turn either kind off."""

from __future__ import annotations

import logging
from typing import Any

from celery import shared_task
from django.dispatch import receiver

from support_desk.accounts.models import User
from support_desk.core.jobs import RecordedTask
from support_desk.mail.enums import NotificationKind
from support_desk.mail.links import Recipient, staff_recipients
from support_desk.mail.outbound import notify
from support_desk.tickets.models import Ticket
from support_desk.tickets.signals import sla_breached, sla_warning

logger = logging.getLogger(__name__)

TARGET_NAMES = {
    "first_response": "first response",
    "next_response": "next response",
    "resolution": "resolution",
}


def alert_recipients(assignee_id: int | None) -> list[Recipient]:
    """The assignee; every active agent when the ticket is unassigned (those with an address)."""
    if assignee_id is None:
        return staff_recipients()
    assignee = User.objects.filter(pk=assignee_id, is_active=True).exclude(email="").first()
    return [Recipient.of(assignee)] if assignee else []


def _queue(kind: str, *, ticket_id: int, target: str, due: str, assignee_id: int | None) -> None:
    try:
        send_sla_alert_mail.delay(kind, ticket_id, target, due, assignee_id)
    except Exception:
        # The alert is on the ticket's timeline already; a broker outage only costs the mail.
        logger.exception("could not queue the service-level mail", extra={"ticket_id": ticket_id})


@receiver(sla_warning, dispatch_uid="notifications.sla_warning_mail")
def _warning_mail(
    sender: Any, *, ticket_id: int, target: str, due: str, assignee_id: int | None, **kwargs: Any
) -> None:
    _queue("warning", ticket_id=ticket_id, target=target, due=due, assignee_id=assignee_id)


@receiver(sla_breached, dispatch_uid="notifications.sla_breach_mail")
def _breach_mail(
    sender: Any,
    *,
    ticket_id: int,
    target: str,
    due: str,
    assignee_id: int | None,
    late_reply: bool,
    **kwargs: Any,
) -> None:
    if late_reply:
        return  # found by the very reply or resolution that ended it: nobody needs telling
    _queue("breach", ticket_id=ticket_id, target=target, due=due, assignee_id=assignee_id)


@shared_task(base=RecordedTask, name="notifications.send_sla_alert_mail")
def send_sla_alert_mail(kind: str, ticket_id: int, target: str, due: str, assignee_id: int | None) -> str:
    """One mail per person told (the ticket's title is the customer's text: the templates escape it)."""
    ticket = Ticket.objects.filter(pk=ticket_id).first()
    if ticket is None:
        return "ticket gone"
    recipients = alert_recipients(assignee_id)
    if not recipients:
        return "nobody to tell"
    mails = notify(
        kind=NotificationKind.SLA_BREACHED if kind == "breach" else NotificationKind.SLA_WARNING,
        ticket=ticket,
        recipients=recipients,
        extra_context={"target": TARGET_NAMES.get(target, target), "due": due},
    )
    logger.info(
        "service-level mail queued", extra={"ticket_id": ticket_id, "kind": kind, "recipients": len(mails)}
    )
    return f"queued for {len(mails)}"
