"""Webhooks never reach this machine or its networks: inward addresses in every spelling are
refused when an endpoint is saved (the admin) and at every delivery after resolving the name,
and the delivery connects to exactly the address that was checked."""

from __future__ import annotations

import ipaddress
import subprocess
from collections.abc import Iterator

import pytest
from django.test import Client, override_settings

from support_desk.accounts.models import User
from support_desk.webhooks.models import DeliveryState, WebhookDelivery, WebhookEndpoint
from support_desk.webhooks.services import deliveries_record, delivery_attempt
from support_desk.webhooks.targets import TargetRefused, is_inward, literal_address, target_check
from tests.fakes.webhook_receiver import WebhookReceiver
from tests.webhooks.test_webhooks import send

INWARD_URLS = [
    "http://127.0.0.1/hook",
    "http://127.0.0.1./hook",
    "http://localhost/hook",
    "http://LOCALHOST./hook",
    "http://hooks.localhost/hook",
    "http://[::1]/hook",
    "http://0.0.0.0/hook",
    "http://169.254.169.254/latest/meta-data/",
    "http://10.0.0.7/hook",
    "http://172.16.5.4/hook",
    "http://192.168.1.1/hook",
    "http://100.64.0.1/hook",  # shared address space (carrier NAT)
    "http://224.0.0.1/hook",  # multicast
    "http://240.0.0.1/hook",  # reserved
    "http://255.255.255.255/hook",
    "http://[::]/hook",
    "http://[::ffff:127.0.0.1]/hook",  # IPv4-mapped
    "http://[::ffff:7f00:1]/hook",
    "http://[::ffff:169.254.169.254]/hook",
    "http://[2002:7f00:1::]/hook",  # 6to4 around 127.0.0.1
    "http://[64:ff9b::7f00:1]/hook",  # NAT64 to 127.0.0.1
    "http://[::127.0.0.1]/hook",  # IPv4-compatible (deprecated)
    "http://[fe80::1%25eth0]/hook",  # link-local with a zone
    "http://[fc00::1]/hook",  # unique local
    "http://[ff02::1]/hook",  # multicast
    "http://2130706433/hook",  # 127.0.0.1 as one decimal number
    "http://0x7f.1/hook",  # hex and short form
    "http://0x7f000001/hook",
    "http://017700000001/hook",  # octal
    "http://0177.0.0.1/hook",
    "http://127.1/hook",
    "http://0/hook",
]
PUBLIC_URLS = ["https://93.184.216.34/hook", "https://[2606:4700:4700::1111]/hook", "http://8.8.8.8:8080/x"]


def resolving(table: dict[str, list[str]]):
    """A resolver that answers from `table` (what a name resolves to, injected)."""

    def resolve(host: str, port: int) -> list[str]:
        return table[host]

    return resolve


@pytest.mark.parametrize("url", INWARD_URLS)
def test_every_spelling_of_an_inward_address_is_refused(url: str) -> None:
    with pytest.raises(TargetRefused) as refused:
        target_check(url, resolver=resolving({}))
    assert refused.value.kind == "private_address"


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_public_addresses_are_accepted(url: str) -> None:
    target_check(url, resolver=resolving({}))


def test_spellings_are_read_as_the_address_they_stand_for() -> None:
    assert literal_address("2130706433") == ipaddress.IPv4Address("127.0.0.1")
    assert literal_address("0x7f.1") == ipaddress.IPv4Address("127.0.0.1")
    assert literal_address("0177.0.0.1") == ipaddress.IPv4Address("127.0.0.1")
    assert literal_address("10.1") == ipaddress.IPv4Address("10.0.0.1")
    assert literal_address("1.2.3.4.") == ipaddress.IPv4Address("1.2.3.4")
    assert literal_address("hooks.example") is None
    assert literal_address("256.1.1.1") is None
    assert literal_address("0x1.2.3.4.5") is None
    assert is_inward(ipaddress.ip_address("::ffff:10.0.0.1"))
    assert not is_inward(ipaddress.ip_address("::ffff:93.184.216.34"))


def test_a_name_is_judged_by_every_address_it_resolves_to() -> None:
    resolver = resolving(
        {
            "intranet.example": ["10.1.2.3"],
            "mixed.example": ["93.184.216.34", "127.0.0.1"],
            "metadata.example": ["fe80::a9fe:a9fe"],
            "public.example": ["93.184.216.34", "2606:4700:4700::1111"],
        }
    )
    for name in ("intranet.example", "mixed.example", "metadata.example"):
        with pytest.raises(TargetRefused):
            target_check(f"https://{name}/hook", resolver=resolver)
    target_check("https://public.example/hook", resolver=resolver)
    # Not resolvable yet: accepted when saved, checked again at every delivery.
    target_check("https://not-yet.example/hook", resolver=resolving({}))


# --- saving an endpoint in the admin ---------------------------------------------------------


def _add_endpoint(admin_user: User, url: str):
    client = Client()
    client.force_login(admin_user)
    return client.post(
        "/admin/webhooks/webhookendpoint/add/",
        {
            "url": url,
            "description": "",
            "events": ["ticket.created"],
            "is_active": "on",
            "deliveries-TOTAL_FORMS": "0",
            "deliveries-INITIAL_FORMS": "0",
            "deliveries-MIN_NUM_FORMS": "0",
            "deliveries-MAX_NUM_FORMS": "0",
        },
    )


