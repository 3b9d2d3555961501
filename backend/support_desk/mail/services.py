"""Every write of the e-mail channel. `mail_ingest` is the one pipeline all three doors (the
pipe command, the IMAP poll, the webhook) feed: read, deduplicate, drop nothing, thread, store.

What a message becomes:
- a new ticket or a reply on one (`created`, `replied`), with its files, in one transaction
  with its InboundMail record and its Message-ID;
- `ignored <reason>`: a duplicate, our own mail, a bounce (recorded on the mail it reports on),
  an automatic reply on a ticket's thread;
- `quarantined <reason>`: kept raw with the reason when it cannot be read or stored, for an
  admin to look at and re-process.

Who sent it is checked (sender_auth.py) and recorded on the InboundMail. A sender who is not
proven speaks only for themselves: the mail adds nobody to the ticket (its To and Cc are not
copied on it) and does not reopen a resolved ticket (it is added; the agent holding the ticket
is told, as of any customer reply), and a mail from an agent's address becomes an agent's reply
only when proven;
otherwise it is kept as an internal note marked "Unverified sender", which is mailed to nobody.
With MAIL_REQUIRE_AUTHENTICATED_SENDERS, a customer's mail that is not proven waits in the
quarantine (`unverified_sender`) until an admin accepts it.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from email.message import Message
from typing import Any, Literal

from django.conf import settings
from django.db import IntegrityError, InterfaceError, OperationalError, transaction
from django.utils import timezone

from support_desk.accounts.services import requester_for_address, user_for_email
from support_desk.mail import loops, sender_auth, threading
from support_desk.mail.enums import (
    DeliveryStatus,
    Direction,
    IgnoreReason,
    InboundStatus,
    QuarantineReason,
)
from support_desk.mail.models import AddressStatus, InboundMail, OutboundMail, ThreadMessageId
from support_desk.mail.parsing import (
    ParsedMail,
    UnreadableMail,
    header_text,
    message_ids,
    parse_headers_only,
    parse_mail,
)
from support_desk.tickets import services as ticket_services
from support_desk.tickets.enums import DESCRIPTION_MAX_LENGTH, MESSAGE_MAX_LENGTH, TITLE_MAX_LENGTH, Channel
from support_desk.tickets.models import Ticket

logger = logging.getLogger(__name__)

Outcome = Literal["created", "replied", "ignored", "quarantined"]


@dataclass(frozen=True)
class IngestResult:
    outcome: Outcome
    inbound_id: int | None = None
    ticket_id: int | None = None
    reason: str = ""

    @property
    def stored_or_ignored(self) -> bool:
        return self.outcome != "quarantined"

    def line(self, name: str) -> str:
        """The command's report line: `<name> ticket <id> created|replied` or `<name> ignored <reason>`."""
        if self.outcome in ("created", "replied"):
            return f"{name} ticket {self.ticket_id} {self.outcome}"
        return f"{name} {self.outcome} {self.reason}"


def dedupe_key(raw: bytes, headers: Message) -> str:
    """Message-ID with sender when the message has one, else the content hash."""
    ids = message_ids(header_text(headers, "Message-ID"))
    from_header = header_text(headers, "From").lower()
    basis = f"mid\0{ids[0]}\0{from_header}".encode() if ids else b"sha\0" + raw
    return hashlib.sha256(basis).hexdigest()


def own_address() -> str:
    return settings.SUPPORT_EMAIL_ADDRESS


def mail_ingest(raw: bytes, *, source: str) -> IngestResult:
    """Take one raw message through the pipeline; never raises for what the message holds.

    Only a failure to write even the quarantine record (the database is down) propagates, so
    a caller that cannot store the message knows it must keep it (the pipe exits with
    EX_TEMPFAIL, the poll leaves it in the mailbox, the webhook answers 503).
    """
    try:
        key = dedupe_key(raw, parse_headers_only(raw))
    except Exception as error:  # headers so broken that even the lenient parser gives up
        arrival = _Arrival(raw, hashlib.sha256(b"sha\0" + raw).hexdigest(), source)
        return _quarantine(arrival, "unparseable", str(error))
    existing = InboundMail.objects.filter(dedupe_key=key).only("id", "ticket_id").first()
    if existing is not None:
        return IngestResult("ignored", existing.pk, existing.ticket_id, IgnoreReason.DUPLICATE)
    return _process(_Arrival(raw, key, source))


