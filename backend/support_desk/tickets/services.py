"""Every write to tickets. Each one, in a single transaction, also keeps the statistics
counters exact and records the audit events of what it changed; once it commits, the ticket
signals (tickets/signals.py) tell the domains built on tickets what happened."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from support_desk.accounts.models import User
from support_desk.core.errors import ApplicationError, ErrorCode, NotFoundError
from support_desk.tickets import counters, signals
from support_desk.tickets.attachments import AttachmentUpload, attachments_store, check_attachment_limits
from support_desk.tickets.enums import RESOLVED_STATUSES, ActorKind, Channel, EventKind, LabelSource, Status
from support_desk.tickets.events import FIELD_EVENTS, event_record
from support_desk.tickets.models import Ticket, TicketDeletion, TicketMessage, TicketParticipant
from support_desk.triage.engine import NO_SUGGESTION, Suggestion, suggest_for_ticket, triage_enabled
from support_desk.triage.taxonomy import DEFAULT_CATEGORY, DEFAULT_PRIORITY

logger = logging.getLogger(__name__)

UPDATABLE_FIELDS = frozenset({"title", "description", "category", "priority", "status", "assignee"})


class VersionConflict(ApplicationError):
    """The client edited an older version of the ticket; it must reload and retry."""

    status_code = 409

    def __init__(self, current: Ticket):
        super().__init__(
            f"The ticket was changed by someone else (now version {current.version}). Reload it and retry.",
            code=ErrorCode.CONFLICT,
        )
        self.current = current


def _locked_ticket(ticket_id: int) -> Ticket:
    """The ticket, row-locked until the transaction ends, so concurrent writers take turns."""
    ticket = Ticket.objects.select_for_update().filter(pk=ticket_id).first()
    if ticket is None:
        raise NotFoundError("Ticket not found.")
    return ticket


def _counted_state(ticket: Ticket) -> counters.CountedState:
    return counters.CountedState(
        status=ticket.status,
        category=ticket.category,
        priority=ticket.priority,
        created_at=ticket.created_at,
        resolution_seconds=ticket.resolution_seconds,
        suggestion_source=ticket.suggestion_source,
        category_kept=ticket.suggestion_source is not None and ticket.category == ticket.suggested_category,
        priority_kept=ticket.suggestion_source is not None and ticket.priority == ticket.suggested_priority,
        category_abstained=ticket.suggestion_source is not None and ticket.suggested_category is None,
        priority_abstained=ticket.suggestion_source is not None and ticket.suggested_priority is None,
    )


def resolution_seconds_between(created_at: datetime, resolved_at: datetime) -> int:
    return max(0, int((resolved_at - created_at).total_seconds()))


def _apply_resolution(ticket: Ticket, now: datetime) -> None:
    """Set `resolved_at` on entering a resolved state; clear it on reopening."""
    if ticket.status in RESOLVED_STATUSES:
        if ticket.resolved_at is None:
            ticket.resolved_at = now
            ticket.resolution_seconds = resolution_seconds_between(ticket.created_at, now)
    else:
        ticket.resolved_at = None
        ticket.resolution_seconds = None


def _chosen_by(actor: User | None) -> LabelSource:
    """Who chose a label: agents (and admins, in the API or the Django admin) teach the model."""
    if actor is not None and actor.is_agent:
        return LabelSource.AGENT
    return LabelSource.REQUESTER if actor is not None else LabelSource.DEFAULT


def _label(
    chosen: str | None, suggested: str | None, default: str, actor: User | None
) -> tuple[str, LabelSource]:
    """The label a new ticket gets, and who chose it."""
    if chosen:
        return chosen, _chosen_by(actor)
    if suggested:
        return suggested, LabelSource.SUGGESTION
    return default, LabelSource.DEFAULT


def _record_suggestion(ticket: Ticket, suggestion: Suggestion, **extra: Any) -> None:
    """The suggestion on the ticket's timeline (made by the triage engine, not a person)."""
    event_record(
        ticket=ticket,
        kind=EventKind.TRIAGE_SUGGESTED,
        actor=None,
        actor_kind=ActorKind.TRIAGE,
        source=suggestion.source or "",
        data={**suggestion.as_event_data(), **extra},
    )


