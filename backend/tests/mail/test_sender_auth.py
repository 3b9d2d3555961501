"""Proof of the sender, on real messages: signed by dkimpy with keys the tests make, the keys
served by a real DNS server on loopback, and Authentication-Results headers as receiving
servers write them (Postfix with OpenDKIM, Gmail)."""

from __future__ import annotations

import time

import pytest

from support_desk.mail.enums import SenderVerification
from support_desk.mail.sender_auth import aligned, organizational_domain, sender_check
from tests.mail import messages
from tests.mail.dkim import DkimKey, DnsServer, sign

MARIA = "maria@customer.test"


@pytest.fixture
def signed_by_customer(dkim_dns: DnsServer, dkim_key: DkimKey) -> bytes:
    dkim_dns.publish("customer.test", dkim_key)
    return sign(messages.plain(sender=MARIA), domain="customer.test", key=dkim_key)


def test_a_valid_signature_by_the_from_domain_passes(signed_by_customer: bytes, dkim_dns: DnsServer) -> None:
    check = sender_check(signed_by_customer)
    assert (check.result, check.detail) == (SenderVerification.PASS, "dkim=pass d=customer.test aligned")
    assert dkim_dns.questions == ["sel2026._domainkey.customer.test"]


def test_a_tampered_body_fails(signed_by_customer: bytes) -> None:
    tampered = signed_by_customer.replace(b"wrong amount", b"right amount")
    assert tampered != signed_by_customer
    check = sender_check(tampered)
    assert (check.result, check.detail) == (SenderVerification.FAIL, "dkim=fail d=customer.test")


def test_a_tampered_signed_header_fails(signed_by_customer: bytes) -> None:
    tampered = signed_by_customer.replace(b"Subject: Invoice is wrong", b"Subject: Invoice is right")
    assert tampered != signed_by_customer
    assert sender_check(tampered).result == SenderVerification.FAIL


def test_a_signature_by_another_key_fails(dkim_dns: DnsServer, dkim_key: DkimKey) -> None:
    dkim_dns.publish("customer.test", dkim_key)
    forged = sign(messages.plain(sender=MARIA), domain="customer.test", key=DkimKey.generate())
    assert sender_check(forged).result == SenderVerification.FAIL


def test_an_unsigned_message_is_none() -> None:
    check = sender_check(messages.plain(sender=MARIA))
    assert (check.result, check.detail) == (SenderVerification.NONE, "no DKIM signature")


def test_a_valid_signature_by_another_domain_is_not_aligned(dkim_dns: DnsServer, dkim_key: DkimKey) -> None:
    dkim_dns.publish("attacker.example", dkim_key)
    raw = sign(messages.plain(sender=MARIA), domain="attacker.example", key=dkim_key)
    check = sender_check(raw)
    assert check.result == SenderVerification.FAIL
    assert check.detail == "dkim=pass d=attacker.example not aligned with customer.test"


def test_a_signature_by_a_subdomain_is_aligned_relaxed(dkim_dns: DnsServer, dkim_key: DkimKey) -> None:
    dkim_dns.publish("mail.customer.test", dkim_key)
    raw = sign(messages.plain(sender=MARIA), domain="mail.customer.test", key=dkim_key)
    assert sender_check(raw).detail == "dkim=pass d=mail.customer.test aligned"


def test_organizational_domains_follow_the_public_suffix_list() -> None:
    assert organizational_domain("mail.example.co.uk") == "example.co.uk"
    assert aligned("bounce.example.co.uk", "example.co.uk")
    assert not aligned("other.co.uk", "example.co.uk")  # co.uk is a public suffix, not a parent
    assert not aligned("", "example.com")


def test_two_from_addresses_prove_nothing(dkim_dns: DnsServer, dkim_key: DkimKey) -> None:
    dkim_dns.publish("customer.test", dkim_key)
    raw = messages.plain(sender=MARIA).replace(
        b"From: maria@customer.test", b"From: maria@customer.test, alex@desk.test"
    )
    assert sender_check(sign(raw, domain="customer.test", key=dkim_key)).result == SenderVerification.FAIL


def test_a_proof_for_another_address_than_the_senders_counts_for_nothing(signed_by_customer: bytes) -> None:
    assert sender_check(signed_by_customer, sender=MARIA).result == SenderVerification.PASS
    check = sender_check(signed_by_customer, sender="alex@desk.test")
    assert (check.result, check.detail) == (
        SenderVerification.FAIL,
        "the sender alex@desk.test is not the From address",
    )


