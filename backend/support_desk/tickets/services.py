"""Every write to tickets. Each one, in a single transaction, also keeps the statistics
counters exact and records the audit events of what it changed; once it commits, the ticket
signals (tickets/signals.py) tell the domains built on tickets what happened."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from support_desk.accounts.models import User
from support_desk.core.deadlocks import retry_on_deadlock
from support_desk.core.errors import ApplicationError, ErrorCode, NotFoundError, error_body
from support_desk.sla.clocks import Alert, RaisedAlert, Target, bits_targets
from support_desk.tickets import counters, satisfaction, signals, sla_clocks
from support_desk.tickets.attachments import AttachmentUpload, attachments_store, check_attachment_limits
from support_desk.tickets.enums import (
    MAX_TAGS_PER_TICKET,
    REOPENED_BY_CUSTOMER,
    RESOLVED_STATUSES,
    TAG_MAX_LENGTH,
    ActorKind,
    Channel,
    EventKind,
    LabelSource,
    Rating,
    Status,
)
from support_desk.tickets.events import FIELD_EVENTS, event_record
from support_desk.tickets.models import (
    Attachment,
    SatisfactionSurvey,
    Tag,
    Ticket,
    TicketDeletion,
    TicketEvent,
    TicketMessage,
    TicketParticipant,
    TicketTag,
)
from support_desk.tickets.selectors import ticket_tag_names
from support_desk.triage.engine import NO_SUGGESTION, Suggestion, suggest_for_ticket, triage_enabled
from support_desk.triage.taxonomy import DEFAULT_CATEGORY, DEFAULT_PRIORITY

logger = logging.getLogger(__name__)

UPDATABLE_FIELDS = frozenset({"title", "description", "category", "priority", "status", "assignee"})
# The ticket's copy of its latest satisfaction survey.
SURVEY_COLUMNS = ("resolution_count", "rating", "rating_comment", "rated_at")


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


def _sla_outcome(ticket: Ticket, target: Target, reached: bool) -> str | None:
    if target in bits_targets(ticket.sla_breached):
        return "breached"
    due = ticket.first_response_due_at if target == Target.FIRST_RESPONSE else ticket.resolution_due_at
    return "met" if reached and due is not None else None


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
        unresolved=ticket.status not in RESOLVED_STATUSES,
        first_response_seconds=ticket.first_response_seconds,
        first_response_outcome=_sla_outcome(
            ticket, Target.FIRST_RESPONSE, reached=ticket.first_response_at is not None
        ),
        resolution_outcome=_sla_outcome(
            ticket, Target.RESOLUTION, reached=ticket.status in RESOLVED_STATUSES
        ),
        next_responses_met=ticket.next_responses_met,
        next_responses_breached=ticket.next_responses_breached,
        breached_due=tuple(
            due
            for target, due in (
                (Target.FIRST_RESPONSE, ticket.first_response_due_at),
                (Target.RESOLUTION, ticket.resolution_due_at),
            )
            if due is not None and _sla_outcome(ticket, target, reached=False) == "breached"
        ),
    )


def _record_alerts(ticket: Ticket, alerts: list[RaisedAlert], *, late_reply: bool = False) -> dict[str, int]:
    """Service-level warnings and breaches on the timeline (recorded by the system), their
    signals after commit, and the per-day counter deltas of next-response breaches (the other
    targets' breaches are counted from the ticket's state)."""
    deltas: dict[str, int] = {}
    for alert in alerts:
        breach = alert.alert == Alert.BREACH
        event_record(
            ticket=ticket,
            kind=EventKind.SLA_BREACHED if breach else EventKind.SLA_WARNING,
            actor=None,
            actor_kind=ActorKind.SYSTEM,
            new_value=alert.target.value,
            data={"target": alert.target.value, "due": alert.due.isoformat()},
        )
        if breach and alert.target == Target.NEXT_RESPONSE:
            key = counters.breach_day_key(alert.due)
            deltas[key] = deltas.get(key, 0) + 1
        signals.send_on_commit(
            signals.sla_breached if breach else signals.sla_warning,
            ticket_id=ticket.pk,
            target=alert.target.value,
            due=alert.due.isoformat(),
            assignee_id=ticket.assignee_id,
            late_reply=late_reply,
        )
    return deltas


def _merged(*deltas: Mapping[str, int]) -> dict[str, int]:
    total: dict[str, int] = {}
    for part in deltas:
        for key, value in part.items():
            total[key] = total.get(key, 0) + value
    return {key: value for key, value in total.items() if value}


def normalized_tag(name: str) -> str:
    """A tag as stored: lower-case, single spaces; blank or over-long is a validation error."""
    tag = " ".join(name.split()).lower()
    if not tag:
        raise ApplicationError("A tag cannot be blank.")
    if len(tag) > TAG_MAX_LENGTH:
        raise ApplicationError(f"A tag has at most {TAG_MAX_LENGTH} characters.")
    return tag


def _set_tags(
    ticket: Ticket, names: set[str], actor: User | None, *, current: set[str]
) -> tuple[list[str], list[str]]:
    """Give the ticket exactly these tags (creating new ones), each change on the timeline;
    `current` is what it has now, read by the caller under the ticket's lock."""
    added, removed = sorted(names - current), sorted(current - names)
    if len(names) > MAX_TAGS_PER_TICKET:
        raise ApplicationError(f"A ticket has at most {MAX_TAGS_PER_TICKET} tags.")
    if removed:
        TicketTag.objects.filter(ticket=ticket, tag__name__in=removed).delete()
    for name in added:
        tag, _ = Tag.objects.get_or_create(name=name)
        TicketTag.objects.create(ticket=ticket, tag=tag)
        event_record(ticket=ticket, kind=EventKind.TAG_ADDED, actor=actor, new_value=name)
    for name in removed:
        event_record(ticket=ticket, kind=EventKind.TAG_REMOVED, actor=actor, old_value=name)
    return sorted(current), sorted(names)


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
    tags: Sequence[str] = (),
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
        sla_clocks.on_create(ticket)
        ticket.save(force_insert=True)
        event_record(ticket=ticket, kind=EventKind.CREATED, actor=actor, new_value=ticket.status)
        attachments_store(ticket=ticket, message=None, uploads=attachments, uploaded_by=actor)
        _add_participants(ticket, participants)
        if tags:
            _set_tags(ticket, {normalized_tag(name) for name in tags}, actor, current=set())
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
    add_tags: Sequence[str] = (),
    remove_tags: Sequence[str] = (),
) -> Ticket:
    """Apply a partial update under a row lock, so concurrent writers see each other's changes.

    With `expected_version`, a ticket changed since the client read it raises VersionConflict.
    `changes["tags"]` replaces the ticket's tags; `add_tags` and `remove_tags` change some.
    Status, priority and category changes move the service-level clocks (tickets/sla_clocks.py).
    """
    fields = {key: value for key, value in changes.items() if key != "tags"}
    unknown = set(fields) - UPDATABLE_FIELDS
    if unknown:
        raise ValueError(f"not updatable: {sorted(unknown)}")
    with transaction.atomic():
        ticket = _locked_ticket(ticket_id)
        if expected_version is not None and expected_version != ticket.version:
            raise VersionConflict(ticket)
        before = _counted_state(ticket)
        old_status = ticket.status
        changed = {
            field: (getattr(ticket, field), value)
            for field, value in fields.items()
            if getattr(ticket, field) != value
        }
        tag_change = None
        if "tags" in changes or add_tags or remove_tags:
            current = set(ticket_tag_names(ticket))
            wanted = {normalized_tag(name) for name in changes["tags"]} if "tags" in changes else set(current)
            wanted = (wanted | {normalized_tag(name) for name in add_tags}) - {
                normalized_tag(name) for name in remove_tags
            }
            if wanted != current:
                tag_change = _set_tags(ticket, wanted, actor, current=current)
        if not changed and tag_change is None:
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
        survey_deltas: dict[str, int] = {}
        if (
            old_status not in RESOLVED_STATUSES
            and ticket.status in RESOLVED_STATUSES
            and satisfaction.asks_requester(ticket)
        ):
            survey_deltas = satisfaction.survey_open(ticket, resolved_at=now)
        clock_change = sla_clocks.on_update(ticket, changed, old_status=old_status, now=now)
        ticket.save(
            update_fields=[
                *changed,
                "category_source",
                "priority_source",
                "updated_at",
                "version",
                "resolved_at",
                "resolution_seconds",
                *sla_clocks.SLA_COLUMNS,
                *SURVEY_COLUMNS,
            ],
        )
        for field, (old, new) in changed.items():
            event_record(ticket=ticket, kind=FIELD_EVENTS[field], actor=actor, old_value=old, new_value=new)
        breach_deltas = _record_alerts(ticket, clock_change.breaches)
        counters.apply_deltas(
            _merged(counters.deltas_between(before, _counted_state(ticket)), breach_deltas, survey_deltas)
        )
        stored_changes = {field: (_stored(old), _stored(new)) for field, (old, new) in changed.items()}
        if tag_change is not None:
            stored_changes["tags"] = tag_change
        signals.send_on_commit(
            signals.ticket_updated,
            ticket_id=ticket.pk,
            changes=stored_changes,
            actor_id=actor.pk if actor else None,
        )
    return ticket


