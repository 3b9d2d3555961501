"""Telling the agents about a new incident, once.

The notice goes out through Django's mail API (the `EMAIL_*` settings). It is one small
function on purpose: when the mail channel's notification service exists, this is the one
place to switch.
"""

from __future__ import annotations

import logging

from django.core.mail import EmailMessage

from support_desk.accounts.models import STAFF_ROLES, User
from support_desk.assist.models import Incident
from support_desk.assist.selectors import incident_tickets

logger = logging.getLogger(__name__)


def incident_notice_recipients() -> list[str]:
    return sorted(
        User.objects.filter(role__in=STAFF_ROLES, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )


def incident_notice_send(*, incident: Incident) -> bool:
    """Mail every active agent one notice of the incident; False when it could not be sent."""
    recipients = incident_notice_recipients()
    if not recipients:
        logger.info("incident notice: no agent has an e-mail address", extra={"incident_id": incident.pk})
        return False
    tickets = incident_tickets(incident)
    lines = "\n".join(f"  #{row['id']}  {row['title']}" for row in tickets)
    body = (
        f"{len(tickets)} similar tickets arrived between {incident.first_seen:%Y-%m-%d %H:%M} and "
        f"{incident.last_seen:%H:%M} UTC; Support Desk grouped them into incident {incident.pk}.\n\n"
        f"{lines}\n\nThe dashboard lists open incidents; answer and resolve all of its tickets at once there."
    )
    message = EmailMessage(subject=f"Incident: {incident.title}", body=body, bcc=recipients)
    try:
        message.send()
    except Exception as exc:
        # A mail server that is down must not fail the grouping; the dashboard still shows it.
        logger.warning(
            "incident notice not sent",
            extra={"incident_id": incident.pk, "failure_kind": type(exc).__name__},
        )
        return False
    logger.info("incident notice sent", extra={"incident_id": incident.pk, "recipients": len(recipients)})
    return True