def test_without_dns_the_sender_is_unverified_quickly(settings, dkim_key: DkimKey) -> None:
    # A loopback port where nothing answers: the lookup times out, it does not hang.
    settings.MAIL_DNS_NAMESERVERS = ["127.0.0.9:53"]
    settings.MAIL_DNS_TIMEOUT_SECONDS = 1
    raw = sign(messages.plain(sender=MARIA), domain="customer.test", key=dkim_key)
    started = time.monotonic()
    check = sender_check(raw)
    assert time.monotonic() - started < 3
    assert (check.result, check.detail) == (SenderVerification.NONE, "DNS unavailable: DKIM key not fetched")


# --- Authentication-Results of the receiving server ------------------------------------------


def _with_results(raw: bytes, *headers: str) -> bytes:
    return "".join(f"{header}\r\n" for header in headers).encode() + raw


OPENDKIM_PASS = (
    "Authentication-Results: mx.desk.test; dkim=pass (1024-bit key) header.d=customer.test header.s=s1"
)
GMAIL_PASS = (
    "Authentication-Results: mx.google.com;\r\n"
    "       dkim=pass header.i=@customer.test header.s=s1 header.b=abc;\r\n"
    "       spf=pass smtp.mailfrom=maria@customer.test;\r\n"
    "       dmarc=pass (p=NONE) header.from=customer.test"
)


def test_a_trusted_servers_verdict_on_top_passes(settings) -> None:
    settings.MAIL_TRUSTED_AUTHSERV_IDS = ["mx.desk.test"]
    check = sender_check(_with_results(messages.plain(sender=MARIA), OPENDKIM_PASS))
    assert (check.result, check.detail) == (
        SenderVerification.PASS,
        "dkim=pass d=customer.test (authres from mx.desk.test)",
    )


def test_gmail_style_results_pass_when_gmail_is_trusted(settings) -> None:
    settings.MAIL_TRUSTED_AUTHSERV_IDS = ["mx.google.com"]
    check = sender_check(_with_results(messages.plain(sender=MARIA), GMAIL_PASS))
    assert check.result == SenderVerification.PASS
    assert check.detail.endswith("(authres from mx.google.com)")


def test_results_are_not_trusted_by_default() -> None:
    check = sender_check(_with_results(messages.plain(sender=MARIA), OPENDKIM_PASS))
    assert (check.result, check.detail) == (SenderVerification.NONE, "no DKIM signature")


def test_an_untrusted_servers_verdict_counts_for_nothing(settings) -> None:
    settings.MAIL_TRUSTED_AUTHSERV_IDS = ["mx.desk.test"]
    forged = OPENDKIM_PASS.replace("mx.desk.test", "mx.attacker.example")
    assert sender_check(_with_results(messages.plain(sender=MARIA), forged)).result == SenderVerification.NONE


def test_a_trusted_verdict_below_the_top_is_the_senders_forgery(settings) -> None:
    # Our server adds its verdict (here none) above the mail's own headers; the sender's copy
    # of a trusted verdict sits lower, under a Received line, and is not believed.
    settings.MAIL_TRUSTED_AUTHSERV_IDS = ["mx.desk.test"]
    raw = _with_results(
        messages.plain(sender=MARIA),
        "Authentication-Results: mx.desk.test; none",
        "Received: from attacker.example by mx.desk.test; Tue, 1 Dec 2026 09:00:00 +0000",
        OPENDKIM_PASS,
    )
    assert sender_check(raw).result == SenderVerification.NONE


def test_a_trusted_fail_for_the_from_domain_fails(settings) -> None:
    settings.MAIL_TRUSTED_AUTHSERV_IDS = ["mx.desk.test"]
    raw = _with_results(messages.plain(sender=MARIA), OPENDKIM_PASS.replace("dkim=pass", "dkim=fail"))
    check = sender_check(raw)
    assert (check.result, check.detail) == (
        SenderVerification.FAIL,
        "dkim=fail d=customer.test (authres from mx.desk.test)",
    )


def test_a_trusted_temporary_error_leaves_the_check_to_support_desk(settings) -> None:
    settings.MAIL_TRUSTED_AUTHSERV_IDS = ["mx.desk.test"]
    raw = _with_results(messages.plain(sender=MARIA), OPENDKIM_PASS.replace("dkim=pass", "dkim=temperror"))
    assert sender_check(raw).detail == "no DKIM signature"


def test_a_trusted_pass_for_another_domain_is_not_the_senders(settings) -> None:
    settings.MAIL_TRUSTED_AUTHSERV_IDS = ["mx.desk.test"]
    raw = _with_results(
        messages.plain(sender=MARIA),
        OPENDKIM_PASS.replace("header.d=customer.test", "header.d=attacker.example"),
    )
    assert sender_check(raw).result == SenderVerification.NONE
