"""Recording webhook deliveries, making one attempt at each, and checking an endpoint's URL."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from support_desk.tickets.models import Ticket
from support_desk.tickets.selectors import ticket_tag_names
from support_desk.webhooks.client import post_signed
from support_desk.webhooks.models import DeliveryState, WebhookDelivery, WebhookEndpoint


def ticket_payload(ticket: Ticket) -> dict[str, Any]:
    """A ticket as webhooks describe it: the fields, people by id, tags and the next due time."""
    return {
        "id": ticket.pk,
        "title": ticket.title,
        "status": ticket.status,
        "priority": ticket.priority,
        "category": ticket.category,
        "requester_id": ticket.requester_id,
        "assignee_id": ticket.assignee_id,
        "tags": ticket_tag_names(ticket),
        "created_at": ticket.created_at.isoformat(),
        "updated_at": ticket.updated_at.isoformat(),
        "resolved_at": ticket.resolved_at.isoformat() if ticket.resolved_at else None,
        "sla_due_at": ticket.sla_due_at.isoformat() if ticket.sla_due_at else None,
        "version": ticket.version,
    }


def endpoints_for(event: str) -> list[WebhookEndpoint]:
    """The active endpoints that subscribed to `event`."""
    return [e for e in WebhookEndpoint.objects.filter(is_active=True) if event in e.events]


def deliveries_record(
    *, event: str, data: dict[str, Any], endpoints: list[WebhookEndpoint] | None = None
) -> list[int]:
    """A pending delivery for every active endpoint that subscribed to `event` (`endpoints`,
    when the caller has already looked them up)."""
    endpoints = endpoints_for(event) if endpoints is None else endpoints
    if not endpoints:
        return []
    now = timezone.now()
    deliveries = WebhookDelivery.objects.bulk_create(
        [
            WebhookDelivery(endpoint=endpoint, event=event, payload=data, created_at=now)
            for endpoint in endpoints
        ]
    )
    return [delivery.pk for delivery in deliveries]


def delivery_body(delivery: WebhookDelivery) -> bytes:
    envelope = {
        "id": delivery.pk,
        "event": delivery.event,
        "occurred_at": delivery.created_at.isoformat(),
        "data": delivery.payload,
    }
    return json.dumps(envelope, separators=(",", ":"), sort_keys=True).encode()


def delivery_attempt(*, delivery_id: int) -> WebhookDelivery | None:
    """One attempt at a pending delivery; the log and the endpoint's last status follow it.
    Every outcome counts as an attempt; the delivery is failed after WEBHOOK_MAX_ATTEMPTS.
    Returns the delivery as recorded (pending: retry it later), or None when it was no longer
    pending (a repeated job), is gone, or another job recorded this attempt first."""
    delivery = WebhookDelivery.objects.select_related("endpoint").filter(pk=delivery_id).first()
    if delivery is None or delivery.state != DeliveryState.PENDING:
        return None
    endpoint = delivery.endpoint
    outcome = post_signed(
        endpoint.url,
        body=delivery_body(delivery),
        secret=endpoint.secret,
        event=delivery.event,
        delivery_id=delivery.pk,
        timeout=settings.WEBHOOK_TIMEOUT_SECONDS,
        allow_private=settings.WEBHOOK_ALLOW_PRIVATE_TARGETS,
    )
    now = timezone.now()
    delivery.attempts += 1
    delivery.status_code = outcome.status_code
    delivery.error_kind = outcome.error_kind or ""
    delivery.duration_ms = outcome.duration_ms
    if outcome.delivered or delivery.attempts >= settings.WEBHOOK_MAX_ATTEMPTS:
        delivery.state = DeliveryState.DELIVERED if outcome.delivered else DeliveryState.FAILED
        delivery.finished_at = now
    with transaction.atomic():
        # Recorded only over the state it was read in: a delivery deleted meanwhile, or an
        # attempt another job recorded first (a redelivered Celery job), is left as it is.
        recorded = WebhookDelivery.objects.filter(
            pk=delivery.pk, state=DeliveryState.PENDING, attempts=delivery.attempts - 1
        ).update(
            attempts=delivery.attempts,
            status_code=delivery.status_code,
            error_kind=delivery.error_kind,
            duration_ms=delivery.duration_ms,
            state=delivery.state,
            finished_at=delivery.finished_at,
        )
        if not recorded:
            return None
        WebhookEndpoint.objects.filter(pk=endpoint.pk).update(
            last_delivery_at=now,
            last_status_code=outcome.status_code,
            last_error_kind=outcome.error_kind or "",
        )
    return delivery