def mail_reprocess(*, inbound_id: int, accept_unverified: bool = False) -> IngestResult:
    """Run a quarantined message through the pipeline again (after a fix or a configuration
    change); it keeps its record, which is updated with the new outcome.

    `accept_unverified` is an admin's word that a customer's mail held for its unproven sender
    may be stored: as an unverified reply that copies nobody, like without
    MAIL_REQUIRE_AUTHENTICATED_SENDERS. Mail from an agent's address is never accepted so.
    """
    record = InboundMail.objects.get(pk=inbound_id)
    if record.status != InboundStatus.QUARANTINED:
        return IngestResult("ignored", record.pk, record.ticket_id, "not_quarantined")
    arrival = _Arrival(bytes(record.raw), record.dedupe_key, record.source, record, accept_unverified)
    return _process(arrival)


@dataclass
class _Arrival:
    """One message on its way through the pipeline."""

    raw: bytes
    key: str
    source: str
    # Set when a quarantined message is re-processed: its record is updated, not duplicated.
    record: InboundMail | None = None
    # An admin accepted a customer's mail whose sender is not proven (mail_reprocess).
    accept_unverified: bool = False


def _process(arrival: _Arrival) -> IngestResult:
    try:
        parsed = parse_mail(arrival.raw)
    except UnreadableMail as unreadable:
        return _quarantine(arrival, unreadable.reason, unreadable.detail)
    try:
        with transaction.atomic():
            return _store(arrival, parsed)
    except IntegrityError:
        # The same message stored concurrently by another door or poll: keep the first.
        duplicate = (
            InboundMail.objects.filter(dedupe_key=arrival.key)
            .exclude(status=InboundStatus.QUARANTINED)
            .first()
        )
        if duplicate is not None and arrival.record is None:
            return IngestResult("ignored", duplicate.pk, duplicate.ticket_id, IgnoreReason.DUPLICATE)
        logger.exception("a received mail could not be stored", extra={"source": arrival.source})
        return _quarantine(arrival, "store_failed", "integrity error", parsed)
    except (OperationalError, InterfaceError):
        raise  # the database is down: the caller must keep the message
    except Exception as error:
        logger.exception(
            "a received mail could not be stored",
            extra={"source": arrival.source, "error_kind": type(error).__name__},
        )
        return _quarantine(arrival, "store_failed", f"{type(error).__name__}: {error}", parsed)


def _record(arrival: _Arrival, parsed: ParsedMail | None, **fields: Any) -> InboundMail:
    record = arrival.record or InboundMail(
        dedupe_key=arrival.key, source=arrival.source, raw=arrival.raw, size=len(arrival.raw)
    )
    if record.pk:
        record.attempts += 1
    if parsed is not None:
        record.message_id = parsed.message_id[:998]
        record.sender = parsed.sender[:320]
        record.subject = parsed.subject[:998]
        record.full_text = parsed.text
        record.safe_html = parsed.html
    for name, value in fields.items():
        setattr(record, name, value)
    record.processed_at = timezone.now()
    record.save()
    return record


def _ignore(arrival: _Arrival, parsed: ParsedMail, reason: str, ticket: Ticket | None = None) -> IngestResult:
    record = _record(
        arrival, parsed, status=InboundStatus.IGNORED, reason=reason, is_automatic=True, ticket=ticket
    )
    return IngestResult("ignored", record.pk, record.ticket_id, reason)


