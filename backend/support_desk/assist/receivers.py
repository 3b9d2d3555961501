"""Assistance listening to the ticket signals (sent after each write commits)."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.dispatch import receiver

from support_desk.assist.drafts import draft_record_sent
from support_desk.assist.summaries import summary_forget
from support_desk.assist.tasks import process_ticket
from support_desk.tickets.models import TicketMessage
from support_desk.tickets.signals import message_created, ticket_created, ticket_updated

logger = logging.getLogger(__name__)

TEXT_FIELDS = frozenset({"title", "description"})


def _queue_processing(ticket_id: int) -> None:
    if not settings.ASSIST_ENABLED:
        return
    try:
        process_ticket.delay(ticket_id)
    except Exception:
        # The ticket is saved; a broker outage costs its embedding until the next backfill.
        logger.exception("could not queue the ticket's embedding", extra={"ticket_id": ticket_id})


@receiver(ticket_created, dispatch_uid="assist.process_after_create")
def _after_create(sender: Any, *, ticket_id: int, **kwargs: Any) -> None:
    _queue_processing(ticket_id)


@receiver(ticket_updated, dispatch_uid="assist.process_after_update")
def _after_update(sender: Any, *, ticket_id: int, changes: dict[str, Any], **kwargs: Any) -> None:
    if TEXT_FIELDS & set(changes):
        _queue_processing(ticket_id)
        summary_forget(ticket_id=ticket_id)
    if "merged_from" in changes:
        summary_forget(ticket_id=ticket_id)


@receiver(message_created, dispatch_uid="assist.after_message")
def _after_message(sender: Any, *, ticket_id: int, message: TicketMessage, **kwargs: Any) -> None:
    summary_forget(ticket_id=ticket_id)
    draft_record_sent(message=message)