def ticket_record_sla_alerts(*, ticket_id: int, now: datetime | None = None) -> list[RaisedAlert]:
    """Record the warnings (at 80% of a target) and breaches that have fallen due on one
    ticket; called by the service-level watch (tickets/sla_watch.py). Idempotent: what was
    recorded is remembered on the ticket."""
    with transaction.atomic():
        ticket = Ticket.objects.select_for_update().filter(pk=ticket_id).first()
        if ticket is None:
            return []
        before = _counted_state(ticket)
        raised = sla_clocks.raise_alerts(ticket, now=now or timezone.now())
        ticket.save(update_fields=list(sla_clocks.SLA_COLUMNS))
        breach_deltas = _record_alerts(ticket, raised)
        counters.apply_deltas(_merged(counters.deltas_between(before, _counted_state(ticket)), breach_deltas))
    return raised


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
        survey_deltas = satisfaction.surveys_removed(ticket)
        ticket.delete()
        counters.apply_deltas(_merged(counters.deltas_between(before, None), survey_deltas))
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


def _count_public_reply(ticket: Ticket, *, by_agent: bool, at: datetime) -> None:
    """A public reply moves the response clocks; a late one records its breach."""
    before = _counted_state(ticket)
    change = sla_clocks.on_public_reply(ticket, by_agent=by_agent, at=at)
    ticket.save(update_fields=list(sla_clocks.SLA_COLUMNS))
    breach_deltas = _record_alerts(ticket, change.breaches, late_reply=True)
    counters.apply_deltas(_merged(counters.deltas_between(before, _counted_state(ticket)), breach_deltas))


