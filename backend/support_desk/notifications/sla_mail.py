"""Service-level warnings and breaches by mail: to the ticket's assignee, or to every agent
when nobody is assigned. A receiver of the ticket signals queues the mail as a background job,
which sends it through Django's mail API (EMAIL_* settings); the e-mail channel can take over
by replacing `send_sla_alert_mail` alone."""

from __future__ import annotations

import logging
from typing import Any

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.dispatch import receiver

from support_desk.accounts.models import STAFF_ROLES, User
from support_desk.core.jobs import RecordedTask
from support_desk.tickets.models import Ticket
from support_desk.tickets.signals import sla_breached, sla_warning

logger = logging.getLogger(__name__)

TARGET_NAMES = {
    "first_response": "first response",
    "next_response": "next response",
    "resolution": "resolution",
}


def alert_recipients(assignee_id: int | None) -> list[str]:
    """The assignee's address; every active agent's when the ticket is unassigned."""
    people = User.objects.filter(is_active=True).exclude(email="")
    people = people.filter(pk=assignee_id) if assignee_id is not None else people.filter(role__in=STAFF_ROLES)
    return sorted(people.values_list("email", flat=True))


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
    """One mail per alert; the ticket's title is the customer's text and goes out as plain text."""
    ticket = Ticket.objects.filter(pk=ticket_id).only("title").first()
    if ticket is None:
        return "ticket gone"
    recipients = alert_recipients(assignee_id)
    if not recipients:
        return "nobody to tell"
    what = TARGET_NAMES.get(target, target)
    if kind == "breach":
        subject = f"[Support Desk] #{ticket_id}: {what} target breached"
        opening = f"The {what} target of ticket #{ticket_id} was due at {due} and has been missed."
    else:
        subject = f"[Support Desk] #{ticket_id}: {what} due soon"
        opening = f"The {what} target of ticket #{ticket_id} is due at {due}; 80% of its time has passed."
    body = (
        f"{opening}\n\nTicket: {ticket.title}\n{settings.SUPPORT_DESK_URL.rstrip('/')}/tickets/{ticket_id}\n"
    )
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    logger.info(
        "service-level mail sent", extra={"ticket_id": ticket_id, "kind": kind, "recipients": len(recipients)}
    )
    return f"sent to {len(recipients)}"
