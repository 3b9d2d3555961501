"""Raw messages as real mailboxes deliver them, made by the tests: plain, HTML-only,
multipart/alternative, wrong and missing charsets, encoded headers, attachments and inline
images, forwarded mail, replies from Gmail, Outlook and Apple Mail, auto-replies, bounces, and
mail without a Message-ID."""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, make_msgid

SUPPORT = "support@desk.test"
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _base(
    *,
    sender: str,
    subject: str,
    name: str = "",
    message_id: str | None = "auto",
    to: str = SUPPORT,
    cc: str = "",
    in_reply_to: str = "",
    references: str = "",
    headers: dict[str, str] | None = None,
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = formataddr((name, sender)) if name else sender
    message["To"] = to
    if cc:
        message["Cc"] = cc
    message["Subject"] = subject
    message["Date"] = format_datetime(datetime(2026, 12, 1, 9, 0, tzinfo=UTC))
    if message_id == "auto":
        message["Message-ID"] = make_msgid(domain="client.test")
    elif message_id:
        message["Message-ID"] = message_id
    if in_reply_to:
        message["In-Reply-To"] = in_reply_to
    if references:
        message["References"] = references
    for key, value in (headers or {}).items():
        message[key] = value
    return message


def plain(
    body: str = "My invoice shows the wrong amount.",
    *,
    sender: str = "maria@customer.test",
    subject: str = "Invoice is wrong",
    **kwargs: object,
) -> bytes:
    message = _base(sender=sender, subject=subject, **kwargs)  # type: ignore[arg-type]
    message.set_content(body)
    return message.as_bytes()


def html_only(
    *, sender: str = "lena@customer.test", subject: str = "Export fails", **kwargs: object
) -> bytes:
    message = _base(sender=sender, subject=subject, **kwargs)  # type: ignore[arg-type]
    message.set_content(
        "<html><head><style>p{color:red}</style><script>alert(1)</script></head><body>"
        "<p>The <b>CSV export</b> fails with error 500.</p><ul><li>Chrome</li><li>Firefox</li></ul>"
        '<p><a href="https://status.example.com/">status page</a>'
        '<img src="https://tracker.example.com/pixel.gif" onerror="alert(2)"></p></body></html>',
        subtype="html",
    )
    return message.as_bytes()


def alternative(
    *, sender: str = "omar@customer.test", subject: str = "Cannot log in", **kwargs: object
) -> bytes:
    message = _base(sender=sender, subject=subject, **kwargs)  # type: ignore[arg-type]
    message.set_content("Plain part: the login page rejects my password.")
    message.add_alternative("<p>HTML part: the login page <i>rejects</i> my password.</p>", subtype="html")
    return message.as_bytes()


def raw_text(
    body: bytes, *, charset: str | None, sender: str = "tom@customer.test", subject: str = "Charset"
) -> bytes:
    """A single-part text message with exactly these body bytes and this declared charset."""
    content_type = f"text/plain; charset={charset}" if charset else "text/plain"
    head = (
        f"From: {sender}\r\nTo: {SUPPORT}\r\nSubject: {subject}\r\n"
        f"Message-ID: {make_msgid(domain='client.test')}\r\nMIME-Version: 1.0\r\n"
        f"Content-Type: {content_type}\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
    )
    return head.encode("ascii") + body + b"\r\n"


def encoded_headers() -> bytes:
    return (
        b"From: =?utf-8?q?J=C3=BCrgen_M=C3=BCller?= <juergen@customer.test>\r\n"
        b"To: support@desk.test\r\n"
        b"Subject: =?utf-8?b?UmVjaG51bmcgZmFsc2NoIOKAkyDDvGJlcndpZXNlbiDigqw=?=\r\n"
        b"Message-ID: <enc-1@client.test>\r\nMIME-Version: 1.0\r\n"
        b"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
        b"Gr=C3=BC=C3=9Fe, die Rechnung ist falsch.\r\n"
    )


def with_attachments(
    *, sender: str = "priya@customer.test", subject: str = "Screenshot of the error", **kwargs: object
) -> bytes:
    message = _base(sender=sender, subject=subject, **kwargs)  # type: ignore[arg-type]
    message.set_content("See the attached screenshot and log.")
    cid = make_msgid(domain="client.test")
    message.add_alternative(f'<p>See the screenshot: <img src="cid:{cid[1:-1]}"></p>', subtype="html")
    html_part = message.get_payload()[1]
    html_part.add_related(PNG, "image", "png", cid=cid, filename="inline-shot.png", disposition="inline")
    message.add_attachment(
        PDF, maintype="application", subtype="pdf", filename="../../etc/passwd invoice.pdf"
    )
    message.add_attachment(
        b"tail of the log",
        maintype="text",
        subtype="plain",
        filename="=?utf-8?q?r=C3=A9sum=C3=A9.log?=",
    )
    return message.as_bytes()


def forwarded() -> bytes:
    body = (
        "Can you help this customer? Forwarding their mail.\n\n"
        "---------- Forwarded message ---------\n"
        "From: Big Client <ceo@bigclient.test>\n"
        "Date: Mon, Nov 30, 2026 at 5:00 PM\n"
        "Subject: Our integration is down\n"
        "To: <sales@desk.test>\n\n"
        "Our webhook integration has been failing since this morning.\n"
    )
    message = _base(sender="sales-rep@partner.test", subject="Fwd: Our integration is down")
    message.set_content(body)
    attached = EmailMessage()
    attached["From"] = "ceo@bigclient.test"
    attached["Subject"] = "Original"
    attached.set_content("original message")
    message.add_attachment(attached)
    return message.as_bytes()


def gmail_reply(
    *, sender: str, subject: str, in_reply_to: str, references: str = "", text: str = "Thanks, that fixed it!"
) -> bytes:
    message = _base(
        sender=sender, subject=f"Re: {subject}", in_reply_to=in_reply_to, references=references or in_reply_to
    )
    quoted = "> Hello,\n> please clear your cache and try again.\n>\n> Alex, Support Desk\n"
    message.set_content(f"{text}\n\nOn Tue, Dec 1, 2026 at 9:00 AM Support Desk <{SUPPORT}> wrote:\n{quoted}")
    message.add_alternative(
        f'<div dir="ltr">{text}</div><br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">'
        f"On Tue, Dec 1, 2026 at 9:00 AM Support Desk &lt;{SUPPORT}&gt; wrote:<br></div>"
        '<blockquote class="gmail_quote">Hello,<br>please clear your cache and try again.</blockquote></div>',
        subtype="html",
    )
    return message.as_bytes()


def outlook_reply(
    *, sender: str, subject: str, in_reply_to: str = "", text: str = "It is still broken after the update."
) -> bytes:
    message = _base(sender=sender, subject=f"RE: {subject}", in_reply_to=in_reply_to)
    message.set_content(
        f"{text}\n\nBest regards,\nTom\n\n________________________________\n"
        f"From: Support Desk <{SUPPORT}>\nSent: Tuesday, December 1, 2026 9:00 AM\n"
        f"To: Tom <{sender}>\nSubject: {subject}\n\nHello, please try again.\n"
    )
    return message.as_bytes()


def apple_reply(*, sender: str, subject: str, in_reply_to: str, text: str = "Works now, thank you.") -> bytes:
    message = _base(sender=sender, subject=f"Re: {subject}", in_reply_to=in_reply_to)
    message.set_content(
        f"{text}\n\nSent from my iPhone\n\n> On 1 Dec 2026, at 09:00, Support Desk <{SUPPORT}> wrote:\n>\n"
        "> Hello, please try again.\n"
    )
    return message.as_bytes()


def auto_reply(
    *,
    sender: str,
    subject: str,
    in_reply_to: str = "",
    header: tuple[str, str] = ("Auto-Submitted", "auto-replied"),
) -> bytes:
    message = _base(
        sender=sender, subject=f"Out of office: {subject}", in_reply_to=in_reply_to, headers=dict([header])
    )
    message.set_content("I am out of the office until Monday.")
    return message.as_bytes()


def bounce(*, original_message_id: str, recipient: str) -> bytes:
    """A DSN (RFC 3464) as Postfix sends it: human part, delivery-status, original headers."""
    return (
        "From: MAILER-DAEMON@mx.customer.test (Mail Delivery System)\r\n"
        f"To: {SUPPORT}\r\nSubject: Undelivered Mail Returned to Sender\r\n"
        f"Message-ID: {make_msgid(domain='mx.customer.test')}\r\nAuto-Submitted: auto-replied\r\n"
        "MIME-Version: 1.0\r\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="B"\r\n\r\n'
        "--B\r\nContent-Type: text/plain\r\n\r\n"
        f"I'm sorry to have to inform you that your message could not be delivered to {recipient}.\r\n"
        "--B\r\nContent-Type: message/delivery-status\r\n\r\n"
        "Reporting-MTA: dns; mx.customer.test\r\n\r\n"
        f"Final-Recipient: rfc822; {recipient}\r\nAction: failed\r\nStatus: 5.1.1\r\n"
        "Diagnostic-Code: smtp; 550 5.1.1 User unknown\r\n"
        "--B\r\nContent-Type: text/rfc822-headers\r\n\r\n"
        f"From: {SUPPORT}\r\nTo: {recipient}\r\nMessage-ID: <{original_message_id}>\r\nSubject: x\r\n"
        "--B--\r\n"
    ).encode()


def nested_too_deep(depth: int = 20) -> bytes:
    body = "hello"
    boundary_parts = []
    for level in range(depth):
        boundary_parts.append(f"--b{level}\r\nContent-Type: multipart/mixed; boundary=b{level + 1}\r\n\r\n")
    tail = "".join(f"\r\n--b{level}--\r\n" for level in reversed(range(depth)))
    head = (
        f"From: deep@customer.test\r\nTo: {SUPPORT}\r\nSubject: deep\r\nMessage-ID: <deep@client.test>\r\n"
        "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b0\r\n\r\n"
    )
    return (
        head + "".join(boundary_parts) + f"--b{depth}\r\nContent-Type: text/plain\r\n\r\n{body}" + tail
    ).encode()
