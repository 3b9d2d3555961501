"""The ticket signals that become webhook events. Receivers run after the change committed;
they record the deliveries and queue them, never waiting for a receiver."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.dispatch import receiver

from support_desk.tickets import signals
from support_desk.tickets.models import Ticket, TicketMessage
from support_desk.webhooks.services import deliveries_record, endpoints_for, ticket_payload
from support_desk.webhooks.tasks import queue_delivery

logger = logging.getLogger(__name__)


def _emit(event: str, payload: Callable[[], dict[str, Any] | None]) -> None:
    """Record and queue `event` for its endpoints; the payload (its queries) is built only when
    an endpoint subscribed, and not at all when it returns None (the ticket is gone)."""
    endpoints = endpoints_for(event)
    if not endpoints:
        return
    data = payload()
    if data is None:
        return
    # The ids come back in the order of the endpoints given.
    delivery_ids = deliveries_record(event=event, data=data, endpoints=endpoints)
    for endpoint, delivery_id in zip(endpoints, delivery_ids, strict=True):
        try:
            queue_delivery(delivery_id, endpoint_id=endpoint.pk)
        except Exception:
            # The delivery stays pending in the log; a broker outage must not fail the write.
            logger.exception("could not queue a webhook delivery", extra={"delivery_id": delivery_id})


def _ticket(ticket_id: int) -> Ticket | None:
    return Ticket.objects.filter(pk=ticket_id).first()


@receiver(signals.ticket_created, dispatch_uid="webhooks.ticket_created")
def _ticket_created(sender: Any, *, ticket: Ticket, actor_id: int | None, **kwargs: Any) -> None:
    _emit("ticket.created", lambda: {"ticket": ticket_payload(ticket), "actor_id": actor_id})


@receiver(signals.ticket_updated, dispatch_uid="webhooks.ticket_updated")
def _ticket_updated(
    sender: Any, *, ticket_id: int, changes: dict[str, tuple[Any, Any]], actor_id: int | None, **kwargs: Any
) -> None:
    def payload() -> dict[str, Any] | None:
        ticket = _ticket(ticket_id)
        if ticket is None:
            return None
        described = {field: {"old": old, "new": new} for field, (old, new) in changes.items()}
        return {"ticket": ticket_payload(ticket), "changes": described, "actor_id": actor_id}

    _emit("ticket.updated", payload)


@receiver(signals.message_created, dispatch_uid="webhooks.message_created")
def _message_created(sender: Any, *, ticket_id: int, message: TicketMessage, **kwargs: Any) -> None:
    _emit(
        "message.created",
        lambda: {
            "ticket_id": ticket_id,
            "message": {
                "id": message.pk,
                "body": message.body,
                "internal": message.is_internal,
                "author_id": message.author_id,
                "created_at": message.created_at.isoformat(),
            },
        },
    )


@receiver(signals.sla_breached, dispatch_uid="webhooks.sla_breached")
def _sla_breached(sender: Any, *, ticket_id: int, target: str, due: str, **kwargs: Any) -> None:
    def payload() -> dict[str, Any] | None:
        ticket = _ticket(ticket_id)
        return None if ticket is None else {"ticket": ticket_payload(ticket), "target": target, "due": due}

    _emit("sla.breached", payload)
