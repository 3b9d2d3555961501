"""Ticket storage, and the counters that keep statistics exact without scanning tickets."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from support_desk.tickets.attachment_storage import attachment_storage, attachment_upload_path
from support_desk.tickets.enums import (
    TAG_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    ActorKind,
    Channel,
    EventKind,
    LabelSource,
    Rating,
    Status,
)
from support_desk.triage.taxonomy import (
    DEFAULT_CATEGORY,
    DEFAULT_PRIORITY,
    TRIAGE_SOURCE_CHOICES,
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
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="requested_tickets",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_tickets",
    )
    # Bumped by every update; a PATCH carrying an older version is refused (no lost updates).
    version = models.PositiveIntegerField(default=1)
    category_source = models.CharField(
        max_length=16, choices=LabelSource.choices, default=LabelSource.DEFAULT
    )
    priority_source = models.CharField(
        max_length=16, choices=LabelSource.choices, default=LabelSource.DEFAULT
    )
    # The triage suggestion made at creation, kept beside the final labels to measure the engine.
    suggested_category = models.CharField(max_length=16, null=True, blank=True)
    suggested_priority = models.CharField(max_length=16, null=True, blank=True)
    suggestion_source = models.CharField(max_length=16, null=True, blank=True, choices=TRIAGE_SOURCE_CHOICES)
    suggestion_confidence = models.FloatField(null=True, blank=True)
    suggestion_model_version = models.CharField(max_length=64, null=True, blank=True)
    # A database default too: bulk loaders (COPY) that name their columns need not know it.
    channel = models.CharField(
        max_length=16, choices=Channel.choices, default=Channel.WEB, db_default=Channel.WEB
    )
    # Service levels (kept by tickets/sla_clocks.py on every relevant write): the policy that
    # applies, each target's due time, when the clocks stopped, and what was recorded.
    sla_policy = models.ForeignKey(
        "sla.SlaPolicy", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    first_response_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Whole seconds from creation to the first agent reply; indexed for the median and 90th percentile.
    first_response_seconds = models.BigIntegerField(null=True, blank=True, editable=False)
    first_response_due_at = models.DateTimeField(null=True, blank=True, editable=False)
    next_response_due_at = models.DateTimeField(null=True, blank=True, editable=False)
    resolution_due_at = models.DateTimeField(null=True, blank=True, editable=False)
    sla_paused_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The earliest running due time (null while the clocks stand still): `ordering=due`, `sla=`.
    sla_due_at = models.DateTimeField(null=True, blank=True, editable=False)
    # When the service-level watch must next look at the ticket (a warning or a breach falls due).
    sla_check_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Database defaults too, so rows written outside the ORM (bulk loads, SQL) are valid.
    sla_warned = models.PositiveSmallIntegerField(default=0, db_default=0, editable=False)
    sla_breached = models.PositiveSmallIntegerField(default=0, db_default=0, editable=False)
    next_responses_met = models.PositiveIntegerField(default=0, db_default=0, editable=False)
    next_responses_breached = models.PositiveIntegerField(default=0, db_default=0, editable=False)
    tags: models.ManyToManyField[Tag, TicketTag] = models.ManyToManyField(
        "Tag", through="TicketTag", related_name="tickets", editable=False
    )
    # Detected from the text in the background (an ISO 639-1 code); null until then or when unsure.
    language = models.CharField(max_length=8, null=True, blank=True)
    # Set when an agent marked this ticket a duplicate of (or merged it into) another one.
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates"
    )
    # Satisfaction: how many times the ticket was resolved (each resolution asks the requester
    # once), and the answer to the latest one, kept here for the list's filter and rows.
    resolution_count = models.PositiveIntegerField(default=0, db_default=0, editable=False)
    rating = models.CharField(max_length=8, choices=Rating.choices, null=True, blank=True, editable=False)
    rating_comment = models.TextField(blank=True, default="", db_default="", editable=False)
    rated_at = models.DateTimeField(null=True, blank=True, editable=False)

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
            models.Index(fields=["requester", "-created_at", "-id"], name="ticket_requester_newest_idx"),
            models.Index(fields=["assignee", "-created_at", "-id"], name="ticket_assignee_newest_idx"),
            models.Index(fields=["language", "-created_at", "-id"], name="ticket_language_newest_idx"),
            models.Index(fields=["rating", "-created_at", "-id"], name="ticket_rating_newest_idx"),
            models.Index(
                fields=["resolution_seconds"],
                name="ticket_resolution_idx",
                condition=models.Q(resolution_seconds__isnull=False),
            ),
            models.Index(fields=["sla_due_at", "id"], name="ticket_sla_due_idx"),
            models.Index(
                fields=["sla_check_at"],
                name="ticket_sla_check_idx",
                condition=models.Q(sla_check_at__isnull=False),
            ),
            models.Index(
                fields=["first_response_seconds"],
                name="ticket_first_response_idx",
                condition=models.Q(first_response_seconds__isnull=False),
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


class TicketMessage(models.Model):
    """A public reply (requester and agents) or an internal note (agents only)."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField()
    is_internal = models.BooleanField(default=False)
    # A database default too: bulk loaders (COPY) that name their columns need not know it.
    channel = models.CharField(
        max_length=16, choices=Channel.choices, default=Channel.WEB, db_default=Channel.WEB
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("created_at", "id")
        indexes = [models.Index(fields=["ticket", "created_at", "id"], name="message_ticket_time_idx")]

    def __str__(self) -> str:
        return f"{'note' if self.is_internal else 'reply'} on #{self.ticket_id}"


class TicketParticipant(models.Model):
    """Someone copied on a ticket's conversation by address (an e-mail's Cc), who gets its
    public replies and may answer on it, without being its requester."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="participants")
    email = models.EmailField(max_length=254)
    name = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ticket", "email"], name="participant_ticket_email_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.email} on #{self.ticket_id}"


class Attachment(models.Model):
    """A file on a ticket (sent with it) or on one of its messages, kept in the attachments
    storage (a folder under var/ by default). Who may download it follows who may see the
    ticket and, for an internal note's files, the note."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="attachments")
    message = models.ForeignKey(
        TicketMessage, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(storage=attachment_storage, upload_to=attachment_upload_path, max_length=300)
    # The sanitised name shown and offered on download; the stored path never uses it raw.
    filename = models.CharField(max_length=255)
    content_type = models.CharField(max_length=127)
    size = models.PositiveBigIntegerField()
    # An image shown inside an HTML mail (`Content-ID`), kept as a file like the others.
    is_inline = models.BooleanField(default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("created_at", "id")
        indexes = [models.Index(fields=["ticket", "message"], name="attachment_ticket_msg_idx")]

    def __str__(self) -> str:
        return f"{self.filename} on #{self.ticket_id}"


class TicketEvent(models.Model):
    """One entry of a ticket's audit timeline, written in the same transaction as the change."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=32, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_kind = models.CharField(max_length=16, choices=ActorKind.choices, default=ActorKind.USER)
    # For triage events: which engine answered (a SuggestionSource).
    source = models.CharField(max_length=16, blank=True, default="")
    old_value = models.CharField(max_length=200, null=True, blank=True)
    new_value = models.CharField(max_length=200, null=True, blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("created_at", "id")
        indexes = [models.Index(fields=["ticket", "created_at", "id"], name="event_ticket_time_idx")]

    def __str__(self) -> str:
        return f"{self.kind} on #{self.ticket_id}"


class Tag(models.Model):
    """A free-form label agents put on tickets; stored lower-case, so `VPN` and `vpn` are one."""

    name = models.CharField(max_length=TAG_MAX_LENGTH, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name


class TicketTag(models.Model):
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="ticket_tags")
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="ticket_tags")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["ticket", "tag"], name="tickettag_ticket_tag_uniq")]
        indexes = [models.Index(fields=["tag", "ticket"], name="tickettag_tag_ticket_idx")]

    def __str__(self) -> str:
        return f"#{self.ticket_id} {self.tag_id}"


class TicketDeletion(models.Model):
    """A deleted ticket, remembered after its timeline is gone: who deleted which ticket, when."""

    # Plain values, not foreign keys: the ticket is gone, and the record must outlive the people too.
    ticket_id = models.BigIntegerField(db_index=True)
    title = models.CharField(max_length=TITLE_MAX_LENGTH)
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    ticket_created_at = models.DateTimeField()
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    deleted_by_username = models.CharField(max_length=150)
    deleted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-deleted_at", "-id")

    def __str__(self) -> str:
        return f"#{self.ticket_id} {self.title} (deleted by {self.deleted_by_username})"


class SatisfactionSurvey(models.Model):
    """One resolution of a ticket and its requester's answer to "How did we do?".

    Opened when the ticket enters a resolved state (reopening and resolving again opens the
    next one); the agent and category are those at resolution, so the statistics attribute the
    answer to who solved it, however the ticket changes later.
    """

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="surveys")
    number = models.PositiveIntegerField()
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    category = models.CharField(max_length=16)
    resolved_at = models.DateTimeField()
    rating = models.CharField(max_length=8, choices=Rating.choices, null=True, blank=True)
    comment = models.TextField(blank=True, default="")
    rated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("ticket", "number")
        constraints = [models.UniqueConstraint(fields=["ticket", "number"], name="survey_ticket_number_uniq")]

    def __str__(self) -> str:
        return f"#{self.ticket_id} resolution {self.number}: {self.rating or 'not rated'}"
