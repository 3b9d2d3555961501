"""Telling automatic mail from a person's, so Support Desk never answers a machine: RFC 3834's
Auto-Submitted, Precedence bulk/junk/list, mailing lists (List-Id), the X-Autoreply family,
system senders (mailer-daemon, postmaster, the empty return path) and delivery status reports.
Bounces are also read for which of our mails they report on."""

from __future__ import annotations

import email
import re
from dataclasses import dataclass
from email.message import Message

from support_desk.mail.parsing import ParsedMail, header_text, message_ids

SYSTEM_SENDERS = frozenset({"mailer-daemon", "postmaster", "mail-daemon", "mailerdaemon"})
_ADDRESS = re.compile(r"[^\s<>;:\"']+@[^\s<>;:\"']+")


@dataclass(frozen=True)
class Bounce:
    """A delivery status report: which of our messages failed, for whom, and why."""

    original_message_ids: tuple[str, ...]
    recipients: tuple[str, ...]
    detail: str


def automatic_reason(parsed: ParsedMail) -> str | None:
    """Why a message counts as automatic (a code), or None for a person's mail."""
    message = parsed.message
    auto_submitted = header_text(message, "Auto-Submitted").split(";")[0].strip().lower()
    if auto_submitted and auto_submitted != "no":
        return "auto_submitted"
    if header_text(message, "Precedence").lower() in ("bulk", "junk", "list"):
        return "precedence"
    if header_text(message, "List-Id"):
        return "mailing_list"
    if header_text(message, "X-Autoreply") or header_text(message, "X-Autorespond"):
        return "auto_reply"
    if header_text(message, "X-Auto-Response-Suppress").lower() in ("all", "oof", "autoreply"):
        return "auto_response_suppressed"
    if parsed.sender.partition("@")[0] in SYSTEM_SENDERS:
        return "system_sender"
    if message.get_content_type() == "multipart/report":
        return "report"
    if header_text(message, "Return-Path").strip() == "<>":
        return "null_sender"
    return None


def bounce_report(parsed: ParsedMail) -> Bounce | None:
    """The report in a bounce (RFC 3464 multipart/report, or a system sender's plain notice
    naming one of our Message-IDs), or None when this is not a failed-delivery report."""
    message = parsed.message
    is_report = (
        message.get_content_type() == "multipart/report"
        and str(message.get_param("report-type", "")).lower() == "delivery-status"
    )
    if not is_report and parsed.sender.partition("@")[0] not in SYSTEM_SENDERS:
        return None
    recipients: list[str] = []
    original_ids: list[str] = []
    actions: list[str] = []
    details: list[str] = []
    for part in message.walk():
        content_type = part.get_content_type()
        if content_type == "message/delivery-status":
            for block in _status_blocks(part):
                action = header_text(block, "Action").lower()
                if action:
                    actions.append(action)
                recipient = header_text(block, "Final-Recipient") or header_text(block, "Original-Recipient")
                recipients += [address.lower() for address in _ADDRESS.findall(recipient.partition(";")[2])]
                diagnostic = header_text(block, "Diagnostic-Code") or header_text(block, "Status")
                if diagnostic:
                    details.append(diagnostic)
        elif content_type in ("message/rfc822", "text/rfc822-headers", "message/rfc822-headers"):
            original_ids += _original_message_ids(part)
    if actions and not any(action == "failed" for action in actions):
        return None  # "delayed", "delivered", "relayed": nothing failed (yet)
    if not original_ids:
        # A plain-text bounce: our ids quoted anywhere in it.
        original_ids = message_ids(parsed.text)
    failed = header_text(message, "X-Failed-Recipients")
    if failed:
        recipients += [address.lower() for address in _ADDRESS.findall(failed)]
    if not is_report and not original_ids:
        return None
    return Bounce(
        original_message_ids=tuple(dict.fromkeys(original_ids)),
        recipients=tuple(dict.fromkeys(recipients)),
        detail="; ".join(details)[:2000] or parsed.subject,
    )


def _status_blocks(part: Message) -> list[Message]:
    payload = part.get_payload()
    if isinstance(payload, list):
        return [block for block in payload if isinstance(block, Message)]
    text = payload if isinstance(payload, str) else ""
    blocks = []
    for chunk in re.split(r"\r?\n\r?\n", text):
        if chunk.strip():
            blocks.append(email.message_from_string(chunk))
    return blocks


def _original_message_ids(part: Message) -> list[str]:
    payload = part.get_payload()
    if isinstance(payload, list) and payload and isinstance(payload[0], Message):
        return message_ids(header_text(payload[0], "Message-ID"))
    text = payload if isinstance(payload, str) else ""
    if isinstance(payload, str) and part.get("Content-Transfer-Encoding", "").lower() == "base64":
        decoded = part.get_payload(decode=True)
        text = decoded.decode("utf-8", "replace") if isinstance(decoded, bytes) else ""
    found = re.search(r"^Message-ID:\s*(.+)$", text, re.IGNORECASE | re.MULTILINE)
    return message_ids(found.group(1)) if found else []
