"""Receivers that misbehave, as real TCP servers on loopback ports: every kind of failure is an
attempt that is recorded and retried until the delivery is failed, one deadline bounds each whole
exchange, and failing endpoints never hold up a healthy one."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone
from rest_framework.test import APIClient

from support_desk.accounts.models import User
from support_desk.webhooks.client import ERROR_KINDS
from support_desk.webhooks.models import DeliveryState, WebhookDelivery, WebhookEndpoint
from support_desk.webhooks.services import deliveries_record, delivery_attempt, retry_delay
from support_desk.webhooks.tasks import deliver_webhook, requeue_overdue_deliveries
from tests.fakes.misbehaving_receiver import (
    MisbehavingReceiver,
    answers_too_much,
    never_answers,
    resets,
    resets_mid_body,
    says_hello,
    trickles,
)
from tests.fakes.webhook_receiver import WebhookReceiver
from tests.webhooks.test_webhooks import send, wait_until

Opened = Callable[..., MisbehavingReceiver]


@pytest.fixture(autouse=True)
def _local_receivers_allowed(settings) -> None:
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = True  # every receiver here is on 127.0.0.1


@pytest.fixture
def server() -> Iterator[Opened]:
    opened: list[MisbehavingReceiver] = []

    def open_server(behaviour) -> MisbehavingReceiver:
        opened.append(MisbehavingReceiver(behaviour))
        return opened[-1]

    yield open_server
    for each in opened:
        each.close()


@pytest.fixture
def healthy() -> Iterator[WebhookReceiver]:
    receiver = WebhookReceiver()
    yield receiver
    receiver.close()


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_each_misbehaviour_is_a_named_failure_within_the_deadline(server: Opened) -> None:
    cases = [
        (server(says_hello).url, "protocol"),
        (server(never_answers).url, "timeout"),
        (server(resets).url, "connection"),
        (server(resets_mid_body).url, "connection"),
        (server(trickles).url, "timeout"),  # each byte in time, the whole answer not
        (server(answers_too_much).url, "response_too_large"),
        (f"https://127.0.0.1:{server(says_hello).port}/hooks", "tls"),
        (f"http://127.0.0.1:{closed_port()}/hooks", "connection"),
    ]
    for url, kind in cases:
        assert kind in ERROR_KINDS
        outcome = send(url, timeout=1.0)
        assert (outcome.error_kind, outcome.delivered) == (kind, False), url
        assert outcome.duration_ms < 1_600, (url, outcome.duration_ms)


def test_a_name_that_does_not_resolve_is_a_dns_failure() -> None:
    def no_such_name(host: str, port: int) -> list[str]:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    assert send("https://hooks.example/in", resolver=no_such_name).error_kind == "dns"

    def hangs(host: str, port: int) -> list[str]:
        time.sleep(5)
        return ["93.184.216.34"]

    started = time.monotonic()
    assert send("https://hooks.example/in", timeout=0.5, resolver=hangs).error_kind == "dns"
    assert time.monotonic() - started < 1.0  # the lookup's deadline is the delivery's


@pytest.fixture
def garbage(server: Opened) -> MisbehavingReceiver:
    """A receiver that answers "HELLO", and an endpoint for it."""
    receiver = server(says_hello)
    WebhookEndpoint.objects.create(url=receiver.url, events=["ticket.created"])
    return receiver


@pytest.mark.django_db
@override_settings(WEBHOOK_MAX_ATTEMPTS=3, WEBHOOK_TIMEOUT_SECONDS=1)
def test_a_non_http_answer_is_a_failed_attempt_until_the_delivery_fails(garbage: MisbehavingReceiver) -> None:
    [delivery_id] = deliveries_record(event="ticket.created", data={"ticket": {"id": 1}})
    first = delivery_attempt(delivery_id=delivery_id)
    assert first is not None
    assert (first.state, first.attempts, first.error_kind) == (DeliveryState.PENDING, 1, "protocol")
    delivery_attempt(delivery_id=delivery_id)
    delivery_attempt(delivery_id=delivery_id)
    delivery = WebhookDelivery.objects.get(pk=delivery_id)
    assert (delivery.state, delivery.attempts, delivery.error_kind) == (DeliveryState.FAILED, 3, "protocol")
    assert delivery.finished_at is not None
    assert garbage.connections == 3


@pytest.mark.django_db(transaction=True)
@override_settings(WEBHOOK_MAX_ATTEMPTS=3, WEBHOOK_TIMEOUT_SECONDS=1, JOB_RETRY_BACKOFF_SECONDS=0)
def test_the_celery_job_hands_the_delivery_to_its_lane_until_it_fails(garbage: MisbehavingReceiver) -> None:
    [delivery_id] = deliveries_record(event="ticket.created", data={"ticket": {"id": 1}})
    # A job as queued before the endpoint was passed along: it looks the endpoint up.
    assert deliver_webhook.apply(args=[delivery_id]).result == "in its endpoint's lane"
    wait_until(lambda: WebhookDelivery.objects.get(pk=delivery_id).state == DeliveryState.FAILED)
    assert WebhookDelivery.objects.get(pk=delivery_id).attempts == 3
    assert garbage.connections == 3
    assert deliver_webhook.apply(args=[delivery_id + 1000]).result == "gone"


@override_settings(JOB_RETRY_BACKOFF_SECONDS=2)
def test_retries_wait_longer_after_each_failure() -> None:
    waits = [retry_delay(attempts) for attempts in (1, 2, 3, 4)]
    for attempts, wait in enumerate(waits, start=1):
        full = 2 * 2 ** (attempts - 1)
        assert full / 2 <= wait <= full
    assert retry_delay(20) == pytest.approx(600, rel=0.5)


def _create_ticket(user: User) -> None:
    client = APIClient()
    client.force_authenticate(user)
    response = client.post("/api/tickets/", {"title": "Webhook", "description": "d"}, format="json")
    assert response.status_code == 201


@pytest.mark.django_db(transaction=True)
@override_settings(JOB_RETRY_BACKOFF_SECONDS=0, WEBHOOK_TIMEOUT_SECONDS=8, WEBHOOK_MAX_ATTEMPTS=1)
def test_failing_endpoints_never_hold_up_a_healthy_one(
    server: Opened, healthy: WebhookReceiver, agent: User
) -> None:
    # Without a broker; the failing endpoints come first (the URLs sort before "localhost").
    for behaviour in (never_answers, never_answers, says_hello, resets):
        WebhookEndpoint.objects.create(url=server(behaviour).url, events=["ticket.created"])
    WebhookEndpoint.objects.create(
        url=healthy.url.replace("127.0.0.1", "localhost"), events=["ticket.created"]
    )
    started = time.monotonic()
    _create_ticket(agent)
    healthy.wait_for(1, timeout=20)
    waited = time.monotonic() - started
    # Each silent endpoint takes its full 8 s: behind even one of them, the healthy one would
    # wait longer than that (in order, 16 s); the margin is for a loaded machine.
    assert waited < 6.0, f"the healthy endpoint waited {waited:.1f} s"
    wait_until(lambda: not WebhookDelivery.objects.filter(state=DeliveryState.PENDING).exists())
    assert WebhookDelivery.objects.filter(state=DeliveryState.FAILED).count() == 4


@pytest.mark.django_db(transaction=True)
@override_settings(JOB_RETRY_BACKOFF_SECONDS=0, WEBHOOK_TIMEOUT_SECONDS=0.5, WEBHOOK_MAX_ATTEMPTS=3)
def test_every_stuck_kind_ends_failed_with_its_attempts_counted(server: Opened, agent: User) -> None:
    expected: dict[str, str] = {}
    servers: dict[str, MisbehavingReceiver] = {}
    for behaviour, kind in (
        (says_hello, "protocol"),
        (never_answers, "timeout"),
        (resets, "connection"),
        (resets_mid_body, "connection"),
        (trickles, "timeout"),
    ):
        misbehaving = server(behaviour)
        servers[misbehaving.url] = misbehaving
        expected[misbehaving.url] = kind
    refused_url = f"http://127.0.0.1:{closed_port()}/hooks"
    expected[refused_url] = "connection"
    for url in expected:
        WebhookEndpoint.objects.create(url=url, events=["ticket.created"])
    _create_ticket(agent)
    wait_until(
        lambda: WebhookDelivery.objects.filter(state=DeliveryState.FAILED).count() == len(expected),
        timeout=30,
    )
    for delivery in WebhookDelivery.objects.select_related("endpoint"):
        url = delivery.endpoint.url
        assert (delivery.attempts, delivery.error_kind) == (3, expected[url]), url
        assert delivery.finished_at is not None
        if url in servers:
            assert servers[url].connections == 3, url


@pytest.mark.django_db(transaction=True)
def test_a_delivery_whose_job_was_lost_is_queued_again_by_the_beat_job(healthy: WebhookReceiver) -> None:
    WebhookEndpoint.objects.create(url=healthy.url, events=["ticket.created"])
    # Recorded, but never queued (the broker was down): it would stay pending for ever.
    lost, recent = deliveries_record(event="ticket.created", data={"n": 1}) + deliveries_record(
        event="ticket.created", data={"n": 2}
    )
    WebhookDelivery.objects.filter(pk=lost).update(next_attempt_at=timezone.now() - timedelta(minutes=11))
    assert requeue_overdue_deliveries() == 1
    assert requeue_overdue_deliveries() == 0  # claimed: not queued twice
    [hook] = healthy.wait_for(1)
    assert json.loads(hook.body)["id"] == lost
    wait_until(lambda: WebhookDelivery.objects.get(pk=lost).state == DeliveryState.DELIVERED)
    assert WebhookDelivery.objects.get(pk=recent).state == DeliveryState.PENDING  # not late yet