def ticket_create(
    *,
    title: str,
    description: str,
    actor: User | None = None,
    category: str | None = None,
    priority: str | None = None,
    status: str | None = None,
    requester: User | None = None,
    assignee: User | None = None,
    created_at: datetime | None = None,
    suggestion: Suggestion | None = None,
    channel: str = Channel.WEB,
    attachments: Sequence[AttachmentUpload] = (),
    participants: Sequence[tuple[str, str]] = (),
) -> Ticket:
    """Create a ticket. Missing labels take the triage suggestion, else general/medium.

    When the person chose both labels, the suggestion (kept to measure the engine) is made
    after the response, by a background job: it cannot change the labels, so it need not wait.
    `attachments` are the files sent with it; `participants` the (address, name) pairs copied
    on its conversation (an e-mail's Cc).
    """
    check_attachment_limits(attachments)
    triage_later = suggestion is None and bool(category and priority) and triage_enabled()
    if suggestion is None:
        suggestion = (
            NO_SUGGESTION if triage_later else suggest_for_ticket(title=title, description=description)
        )
    now = timezone.now()
    category_value, category_source = _label(category, suggestion.category, DEFAULT_CATEGORY, actor)
    priority_value, priority_source = _label(priority, suggestion.priority, DEFAULT_PRIORITY, actor)
    ticket = Ticket(
        title=title,
        description=description,
        category=category_value,
        priority=priority_value,
        category_source=category_source,
        priority_source=priority_source,
        status=status or Status.OPEN,
        channel=channel,
        requester=requester or actor,
        assignee=assignee,
        created_at=created_at or now,
        updated_at=now,
        suggested_category=suggestion.category,
        suggested_priority=suggestion.priority,
        suggestion_source=suggestion.source,
        suggestion_confidence=suggestion.confidence,
        suggestion_model_version=suggestion.model_version,
    )
    _apply_resolution(ticket, now)
    with transaction.atomic():
        ticket.save(force_insert=True)
        event_record(ticket=ticket, kind=EventKind.CREATED, actor=actor, new_value=ticket.status)
        attachments_store(ticket=ticket, message=None, uploads=attachments, uploaded_by=actor)
        _add_participants(ticket, participants)
        if suggestion.source:
            _record_suggestion(ticket, suggestion)
        counters.apply_deltas(counters.deltas_between(None, _counted_state(ticket)))
        signals.send_on_commit(
            signals.ticket_created, ticket_id=ticket.pk, ticket=ticket, actor_id=actor.pk if actor else None
        )
    return ticket


def ticket_record_suggestion(*, ticket_id: int, suggestion: Suggestion) -> Ticket:
    """Store a later suggestion (e.g. the language model's recheck). Labels nobody chose by hand
    follow it; labels a person chose stay."""
    with transaction.atomic():
        ticket = _locked_ticket(ticket_id)
        before = _counted_state(ticket)
        ticket.suggested_category = suggestion.category
        ticket.suggested_priority = suggestion.priority
        ticket.suggestion_source = suggestion.source
        ticket.suggestion_confidence = suggestion.confidence
        ticket.suggestion_model_version = suggestion.model_version
        unchosen = (LabelSource.SUGGESTION, LabelSource.DEFAULT)
        changes: dict[str, tuple[Any, Any]] = {}
        for field, value in (("category", suggestion.category), ("priority", suggestion.priority)):
            if value and getattr(ticket, f"{field}_source") in unchosen and getattr(ticket, field) != value:
                changes[field] = (getattr(ticket, field), value)
                setattr(ticket, field, value)
                setattr(ticket, f"{field}_source", LabelSource.SUGGESTION)
        if changes:
            ticket.version += 1
            ticket.updated_at = timezone.now()
        ticket.save()
        _record_suggestion(ticket, suggestion, labels_changed=bool(changes))
        counters.apply_deltas(counters.deltas_between(before, _counted_state(ticket)))
        if changes:
            signals.send_on_commit(
                signals.ticket_updated, ticket_id=ticket.pk, changes=changes, actor_id=None
            )
    return ticket


