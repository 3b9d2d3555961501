"""Writing saved replies, and sending one: the message and its actions go through the ticket
services, so the timeline, the counters, the versions and the signals are those of any reply
and any change."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from support_desk.accounts.models import User
from support_desk.core.errors import ApplicationError, ErrorCode
from support_desk.replies.models import SavedReply
from support_desk.replies.placeholders import PLACEHOLDERS, render, unknown_placeholders
from support_desk.replies.selectors import saved_reply_get
from support_desk.tickets import services as ticket_services
from support_desk.tickets.models import Ticket, TicketMessage
from support_desk.tickets.selectors import ticket_get

EDITABLE = frozenset({"title", "body", "set_status", "set_priority", "set_assignee", "add_tags"})


def _check_may_manage(actor: User, *, shared: bool) -> None:
    if not actor.is_agent:
        raise ApplicationError(
            "Only agents have saved replies.", code=ErrorCode.PERMISSION_DENIED, status_code=403
        )
    if shared and not actor.is_admin:
        raise ApplicationError(
            "Only admins manage shared saved replies.", code=ErrorCode.PERMISSION_DENIED, status_code=403
        )


def _check_placeholders(body: str) -> None:
    unknown = unknown_placeholders(body)
    if unknown:
        allowed = ", ".join("{{ " + name + " }}" for name in PLACEHOLDERS)
        raise ApplicationError(f"Unknown placeholder {', '.join(unknown)}; use {allowed}.")


def saved_reply_create(*, actor: User, shared: bool, **fields: Any) -> SavedReply:
    """A new reply: the agent's own, or (admins) shared with the team."""
    _check_may_manage(actor, shared=shared)
    _check_placeholders(fields.get("body", ""))
    return SavedReply.objects.create(
        owner=None if shared else actor, **{k: v for k, v in fields.items() if k in EDITABLE}
    )


def saved_reply_update(*, reply_id: int, actor: User, changes: dict[str, Any]) -> SavedReply:
    with transaction.atomic():
        reply = saved_reply_get(reply_id=reply_id, user=actor)
        _check_may_manage(actor, shared=reply.shared)
        if "body" in changes:
            _check_placeholders(changes["body"])
        for field, value in changes.items():
            if field in EDITABLE:
                setattr(reply, field, value)
        reply.updated_at = timezone.now()
        reply.save()
    return reply


def saved_reply_delete(*, reply_id: int, actor: User) -> None:
    reply = saved_reply_get(reply_id=reply_id, user=actor)
    _check_may_manage(actor, shared=reply.shared)
    reply.delete()


def saved_reply_preview(*, reply_id: int, ticket_id: int, agent: User) -> str:
    """The reply's text with its placeholders filled for this ticket and agent."""
    reply = saved_reply_get(reply_id=reply_id, user=agent)
    return render(reply.body, ticket=ticket_get(ticket_id=ticket_id, user=agent), agent=agent)


@dataclass(frozen=True)
class SentReply:
    message: TicketMessage
    ticket: Ticket


def saved_reply_send(
    *, reply_id: int, ticket_id: int, agent: User, body: str | None = None, internal: bool = False
) -> SentReply:
    """Post the reply (the agent's edited text, or the filled-in saved one) and apply its
    actions (status, priority, assignee, tags) in one transaction."""
    if not agent.is_agent:
        raise ApplicationError(
            "Only agents have saved replies.", code=ErrorCode.PERMISSION_DENIED, status_code=403
        )
    reply = saved_reply_get(reply_id=reply_id, user=agent)
    ticket = ticket_get(ticket_id=ticket_id, user=agent)
    text = body if body is not None else render(reply.body, ticket=ticket, agent=agent)
    changes: dict[str, Any] = {}
    if reply.set_status:
        changes["status"] = reply.set_status
    if reply.set_priority:
        changes["priority"] = reply.set_priority
    if reply.set_assignee_id is not None and reply.set_assignee is not None and reply.set_assignee.is_agent:
        changes["assignee"] = reply.set_assignee
    with transaction.atomic():
        message = ticket_services.message_create(
            ticket_id=ticket.pk, author=agent, body=text, is_internal=internal
        )
        if changes or reply.add_tags:
            ticket_services.ticket_update(
                ticket_id=ticket.pk, changes=changes, actor=agent, add_tags=list(reply.add_tags)
            )
    return SentReply(message=message, ticket=ticket_get(ticket_id=ticket.pk, user=agent))
