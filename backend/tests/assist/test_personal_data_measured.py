"""How much of another customer's data `redact_personal` takes out, measured on values it was
not written against: names, addresses, phone numbers, cards, IBANs and passwords made by Faker
for four locales (its own data files, a fixed seed), put in the sentences an agent writes; and
how little it touches text without personal data (the suite's banking and Hadoop samples).

The floors are what the redaction reaches today, less a margin for Faker's data changing
between versions. What it misses is listed in docs/privacy.md."""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from faker import Faker

from support_desk.triage.redaction import PERSONAL_PLACEHOLDERS, person_identifiers, redact_personal

DATA = Path(__file__).parent / "data"
SAMPLES = 200

Kind = tuple[str, Callable[[Faker], str]]
KINDS: dict[str, Kind] = {
    "email": ("We sent the confirmation to {v} this morning.", lambda f: f.email()),
    "phone": ("Please call us back on {v} if it happens again.", lambda f: f.phone_number()),
    "card": ("The card {v} has been blocked.", lambda f: f.credit_card_number()),
    "card ending": ("Your card ending in {v} has been blocked.", lambda f: f.credit_card_number()[-4:]),
    "password": ("Your temporary password is {v} and expires tomorrow.", lambda f: f.password()),
    "iban": ("We will refund it to the account {v} on file.", lambda f: f.iban()),
    "order number": ("Your order number is {v}; it ships today.", lambda f: f.bothify("??-#####").upper()),
    "postal address": ("The replacement goes to {v} by courier.", lambda f: f.address().replace("\n", ", ")),
    "street address": ("The replacement goes to {v} by courier.", lambda f: f.street_address()),
    "name in a greeting": ("Hi {v},\nwe have fixed it.", lambda f: f.first_name()),
    "name in a sign-off": ("It is fixed now.\n\nKind regards,\n{v}", lambda f: f.name()),
    "name after a title": ("We spoke to Mrs {v} yesterday.", lambda f: f.last_name()),
    "name after spoke to": ("We spoke to {v} yesterday about it.", lambda f: f.name()),
}

# The share of samples with nothing of the value left, per locale and kind (1.0 unless named).
FLOORS: dict[str, dict[str, float]] = {
    "en_US": {"postal address": 0.95, "name in a sign-off": 0.95, "name after spoke to": 0.93},
    "en_GB": {"street address": 0.9, "name in a sign-off": 0.95, "postal address": 0.95},
    "de_DE": {
        "phone": 0.95,
        "postal address": 0.93,
        "street address": 0.93,
        "name in a greeting": 0.95,
        "name in a sign-off": 0.75,
        "name after a title": 0.95,
        "name after spoke to": 0.7,
    },
    "fr_FR": {"street address": 0.78, "name in a sign-off": 0.95, "name in a greeting": 0.95},
}


def _pieces(value: str) -> list[str]:
    """The parts of a value that would still tell something: every run of three letters or
    digits or more (a card ending is its four digits)."""
    return [piece for piece in re.split(r"[\s,/()+.-]+", value) if len(piece) >= 3] or [value]


def caught_share(locale: str, kind: str) -> tuple[float, list[str]]:
    template, make = KINDS[kind]
    faker = Faker(locale)
    faker.seed_instance(2026)
    caught = 0
    missed: list[str] = []
    for _ in range(SAMPLES):
        value = make(faker)
        redacted = redact_personal(template.format(v=value))
        if all(piece not in redacted for piece in _pieces(value)):
            caught += 1
        elif len(missed) < 3:
            missed.append(redacted)
    return caught / SAMPLES, missed


@pytest.mark.parametrize("locale", sorted(FLOORS))
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_personal_data_made_by_faker_is_taken_out(locale: str, kind: str) -> None:
    share, missed = caught_share(locale, kind)
    assert share >= FLOORS[locale].get(kind, 1.0), (share, missed)


@pytest.mark.parametrize("locale", sorted(FLOORS))
def test_a_known_persons_names_and_address_are_taken_out_wherever_they_stand(locale: str) -> None:
    faker = Faker(locale)
    faker.seed_instance(2026)
    for _ in range(SAMPLES):
        first, last, email = faker.first_name(), faker.last_name(), faker.email()
        identifiers = person_identifiers(names=[f"{first} {last}", first, last], emails=[email])
        text = f"As {first} asked, {first} {last}'s refund went to {email}. {last.upper()} confirmed it."
        redacted = redact_personal(text, identifiers=identifiers)
        assert not any(part in redacted for part in (first, last, email)), redacted


def _placeholders(texts: list[str]) -> tuple[float, float]:
    words = sum(len(text.split()) for text in texts)
    redacted = [redact_personal(text) for text in texts]
    replaced = sum(text.count(placeholder) for text in redacted for placeholder in PERSONAL_PLACEHOLDERS)
    changed = sum(before != after for before, after in zip(texts, redacted, strict=True))
    return replaced / words, changed / len(texts)


def test_customer_questions_without_personal_data_are_left_as_they_are() -> None:
    with (DATA / "banking77_duplicates.csv").open(encoding="utf-8") as handle:
        texts = [row["text"] for row in csv.DictReader(handle)]
    assert _placeholders(texts) == (0.0, 0.0)


def test_technical_reports_lose_almost_nothing() -> None:
    with (DATA / "hadoop_distractors.csv").open(encoding="utf-8") as handle:
        texts = [f"{row['summary']}\n{row['description']}" for row in csv.DictReader(handle)]
    per_word, texts_changed = _placeholders(texts)
    # Timestamps, ids in links and an address in a URL are taken for personal data: rarely.
    assert per_word < 0.005
    assert texts_changed < 0.1