def _store(arrival: _Arrival, parsed: ParsedMail) -> IngestResult:
    if not parsed.sender:
        return _quarantine(arrival, IgnoreReason.NO_SENDER, "no From address", parsed)
    if own_address() and parsed.sender == own_address():
        return _ignore(arrival, parsed, IgnoreReason.OWN_ADDRESS)
    bounce = loops.bounce_report(parsed)
    if bounce is not None:
        _record_bounce(bounce)
        return _ignore(arrival, parsed, IgnoreReason.BOUNCE)
    automatic = loops.automatic_reason(parsed)
    user = user_for_email(parsed.sender)
    ticket = threading.ticket_for_reply(parsed)
    if ticket is not None and not threading.may_write_on(ticket, address=parsed.sender, user=user):
        logger.info("a reply from a stranger opens a ticket of its own", extra={"ticket_id": ticket.pk})
        ticket = None
    if ticket is not None and automatic:
        return _ignore(arrival, parsed, IgnoreReason.AUTO_REPLY, ticket)
    check = sender_auth.sender_check(arrival.raw, sender=parsed.sender)
    proof = {"sender_verification": check.result, "sender_verification_detail": check.detail}
    from_agent = user is not None and user.is_agent
    if not check.passed:
        held = _held_reason(
            parsed, check, from_agent=from_agent, on_ticket=ticket is not None, arrival=arrival
        )
        if held:
            return _quarantine(arrival, QuarantineReason.UNVERIFIED_SENDER, held, parsed, **proof)
    if user is None:
        user, _ = requester_for_address(email=parsed.sender, display_name=parsed.sender_name)
    # Only a proven sender may copy other people on the conversation (they get its replies).
    copied = _copied(parsed) if check.passed else []
    ticket_message = None
    if ticket is not None:
        unverified_agent = from_agent and not check.passed
        body = _with_skipped_note(parsed, parsed.new_text)
        if unverified_agent:
            logger.warning(
                "mail from an agent's address with an unproven sender kept as a note",
                extra={"ticket_id": ticket.pk, "detail": check.detail},
            )
            body = _unverified_agent_note(parsed, check) + body
        ticket_message = ticket_services.message_create(
            ticket_id=ticket.pk,
            author=user,
            body=_bounded(body, MESSAGE_MAX_LENGTH),
            is_internal=unverified_agent,
            channel=Channel.EMAIL,
            attachments=parsed.attachments,
            # Anyone could have written it: it does not undo an agent's resolution on its own.
            reopen_resolved=check.passed,
        )
        if copied:
            ticket_services.participants_add(ticket_id=ticket.pk, participants=copied)
    else:
        ticket = ticket_services.ticket_create(
            title=_bounded(threading.title_from_subject(parsed.subject) or parsed.title, TITLE_MAX_LENGTH),
            description=_bounded(_with_skipped_note(parsed, parsed.text), DESCRIPTION_MAX_LENGTH),
            actor=user,
            requester=user,
            channel=Channel.EMAIL,
            attachments=parsed.attachments,
            participants=copied,
        )
    saved = _record(
        arrival,
        parsed,
        status=InboundStatus.STORED,
        reason="",
        detail="",
        is_automatic=bool(automatic),
        ticket=ticket,
        ticket_message=ticket_message,
        **proof,
    )
    if parsed.message_id:
        ThreadMessageId.objects.create(
            message_id=parsed.message_id,
            ticket=ticket,
            ticket_message=ticket_message,
            direction=Direction.INBOUND,
        )
    return IngestResult("replied" if ticket_message else "created", saved.pk, ticket.pk)


