"""Recording the audit timeline; called by the services inside their transactions."""

from __future__ import annotations

from typing import Any

from support_desk.accounts.models import User
from support_desk.tickets.enums import ActorKind, EventKind
from support_desk.tickets.models import Ticket, TicketEvent

FIELD_EVENTS: dict[str, EventKind] = {
    "status": EventKind.STATUS_CHANGED,
    "priority": EventKind.PRIORITY_CHANGED,
    "category": EventKind.CATEGORY_CHANGED,
    "assignee": EventKind.ASSIGNEE_CHANGED,
    "title": EventKind.TITLE_CHANGED,
    "description": EventKind.DESCRIPTION_CHANGED,
}


def _short(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, User):
        return str(value.pk)
    return str(value)[:200]


def event_record(
    *,
    ticket: Ticket,
    kind: EventKind,
    actor: User | None,
    actor_kind: ActorKind = ActorKind.USER,
    source: str = "",
    old_value: Any = None,
    new_value: Any = None,
    data: dict[str, Any] | None = None,
) -> TicketEvent:
    return TicketEvent.objects.create(
        ticket=ticket,
        kind=kind,
        actor=actor if actor_kind == ActorKind.USER else None,
        actor_kind=actor_kind if actor is not None or actor_kind != ActorKind.USER else ActorKind.SYSTEM,
        source=source,
        old_value=_short(old_value),
        new_value=_short(new_value),
        data=data or {},
    )
