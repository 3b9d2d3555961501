"""Mail services' inbound webhooks through django-anymail reach the same pipeline (Postmark's
JSON here: anymail turns each service's format into one message)."""

from __future__ import annotations

import base64

import pytest
from rest_framework.test import APIClient

from support_desk.mail.enums import SenderVerification
from support_desk.mail.models import InboundMail
from support_desk.tickets.enums import Channel
from support_desk.tickets.models import Attachment, Ticket

pytestmark = pytest.mark.django_db(transaction=True)

SECRET = "postmark:webhook-secret-0123456789"


def _payload() -> dict[str, object]:
    return {
        "FromFull": {"Email": "omar@customer.test", "Name": "Omar Haddad"},
        "ToFull": [{"Email": "support@desk.test", "Name": ""}],
        "Subject": "Cannot download my invoice",
        "MessageID": "73e6d360-66eb-11e1-8e72-a8904824019b",
        "Headers": [{"Name": "Message-ID", "Value": "<pm-1@customer.test>"}],
        "TextBody": "The invoice page shows an error.",
        "HtmlBody": "<p>The invoice page shows an error.</p>",
        "Attachments": [
            {
                "Name": "error.txt",
                "Content": base64.b64encode(b"HTTP 500").decode(),
                "ContentType": "text/plain",
                "ContentLength": 8,
            }
        ],
    }


@pytest.fixture
def anymail(settings) -> None:
    settings.ANYMAIL = {"WEBHOOK_SECRET": SECRET}
    settings.ROOT_URLCONF = "tests.mail.anymail_urls"


@pytest.mark.usefixtures("anymail")
def test_a_postmark_inbound_webhook_opens_a_ticket() -> None:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Basic " + base64.b64encode(SECRET.encode()).decode())
    response = client.post("/anymail/postmark/inbound/", _payload(), format="json")
    assert response.status_code == 200, response.content
    ticket = Ticket.objects.get()
    assert (ticket.title, ticket.channel) == ("Cannot download my invoice", Channel.EMAIL)
    assert ticket.description == "The invoice page shows an error."
    assert ticket.requester is not None
    assert ticket.requester.email == "omar@customer.test"
    assert [attachment.filename for attachment in Attachment.objects.filter(ticket=ticket)] == ["error.txt"]
    # Rebuilt from JSON, the message carries no signature to check: its sender is unproven.
    assert InboundMail.objects.get().sender_verification == SenderVerification.NONE


@pytest.mark.usefixtures("anymail")
def test_without_the_webhook_credentials_nothing_is_stored() -> None:
    response = APIClient().post("/anymail/postmark/inbound/", _payload(), format="json")
    assert response.status_code in (400, 401, 403)
    assert not Ticket.objects.exists()
