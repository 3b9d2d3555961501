"""Reading saved replies."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from support_desk.accounts.models import User
from support_desk.core.errors import NotFoundError
from support_desk.replies.models import SavedReply


def saved_replies_for(user: User) -> QuerySet[SavedReply]:
    """The shared replies and the agent's own (another agent's personal replies stay theirs)."""
    return SavedReply.objects.filter(Q(owner__isnull=True) | Q(owner=user)).select_related("set_assignee")


def saved_reply_get(*, reply_id: int, user: User) -> SavedReply:
    reply = saved_replies_for(user).filter(pk=reply_id).first()
    if reply is None:
        raise NotFoundError("Saved reply not found.")
    return reply
