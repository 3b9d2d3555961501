"""Redaction of personal data and secrets, and of nothing else."""

from __future__ import annotations

import pytest

from support_desk.triage.redaction import iban_valid, luhn_valid, redact

# --- what must be redacted ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mail me at jane.doe@example.com please", "Mail me at [EMAIL] please"),
        ("cc: j.o.h.n+support@mail.example.co.uk.", "cc: [EMAIL]."),
        ("<FIRST_LAST@Example.ORG>", "<[EMAIL]>"),
    ],
)
def test_emails(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize(
    "phone",
    [
        "+1 (555) 123-4567",
        "+44 20 7946 0958",
        "+4915112345678",
        "+49 30 1234 5678",
        "0049 30 12345678",
        "(555) 123-4567",
        "555-123-4567",
        "555.123.4567",
        "555 123 4567",
    ],
)
def test_phone_numbers(phone: str) -> None:
    assert redact(f"Please call {phone} after 5pm.") == "Please call [PHONE] after 5pm."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("call me on 07911 123456 today", "call me on [PHONE] today"),
        ("Phone: 030 1234567", "Phone: [PHONE]"),
        ("mobile number is 0612345678.", "mobile number is [PHONE]."),
    ],
)
def test_phone_numbers_after_a_phone_word(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize(
    "card",
    [
        "4111111111111111",  # Visa test number
        "4111 1111 1111 1111",
        "4111-1111-1111-1111",
        "5500 0000 0000 0004",  # Mastercard
        "3782 822463 10005",  # Amex, 15 digits
        "6011000990139424",  # Discover
        "4222222222222",  # 13-digit Visa
        "6304 0000 0000 0000 018",  # 19-digit Maestro
    ],
)
def test_luhn_valid_card_numbers(card: str) -> None:
    assert redact(f"my card {card} was charged twice") == "my card [CARD] was charged twice"


@pytest.mark.parametrize(
    "iban",
    [
        "DE89 3704 0044 0532 0130 00",
        "DE89370400440532013000",
        "GB82 WEST 1234 5698 7654 32",
        "GB82WEST12345698765432",
        "FR14 2004 1010 0505 0001 3M02 606",
        "NL91ABNA0417164300",
        "be68 5390 0754 7034",  # lower case is still an IBAN
        "NO93 8601 1117 947",
    ],
)
def test_ibans_with_valid_checksum(iban: str) -> None:
    assert redact(f"Refund to {iban} and thanks") == "Refund to [IBAN] and thanks"


@pytest.mark.parametrize(
    "secret",
    [
        "sk-proj-abcDEF1234567890abcdefGHIJ",
        "sk-abcdefghijklmnopqrstuvwxyz123456",
        "sk_live_4eC39HqLyjWDarjtT1zdp7dc",
        "ghp_abcdefghijklmnopqrstuvwxyz0123456789",
        "github_pat_11ABCDEFG0123456789_abcdefghijklmnop",
        "AKIAIOSFODNN7EXAMPLE",
        "AIzaSyA1234567890abcdefghijklmnopqrstuv",
        "xoxb-123456789012-abcdefghijkl",
        "gsk_abcdefghijklmnopqrstuvwxyz012345",
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
        "Xk9fQ2mZ7pL4vR8sT1wY6nB3qJ5h",  # a long random-looking string
    ],
)
def test_secret_tokens(secret: str) -> None:
    assert redact(f"the key {secret} leaked") == "the key [SECRET] leaked"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("password: hunter2", "password: [SECRET]"),
        ("Password = 'correct horse battery'", "Password = [SECRET]"),
        ("my pwd:Sup3r$ecret!, then", "my pwd:[SECRET], then"),
        ("api_key=abc123def", "api_key=[SECRET]"),
        ("client secret: s3cr3t.", "client secret: [SECRET]."),
        ("access_token=abc.def.ghi", "access_token=[SECRET]"),
        ("PIN: 4821", "PIN: [SECRET]"),
        ("Authorization: Bearer abc.def123ghi456jkl789", "Authorization: Bearer [SECRET]"),
    ],
)
def test_secret_values_after_a_key(text: str, expected: str) -> None:
    assert redact(text) == expected


