"""Recording webhook deliveries, making one attempt at each, and checking an endpoint's URL."""

from __future__ import annotations

import json
import random
from datetime import timedelta
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
            WebhookDelivery(endpoint=endpoint, event=event, payload=data, created_at=now, next_attempt_at=now)
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


def retry_delay(attempts: int) -> float:
    """Seconds to wait after the `attempts`-th failed attempt: doubling from
    JOB_RETRY_BACKOFF_SECONDS, jittered (so endpoints that failed together spread out), at most
    ten minutes."""
    backoff = settings.JOB_RETRY_BACKOFF_SECONDS * 2 ** max(attempts - 1, 0)
    return min(600.0, backoff * random.uniform(0.5, 1.0))  # noqa: S311 - jitter, not a secret


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
        delivery.next_attempt_at = None
    else:
        delivery.next_attempt_at = now + timedelta(seconds=retry_delay(delivery.attempts))
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
            next_attempt_at=delivery.next_attempt_at,
        )
        if not recorded:
            return None
        WebhookEndpoint.objects.filter(pk=endpoint.pk).update(
            last_delivery_at=now,
            last_status_code=outcome.status_code,
            last_error_kind=outcome.error_kind or "",
        )
    return delivery


def deliveries_overdue(*, overdue_by: timedelta, limit: int = 500) -> list[tuple[int, int]]:
    """Pending deliveries whose next attempt is more than `overdue_by` late, as (delivery id,
    endpoint id): their job was lost (the broker was down when it was queued, or a process
    stopped). Each one's due time moves to now, so the next sweep leaves it to the job queued
    for it now; when that job runs, it records the attempt over the state it read."""
    now = timezone.now()
    # Picked and claimed in one transaction (rows locked, others skipped), so two sweeps at
    # once never queue the same delivery.
    with transaction.atomic():
        overdue = list(
            WebhookDelivery.objects.select_for_update(skip_locked=True)
            .filter(state=DeliveryState.PENDING, next_attempt_at__lt=now - overdue_by)
            .order_by("next_attempt_at")
            .values_list("id", "endpoint_id")[:limit]
        )
        WebhookDelivery.objects.filter(id__in=[delivery_id for delivery_id, _ in overdue]).update(
            next_attempt_at=now
        )
    return overdue
