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