def ticket_update(
    *,
    ticket_id: int,
    changes: Mapping[str, Any],
    actor: User | None = None,
    expected_version: int | None = None,
) -> Ticket:
    """Apply a partial update under a row lock, so concurrent writers see each other's changes.

    With `expected_version`, a ticket changed since the client read it raises VersionConflict.
    """
    unknown = set(changes) - UPDATABLE_FIELDS
    if unknown:
        raise ValueError(f"not updatable: {sorted(unknown)}")
    with transaction.atomic():
        ticket = _locked_ticket(ticket_id)
        if expected_version is not None and expected_version != ticket.version:
            raise VersionConflict(ticket)
        before = _counted_state(ticket)
        changed = {
            field: (getattr(ticket, field), value)
            for field, value in changes.items()
            if getattr(ticket, field) != value
        }
        if not changed:
            return ticket
        for field, (_, value) in changed.items():
            setattr(ticket, field, value)
        for field in ("category", "priority"):
            if field in changed:
                setattr(ticket, f"{field}_source", _chosen_by(actor))
        now = timezone.now()
        ticket.updated_at = now
        ticket.version += 1
        _apply_resolution(ticket, now)
        ticket.save(
            update_fields=[
                *changed,
                "category_source",
                "priority_source",
                "updated_at",
                "version",
                "resolved_at",
                "resolution_seconds",
            ],
        )
        for field, (old, new) in changed.items():
            event_record(ticket=ticket, kind=FIELD_EVENTS[field], actor=actor, old_value=old, new_value=new)
        counters.apply_deltas(counters.deltas_between(before, _counted_state(ticket)))
        signals.send_on_commit(
            signals.ticket_updated,
            ticket_id=ticket.pk,
            changes={field: (_stored(old), _stored(new)) for field, (old, new) in changed.items()},
            actor_id=actor.pk if actor else None,
        )
    return ticket


def _stored(value: Any) -> Any:
    """A field value as its column stores it (a user as their id)."""
    return value.pk if isinstance(value, User) else value


def ticket_delete(*, ticket_id: int, actor: User) -> TicketDeletion:
    """Delete a ticket (admins only), take it out of the statistics, and keep a record of the
    deletion that outlives the ticket and its timeline."""
    if not actor.is_admin:
        raise ApplicationError(
            "Only admins can delete tickets.", code=ErrorCode.PERMISSION_DENIED, status_code=403
        )
    with transaction.atomic():
        ticket = _locked_ticket(ticket_id)
        before = _counted_state(ticket)
        record = TicketDeletion.objects.create(
            ticket_id=ticket.pk,
            title=ticket.title,
            requester=ticket.requester,
            ticket_created_at=ticket.created_at,
            deleted_by=actor,
            deleted_by_username=actor.get_username(),
        )
        title = ticket.title
        ticket.delete()
        counters.apply_deltas(counters.deltas_between(before, None))
        signals.send_on_commit(signals.ticket_deleted, ticket_id=ticket_id, title=title, actor_id=actor.pk)
    logger.info("ticket deleted", extra={"ticket_id": ticket_id, "actor_id": actor.pk})
    return record


def _add_participants(ticket: Ticket, participants: Sequence[tuple[str, str]]) -> None:
    if not participants:
        return
    known = set(ticket.participants.values_list("email", flat=True))
    for email, name in participants:
        address = email.strip().lower()
        if address and address not in known:
            known.add(address)
            TicketParticipant.objects.create(ticket=ticket, email=address, name=name[:200])


def participants_add(*, ticket_id: int, participants: Sequence[tuple[str, str]]) -> None:
    """Copy more addresses on a ticket's conversation (those already on it are kept once)."""
    with transaction.atomic():
        _add_participants(_locked_ticket(ticket_id), participants)


def message_create(
    *,
    ticket_id: int,
    author: User,
    body: str,
    is_internal: bool,
    channel: str = Channel.WEB,
    attachments: Sequence[AttachmentUpload] = (),
) -> TicketMessage:
    """Add a public reply or an internal note (with its files), and record it on the timeline.

    A customer who writes on a resolved or closed ticket still needs help: it reopens.
    """
    check_attachment_limits(attachments)
    with transaction.atomic():
        ticket = _locked_ticket(ticket_id)
        message = TicketMessage.objects.create(
            ticket=ticket, author=author, body=body, is_internal=is_internal, channel=channel
        )
        attachments_store(ticket=ticket, message=message, uploads=attachments, uploaded_by=author)
        kind = EventKind.NOTE_ADDED if is_internal else EventKind.MESSAGE_ADDED
        event_record(ticket=ticket, kind=kind, actor=author, data={"message_id": message.pk})
        Ticket.objects.filter(pk=ticket.pk).update(updated_at=message.created_at)
        if not author.is_agent and ticket.status in RESOLVED_STATUSES:
            ticket_update(ticket_id=ticket.pk, changes={"status": Status.OPEN}, actor=author)
        signals.send_on_commit(
            signals.message_created,
            ticket_id=ticket.pk,
            message_id=message.pk,
            message=message,
            is_internal=is_internal,
            author_id=author.pk,
        )
    return message