@pytest.mark.django_db
def test_the_admin_refuses_to_save_an_inward_endpoint(admin_user: User) -> None:
    for url in [
        "http://127.0.0.1:8000/hook",
        "http://localhost/hook",
        "http://[::1]/hook",
        "http://0.0.0.0/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::ffff:127.0.0.1]/hook",
        "http://localhost./hook",
        "http://2130706433/hook",
        "http://0x7f.1/hook",
    ]:
        response = _add_endpoint(admin_user, url)
        assert response.status_code == 200, url  # the form again, with the error
        assert response.context["adminform"].form.errors["url"], url
    assert not WebhookEndpoint.objects.exists()
    response = _add_endpoint(admin_user, "http://169.254.169.254/latest/meta-data/")
    assert "webhooks go only to public addresses" in response.content.decode()


@pytest.mark.django_db
def test_the_admin_saves_a_public_endpoint_and_an_inward_one_when_allowed(admin_user: User, settings) -> None:
    assert _add_endpoint(admin_user, "https://93.184.216.34/hook").status_code == 302
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = True
    assert _add_endpoint(admin_user, "http://127.0.0.1:8000/hook").status_code == 302
    assert WebhookEndpoint.objects.count() == 2


# --- delivering ------------------------------------------------------------------------------


@pytest.fixture
def receiver() -> Iterator[WebhookReceiver]:
    server = WebhookReceiver()
    yield server
    server.close()


def test_a_delivery_to_an_inward_address_never_connects(receiver: WebhookReceiver) -> None:
    port = receiver.server.server_address[1]
    for url in (receiver.url, f"http://localhost:{port}/hooks", f"http://2130706433:{port}/hooks"):
        outcome = send(url, allow_private=False)
        assert outcome.error_kind == "private_address", url
    lookups: list[str] = []

    def rebinding(host: str, port: int) -> list[str]:
        lookups.append(host)
        return ["127.0.0.1"]

    assert (
        send(f"http://hooks.example:{port}/hooks", allow_private=False, resolver=rebinding).error_kind
        == "private_address"
    )
    assert lookups == ["hooks.example"]
    assert receiver.received == []


def test_a_delivery_connects_to_the_address_checked_with_the_name_as_host(receiver: WebhookReceiver) -> None:
    port = receiver.server.server_address[1]
    lookups: list[str] = []

    def resolve(host: str, port: int) -> list[str]:
        lookups.append(host)
        return ["127.0.0.1"]

    outcome = send(f"http://hooks.example:{port}/hooks?x=1", resolver=resolve)
    assert outcome.delivered
    assert lookups == ["hooks.example"]  # resolved once, and that answer is what was used
    [hook] = receiver.received
    assert hook.headers["Host"] == f"hooks.example:{port}"
    assert hook.path == "/hooks?x=1"


def test_a_redirect_is_never_followed(receiver: WebhookReceiver) -> None:
    receiver.statuses.append(307)
    outcome = send(receiver.url)
    assert (outcome.status_code, outcome.error_kind) == (307, "redirect")
    assert len(receiver.received) == 1


@pytest.mark.django_db
@override_settings(WEBHOOK_MAX_ATTEMPTS=2)
def test_an_endpoint_saved_before_the_rule_is_refused_at_delivery(receiver: WebhookReceiver) -> None:
    # Created without the admin's check (an endpoint from before, or written directly).
    endpoint = WebhookEndpoint.objects.create(url=receiver.url, events=["ticket.created"])
    [delivery_id] = deliveries_record(event="ticket.created", data={"ticket": {"id": 1}})
    delivery_attempt(delivery_id=delivery_id)
    delivery_attempt(delivery_id=delivery_id)
    delivery = WebhookDelivery.objects.get(pk=delivery_id)
    assert (delivery.state, delivery.attempts, delivery.error_kind) == (
        DeliveryState.FAILED,
        2,
        "private_address",
    )
    assert receiver.received == []
    endpoint.refresh_from_db()
    assert endpoint.last_error_kind == "private_address"


@pytest.fixture
def tls_receiver(tmp_path, monkeypatch) -> Iterator[WebhookReceiver]:
    """An HTTPS receiver on 127.0.0.1 whose certificate names only hooks.example, trusted
    the way an operator trusts a private authority (SSL_CERT_FILE)."""
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", "/CN=hooks.example", "-addext", "subjectAltName=DNS:hooks.example",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    server = WebhookReceiver(certificate=(cert, key))
    yield server
    server.close()


def test_tls_goes_to_the_checked_address_with_the_name_for_sni_and_the_certificate(
    tls_receiver: WebhookReceiver,
) -> None:
    port = tls_receiver.server.server_address[1]
    to_loopback = resolving({"hooks.example": ["127.0.0.1"], "other.example": ["127.0.0.1"]})
    outcome = send(f"https://hooks.example:{port}/hooks", resolver=to_loopback)
    assert outcome.delivered, outcome
    [hook] = tls_receiver.received
    assert hook.headers["Host"] == f"hooks.example:{port}"
    assert tls_receiver.server_names == ["hooks.example"]
    # The certificate is checked against the name, not the address connected to.
    assert send(f"https://other.example:{port}/hooks", resolver=to_loopback).error_kind == "tls"
    assert send(tls_receiver.url).error_kind == "tls"  # no certificate names 127.0.0.1
    assert len(tls_receiver.received) == 1
