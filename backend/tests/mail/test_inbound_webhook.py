"""POST /api/mail/inbound/: the raw message as the body, the shared secret in a header."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from support_desk.tickets.models import Ticket
from tests.mail import messages

pytestmark = pytest.mark.django_db

SECRET = "test-inbound-secret-0123456789"


def _post(raw: bytes, *, secret: str | None = SECRET, content_type: str = "message/rfc822"):
    headers = {"HTTP_X_MAIL_INBOUND_SECRET": secret} if secret is not None else {}
    return APIClient().generic("POST", "/api/mail/inbound/", data=raw, content_type=content_type, **headers)


def test_a_posted_message_becomes_a_ticket_and_a_second_post_is_a_duplicate() -> None:
    raw = messages.plain()
    response = _post(raw)
    assert response.status_code == 201
    ticket = Ticket.objects.get()
    assert response.json() == {"outcome": "created", "ticket_id": ticket.pk, "reason": ""}
    again = _post(raw)
    assert (again.status_code, again.json()["reason"]) == (200, "duplicate")


@pytest.mark.parametrize("secret", [None, "", "wrong", SECRET + "x"])
def test_without_the_right_secret_nothing_is_stored(secret: str | None) -> None:
    response = _post(messages.plain(), secret=secret)
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert not Ticket.objects.exists()


def test_without_a_configured_secret_the_door_is_closed(settings) -> None:
    settings.MAIL_INBOUND_SECRET = ""
    assert _post(messages.plain(), secret="").status_code == 403


def test_only_raw_mail_is_accepted() -> None:
    response = _post(b'{"subject": "x"}', content_type="application/json")
    assert response.status_code == 415


def test_a_message_over_the_limit_is_refused_with_413(settings) -> None:
    settings.MAIL_MAX_MESSAGE_BYTES = 10_000
    response = _post(messages.plain("x" * 20_000))
    assert response.status_code == 413
    assert response.json()["code"] == "request_too_large"
    assert not Ticket.objects.exists()


def test_a_quarantined_message_is_accepted_with_202() -> None:
    response = _post(b"To: support@desk.test\r\nSubject: no sender\r\n\r\nhello\r\n")
    assert (response.status_code, response.json()["outcome"], response.json()["reason"]) == (
        202,
        "quarantined",
        "no_sender",
    )
