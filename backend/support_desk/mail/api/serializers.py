"""Request and response shapes of the e-mail channel's API."""

from __future__ import annotations

from rest_framework import serializers

from support_desk.mail.enums import DeliveryStatus, NotificationKind, SenderVerification
from support_desk.mail.models import InboundMail, OutboundMail


class InboundResultSerializer(serializers.Serializer[object]):
    outcome = serializers.ChoiceField(choices=["created", "replied", "ignored", "quarantined"])
    ticket_id = serializers.IntegerField(allow_null=True)
    reason = serializers.CharField(help_text="Why it was ignored or quarantined; empty otherwise.")


class ReceivedMailSerializer(serializers.ModelSerializer[InboundMail]):
    message_id = serializers.IntegerField(
        source="ticket_message_id", allow_null=True, help_text="The reply it became; null: the ticket itself."
    )
    full_text = serializers.CharField(
        help_text="The whole text as sent, quoted history and signature included."
    )
    html = serializers.CharField(
        source="safe_html", help_text="The HTML body, sanitised (no script, images or styles)."
    )
    sender_verification = serializers.ChoiceField(
        choices=SenderVerification.choices,
        help_text="pass: the From address is proven (DKIM aligned with it, or a trusted receiving "
        "server's verdict); fail or none: anyone could have written it.",
    )
    sender_verification_detail = serializers.CharField(
        help_text='How it was decided, e.g. "dkim=pass d=example.com aligned", "no DKIM signature".'
    )

    class Meta:
        model = InboundMail
        fields = (
            "id",
            "message_id",
            "sender",
            "subject",
            "full_text",
            "html",
            "received_at",
            "sender_verification",
            "sender_verification_detail",
        )
        read_only_fields = fields


class DeliverySerializer(serializers.ModelSerializer[OutboundMail]):
    message_id = serializers.IntegerField(
        source="ticket_message_id", allow_null=True, help_text="The reply it carried; null: a notification."
    )
    kind = serializers.ChoiceField(choices=NotificationKind.choices)
    status = serializers.ChoiceField(choices=DeliveryStatus.choices)

    class Meta:
        model = OutboundMail
        fields = ("id", "message_id", "kind", "recipient", "status", "error", "created_at", "sent_at")
        read_only_fields = fields


class TicketMailSerializer(serializers.Serializer[object]):
    received = ReceivedMailSerializer(many=True)
    deliveries = DeliverySerializer(many=True, help_text="Agents only; empty for requesters.")


class NotificationChoiceSerializer(serializers.Serializer[object]):
    kind = serializers.ChoiceField(choices=NotificationKind.choices)
    title = serializers.CharField(read_only=True)
    audience = serializers.ChoiceField(choices=["customer", "agent"], read_only=True)
    enabled = serializers.BooleanField()


class NotificationChangeSerializer(serializers.Serializer[object]):
    kind = serializers.ChoiceField(choices=NotificationKind.choices)
    enabled = serializers.BooleanField()


class ChannelStatusSerializer(serializers.Serializer[object]):
    intake_mailbox = serializers.CharField(
        allow_null=True, help_text="The polled mailbox, without its password."
    )
    intake_webhook = serializers.BooleanField(help_text="Whether POST /api/mail/inbound/ accepts mail.")
    fetch_interval_seconds = serializers.IntegerField()
    last_poll_at = serializers.DateTimeField(allow_null=True)
    last_poll_succeeded = serializers.BooleanField(allow_null=True)
    last_poll_error = serializers.CharField()
    last_success_at = serializers.DateTimeField(allow_null=True)
    sending_backend = serializers.CharField()
    sending_configured = serializers.BooleanField(help_text="False: mails go to the console log.")
    sending_server = serializers.CharField(allow_null=True)
    from_address = serializers.CharField()
    quarantined = serializers.IntegerField(help_text="Received mail waiting for an admin.")
    undelivered = serializers.IntegerField(help_text="Sent mail that failed or bounced.")
