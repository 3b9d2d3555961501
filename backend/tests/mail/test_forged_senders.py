"""Forged From lines over the real inbound webhook (HTTP to a live server), with mail really sent
to an SMTP server: a mail that claims an agent's or a customer's address without proof can
neither speak for them to the customer nor copy anyone on the conversation."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from typing import Any

import pytest

from support_desk.accounts.models import Role, User
from support_desk.accounts.services import user_ensure
from support_desk.mail.enums import InboundStatus, SenderVerification
from support_desk.mail.models import InboundMail, OutboundMail
from support_desk.mail.services import mail_reprocess
from support_desk.tickets import services
from support_desk.tickets.enums import Status
from support_desk.tickets.models import Ticket, TicketMessage
from tests.conftest import token_client
from tests.mail import messages
from tests.mail.dkim import DkimKey, DnsServer, sign
from tests.mail.servers import SmtpSink

pytestmark = pytest.mark.django_db(transaction=True)

SECRET = "test-inbound-secret-0123456789"
AGENT = "alex@example.com"
SPY = "spy@attacker.example"


@pytest.fixture
def alex(db: None) -> User:
    user = user_ensure(username="agent-alex", role=Role.AGENT, email=AGENT)[0]
    user.first_name, user.last_name = "Alex", "Rivera"
    user.save()
    return user


@pytest.fixture
def ticket(smtp_sink: SmtpSink, alex: User) -> Ticket:
    """Maria's ticket, held by Alex; its acknowledgement already delivered."""
    maria = user_ensure(username="maria", role=Role.REQUESTER, email="maria@customer.test")[0]
    created = services.ticket_create(title="Refund", description="Where is my refund?", actor=maria)
    services.ticket_update(ticket_id=created.pk, changes={"assignee": alex}, actor=alex)
    smtp_sink.wait_for(1)
    smtp_sink.received.clear()
    return created