def message_create(
    *,
    ticket_id: int,
    author: User,
    body: str,
    is_internal: bool,
    channel: str = Channel.WEB,
    attachments: Sequence[AttachmentUpload] = (),
    reopen_resolved: bool = True,
) -> TicketMessage:
    """Add a public reply or an internal note (with its files), and record it on the timeline.

    A customer who writes on a pending, resolved or closed ticket still needs help: it reopens
    (a resolved or closed one only with `reopen_resolved`, which mail from a sender who is not
    proven turns off: it is added, and an agent decides).
    An agent's public reply answers the first (or next) response target.
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
        reopens = ticket.status in REOPENED_BY_CUSTOMER and (
            reopen_resolved or ticket.status not in RESOLVED_STATUSES
        )
        if not author.is_agent and reopens:
            ticket = ticket_update(ticket_id=ticket.pk, changes={"status": Status.OPEN}, actor=author)
        if not is_internal:
            _count_public_reply(ticket, by_agent=author.is_agent, at=message.created_at)
        signals.send_on_commit(
            signals.message_created,
            ticket_id=ticket.pk,
            message_id=message.pk,
            message=message,
            is_internal=is_internal,
            author_id=author.pk,
        )
    return message


@dataclass(frozen=True)
class BulkResult:
    """One ticket's outcome in a bulk change: its new version, or why it was not changed."""

    id: int
    ok: bool
    version: int | None = None
    error: dict[str, str] | None = None


