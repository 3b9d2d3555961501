"""What assistance stores beside the tickets: their embeddings, incidents, reply drafts and
thread summaries. Tickets never import this module."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from support_desk.tickets.models import Ticket, TicketMessage


class TicketEmbedding(models.Model):
    """A ticket's sentence vector, as 384 signed bytes (its direction, scaled to use the range).

    The id grows with every (re-)embedding: a changed ticket's row is replaced, never updated,
    so a process's index catches up by reading the rows above the last id it has seen.
    """

    ticket = models.OneToOneField(Ticket, on_delete=models.CASCADE, related_name="+")
    vector = models.BinaryField()
    # The text that was embedded (SHA-1 of title and description), to skip unchanged ones.
    text_sha1 = models.CharField(max_length=40)
    encoder = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"embedding of #{self.ticket_id}"


class IncidentStatus(models.TextChoices):
    OPEN = "open", "Open"
    RESOLVED = "resolved", "Resolved"


class Incident(models.Model):
    """Many similar tickets that arrived close together: probably one cause."""

    title = models.CharField(max_length=200)
    status = models.CharField(max_length=16, choices=IncidentStatus.choices, default=IncidentStatus.OPEN)
    first_seen = models.DateTimeField()
    last_seen = models.DateTimeField()
    created_at = models.DateTimeField()
    # Set once, when the agents were told: the notice goes out for the incident, not per ticket.
    notified_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ("-last_seen", "-id")
        indexes = [models.Index(fields=["status", "-last_seen"], name="incident_status_recent_idx")]

    def __str__(self) -> str:
        return f"incident {self.pk}: {self.title}"


class IncidentTicket(models.Model):
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="members")
    # A ticket belongs to one incident at most.
    ticket = models.OneToOneField(Ticket, on_delete=models.CASCADE, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"#{self.ticket_id} in incident {self.incident_id}"


class DraftSource(models.TextChoices):
    LLM = "llm", "Language model"
    RETRIEVAL = "retrieval", "Past reply"
    NONE = "none", "No draft"


class DraftOutcome(models.TextChoices):
    PENDING = "pending", "Not decided yet"
    SENT_UNCHANGED = "sent_unchanged", "Sent unchanged"
    EDITED = "edited", "Edited, then sent"
    DISCARDED = "discarded", "Discarded"


class ReplyDraft(models.Model):
    """A reply offered to an agent, and what became of it (to measure the drafts)."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    source = models.CharField(max_length=16, choices=DraftSource.choices)
    body = models.TextField(blank=True)
    # The past tickets the draft drew on, best first.
    source_ticket_ids = models.JSONField(default=list)
    # Why the language model's draft was not used ("" when it was, or was not asked).
    fallback_reason = models.CharField(max_length=32, blank=True, default="")
    outcome = models.CharField(max_length=16, choices=DraftOutcome.choices, default=DraftOutcome.PENDING)
    # Normalised Levenshtein distance between the draft and the reply sent (0: unchanged).
    edit_ratio = models.FloatField(null=True, blank=True)
    message = models.ForeignKey(
        TicketMessage, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["ticket", "author", "outcome"], name="draft_pending_idx"),
            models.Index(fields=["source", "outcome"], name="draft_source_outcome_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.source} draft on #{self.ticket_id} ({self.outcome})"


class ThreadSummary(models.Model):
    """The language model's summary of a ticket's thread, valid while the thread is unchanged."""

    ticket = models.OneToOneField(Ticket, on_delete=models.CASCADE, related_name="+")
    thread_sha1 = models.CharField(max_length=40)
    wants = models.TextField()
    tried = models.TextField()
    pending = models.TextField()
    model = models.CharField(max_length=128)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"summary of #{self.ticket_id}"
