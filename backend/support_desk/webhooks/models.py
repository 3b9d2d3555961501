"""Outgoing webhooks: where to send which ticket events, and the log of every delivery."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils import timezone

from support_desk.webhooks.targets import TargetRefused, target_check

EVENTS = ("ticket.created", "ticket.updated", "message.created", "sla.breached")
EVENT_CHOICES = [(event, event) for event in EVENTS]


def new_secret() -> str:
    """A per-endpoint signing secret: 256 random bits."""
    return secrets.token_urlsafe(32)


def validate_events(value: object) -> None:
    if not isinstance(value, list) or not value or any(event not in EVENTS for event in value):
        raise ValidationError(f"Choose one or more of: {', '.join(EVENTS)}.")


class WebhookEndpoint(models.Model):
    url = models.URLField(max_length=500, validators=[URLValidator(schemes=["http", "https"])])
    description = models.CharField(max_length=200, blank=True)
    events = models.JSONField(default=list, validators=[validate_events], help_text=", ".join(EVENTS))
    # Signs every delivery (HMAC-SHA256); shown to admins so the receiver can verify it.
    secret = models.CharField(max_length=64, default=new_secret, editable=False)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)
    # The latest delivery's outcome, for the endpoint list.
    last_delivery_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    last_error_kind = models.CharField(max_length=32, blank=True, editable=False)

    class Meta:
        ordering = ("url", "id")

    def __str__(self) -> str:
        return self.url

    def clean(self) -> None:
        """An endpoint must be a public address (see targets.py); every delivery checks again."""
        if settings.WEBHOOK_ALLOW_PRIVATE_TARGETS or not self.url:
            return
        try:
            target_check(self.url)
        except TargetRefused as refused:
            raise ValidationError({"url": ValidationError(str(refused), code=refused.kind)}) from None


class DeliveryState(models.TextChoices):
    PENDING = "pending", "Pending"
    DELIVERED = "delivered", "Delivered"
    FAILED = "failed", "Failed"


class WebhookDelivery(models.Model):
    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=32, choices=EVENT_CHOICES)
    payload = models.JSONField()
    state = models.CharField(max_length=16, choices=DeliveryState.choices, default=DeliveryState.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error_kind = models.CharField(max_length=32, blank=True)
    duration_ms = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    # When a pending delivery's next attempt is due: its job runs then, and one long overdue
    # (its job was lost: a broker outage, a restart) is queued again by the beat job.
    next_attempt_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-id")
        verbose_name_plural = "webhook deliveries"
        indexes = [
            models.Index(fields=["endpoint", "-created_at"], name="delivery_endpoint_time_idx"),
            models.Index(
                fields=["next_attempt_at"],
                name="delivery_pending_due_idx",
                condition=models.Q(state="pending"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.endpoint_id} ({self.state})"
