"""Ticket lifecycle values. Categories and priorities live in the triage taxonomy."""

from __future__ import annotations

from django.db import models


class Status(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    # Waiting on the customer: the service-level clocks stand still; their reply reopens it.
    PENDING = "pending", "Pending"
    RESOLVED = "resolved", "Resolved"
    CLOSED = "closed", "Closed"


# A ticket in one of these states counts as resolved and has a `resolved_at`.
RESOLVED_STATUSES: frozenset[str] = frozenset({Status.RESOLVED, Status.CLOSED})
# Statuses in which the service-level clocks stand still (the seed's four keep their meaning).
SLA_STOPPED_STATUSES: frozenset[str] = RESOLVED_STATUSES | {Status.PENDING}
# A customer's reply on a ticket in one of these states reopens it.
REOPENED_BY_CUSTOMER: frozenset[str] = SLA_STOPPED_STATUSES

TITLE_MAX_LENGTH = 200
DESCRIPTION_MAX_LENGTH = 50_000


class LabelSource(models.TextChoices):
    """Who chose a ticket's category or priority; agent choices become training examples."""

    DEFAULT = "default", "Default"
    SUGGESTION = "suggestion", "Triage suggestion"
    REQUESTER = "requester", "Requester"
    AGENT = "agent", "Agent"


class EventKind(models.TextChoices):
    CREATED = "created", "Created"
    STATUS_CHANGED = "status_changed", "Status changed"
    PRIORITY_CHANGED = "priority_changed", "Priority changed"
    CATEGORY_CHANGED = "category_changed", "Category changed"
    ASSIGNEE_CHANGED = "assignee_changed", "Assignee changed"
    TITLE_CHANGED = "title_changed", "Title changed"
    DESCRIPTION_CHANGED = "description_changed", "Description changed"
    TRIAGE_SUGGESTED = "triage_suggested", "Triage suggestion"
    MESSAGE_ADDED = "message_added", "Reply added"
    NOTE_ADDED = "note_added", "Internal note added"
    TAG_ADDED = "tag_added", "Tag added"
    TAG_REMOVED = "tag_removed", "Tag removed"
    SLA_WARNING = "sla_warning", "Service-level warning"
    SLA_BREACHED = "sla_breached", "Service level breached"
    MARKED_DUPLICATE = "marked_duplicate", "Marked as a duplicate"
    DUPLICATE_ADDED = "duplicate_added", "A duplicate was linked"
    MERGED_INTO = "merged_into", "Merged into another ticket"
    MERGED_FROM = "merged_from", "Another ticket merged in"
    SATISFACTION_RATED = "satisfaction_rated", "Satisfaction rated"


class ActorKind(models.TextChoices):
    USER = "user", "User"
    TRIAGE = "triage", "Triage engine"
    SYSTEM = "system", "System"


MESSAGE_MAX_LENGTH = 20_000


class Channel(models.TextChoices):
    """Where a ticket or a message came from."""

    WEB = "web", "Web"
    EMAIL = "email", "E-mail"


TAG_MAX_LENGTH = 50
MAX_TAGS_PER_TICKET = 20


class Rating(models.TextChoices):
    """A customer's answer to "How did we do?" once their ticket is resolved."""

    GOOD = "good", "Good"
    BAD = "bad", "Bad"


RATING_COMMENT_MAX_LENGTH = 2000
