"""Recording webhook deliveries and making one attempt at each."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from support_desk.tickets.models import Ticket
from support_desk.tickets.selectors import ticket_tag_names
from support_desk.webhooks.client import DeliveryOutcome, post_signed
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


def delivery_attempt(*, delivery_id: int, final: bool) -> DeliveryOutcome | None:
    """One attempt at a pending delivery; the log and the endpoint's last status follow it.
    `final`: no retry comes after this attempt, so a failure is recorded as failed."""
    delivery = WebhookDelivery.objects.select_related("endpoint").filter(pk=delivery_id).first()
    if delivery is None or delivery.state != DeliveryState.PENDING:
        return None  # already delivered (a retried job) or gone
    endpoint = delivery.endpoint
    outcome = post_signed(
        endpoint.url,
        body=delivery_body(delivery),
        secret=endpoint.secret,
        event=delivery.event,
        delivery_id=delivery.pk,
        timeout=settings.WEBHOOK_TIMEOUT_SECONDS,
    )
    now = timezone.now()
    with transaction.atomic():
        delivery.attempts += 1
        delivery.status_code = outcome.status_code
        delivery.error_kind = outcome.error_kind or ""
        delivery.duration_ms = outcome.duration_ms
        if outcome.delivered or final:
            delivery.state = DeliveryState.DELIVERED if outcome.delivered else DeliveryState.FAILED
            delivery.finished_at = now
        delivery.save()
        WebhookEndpoint.objects.filter(pk=endpoint.pk).update(
            last_delivery_at=now,
            last_status_code=outcome.status_code,
            last_error_kind=outcome.error_kind or "",
        )
    return outcome