def _held_reason(
    parsed: ParsedMail,
    check: sender_auth.SenderCheck,
    *,
    from_agent: bool,
    on_ticket: bool,
    arrival: _Arrival,
) -> str:
    """Why a mail whose sender is not proven waits in the quarantine; empty when it is stored.

    From an agent's address and on no ticket, there is nothing it could safely become (a note
    needs a ticket; a ticket in an agent's name would be mailed about). A customer's waits only
    under MAIL_REQUIRE_AUTHENTICATED_SENDERS, until an admin accepts it.
    """
    if from_agent:
        if on_ticket:
            return ""  # kept as an internal note
        return f"From an agent's address ({parsed.sender}), sender not proven: {check.detail}"
    if settings.MAIL_REQUIRE_AUTHENTICATED_SENDERS and not arrival.accept_unverified:
        return f"Sender not proven ({check.detail}); MAIL_REQUIRE_AUTHENTICATED_SENDERS is on"
    return ""


def _unverified_agent_note(parsed: ParsedMail, check: sender_auth.SenderCheck) -> str:
    return (
        f"[Unverified sender] This mail says it is from {parsed.sender}, an agent's address, but "
        f"that could not be proven ({check.detail}). It is kept as an internal note: it was sent "
        "to nobody and copied nobody on the ticket.\n\n"
    )


def _copied(parsed: ParsedMail) -> list[tuple[str, str]]:
    """Everyone on To and Cc but the sender and Support Desk itself."""
    ours = {own_address(), parsed.sender}
    return [(address, name) for address, name in [*parsed.recipients, *parsed.cc] if address not in ours]


def _with_skipped_note(parsed: ParsedMail, text: str) -> str:
    """The text, with a line naming the files left out for their size; never empty."""
    body = text
    if parsed.skipped_attachments:
        names = ", ".join(parsed.skipped_attachments)
        body += f"\n\n[Not attached, over the size limits (kept with the original mail): {names}]"
    return body.strip() or "(no text)"


def _bounded(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    note = "\n\n[Shortened; the whole text is kept with the original mail.]"
    return text[: limit - len(note)] + note


def _record_bounce(bounce: loops.Bounce) -> None:
    """Mark the mails the report is about as bounced, and their recipients as bouncing."""
    now = timezone.now()
    reported = list(OutboundMail.objects.filter(message_id__in=bounce.original_message_ids))
    recipients = set(bounce.recipients) or {mail.recipient for mail in reported}
    for mail in reported:
        if not bounce.recipients or mail.recipient in bounce.recipients:
            mail.status = DeliveryStatus.BOUNCED
            mail.bounced_at = now
            mail.error = f"Bounced: {bounce.detail}"[:2000]
            mail.save(update_fields=["status", "bounced_at", "error"])
    for address in recipients:
        status, _ = AddressStatus.objects.get_or_create(email=address)
        status.bouncing = True
        status.bounce_count += 1
        status.last_bounce_at = now
        status.last_bounce_detail = bounce.detail[:2000]
        status.save()


def _quarantine(
    arrival: _Arrival, reason: str, detail: str, parsed: ParsedMail | None = None, **fields: Any
) -> IngestResult:
    """Keep the raw message with the reason; this must work whenever the database does."""
    fallback: dict[str, str] = {}
    if parsed is None:
        try:
            headers = parse_headers_only(arrival.raw)
            fallback = {
                "sender": header_text(headers, "From")[:320],
                "subject": header_text(headers, "Subject")[:998],
            }
        except Exception:  # nothing readable: the raw bytes are all there is
            fallback = {}
    with transaction.atomic():
        if arrival.record is None:
            known = InboundMail.objects.filter(dedupe_key=arrival.key).first()
            if known is not None and known.status != InboundStatus.QUARANTINED:
                return IngestResult("ignored", known.pk, known.ticket_id, IgnoreReason.DUPLICATE)
            arrival.record = known
        saved = _record(
            arrival,
            parsed,
            status=InboundStatus.QUARANTINED,
            reason=reason[:64],
            detail=detail[:10_000],
            **fallback,
            **fields,
        )
    logger.warning(
        "a received mail was quarantined",
        extra={"inbound_id": saved.pk, "reason": reason, "source": arrival.source},
    )
    return IngestResult("quarantined", saved.pk, None, reason)
