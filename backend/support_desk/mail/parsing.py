"""Reading one raw RFC 5322 message, whatever a real mailbox sends: Python's `email` package
with `policy.default`, charsets declared wrongly or not at all, HTML-only bodies, encoded
headers and file names, inline images, nested parts. Everything here is untrusted input: sizes,
part counts and nesting are bounded, HTML is only ever kept sanitised, and file names go
through the same sanitiser as web uploads.

`parse_mail` returns what the pipeline needs, or raises `UnreadableMail` with a reason for
the quarantine.
"""

from __future__ import annotations

import codecs
import email
import re
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage, Message
from email.utils import getaddresses, parseaddr

from django.conf import settings
from email_reply_parser import EmailReplyParser

from support_desk.mail.html_text import html_to_text, sanitize_html
from support_desk.tickets.attachments import AttachmentUpload, sanitize_filename

MAX_PARTS = 200
MAX_DEPTH = 12
SUBJECT_PLACEHOLDER = "(no subject)"
_MESSAGE_ID = re.compile(r"<([^<>\s]{1,900})>")
_LATIN_OR_ASCII = frozenset(
    {"us-ascii", "ascii", "iso-8859-1", "latin-1", "latin1", "windows-1252", "cp1252"}
)


class UnreadableMail(Exception):
    """The message cannot be read as mail; `reason` is a short code shown in the quarantine."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


@dataclass
class ParsedMail:
    message: EmailMessage
    message_id: str
    in_reply_to: list[str]
    references: list[str]
    subject: str
    sender: str
    sender_name: str
    recipients: list[tuple[str, str]]
    cc: list[tuple[str, str]]
    text: str
    html: str
    attachments: list[AttachmentUpload] = field(default_factory=list)
    skipped_attachments: list[str] = field(default_factory=list)

    @property
    def new_text(self) -> str:
        """The reply's own words: quoted history and signature cut off (the whole text when
        nothing is left, for a message that is all quote)."""
        reply = EmailReplyParser.parse_reply(self.text).strip()
        return reply or self.text

    @property
    def title(self) -> str:
        return self.subject.strip() or SUBJECT_PLACEHOLDER


def clean_text(value: str) -> str:
    """A header value as text: undecodable bytes (8-bit headers) read as UTF-8, NULs and line
    breaks gone."""
    if any("\udc80" <= char <= "\udcff" for char in value):
        value = value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return re.sub(r"[\x00\r\n]+", " ", value).strip()


def header_text(message: Message, name: str) -> str:
    """A header decoded (RFC 2047 encoded words included), or empty; a header so broken that
    the parser gives up on it reads as its raw text."""
    try:
        value = message.get(name)
    except Exception:  # the email package raises assorted errors on hostile headers
        raw = message._headers if hasattr(message, "_headers") else []
        value = next((v for k, v in raw if k.lower() == name.lower()), None)
    return clean_text(str(value)) if value is not None else ""


def message_ids(value: str) -> list[str]:
    """The ids in a Message-ID, In-Reply-To or References header, without angle brackets."""
    found = _MESSAGE_ID.findall(value)
    if not found and value.strip() and " " not in value.strip():
        found = [value.strip().strip("<>")]
    return found


def addresses(message: Message, name: str) -> list[tuple[str, str]]:
    """(address, display name) pairs of an address header, addresses lower-cased."""
    pairs = []
    for display, address in getaddresses([header_text(message, name)]):
        if "@" in address:
            pairs.append((address.strip().lower(), display.strip()))
    return pairs


def decode_text(data: bytes, declared: str | None) -> str:
    """Text from bytes in whatever charset they really are in.

    The declared charset is tried first, unless it is an 8-bit Western one (or ASCII) while
    the bytes are valid UTF-8: mail clients that declare latin-1 and send UTF-8 are common,
    and valid multi-byte UTF-8 almost never happens by chance. Then UTF-8, then detection,
    then Windows-1252 with replacements, so some text always comes out.
    """
    charset = (declared or "").strip().strip('"').lower()
    non_ascii = any(byte > 0x7F for byte in data)
    attempts: list[str] = []
    if not charset or (charset in _LATIN_OR_ASCII and non_ascii):
        attempts.append("utf-8")
    if charset:
        attempts.append(charset)
    attempts.append("utf-8")
    for name in attempts:
        try:
            codecs.lookup(name)
            return data.decode(name)
        except (LookupError, UnicodeDecodeError, ValueError):
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is not None:
        return str(best)
    return data.decode("cp1252", errors="replace")


def _part_text(part: Message) -> str:
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        payload = str(part.get_payload()).encode("utf-8", "surrogateescape")
    return decode_text(payload, part.get_content_charset()).replace("\r\n", "\n").replace("\r", "\n")


@dataclass
class _Parts:
    plain: list[str] = field(default_factory=list)
    html: list[str] = field(default_factory=list)
    files: list[AttachmentUpload] = field(default_factory=list)
    count: int = 0


def _walk(part: Message, parts: _Parts, depth: int) -> None:
    parts.count += 1
    if parts.count > MAX_PARTS:
        raise UnreadableMail("too_many_parts", f"more than {MAX_PARTS} MIME parts")
    if depth > MAX_DEPTH:
        raise UnreadableMail("nested_too_deeply", f"MIME parts nested more than {MAX_DEPTH} deep")
    content_type = part.get_content_type()
    if content_type == "message/rfc822" or (part.is_multipart() and content_type.startswith("message/")):
        inner = part.get_payload()
        inner_message = inner[0] if isinstance(inner, list) and inner else None
        data = inner_message.as_bytes() if isinstance(inner_message, Message) else b""
        subject = header_text(inner_message, "Subject") if isinstance(inner_message, Message) else ""
        name = part.get_filename() or f"{subject or 'forwarded message'}.eml"
        parts.files.append(
            AttachmentUpload(filename=clean_text(name), content=data, content_type="message/rfc822")
        )
        return
    if part.is_multipart():
        for child in part.get_payload():
            if isinstance(child, Message):
                _walk(child, parts, depth + 1)
        return
    disposition = part.get_content_disposition()
    filename = part.get_filename()
    if content_type in ("text/plain", "text/html") and disposition != "attachment" and not filename:
        (parts.plain if content_type == "text/plain" else parts.html).append(_part_text(part))
        return
    payload = part.get_payload(decode=True)
    data = payload if isinstance(payload, bytes) else b""
    is_inline = bool(part.get("Content-ID")) and disposition != "attachment"
    if not filename:
        extension = content_type.rpartition("/")[2][:10] or "bin"
        filename = f"{'inline' if is_inline else 'attachment'}-{len(parts.files) + 1}.{extension}"
    parts.files.append(
        AttachmentUpload(
            filename=clean_text(str(filename)), content=data, content_type=content_type, is_inline=is_inline
        )
    )


def _within_limits(files: list[AttachmentUpload]) -> tuple[list[AttachmentUpload], list[str]]:
    """The files that fit the attachment limits; the names of those that did not (they stay in
    the raw message kept with the mail)."""
    limit = settings.MAX_ATTACHMENT_BYTES
    kept: list[AttachmentUpload] = []
    skipped: list[str] = []
    total = 0
    for upload in files:
        if (
            upload.size > limit
            or total + upload.size > limit
            or len(kept) >= settings.MAX_ATTACHMENTS_PER_MESSAGE
        ):
            skipped.append(f"{sanitize_filename(upload.filename)} ({upload.size / 1_000_000:.1f} MB)")
            continue
        total += upload.size
        kept.append(upload)
    return kept, skipped


def parse_headers_only(raw: bytes) -> Message:
    """Just the header block, for deduplicating and quarantining a message whose body fails."""
    return email.message_from_bytes(raw.split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0], policy=policy.compat32)


def parse_mail(raw: bytes) -> ParsedMail:
    """Read a raw message; raises UnreadableMail when it cannot be read as mail."""
    if len(raw) > settings.MAIL_MAX_MESSAGE_BYTES:
        raise UnreadableMail("too_large", f"{len(raw)} bytes, over MAIL_MAX_MESSAGE_BYTES")
    if not raw.strip():
        raise UnreadableMail("empty", "the message has no content")
    try:
        message = email.message_from_bytes(raw, policy=policy.default)
    except Exception as error:  # the parser is lenient; this is a last resort
        raise UnreadableMail("unparseable", f"{type(error).__name__}: {error}") from error
    assert isinstance(message, EmailMessage)
    if not message.keys():
        raise UnreadableMail("no_headers", "no header could be read")
    parts = _Parts()
    try:
        _walk(message, parts, 0)
    except UnreadableMail:
        raise
    except Exception as error:
        raise UnreadableMail("unreadable_body", f"{type(error).__name__}: {error}") from error
    html = "\n".join(parts.html)
    text = "\n\n".join(chunk.strip() for chunk in parts.plain if chunk.strip())
    if not text and html:
        text = html_to_text(html)
    files, skipped = _within_limits(parts.files)
    senders = addresses(message, "From")
    sender, sender_name = senders[0] if senders else ("", "")
    if not sender:
        address = parseaddr(header_text(message, "Sender") or header_text(message, "Return-Path"))[1]
        sender = address.lower() if "@" in address else ""
    ids = message_ids(header_text(message, "Message-ID"))
    return ParsedMail(
        message=message,
        message_id=ids[0] if ids else "",
        in_reply_to=message_ids(header_text(message, "In-Reply-To")),
        references=message_ids(header_text(message, "References")),
        subject=header_text(message, "Subject")[:900],
        sender=sender,
        sender_name=sender_name,
        recipients=addresses(message, "To"),
        cc=addresses(message, "Cc"),
        text=text.replace("\x00", ""),
        html=sanitize_html(html) if html else "",
        attachments=files,
        skipped_attachments=skipped,
    )
