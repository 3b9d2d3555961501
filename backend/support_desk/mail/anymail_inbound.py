"""Inbound mail from mail services' webhooks (django-anymail: Mailgun, Postmark, SendGrid,
Amazon SES, ...), into the same pipeline as every other door. Anymail checks the webhook's
credentials (ANYMAIL_WEBHOOK_SECRET, and the service's signing key where it has one)."""

from __future__ import annotations

from typing import Any

from anymail.signals import inbound
from django.dispatch import receiver

from support_desk.mail.services import mail_ingest


@receiver(inbound, dispatch_uid="mail.anymail_inbound")
def _on_anymail_inbound(sender: Any, event: Any, esp_name: str, **kwargs: Any) -> None:
    mail_ingest(event.message.as_bytes(), source=f"anymail:{esp_name}"[:16])