def _post(live_server: Any, raw: bytes) -> tuple[int, dict[str, Any]]:
    request = urllib.request.Request(
        f"{live_server.url}/api/mail/inbound/",
        data=raw,
        method="POST",
        headers={"Content-Type": "message/rfc822", "X-Mail-Inbound-Secret": SECRET},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def _forged_agent_reply(ticket: Ticket) -> bytes:
    return messages.plain(
        "Here is your sign-in link, please forward it to my colleague.",
        sender=AGENT,
        name="Alex Rivera",
        cc=SPY,
        subject=f"Re: [#{ticket.pk}] x",
    )


def _participants(ticket: Ticket) -> set[str]:
    return set(ticket.participants.values_list("email", flat=True))


def _nothing_more_sent(smtp_sink: SmtpSink) -> None:
    time.sleep(0.5)  # sending is done after the commit, in this process: give it a moment
    assert smtp_sink.received == []


def test_a_forged_agent_reply_is_an_unverified_note_that_reaches_nobody(
    live_server: Any, smtp_sink: SmtpSink, ticket: Ticket, alex: User
) -> None:
    outbound_before = OutboundMail.objects.count()
    status, body = _post(live_server, _forged_agent_reply(ticket))
    assert (status, body["outcome"], body["ticket_id"]) == (201, "replied", ticket.pk)
    note = TicketMessage.objects.get(ticket=ticket)
    assert note.is_internal
    assert note.author == alex
    assert note.body.startswith("[Unverified sender] This mail says it is from alex@example.com")
    assert note.body.endswith("Here is your sign-in link, please forward it to my colleague.")
    record = InboundMail.objects.get(ticket_message=note)
    assert (record.sender_verification, record.sender_verification_detail) == (
        SenderVerification.NONE,
        "no DKIM signature",
    )
    assert SPY not in _participants(ticket)
    assert OutboundMail.objects.count() == outbound_before  # no mail recorded for anyone
    _nothing_more_sent(smtp_sink)

    # Alex's genuine reply later goes to Maria alone, never to the address the forger copied.
    response = token_client(alex).post(
        f"/api/tickets/{ticket.pk}/messages/",
        {"body": "Your account id is 4711.", "is_internal": False},
        format="json",
    )
    assert response.status_code == 201
    [mail] = smtp_sink.wait_for(1)
    assert mail.recipients == ["maria@customer.test"]
    time.sleep(0.3)
    assert all(SPY not in received.recipients for received in smtp_sink.received)

    # Agents see the verdict on the mail the note came from.
    shown = token_client(alex).get(f"/api/mail/tickets/{ticket.pk}/").json()["received"]
    assert [(row["message_id"], row["sender_verification"]) for row in shown] == [(note.pk, "none")]


def test_a_signed_agent_reply_is_a_public_reply_that_copies_its_cc(
    live_server: Any, smtp_sink: SmtpSink, ticket: Ticket, dkim_dns: DnsServer, dkim_key: DkimKey
) -> None:
    dkim_dns.publish("example.com", dkim_key)
    raw = messages.plain("We sent the refund today.", sender=AGENT, cc="Boss <boss@customer.test>",
                         subject=f"Re: [#{ticket.pk}] x")  # fmt: skip
    status, body = _post(live_server, sign(raw, domain="example.com", key=dkim_key))
    assert (status, body["outcome"]) == (201, "replied")
    reply = TicketMessage.objects.get(ticket=ticket)
    assert (reply.is_internal, reply.body) == (False, "We sent the refund today.")
    record = InboundMail.objects.get(ticket_message=reply)
    assert (record.sender_verification, record.sender_verification_detail) == (
        SenderVerification.PASS,
        "dkim=pass d=example.com aligned",
    )
    assert "boss@customer.test" in _participants(ticket)
    received = smtp_sink.wait_for(2)
    assert sorted(address for mail in received for address in mail.recipients) == [
        "boss@customer.test",
        "maria@customer.test",
    ]


def test_a_forged_agent_mail_on_no_ticket_waits_in_the_quarantine(
    live_server: Any, smtp_sink: SmtpSink, alex: User
) -> None:
    raw = messages.plain("Please reset all passwords.", sender=AGENT, cc=SPY, subject="Urgent")
    status, body = _post(live_server, raw)
    assert (status, body["outcome"], body["reason"]) == (202, "quarantined", "unverified_sender")
    assert not Ticket.objects.exists()
    record = InboundMail.objects.get()
    assert record.detail.startswith("From an agent's address (alex@example.com), sender not proven")
    # Even an admin's "accept anyway" does not turn it into anything in an agent's name.
    assert mail_reprocess(inbound_id=record.pk, accept_unverified=True).outcome == "quarantined"
    _nothing_more_sent(smtp_sink)


def test_a_forged_requester_reply_is_accepted_but_copies_nobody(
    live_server: Any, smtp_sink: SmtpSink, ticket: Ticket, alex: User
) -> None:
    raw = messages.plain("Please also send the invoice to my colleague.", sender="maria@customer.test",
                         cc=SPY, subject=f"Re: [#{ticket.pk}] Refund")  # fmt: skip
    status, body = _post(live_server, raw)
    assert (status, body["outcome"]) == (201, "replied")
    reply = TicketMessage.objects.get(ticket=ticket)
    assert not reply.is_internal
    assert InboundMail.objects.get(ticket_message=reply).sender_verification == SenderVerification.NONE
    assert SPY not in _participants(ticket)
    # The agent holding the ticket hears of it, told that anyone could have written it.
    [mail] = smtp_sink.wait_for(1)
    assert mail.recipients == [AGENT]
    text = mail.message.get_body(("plain",)).get_content()
    assert "Unverified sender: this mail's From address could not be proven (no DKIM signature)" in text
    services.message_create(ticket_id=ticket.pk, author=alex, body="Sent to you.", is_internal=False)
    smtp_sink.wait_for(2)
    time.sleep(0.3)
    assert all(SPY not in received.recipients for received in smtp_sink.received)


def test_a_forged_requester_reply_does_not_reopen_a_resolved_ticket(
    live_server: Any, smtp_sink: SmtpSink, ticket: Ticket, alex: User, dkim_dns: DnsServer, dkim_key: DkimKey
) -> None:
    services.ticket_update(ticket_id=ticket.pk, changes={"status": Status.RESOLVED}, actor=alex)
    forged = messages.plain(
        "It is broken again!", sender="maria@customer.test", subject=f"Re: [#{ticket.pk}] x"
    )
    status, body = _post(live_server, forged)
    assert (status, body["outcome"]) == (201, "replied")
    ticket.refresh_from_db()
    assert ticket.status == Status.RESOLVED
    assert TicketMessage.objects.filter(ticket=ticket, body="It is broken again!").exists()
    # Maria's own, signed mail reopens it as any customer reply does.
    dkim_dns.publish("customer.test", dkim_key)
    signed = messages.plain(
        "Still broken, really.", sender="maria@customer.test", subject=f"Re: [#{ticket.pk}] x"
    )
    status, body = _post(live_server, sign(signed, domain="customer.test", key=dkim_key))
    assert (status, body["outcome"]) == (201, "replied")
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN


def test_a_forged_new_ticket_copies_nobody(live_server: Any, smtp_sink: SmtpSink) -> None:
    raw = messages.plain("My account number is on file.", sender="maria@customer.test", cc=SPY)
    status, body = _post(live_server, raw)
    assert (status, body["outcome"]) == (201, "created")
    assert _participants(Ticket.objects.get(pk=body["ticket_id"])) == set()
    [acknowledgement] = smtp_sink.wait_for(1)
    assert acknowledgement.recipients == ["maria@customer.test"]


def test_required_authentication_holds_unproven_customer_mail_for_an_admin(
    live_server: Any, smtp_sink: SmtpSink, ticket: Ticket, settings, dkim_dns: DnsServer, dkim_key: DkimKey
) -> None:
    settings.MAIL_REQUIRE_AUTHENTICATED_SENDERS = True
    raw = messages.plain("Close my account.", sender="maria@customer.test", subject=f"Re: [#{ticket.pk}] x")
    status, body = _post(live_server, raw)
    assert (status, body["outcome"], body["reason"]) == (202, "quarantined", "unverified_sender")
    assert not TicketMessage.objects.filter(ticket=ticket).exists()
    record = InboundMail.objects.get(status=InboundStatus.QUARANTINED)
    assert record.sender_verification == SenderVerification.NONE
    _nothing_more_sent(smtp_sink)

    # Re-processing alone keeps it there; an admin's acceptance stores it as an unverified reply.
    assert mail_reprocess(inbound_id=record.pk).outcome == "quarantined"
    accepted = mail_reprocess(inbound_id=record.pk, accept_unverified=True)
    assert (accepted.outcome, accepted.ticket_id) == ("replied", ticket.pk)
    record.refresh_from_db()
    assert (record.status, record.sender_verification) == (InboundStatus.STORED, SenderVerification.NONE)

    # A proven customer is not held.
    dkim_dns.publish("customer.test", dkim_key)
    signed = messages.plain("Thanks!", sender="maria@customer.test", cc="Boss <boss@customer.test>",
                            subject=f"Re: [#{ticket.pk}] x")  # fmt: skip
    status, body = _post(live_server, sign(signed, domain="customer.test", key=dkim_key))
    assert (status, body["outcome"]) == (201, "replied")
    assert "boss@customer.test" in _participants(ticket)
    to_agent = [mail for mail in smtp_sink.wait_for(2) if mail.recipients == [AGENT]][-1]
    assert "Thanks!" in to_agent.message.get_body(("plain",)).get_content()
    assert "Unverified sender" not in to_agent.message.get_body(("plain",)).get_content()
