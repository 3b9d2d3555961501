"""What happened to tickets, announced to whoever listens, once the change is committed.

Tickets know nothing of the domains built on them (triage rechecks, mail, service levels,
webhooks): those connect receivers to these signals in their app's `ready()`. Signals are sent
after the write's transaction commits, so a receiver never sees a change that was rolled back,
and a receiver that fails is logged without undoing or failing the write.

Every signal is sent with `ticket_id`; the others are listed beside each one.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.dispatch import Signal

logger = logging.getLogger(__name__)

# A ticket was created (`ticket`: the saved instance; `actor_id`: who created it, or None).
ticket_created = Signal()
# Fields of a ticket changed (`changes`: {field: (old, new)}, values as stored, `tags` as sorted
# lists of names; `actor_id`).
ticket_updated = Signal()
# A reply or internal note was added (`message_id`, `message`, `is_internal`, `author_id`).
message_created = Signal()
# A ticket was deleted (`title`, `actor_id`).
ticket_deleted = Signal()
# A service-level target reached 80% of its time (`target`: first_response, next_response or
# resolution; `due`: ISO 8601; `assignee_id`, or None when unassigned; `late_reply`: False).
sla_warning = Signal()
# A service-level target was breached (same arguments; `late_reply` is True when the breach was
# found by the late reply or resolution itself rather than by the watch).
sla_breached = Signal()


def send_on_commit(signal: Signal, **kwargs: Any) -> None:
    """Send `signal` once the current transaction commits (at once outside a transaction)."""

    def send() -> None:
        for receiver, result in signal.send_robust(sender=None, **kwargs):
            if isinstance(result, Exception):
                logger.error(
                    "a ticket signal receiver failed",
                    exc_info=(type(result), result, result.__traceback__),
                    extra={"receiver": getattr(receiver, "__qualname__", repr(receiver)), **_ids(kwargs)},
                )

    transaction.on_commit(send)


def _ids(kwargs: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in kwargs.items() if key.endswith("_id")}