def tickets_bulk_update(
    *,
    ticket_ids: Sequence[int],
    changes: Mapping[str, Any],
    actor: User,
    add_tags: Sequence[str] = (),
    remove_tags: Sequence[str] = (),
) -> list[BulkResult]:
    """Apply the same change to several tickets, each through `ticket_update` in its own
    transaction (audit events, counters, versions, signals), so one failure stops nobody."""
    results = []
    for ticket_id in dict.fromkeys(ticket_ids):
        try:
            ticket = ticket_update(
                ticket_id=ticket_id, changes=changes, actor=actor, add_tags=add_tags, remove_tags=remove_tags
            )
        except ApplicationError as error:
            results.append(BulkResult(id=ticket_id, ok=False, error=error_body(error.detail, error.code)))
        else:
            results.append(BulkResult(id=ticket_id, ok=True, version=ticket.version))
    return results


def _admin_only(actor: User) -> None:
    if not actor.is_admin:
        raise ApplicationError(
            "Only admins can rename or merge tags.", code=ErrorCode.PERMISSION_DENIED, status_code=403
        )


def tag_rename(*, tag_id: int, name: str, actor: User) -> Tag:
    """Rename a tag on every ticket at once (admins). A name another tag has is a conflict:
    merge the two instead."""
    _admin_only(actor)
    new_name = normalized_tag(name)
    with transaction.atomic():
        tag = Tag.objects.select_for_update().filter(pk=tag_id).first()
        if tag is None:
            raise NotFoundError("Tag not found.")
        if Tag.objects.filter(name=new_name).exclude(pk=tag_id).exists():
            raise ApplicationError(
                f"A tag named {new_name!r} exists; merge into it instead.",
                code=ErrorCode.CONFLICT,
                status_code=409,
            )
        old_name, tag.name = tag.name, new_name
        tag.save(update_fields=["name"])
        tagged = list(TicketTag.objects.filter(tag=tag).values_list("ticket_id", flat=True))
        _record_tag_swap(tagged, removed=old_name, added=new_name, actor=actor)
    logger.info(
        "tag renamed", extra={"tag_id": tag_id, "actor_id": actor.pk, "old": old_name, "new": new_name}
    )
    return tag


def _record_tag_swap(ticket_ids: Sequence[int], *, removed: str, added: str | None, actor: User) -> None:
    """The timeline entries of a rename or merge on each ticket it touched: the old name
    removed and the new one added, as if an agent had changed the tag by hand."""
    events = []
    for ticket_id in ticket_ids:
        events.append(
            TicketEvent(ticket_id=ticket_id, kind=EventKind.TAG_REMOVED, actor=actor, old_value=removed)
        )
        if added is not None:
            events.append(
                TicketEvent(ticket_id=ticket_id, kind=EventKind.TAG_ADDED, actor=actor, new_value=added)
            )
    TicketEvent.objects.bulk_create(events, batch_size=2000)


def tag_merge(*, tag_id: int, into_id: int, actor: User) -> Tag:
    """Merge a tag into another on every ticket (admins): tickets with either keep one link."""
    _admin_only(actor)
    if tag_id == into_id:
        raise ApplicationError("A tag cannot be merged into itself.")
    with transaction.atomic():
        tags = {tag.pk: tag for tag in Tag.objects.select_for_update().filter(pk__in=[tag_id, into_id])}
        if len(tags) != 2:
            raise NotFoundError("Tag not found.")
        already = set(TicketTag.objects.filter(tag_id=into_id).values_list("ticket_id", flat=True))
        tagged = list(TicketTag.objects.filter(tag_id=tag_id).values_list("ticket_id", flat=True))
        TicketTag.objects.filter(tag_id=tag_id, ticket_id__in=already).delete()
        moved = TicketTag.objects.filter(tag_id=tag_id).update(tag_id=into_id)
        name, into_name = tags[tag_id].name, tags[into_id].name
        _record_tag_swap([pk for pk in tagged if pk in already], removed=name, added=None, actor=actor)
        _record_tag_swap(
            [pk for pk in tagged if pk not in already], removed=name, added=into_name, actor=actor
        )
        tags[tag_id].delete()
    logger.info(
        "tags merged", extra={"tag_id": tag_id, "into_id": into_id, "tickets": moved, "actor_id": actor.pk}
    )
    return tags[into_id]


