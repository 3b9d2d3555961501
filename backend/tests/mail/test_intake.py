"""`supportdesk mail ingest`: what each message becomes, threading both ways, no loops, no
loss (quarantine and re-processing), no duplicates."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from support_desk.accounts.models import Role, User
from support_desk.accounts.services import user_ensure
from support_desk.mail.enums import DeliveryStatus, InboundStatus
from support_desk.mail.models import AddressStatus, InboundMail, OutboundMail, ThreadMessageId
from support_desk.tickets import services
from support_desk.tickets.enums import Channel, Status
from support_desk.tickets.models import Attachment, Ticket, TicketMessage
from tests.mail import messages
from tests.mail.conftest import Ingest
from tests.mail.dkim import DkimKey, DnsServer, sign

pytestmark = pytest.mark.django_db(transaction=True)


def _ticket_id(line: str) -> int:
    parts = line.split()
    assert parts[1] == "ticket", line
    return int(parts[2])


def _ack_of(ticket_id: int) -> OutboundMail:
    return OutboundMail.objects.get(ticket_id=ticket_id, kind="ticket_acknowledged")


def test_a_new_mail_opens_a_ticket_for_a_new_requester(ingest: Ingest) -> None:
    raw = messages.plain(name="Maria Lopez")
    code, line = ingest(raw)
    assert code == 0
    assert line.startswith("- ticket ")
    assert line.endswith(" created")
    ticket = Ticket.objects.get(pk=_ticket_id(line))
    assert (ticket.title, ticket.description, ticket.channel) == (
        "Invoice is wrong",
        "My invoice shows the wrong amount.",
        Channel.EMAIL,
    )
    requester = ticket.requester
    assert requester is not None
    assert (requester.email, requester.first_name, requester.last_name, requester.role) == (
        "maria@customer.test",
        "Maria",
        "Lopez",
        Role.REQUESTER,
    )
    assert not requester.has_usable_password()
    record = InboundMail.objects.get(ticket=ticket)
    assert record.status == InboundStatus.STORED
    assert bytes(record.raw) == raw
    assert ThreadMessageId.objects.filter(ticket=ticket, direction="in").count() == 1


def test_an_empty_subject_gets_a_placeholder_title(ingest: Ingest) -> None:
    _, line = ingest(messages.plain(subject=""))
    assert Ticket.objects.get(pk=_ticket_id(line)).title == "(no subject)"


def test_files_are_stored_from_a_named_file(tmp_path: Path, db: None) -> None:
    path = tmp_path / "mail.eml"
    path.write_bytes(messages.with_attachments())
    out = io.StringIO()
    call_command("mail", "ingest", str(path), stdout=out)
    ticket_id = _ticket_id(out.getvalue().replace(str(path), "-"))
    assert out.getvalue().startswith(f"{path} ticket {ticket_id} created")
    files = {a.filename: a for a in Attachment.objects.filter(ticket_id=ticket_id)}
    assert set(files) == {"inline-shot.png", "passwd invoice.pdf", "résumé.log"}
    assert files["inline-shot.png"].is_inline
    with files["passwd invoice.pdf"].file.open("rb") as handle:
        assert handle.read() == messages.PDF
    assert ".." not in files["passwd invoice.pdf"].file.name


def test_a_reply_to_our_mail_lands_on_the_ticket_and_reopens_it(
    ingest: Ingest, dkim_dns: DnsServer, dkim_key: DkimKey
) -> None:
    # Tom's mail is signed by his domain: a proven customer's reply reopens a resolved ticket.
    dkim_dns.publish("customer.test", dkim_key)
    _, line = ingest(messages.plain(sender="tom@customer.test", subject="Printer on fire"))
    ticket_id = _ticket_id(line)
    agent = user_ensure(username="agent-alex", role=Role.AGENT, email="alex@desk.test")[0]
    services.ticket_update(ticket_id=ticket_id, changes={"status": Status.RESOLVED}, actor=agent)
    ours = _ack_of(ticket_id).message_id
    raw = messages.outlook_reply(
        sender="tom@customer.test", subject=f"[#{ticket_id}] Printer on fire", in_reply_to=f"<{ours}>"
    )
    code, reply_line = ingest(sign(raw, domain="customer.test", key=dkim_key))
    assert (code, reply_line) == (0, f"- ticket {ticket_id} replied")
    reply = TicketMessage.objects.get(ticket_id=ticket_id)
    assert reply.body == "It is still broken after the update.\n\nBest regards,\nTom"
    assert reply.channel == Channel.EMAIL
    assert not reply.is_internal
    assert Ticket.objects.get(pk=ticket_id).status == Status.OPEN
    full = InboundMail.objects.get(ticket_message=reply).full_text
    assert "From: Support Desk" in full  # the whole original stays available


def test_the_subject_token_threads_a_reply_without_headers(ingest: Ingest) -> None:
    _, line = ingest(messages.plain(sender="tom@customer.test", subject="Printer on fire"))
    ticket_id = _ticket_id(line)
    _, reply_line = ingest(
        messages.plain("Any news?", sender="tom@customer.test", subject=f"Re: [#{ticket_id}] Printer")
    )
    assert reply_line == f"- ticket {ticket_id} replied"


def test_a_stranger_guessing_a_ticket_number_opens_a_ticket_of_their_own(ingest: Ingest) -> None:
    _, line = ingest(messages.plain(sender="tom@customer.test", subject="Private matter"))
    ticket_id = _ticket_id(line)
    ours = _ack_of(ticket_id).message_id
    _, stranger = ingest(
        messages.gmail_reply(
            sender="mallory@evil.test", subject=f"[#{ticket_id}] Private matter", in_reply_to=f"<{ours}>"
        )
    )
    assert stranger.endswith(" created")
    assert _ticket_id(stranger) != ticket_id
    assert not TicketMessage.objects.filter(ticket_id=ticket_id).exists()


def test_someone_copied_on_the_ticket_may_reply(
    ingest: Ingest, dkim_dns: DnsServer, dkim_key: DkimKey
) -> None:
    # Only a proven sender copies people on a ticket: Tom's mail is signed by his domain.
    dkim_dns.publish("customer.test", dkim_key)
    raw = messages.plain(sender="tom@customer.test", cc="Boss <boss@customer.test>")
    _, line = ingest(sign(raw, domain="customer.test", key=dkim_key))
    ticket_id = _ticket_id(line)
    _, reply = ingest(
        messages.apple_reply(sender="boss@customer.test", subject=f"[#{ticket_id}] x", in_reply_to="<n@x>")
    )
    assert reply == f"- ticket {ticket_id} replied"
    assert TicketMessage.objects.get(ticket_id=ticket_id).body == "Works now, thank you."


def test_an_agents_mailed_reply_is_an_agent_reply(
    ingest: Ingest, outbox, dkim_dns: DnsServer, dkim_key: DkimKey
) -> None:
    # An agent's reply by mail counts as one when its sender is proven (signed by desk.test).
    dkim_dns.publish("desk.test", dkim_key)
    agent = user_ensure(username="agent-alex", role=Role.AGENT, email="alex@desk.test")[0]
    _, line = ingest(messages.plain(sender="tom@customer.test"))
    ticket_id = _ticket_id(line)
    raw = messages.gmail_reply(
        sender="alex@desk.test", subject=f"[#{ticket_id}] x", in_reply_to="<n@x>", text="Try again now."
    )
    _, reply = ingest(sign(raw, domain="desk.test", key=dkim_key))
    assert reply == f"- ticket {ticket_id} replied"
    message = TicketMessage.objects.get(ticket_id=ticket_id)
    assert message.author == agent
    assert message.body == "Try again now."
    public_reply = OutboundMail.objects.get(ticket_message=message)
    assert public_reply.recipient == "tom@customer.test"
    assert public_reply.kind == "public_reply"


def test_a_message_fetched_twice_is_stored_once(ingest: Ingest) -> None:
    raw = messages.plain()
    _, first = ingest(raw)
    assert ingest(raw) == (0, "- ignored duplicate")
    no_id = messages.plain(message_id=None)
    ingest(no_id)
    assert ingest(no_id) == (0, "- ignored duplicate")
    assert Ticket.objects.count() == 2
    assert first.endswith("created")


def test_mail_from_our_own_address_is_ignored(ingest: Ingest) -> None:
    assert ingest(messages.plain(sender="support@desk.test")) == (0, "- ignored own_address")
    assert not Ticket.objects.exists()


@pytest.mark.parametrize(
    "header",
    [
        ("Auto-Submitted", "auto-replied"),
        ("Precedence", "bulk"),
        ("List-Id", "<users.lists.test>"),
        ("X-Autoreply", "yes"),
        ("X-Autorespond", "vacation"),
    ],
)
def test_automatic_mail_gets_no_automatic_answer(ingest: Ingest, header: tuple[str, str]) -> None:
    _, line = ingest(messages.auto_reply(sender="robot@customer.test", subject="Status", header=header))
    ticket_id = _ticket_id(line)
    assert not OutboundMail.objects.filter(ticket_id=ticket_id).exists()  # no acknowledgement


def test_an_auto_reply_to_our_mail_is_ignored_and_does_not_reopen(ingest: Ingest) -> None:
    _, line = ingest(messages.plain(sender="tom@customer.test"))
    ticket_id = _ticket_id(line)
    ours = _ack_of(ticket_id).message_id
    code, auto = ingest(messages.auto_reply(sender="tom@customer.test", subject="x", in_reply_to=f"<{ours}>"))
    assert (code, auto) == (0, "- ignored auto_reply")
    assert not TicketMessage.objects.filter(ticket_id=ticket_id).exists()
    assert OutboundMail.objects.filter(ticket_id=ticket_id).count() == 1


def test_mail_from_system_senders_is_never_acknowledged(ingest: Ingest) -> None:
    _, line = ingest(messages.plain("Daily report", sender="postmaster@customer.test"))
    assert not OutboundMail.objects.filter(ticket_id=_ticket_id(line)).exists()


def test_a_bounce_is_recorded_on_the_mail_it_reports_and_the_address_marked(ingest: Ingest) -> None:
    _, line = ingest(messages.plain(sender="gone@customer.test"))
    ticket_id = _ticket_id(line)
    ack = _ack_of(ticket_id)
    assert ingest(messages.bounce(original_message_id=ack.message_id, recipient="gone@customer.test")) == (
        0,
        "- ignored bounce",
    )
    ack.refresh_from_db()
    assert ack.status == DeliveryStatus.BOUNCED
    assert "5.1.1" in ack.error
    assert AddressStatus.objects.get(email="gone@customer.test").bouncing
    assert Ticket.objects.count() == 1
    # Later mail to a bouncing address is recorded as not delivered, not sent again.
    agent = user_ensure(username="agent-alex", role=Role.AGENT)[0]
    message = services.message_create(ticket_id=ticket_id, author=agent, body="Hello?", is_internal=False)
    later = OutboundMail.objects.get(ticket_message=message)
    assert later.status == DeliveryStatus.FAILED
    assert "bounced" in later.error


def test_acknowledgements_are_limited_per_sender_per_hour(ingest: Ingest, settings) -> None:
    settings.MAIL_ACKS_PER_SENDER_PER_HOUR = 2
    for index in range(4):
        ingest(messages.plain(f"Problem {index}", subject=f"Problem {index}"))
    assert Ticket.objects.count() == 4
    assert OutboundMail.objects.filter(kind="ticket_acknowledged").count() == 2


def test_unreadable_mail_is_quarantined_and_can_be_reprocessed(ingest: Ingest, settings) -> None:
    settings.MAIL_MAX_MESSAGE_BYTES = 10_000
    raw = messages.plain("x" * 20_000)
    code, line = ingest(raw)
    assert (code, line) == (1, "- quarantined too_large")
    record = InboundMail.objects.get()
    assert record.status == InboundStatus.QUARANTINED
    assert bytes(record.raw) == raw
    assert record.sender == "maria@customer.test"
    assert record.subject == "Invoice is wrong"
    assert not Ticket.objects.exists()
    assert ingest(raw) == (0, "- ignored duplicate")  # kept once, not twice

    settings.MAIL_MAX_MESSAGE_BYTES = 1_000_000
    out = io.StringIO()
    call_command("mail", "reprocess", "--all", stdout=out)
    ticket = Ticket.objects.get()
    assert out.getvalue().strip() == f"mail:{record.pk} ticket {ticket.pk} created"
    record.refresh_from_db()
    assert (record.status, record.ticket_id, record.attempts) == (InboundStatus.STORED, ticket.pk, 2)


def test_a_message_without_sender_is_quarantined(ingest: Ingest) -> None:
    raw = b"To: support@desk.test\r\nSubject: who am I\r\nMessage-ID: <nosender@x>\r\n\r\nhello\r\n"
    assert ingest(raw) == (1, "- quarantined no_sender")


def test_triage_runs_on_mailed_tickets_as_on_web_tickets(ingest: Ingest, settings) -> None:
    settings.TRIAGE_PROVIDER = "local"
    _, line = ingest(
        messages.plain(
            "I was charged twice for my subscription this month, please refund.", subject="Charged twice"
        )
    )
    ticket = Ticket.objects.get(pk=_ticket_id(line))
    assert ticket.suggestion_source == "local"
    assert ticket.category == "billing" == ticket.suggested_category


def test_agents_exist_only_once_per_address(db: None) -> None:
    from support_desk.accounts.services import requester_for_address

    first, created = requester_for_address(email="Maria@Customer.test", display_name="Maria")
    again, created_again = requester_for_address(email="maria@customer.test")
    assert created
    assert not created_again
    assert first == again
    assert User.objects.filter(email="maria@customer.test").count() == 1


def test_two_processes_creating_the_same_new_requester_get_one_person(
    db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both looked the address up before either committed, and chose the same user name: the
    second insert fails, and it takes the person the first one created."""
    from support_desk.accounts import services as account_services

    first, _ = account_services.requester_for_address(email="race@customer.test", display_name="Race")
    seen_before_commit: list[str] = []

    def name_chosen_before_the_other_commit(address: str) -> str:
        seen_before_commit.append(address)
        return address  # free when this process looked, taken since

    monkeypatch.setattr(account_services, "username_free", name_chosen_before_the_other_commit)
    monkeypatch.setattr(
        account_services, "user_for_email", lambda email: None if not seen_before_commit else first
    )
    again, created = account_services.requester_for_address(email="race@customer.test")
    assert (again, created) == (first, False)
    assert User.objects.filter(email="race@customer.test").count() == 1
