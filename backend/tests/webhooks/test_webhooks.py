"""Outgoing webhooks against a real local HTTP server: signed deliveries of the four events,
retries with backoff, a delivery log with the last status per endpoint, and a slow receiver
that never slows the request that caused the event."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from support_desk.accounts.models import User
from support_desk.tickets import services
from support_desk.webhooks.client import SIGNATURE_HEADER, DeliveryOutcome, post_signed, signature, verify
from support_desk.webhooks.models import DeliveryState, WebhookDelivery, WebhookEndpoint
from support_desk.webhooks.services import deliveries_record, delivery_attempt
from support_desk.webhooks.targets import Resolver, system_resolver
from tests.fakes.webhook_receiver import WebhookReceiver


@pytest.fixture(autouse=True)
def _local_receivers_allowed(settings) -> None:
    """These tests' receivers listen on 127.0.0.1, which the address policy refuses by default
    (tests/webhooks/test_targets.py proves it)."""
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = True


@pytest.fixture
def receiver() -> Iterator[WebhookReceiver]:
    server = WebhookReceiver()
    yield server
    server.close()


def wait_until(condition, timeout: float = 20) -> None:
    """Poll an observable condition (a row's state) with a deadline."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached in time")
        time.sleep(0.05)


def send(
    url: str, *, timeout: float = 2.0, allow_private: bool = True, resolver: Resolver = system_resolver
) -> DeliveryOutcome:
    """One signed POST of `{}`, as a delivery makes it."""
    return post_signed(
        url,
        body=b"{}",
        secret="s",
        event="ticket.created",
        delivery_id=1,
        timeout=timeout,
        allow_private=allow_private,
        resolver=resolver,
    )


def test_the_signature_is_an_hmac_of_timestamp_and_body() -> None:
    header = signature("s3cret", 1_700_000_000, b'{"a":1}')
    assert header.startswith("t=1700000000,v1=")
    assert verify("s3cret", header, b'{"a":1}', now=1_700_000_100)
    assert not verify("other", header, b'{"a":1}', now=1_700_000_100)
    assert not verify("s3cret", header, b'{"a":2}', now=1_700_000_100)
    assert not verify("s3cret", header, b'{"a":1}', now=1_700_009_000)  # too old: a replay


def test_the_client_names_each_failure_kind(receiver: WebhookReceiver) -> None:
    receiver.statuses.extend([500, 302])
    assert send(receiver.url).error_kind == "http_status"
    assert send(receiver.url).error_kind == "redirect"
    assert send(receiver.url).delivered
    closed = WebhookReceiver()
    closed_url = closed.url
    closed.close()
    assert send(closed_url).error_kind == "connection"
    receiver.answer_gate.clear()
    assert send(receiver.url, timeout=0.3).error_kind == "timeout"


@pytest.mark.django_db
def test_each_event_is_delivered_signed_to_the_endpoints_that_want_it(
    receiver: WebhookReceiver, agent: User, requester: User, django_capture_on_commit_callbacks
) -> None:
    endpoint = WebhookEndpoint.objects.create(url=receiver.url, events=["ticket.created", "message.created"])
    WebhookEndpoint.objects.create(url=receiver.url + "/other", events=["sla.breached"])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        ticket = services.ticket_create(title="Printer", description="on fire", actor=requester)
        services.message_create(ticket_id=ticket.pk, author=agent, body="On it", is_internal=False)
        services.ticket_update(ticket_id=ticket.pk, changes={"status": "in_progress"}, actor=agent)
    for callback in callbacks:
        callback()  # receivers record deliveries; the tests then deliver them one attempt each
    deliveries = list(WebhookDelivery.objects.order_by("id"))
    assert [d.event for d in deliveries] == ["ticket.created", "message.created"]
    for delivery in deliveries:
        delivery_attempt(delivery_id=delivery.pk)
    hooks = receiver.wait_for(2)
    first = json.loads(hooks[0].body)
    assert first["event"] == "ticket.created"
    assert first["data"]["ticket"]["title"] == "Printer"
    assert hooks[0].headers["X-Support-Desk-Event"] == "ticket.created"
    assert verify(endpoint.secret, hooks[0].headers[SIGNATURE_HEADER], hooks[0].body, now=time.time())
    assert json.loads(hooks[1].body)["data"]["message"]["body"] == "On it"
    endpoint.refresh_from_db()
    assert (endpoint.last_status_code, endpoint.last_error_kind) == (200, "")
    assert {d.state for d in WebhookDelivery.objects.all()} == {DeliveryState.DELIVERED}


@pytest.mark.django_db
@override_settings(WEBHOOK_MAX_ATTEMPTS=3)
def test_a_failing_receiver_is_retried_then_the_delivery_is_failed(receiver: WebhookReceiver) -> None:
    endpoint = WebhookEndpoint.objects.create(url=receiver.url, events=["ticket.updated"])
    receiver.statuses.extend([503, 503, 503])
    [delivery_id] = deliveries_record(event="ticket.updated", data={"ticket": {"id": 1}})
    assert delivery_attempt(delivery_id=delivery_id).error_kind == "http_status"
    assert WebhookDelivery.objects.get(pk=delivery_id).state == DeliveryState.PENDING
    delivery_attempt(delivery_id=delivery_id)
    delivery_attempt(delivery_id=delivery_id)
    delivery = WebhookDelivery.objects.get(pk=delivery_id)
    assert (delivery.state, delivery.attempts, delivery.status_code) == (DeliveryState.FAILED, 3, 503)
    endpoint.refresh_from_db()
    assert (endpoint.last_status_code, endpoint.last_error_kind) == (503, "http_status")
    assert delivery_attempt(delivery_id=delivery_id) is None  # finished: not sent again


@pytest.mark.django_db(transaction=True)
@override_settings(JOB_RETRY_BACKOFF_SECONDS=0, WEBHOOK_TIMEOUT_SECONDS=30)
def test_a_slow_receiver_never_slows_the_request(receiver: WebhookReceiver, agent: User) -> None:
    WebhookEndpoint.objects.create(url=receiver.url, events=["ticket.created"])
    receiver.answer_gate.clear()  # the receiver takes every request and answers only when told
    receiver.statuses.append(500)  # and the first answer is a failure, retried after backoff
    client = APIClient()
    client.force_authenticate(agent)
    response = client.post("/api/tickets/", {"title": "Fast", "description": "please"}, format="json")
    assert response.status_code == 201
    receiver.wait_for(1)  # the delivery is under way in the background, still unanswered
    delivery = WebhookDelivery.objects.get()
    assert delivery.state == DeliveryState.PENDING
    receiver.answer_gate.set()
    receiver.wait_for(2)  # the retry
    wait_until(lambda: WebhookDelivery.objects.get().state == DeliveryState.DELIVERED)
    assert WebhookDelivery.objects.get().attempts == 2


@pytest.mark.django_db
def test_sla_breaches_are_webhook_events(
    receiver: WebhookReceiver, django_capture_on_commit_callbacks
) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from support_desk.sla.models import SlaPolicy
    from support_desk.tickets.sla_watch import sla_watch_run

    WebhookEndpoint.objects.create(url=receiver.url, events=["sla.breached"])
    SlaPolicy.objects.create(name="Fast", priority="high", first_response_minutes=5)
    services.ticket_create(
        title="Late", description="d", priority="high", created_at=timezone.now() - timedelta(minutes=10)
    )
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        sla_watch_run()
    for callback in callbacks:
        callback()
    delivery = WebhookDelivery.objects.get()
    assert delivery.event == "sla.breached"
    assert delivery.payload["target"] == "first_response"