def _locked_pair(first_id: int, second_id: int) -> tuple[Ticket, Ticket]:
    """Two tickets row-locked in id order, so two operations on the same pair cannot deadlock."""
    if first_id == second_id:
        raise ApplicationError("A ticket cannot be a duplicate of itself.")
    locked = {pk: _locked_ticket(pk) for pk in sorted((first_id, second_id))}
    return locked[first_id], locked[second_id]


def _check_can_point_at(ticket: Ticket, original: Ticket) -> None:
    if ticket.duplicate_of_id is not None:
        raise ApplicationError(
            f"Ticket #{ticket.pk} is already a duplicate of #{ticket.duplicate_of_id}.",
            code=ErrorCode.CONFLICT,
            status_code=409,
        )
    if original.duplicate_of_id is not None:
        raise ApplicationError(
            f"Ticket #{original.pk} is itself a duplicate of #{original.duplicate_of_id}; "
            f"use #{original.duplicate_of_id} instead."
        )


def _link_duplicate(ticket: Ticket, original: Ticket, actor: User) -> None:
    """Close `ticket` and point it at `original` (inside the caller's transaction)."""
    ticket_update(ticket_id=ticket.pk, changes={"status": Status.CLOSED}, actor=actor)
    Ticket.objects.filter(pk=ticket.pk).update(
        duplicate_of=original, updated_at=timezone.now(), version=F("version") + 1
    )
    signals.send_on_commit(
        signals.ticket_updated,
        ticket_id=ticket.pk,
        changes={"duplicate_of": (None, original.pk)},
        actor_id=actor.pk,
    )


@retry_on_deadlock
def ticket_mark_duplicate(
    *, ticket_id: int, duplicate_of_id: int, actor: User, reply: str | None = None
) -> Ticket:
    """Close a ticket as a duplicate of another, linked both ways and recorded on both timelines.

    With `reply`, the requester of the duplicate gets that public reply first, through the
    normal message service (so it is audited and mailed like any other reply).
    """
    with transaction.atomic(), counters.counter_batch():
        ticket, original = _locked_pair(ticket_id, duplicate_of_id)
        _check_can_point_at(ticket, original)
        reply_id = None
        if reply:
            reply_id = message_create(ticket_id=ticket.pk, author=actor, body=reply, is_internal=False).pk
        _link_duplicate(ticket, original, actor)
        event_record(
            ticket=ticket,
            kind=EventKind.MARKED_DUPLICATE,
            actor=actor,
            new_value=original.pk,
            data={"duplicate_of": original.pk, "reply_message_id": reply_id},
        )
        event_record(
            ticket=original,
            kind=EventKind.DUPLICATE_ADDED,
            actor=actor,
            new_value=ticket.pk,
            data={"duplicate": ticket.pk},
        )
    logger.info("ticket marked duplicate", extra={"ticket_id": ticket_id, "duplicate_of": duplicate_of_id})
    return Ticket.objects.get(pk=ticket_id)


