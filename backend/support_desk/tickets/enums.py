"""Ticket lifecycle values. Categories and priorities live in the triage taxonomy."""

from __future__ import annotations

from django.db import models


class Status(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    RESOLVED = "resolved", "Resolved"
    CLOSED = "closed", "Closed"


# A ticket in one of these states counts as resolved and has a `resolved_at`.
RESOLVED_STATUSES: frozenset[str] = frozenset({Status.RESOLVED, Status.CLOSED})

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


class ActorKind(models.TextChoices):
    USER = "user", "User"
    TRIAGE = "triage", "Triage engine"
    SYSTEM = "system", "System"


MESSAGE_MAX_LENGTH = 20_000


class Channel(models.TextChoices):
    """Where a ticket or a message came from."""

    WEB = "web", "Web"
    EMAIL = "email", "E-mail"
