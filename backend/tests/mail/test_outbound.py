"""What Support Desk sends, received by a real SMTP server (aiosmtpd): who gets which mail,
how it threads, that it says when it is automatic, that notes never leave, that each person's
choices hold, and that a mail which cannot be delivered is recorded and shown."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from support_desk.accounts.models import Role, User
from support_desk.accounts.services import user_ensure
from support_desk.mail.enums import DeliveryStatus
from support_desk.mail.models import OutboundMail, ThreadMessageId
from support_desk.mail.preferences import notification_choose
from support_desk.tickets import services
from support_desk.tickets.attachments import AttachmentUpload
from support_desk.tickets.enums import Status
from support_desk.tickets.models import Ticket, TicketMessage
from tests.conftest import token_client
from tests.mail import messages
from tests.mail.conftest import Ingest
from tests.mail.servers import SmtpSink, self_signed_certificate

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def alex(db: None) -> User:
    return user_ensure(username="agent-alex", role=Role.AGENT, email="alex@desk.test")[0]


@pytest.fixture
def maria(db: None) -> User:
    user = user_ensure(username="maria", role=Role.REQUESTER, email="maria@customer.test")[0]
    user.first_name, user.last_name = "Maria", "Lopez"
    user.save()
    return user


def _ticket(maria: User, **kwargs: object) -> Ticket:
    return services.ticket_create(title="Printer on fire", description="Flames.", actor=maria, **kwargs)  # type: ignore[arg-type]


def test_a_new_ticket_is_acknowledged_with_its_number_and_a_link(smtp_sink: SmtpSink, maria: User) -> None:
    ticket = _ticket(maria)
    [mail] = smtp_sink.wait_for(1)
    message = mail.message
    assert mail.recipients == ["maria@customer.test"]
    assert message["Subject"] == f"[#{ticket.pk}] Printer on fire"
    assert message["From"] == "Support Desk <support@desk.test>"
    assert message["Reply-To"] == "support@desk.test"
    assert message["Auto-Submitted"] == "auto-generated"
    recorded = OutboundMail.objects.get(ticket=ticket)
    assert message["Message-ID"] == f"<{recorded.message_id}>"
    assert ThreadMessageId.objects.filter(
        message_id=recorded.message_id, ticket=ticket, direction="out"
    ).exists()
    assert recorded.status == DeliveryStatus.SENT
    assert recorded.sent_at is not None
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert f"[#{ticket.pk}]" in text
    # The customer's link signs them in straight to the ticket (customers/ tests follow it).
    assert "http://desk.test/sign-in/link?token=" in text
    assert 'href="http://desk.test/sign-in/link?token=' in html


def test_an_agents_reply_threads_carries_its_files_and_a_note_never_leaves(
    smtp_sink: SmtpSink, maria: User, alex: User
) -> None:
    ticket = _ticket(maria, participants=[("boss@customer.test", "The Boss")])
    smtp_sink.wait_for(2)
    ack_id = OutboundMail.objects.filter(ticket=ticket).first().message_id  # type: ignore[union-attr]
    services.message_create(
        ticket_id=ticket.pk, author=alex, body="Internal: call the fire brigade", is_internal=True
    )
    services.message_create(
        ticket_id=ticket.pk,
        author=alex,
        body="Please unplug it.\nThen wait.",
        is_internal=False,
        attachments=[
            AttachmentUpload(filename="steps.pdf", content=messages.PDF, content_type="application/pdf")
        ],
    )
    received = smtp_sink.wait_for(4)
    assert len(received) == 4
    replies = received[2:]
    assert sorted(mail.recipients[0] for mail in replies) == ["boss@customer.test", "maria@customer.test"]
    message = replies[0].message
    assert "Auto-Submitted" not in message  # a person's reply, not automatic mail
    assert message["In-Reply-To"].strip("<>") in {
        row.message_id for row in ThreadMessageId.objects.filter(ticket=ticket)
    }
    assert f"<{ack_id}>" in message["References"]
    assert "Please unplug it." in message.get_body(("plain",)).get_content()
    [attached] = list(message.iter_attachments())
    assert attached.get_filename() == "steps.pdf"
    assert attached.get_content() == messages.PDF
    assert all("fire brigade" not in mail.raw.decode() for mail in received)


def test_a_reply_to_our_reply_lands_on_the_ticket(
    smtp_sink: SmtpSink, maria: User, alex: User, ingest: Ingest
) -> None:
    ticket = _ticket(maria)
    services.message_create(ticket_id=ticket.pk, author=alex, body="Please unplug it.", is_internal=False)
    ours = smtp_sink.wait_for(2)[1].message
    raw = messages.gmail_reply(
        sender="maria@customer.test",
        subject=ours["Subject"],
        in_reply_to=ours["Message-ID"],
        references=ours["References"],
    )
    assert ingest(raw) == (0, f"- ticket {ticket.pk} replied")
    assert TicketMessage.objects.filter(ticket=ticket, author=maria).get().body == "Thanks, that fixed it!"


def test_resolution_assignment_and_customer_replies_reach_the_right_people(
    smtp_sink: SmtpSink, maria: User, alex: User
) -> None:
    ticket = _ticket(maria)
    smtp_sink.wait_for(1)
    services.ticket_update(ticket_id=ticket.pk, changes={"assignee": alex}, actor=None)
    services.message_create(ticket_id=ticket.pk, author=maria, body="Any news?", is_internal=False)
    services.ticket_update(ticket_id=ticket.pk, changes={"status": Status.RESOLVED}, actor=alex)
    received = smtp_sink.wait_for(4)
    kinds = [
        (mail.recipients[0], OutboundMail.objects.get(message_id=mail.message["Message-ID"].strip("<>")).kind)
        for mail in received
    ]
    assert kinds == [
        ("maria@customer.test", "ticket_acknowledged"),
        ("alex@desk.test", "ticket_assigned"),
        ("alex@desk.test", "customer_reply"),
        ("maria@customer.test", "ticket_resolved"),
    ]
    assert "Any news?" in received[2].message.get_body(("plain",)).get_content()
    assert "resolved" in received[3].message.get_body(("plain",)).get_content()


def test_new_tickets_reach_agents_only_when_they_opt_in(smtp_sink: SmtpSink, maria: User, alex: User) -> None:
    other = user_ensure(username="agent-sam", role=Role.AGENT, email="sam@desk.test")[0]
    notification_choose(user=other, kind="new_ticket", enabled=True)
    _ticket(maria)
    received = smtp_sink.wait_for(2)
    assert sorted(mail.recipients[0] for mail in received) == ["maria@customer.test", "sam@desk.test"]


def test_each_person_can_turn_each_kind_off(smtp_sink: SmtpSink, maria: User, alex: User) -> None:
    client = token_client(maria)
    response = client.patch(
        "/api/mail/preferences/", {"kind": "ticket_acknowledged", "enabled": False}, format="json"
    )
    assert response.status_code == 200
    assert {row["kind"]: row["enabled"] for row in response.json()} == {
        "ticket_acknowledged": False,
        "public_reply": True,
        "ticket_resolved": True,
    }
    ticket = _ticket(maria)
    services.message_create(ticket_id=ticket.pk, author=alex, body="Hello", is_internal=False)
    [mail] = smtp_sink.wait_for(1)
    assert OutboundMail.objects.get(message_id=mail.message["Message-ID"].strip("<>")).kind == "public_reply"
    agent_choices = token_client(alex).get("/api/mail/preferences/").json()
    assert {row["kind"]: row["enabled"] for row in agent_choices}["new_ticket"] is False


def test_a_mail_that_cannot_be_delivered_is_recorded_and_shown(
    smtp_sink: SmtpSink, maria: User, alex: User, settings
) -> None:
    smtp_sink.refuse_recipients("550 5.1.1 Mailbox unavailable")
    ticket = _ticket(maria)
    recorded = OutboundMail.objects.get(ticket=ticket)
    assert recorded.status == DeliveryStatus.FAILED
    assert "550" in recorded.error
    assert recorded.attempts >= 2
    shown = token_client(alex).get(f"/api/mail/tickets/{ticket.pk}/").json()
    assert [(row["recipient"], row["status"]) for row in shown["deliveries"]] == [
        ("maria@customer.test", "failed")
    ]
    assert token_client(maria).get(f"/api/mail/tickets/{ticket.pk}/").json()["deliveries"] == []


def test_without_a_server_mail_goes_to_the_console(settings, maria: User, capsys) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    ticket = _ticket(maria)
    assert f"Subject: [#{ticket.pk}] Printer on fire" in capsys.readouterr().out
    assert OutboundMail.objects.get(ticket=ticket).status == DeliveryStatus.SENT


def test_nobody_is_mailed_about_their_own_reply(
    smtp_sink: SmtpSink, maria: User, alex: User, client: APIClient
) -> None:
    ticket = _ticket(maria, assignee=alex)
    smtp_sink.wait_for(1)
    services.message_create(ticket_id=ticket.pk, author=alex, body="Done.", is_internal=False)
    smtp_sink.wait_for(2)
    assert [mail.recipients for mail in smtp_sink.received] == [
        ["maria@customer.test"],
        ["maria@customer.test"],
    ]


def test_smtp_uses_starttls_when_offered_and_never_sends_a_password_in_clear(
    settings, maria: User, tmp_path, monkeypatch
) -> None:
    cert, key = self_signed_certificate(tmp_path)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    settings.EMAIL_BACKEND = "support_desk.mail.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_USE_TLS, settings.EMAIL_USE_SSL = "127.0.0.1", False, False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    with SmtpSink(tls=(cert, key)) as sink:
        settings.EMAIL_PORT = sink.port
        _ticket(maria)
        sink.wait_for(1)
        assert sink.handler.encrypted == [True]
    with SmtpSink() as plain:
        settings.EMAIL_PORT = plain.port
        settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD = "support", "secret"
        ticket = _ticket(maria)
        assert plain.received == []
        recorded = OutboundMail.objects.get(ticket=ticket)
        assert recorded.status == DeliveryStatus.FAILED
        assert "offers no STARTTLS" in recorded.error