def test_private_key_block() -> None:
    text = "here:\n-----BEGIN RSA PRIVATE KEY-----\nMIIEow\nIBAAK\n-----END RSA PRIVATE KEY-----\nthanks"
    assert redact(text) == "here:\n[SECRET]\nthanks"


def test_everything_in_one_ticket() -> None:
    text = (
        "Hi, I'm jane@example.com (+1 555 123 4567). You charged 4111 1111 1111 1111 twice; "
        "refund to DE89 3704 0044 0532 0130 00. Our key sk-abcdefghijklmnopqrstuvwxyz123456 "
        "and password: hunter2 stopped working after the 3.4.0 update on 2024-01-15."
    )
    assert redact(text) == (
        "Hi, I'm [EMAIL] ([PHONE]). You charged [CARD] twice; "
        "refund to [IBAN]. Our key [SECRET] "
        "and password: [SECRET] stopped working after the 3.4.0 update on 2024-01-15."
    )


def test_password_value_that_looks_like_a_card_is_a_secret() -> None:
    assert redact("password: 4111111111111111") == "password: [SECRET]"


# --- what must be left alone ------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Order #123456789 was charged $1,234.56 on 2024-01-15 at 10:30.",
        "Order ORD-2024-000123 and invoice INV-0042 (ref 000123456).",
        "Upgraded from 3.4.0 to 3.10.12 and now v2.0.0-rc.1 crashes.",
        "The server 10.0.0.1 returned HTTP 500 after 30 seconds, 3 times.",
        "Ticket 4111111111111112 is not a card (fails Luhn).",
        "Tracking number 1234567890123 arrived.",  # 13 digits, Luhn-invalid
        "The password is wrong and the password reset link expired.",
        "Reset my password: I forgot it.".replace("password: I forgot it.", "password please"),
        "pin: the ticket to the top of the queue",
        "commit a3f5c8e9d2b14f6e8c7a9b0d1e2f3a4b5c6d7e8f broke the build",
        "request id 550e8400-e29b-41d4-a716-446655440000",
        "TicketServiceImpl2Handler threw ERR_CONNECTION_RESET_2024_Chrome",
        "See https://example.com/docs/getting-started?page=2 for details.",
        "Call me tomorrow at 3pm, room 1204, extension 42.",
        "Between 2023-12-01 and 2024-01-15 we paid 3 invoices of 49.99 EUR.",
        "IBAN DE00 1234 5678 9012 3456 78 is wrong according to the bank",  # bad checksum
        "We have 1500 users and 25 000 tickets.",
        "Bearer authentication fails for everyone",
        "+1 for this feature request",
    ],
)
def test_ordinary_text_is_untouched(text: str) -> None:
    assert redact(text) == text


def test_empty_and_placeholder_text() -> None:
    assert redact("") == ""
    already = "[EMAIL] [PHONE] [CARD] [IBAN] [SECRET]"
    assert redact(already) == already
    assert redact("password: [SECRET]") == "password: [SECRET]"


def test_redaction_is_idempotent() -> None:
    text = "jane@example.com 4111 1111 1111 1111 DE89370400440532013000 password: x +44 20 7946 0958"
    once = redact(text)
    assert redact(once) == once


# --- the checksums ----------------------------------------------------------------------


def test_luhn() -> None:
    assert luhn_valid("4111 1111 1111 1111")
    assert not luhn_valid("4111 1111 1111 1112")
    assert not luhn_valid("")


def test_iban_checksum_and_length() -> None:
    assert iban_valid("DE89370400440532013000")
    assert not iban_valid("DE89370400440532013001")  # checksum
    assert not iban_valid("DE8937040044053201300")  # length for DE
    assert not iban_valid("ZZ89370400440532013000")  # unknown country
