"""Telling the agents about a new incident, once.

The notice goes through the e-mail channel (`mail/outbound.py: notify`), threaded on the
incident's first ticket: recorded per agent, sent with retries, and each agent can turn
incident mail off like any other notification.
"""

from __future__ import annotations

import logging

from support_desk.assist.models import Incident
from support_desk.assist.selectors import incident_tickets
from support_desk.mail.enums import NotificationKind
from support_desk.mail.links import staff_recipients
from support_desk.mail.outbound import notify
from support_desk.tickets.models import Ticket

logger = logging.getLogger(__name__)


def incident_notice_send(*, incident: Incident) -> bool:
    """Queue one notice of the incident per agent; False when nobody was told."""
    tickets = incident_tickets(incident)
    first = Ticket.objects.filter(pk=tickets[0]["id"]).first() if tickets else None
    recipients = staff_recipients()
    if first is None or not recipients:
        logger.info("incident notice: nobody to tell", extra={"incident_id": incident.pk})
        return False
    mails = notify(
        kind=NotificationKind.INCIDENT_OPENED,
        ticket=first,
        recipients=recipients,
        subject=f"Incident: {incident.title}",
        extra_context={"incident": incident, "incident_tickets": tickets},
    )
    logger.info("incident notice queued", extra={"incident_id": incident.pk, "recipients": len(mails)})
    return bool(mails)
