"""What the e-mail channel remembers: every message that came in (raw, with what became of it),
every Message-ID of a ticket's thread, every mail sent and whether it arrived, addresses that
bounce, each person's notification choices, and when the mailbox was last polled."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from support_desk.mail.enums import (
    DeliveryStatus,
    Direction,
    InboundStatus,
    NotificationKind,
    SenderVerification,
)
from support_desk.tickets.models import Ticket, TicketMessage

HEADER_MAX_LENGTH = 998  # RFC 5322's line limit


class InboundMail(models.Model):
    """One received message, through any door (pipe, IMAP, webhook), kept raw.

    Stored ones point at the ticket or reply they became; quarantined ones carry the reason and
    can be re-processed (`supportdesk mail reprocess`, or the admin's action); nothing is dropped.
    """

    source = models.CharField(max_length=16)
    # The Message-ID and sender, or the content hash for a message without one: a message
    # fetched or delivered twice is stored once.
    dedupe_key = models.CharField(max_length=64, unique=True)
    message_id = models.CharField(max_length=HEADER_MAX_LENGTH, blank=True)
    sender = models.CharField(max_length=320, blank=True)
    subject = models.CharField(max_length=HEADER_MAX_LENGTH, blank=True)
    raw = models.BinaryField()
    size = models.PositiveIntegerField()
    status = models.CharField(max_length=16, choices=InboundStatus.choices)
    reason = models.CharField(max_length=64, blank=True)
    detail = models.TextField(blank=True)
    is_automatic = models.BooleanField(default=False)
    # Whether the From address is proven (mail/sender_auth.py), and how: "dkim=pass d=example.com
    # aligned", "dkim=pass d=example.com (authres from mx.example.com)", "no DKIM signature".
    sender_verification = models.CharField(
        max_length=8, choices=SenderVerification.choices, default=SenderVerification.NONE
    )
    sender_verification_detail = models.CharField(max_length=300, blank=True)
    ticket = models.ForeignKey(Ticket, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    ticket_message = models.ForeignKey(
        TicketMessage, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The whole text as sent (quoted history and signature included) and its sanitised HTML.
    full_text = models.TextField(blank=True)
    safe_html = models.TextField(blank=True)
    received_at = models.DateTimeField(default=timezone.now)
    processed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ("-received_at", "-id")
        indexes = [
            models.Index(fields=["status", "-received_at"], name="inbound_status_idx"),
            models.Index(fields=["ticket", "ticket_message"], name="inbound_ticket_idx"),
        ]
        verbose_name = "received mail"
        verbose_name_plural = "received mail"

    def __str__(self) -> str:
        return f"{self.get_status_display()}: {self.subject or '(no subject)'} from {self.sender or '?'}"


class ThreadMessageId(models.Model):
    """A Message-ID that belongs to a ticket's thread, received or sent; replies are matched
    by their In-Reply-To and References against these."""

    message_id = models.CharField(max_length=HEADER_MAX_LENGTH)
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="+")
    ticket_message = models.ForeignKey(
        TicketMessage, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    direction = models.CharField(max_length=3, choices=Direction.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("created_at", "id")
        indexes = [
            models.Index(fields=["message_id"], name="thread_message_id_idx"),
            models.Index(fields=["ticket", "created_at"], name="thread_ticket_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.message_id} on #{self.ticket_id}"


class OutboundMail(models.Model):
    """One mail to one recipient, rendered when queued and sent by a background job; its
    delivery state is what the web app shows on the message ("not delivered")."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="+")
    ticket_message = models.ForeignKey(
        TicketMessage, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=32, choices=NotificationKind.choices)
    recipient = models.EmailField(max_length=254)
    recipient_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    message_id = models.CharField(max_length=HEADER_MAX_LENGTH, unique=True)
    in_reply_to = models.CharField(max_length=HEADER_MAX_LENGTH, blank=True)
    references = models.TextField(blank=True)
    subject = models.CharField(max_length=HEADER_MAX_LENGTH)
    text_body = models.TextField()
    html_body = models.TextField()
    # Automatic mail says so (Auto-Submitted: auto-generated); an agent's reply is a person's.
    automatic = models.BooleanField(default=True)
    status = models.CharField(max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    bounced_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("created_at", "id")
        indexes = [
            models.Index(fields=["ticket", "ticket_message"], name="outbound_ticket_idx"),
            models.Index(fields=["recipient", "kind", "created_at"], name="outbound_recipient_idx"),
        ]
        verbose_name = "sent mail"
        verbose_name_plural = "sent mail"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.recipient} ({self.get_status_display()})"


class AddressStatus(models.Model):
    """An address mail to which came back as undeliverable; automatic mail to it stops."""

    email = models.EmailField(max_length=254, unique=True)
    bouncing = models.BooleanField(default=False)
    bounce_count = models.PositiveIntegerField(default=0)
    last_bounce_at = models.DateTimeField(null=True, blank=True)
    last_bounce_detail = models.TextField(blank=True)

    class Meta:
        verbose_name = "address status"
        verbose_name_plural = "address statuses"

    def __str__(self) -> str:
        return f"{self.email} ({'bouncing' if self.bouncing else 'ok'})"


class NotificationPreference(models.Model):
    """A person's choice for one kind of notification; without a row, the kind's default holds."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=32, choices=NotificationKind.choices)
    enabled = models.BooleanField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notification_user_kind_uniq")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}: {'on' if self.enabled else 'off'}"


class MailboxPoll(models.Model):
    """The last poll of the mailbox (one row), for the settings page."""

    polled_at = models.DateTimeField()
    succeeded = models.BooleanField()
    error_kind = models.CharField(max_length=32, blank=True)
    error = models.TextField(blank=True)
    fetched = models.PositiveIntegerField(default=0)
    last_success_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"poll at {self.polled_at:%Y-%m-%d %H:%M:%S} ({'ok' if self.succeeded else self.error_kind})"
