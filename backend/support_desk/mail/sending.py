"""Sending one recorded mail through Django's mail backend (SMTP from EMAIL_URL, an anymail
ESP backend, or the console log), with the headers that thread it and mark it automatic."""

from __future__ import annotations

import logging
from email.utils import formataddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives

from support_desk.mail.models import OutboundMail
from support_desk.tickets.models import Attachment

logger = logging.getLogger(__name__)


def sender_address() -> str:
    return formataddr((settings.SUPPORT_EMAIL_NAME, settings.DEFAULT_FROM_EMAIL))


# What marks a mail as sent by a machine (RFC 3834), and asks Exchange and friends not to
# answer it with out-of-office replies.
AUTOMATIC_HEADERS = {"Auto-Submitted": "auto-generated", "X-Auto-Response-Suppress": "All"}


def build_message(mail: OutboundMail) -> EmailMultiAlternatives:
    """The mail as it leaves: From and Reply-To our address, a text part with an HTML
    alternative, the reply's files attached (never an internal note's: notes are not mailed)."""
    headers = {"Message-ID": f"<{mail.message_id}>"}
    if mail.in_reply_to:
        headers["In-Reply-To"] = mail.in_reply_to
    if mail.references:
        headers["References"] = mail.references
    if mail.automatic:
        headers.update(AUTOMATIC_HEADERS)
    reply_to = settings.SUPPORT_EMAIL_ADDRESS or settings.DEFAULT_FROM_EMAIL
    message = EmailMultiAlternatives(
        subject=mail.subject,
        body=mail.text_body,
        from_email=sender_address(),
        to=[mail.recipient],
        reply_to=[reply_to],
        headers=headers,
    )
    message.attach_alternative(mail.html_body, "text/html")
    if mail.ticket_message_id:
        files = Attachment.objects.filter(message_id=mail.ticket_message_id, message__is_internal=False)
        for attachment in files:
            with attachment.file.open("rb") as handle:
                message.attach(attachment.filename, handle.read(), attachment.content_type)
    return message


def deliver(mail: OutboundMail) -> None:
    """Hand the mail to the configured backend (its timeout is EMAIL_TIMEOUT_SECONDS); raises
    what the backend raises, so the job can retry."""
    build_message(mail).send(fail_silently=False)
