"""Ticket storage, and the counters that keep statistics exact without scanning tickets."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from support_desk.tickets.enums import TITLE_MAX_LENGTH, Status
from support_desk.triage.taxonomy import (
    DEFAULT_CATEGORY,
    DEFAULT_PRIORITY,
    category_choices,
    priority_choices,
)


class Ticket(models.Model):
    """A customer's support request.

    On PostgreSQL the table also carries a generated `search_vector` column with a
    GIN index (added by migration 0002); the ORM never reads or writes it directly.
    """

    title = models.CharField(max_length=TITLE_MAX_LENGTH)
    description = models.TextField()
    category = models.CharField(max_length=16, choices=category_choices(), default=DEFAULT_CATEGORY)
    priority = models.CharField(max_length=16, choices=priority_choices(), default=DEFAULT_PRIORITY)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    # Whole seconds from creation to resolution; indexed so the median is an index lookup.
    resolution_seconds = models.BigIntegerField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ("-created_at", "-id")
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="ticket_newest_idx"),
            models.Index(fields=["status", "-created_at", "-id"], name="ticket_status_newest_idx"),
            models.Index(fields=["category", "-created_at", "-id"], name="ticket_category_newest_idx"),
            models.Index(fields=["priority", "-created_at", "-id"], name="ticket_priority_newest_idx"),
            models.Index(
                fields=["status", "priority", "-created_at", "-id"],
                name="ticket_status_prio_newest_idx",
            ),
            models.Index(
                fields=["resolution_seconds"],
                name="ticket_resolution_idx",
                condition=models.Q(resolution_seconds__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.title}"


class StatCounter(models.Model):
    """One shard of a running total (ticket counts by field, resolution sums, per-day counts).

    Writers add deltas to a randomly chosen shard in the same transaction as the ticket
    change, so concurrent writers rarely wait on one another; readers sum the shards.
    """

    key = models.CharField(max_length=64)
    shard = models.PositiveSmallIntegerField()
    value = models.BigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "shard"], name="statcounter_key_shard_uniq")]

    def __str__(self) -> str:
        return f"{self.key}[{self.shard}]={self.value}"