@retry_on_deadlock
def ticket_merge(*, ticket_id: int, into_id: int, actor: User) -> Ticket:
    """Move a ticket's conversation and files into another ticket and close it, pointing at the
    one it joined. Both timelines record the merge with the ids of the messages and files that
    moved (a file keeps its message, so it stays with the reply it came with)."""
    with transaction.atomic(), counters.counter_batch():
        ticket, target = _locked_pair(ticket_id, into_id)
        _check_can_point_at(ticket, target)
        moved = list(
            TicketMessage.objects.filter(ticket=ticket)
            .order_by("created_at", "id")
            .values_list("pk", flat=True)
        )
        files = list(Attachment.objects.filter(ticket=ticket).order_by("id").values_list("pk", flat=True))
        TicketMessage.objects.filter(pk__in=moved).update(ticket=target)
        Attachment.objects.filter(pk__in=files).update(ticket=target)
        Ticket.objects.filter(pk=target.pk).update(updated_at=timezone.now())
        _link_duplicate(ticket, target, actor)
        data = {"into": target.pk, "from": ticket.pk, "message_ids": moved, "attachment_ids": files}
        event_record(ticket=ticket, kind=EventKind.MERGED_INTO, actor=actor, new_value=target.pk, data=data)
        event_record(ticket=target, kind=EventKind.MERGED_FROM, actor=actor, new_value=ticket.pk, data=data)
        signals.send_on_commit(
            signals.ticket_updated,
            ticket_id=target.pk,
            changes={"merged_from": (None, ticket.pk)},
            actor_id=actor.pk,
        )
    logger.info("ticket merged", extra={"ticket_id": ticket_id, "into": into_id, "messages": len(moved)})
    return Ticket.objects.get(pk=ticket_id)


def ticket_set_language(*, ticket_id: int, language: str | None) -> None:
    """Store the language detected from a ticket's text. A derived value, like the search
    vector: no version bump, no timeline entry."""
    Ticket.objects.filter(pk=ticket_id).update(language=language)


def ticket_rate(
    *, ticket_id: int, resolution: int, rating: str, comment: str | None = None, actor: User | None = None
) -> SatisfactionSurvey:
    """Answer (or change the answer to) "How did we do?" for one resolution of a ticket.

    `resolution` must be the ticket's latest one, and the ticket still resolved: a link from
    an earlier resolution, or one for a ticket that was reopened, is refused (409). `comment`
    None keeps the comment given before. `actor` is the requester when signed in; None when
    the answer came through a mail's signed link. Recorded on the timeline.
    """
    if rating not in Rating.values:
        raise ApplicationError(f"A rating is one of: {', '.join(Rating.values)}.")
    with transaction.atomic():
        ticket = _locked_ticket(ticket_id)
        survey = (
            SatisfactionSurvey.objects.select_for_update().filter(ticket=ticket, number=resolution).first()
        )
        if survey is None:
            raise NotFoundError("This ticket has no satisfaction survey to answer.")
        if resolution != ticket.resolution_count or ticket.status not in RESOLVED_STATUSES:
            raise ApplicationError(
                "This ticket has been reopened since; its rating is asked again when it is resolved.",
                code=ErrorCode.CONFLICT,
                status_code=409,
            )
        before = satisfaction.survey_state(survey)
        old_rating, old_comment = survey.rating, survey.comment
        now = timezone.now()
        survey.rating = rating
        if comment is not None:
            survey.comment = comment.strip()
        if (old_rating, old_comment) == (survey.rating, survey.comment):
            return survey
        survey.rated_at = now
        survey.save(update_fields=["rating", "comment", "rated_at"])
        ticket.rating, ticket.rating_comment, ticket.rated_at = survey.rating, survey.comment, now
        ticket.save(update_fields=["rating", "rating_comment", "rated_at"])
        event_record(
            ticket=ticket,
            kind=EventKind.SATISFACTION_RATED,
            actor=actor,
            actor_kind=ActorKind.USER if actor is not None else ActorKind.SYSTEM,
            old_value=old_rating,
            new_value=rating,
            data={
                "resolution": resolution,
                "comment": survey.comment,
                "via": "web" if actor else "mail_link",
            },
        )
        counters.apply_deltas(counters.survey_deltas(before, satisfaction.survey_state(survey)))
        signals.send_on_commit(
            signals.ticket_updated,
            ticket_id=ticket.pk,
            changes={"rating": (old_rating, rating)},
            actor_id=actor.pk if actor else None,
        )
    return survey
