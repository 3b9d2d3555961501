"""Saved replies: answers agents use again, shared by the team or kept by one agent."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from support_desk.tickets.enums import MESSAGE_MAX_LENGTH, Status
from support_desk.triage.taxonomy import priority_choices

TITLE_MAX_LENGTH = 100


class SavedReply(models.Model):
    """A reply text with placeholders, and what to do to the ticket when it is sent."""

    title = models.CharField(max_length=TITLE_MAX_LENGTH)
    body = models.TextField(max_length=MESSAGE_MAX_LENGTH)
    # None: shared with every agent (managed by admins); otherwise this agent's own.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="saved_replies",
    )
    set_status = models.CharField(max_length=16, choices=Status.choices, blank=True)
    set_priority = models.CharField(max_length=16, choices=priority_choices(), blank=True)
    set_assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    add_tags = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("title", "id")
        verbose_name_plural = "saved replies"
        indexes = [models.Index(fields=["owner", "title"], name="savedreply_owner_title_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def shared(self) -> bool:
        return self.owner_id is None
