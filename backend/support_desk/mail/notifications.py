"""Who is told what, by mail, when tickets change: receivers on the ticket signals (sent after
commit) queue a job, which records the mails (outbound.notify) and queues each for sending.
Internal notes never leave.

- Requester and people copied on the ticket: the acknowledgement of a new ticket (not for
  automatic mail, and at most MAIL_ACKS_PER_SENDER_PER_HOUR per address), every public reply
  by an agent, a note when the ticket is resolved.
- Agents: a ticket assigned to them, a customer's reply on a ticket they hold, new tickets
  (opt-in).
Each person can turn each kind off (NotificationPreference); nobody is mailed about their own
action.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import Any

from celery import shared_task
from django.dispatch import receiver

from support_desk.accounts.models import STAFF_ROLES, User
from support_desk.core.jobs import RecordedTask
from support_desk.mail.enums import NotificationKind, SenderVerification
from support_desk.mail.links import Recipient
from support_desk.mail.models import InboundMail, NotificationPreference
from support_desk.mail.outbound import notify
from support_desk.tickets.enums import RESOLVED_STATUSES, Channel
from support_desk.tickets.models import Ticket, TicketMessage
from support_desk.tickets.signals import message_created, ticket_created, ticket_updated

logger = logging.getLogger(__name__)


def _customers(ticket: Ticket, *, except_user_id: int | None = None) -> list[Recipient]:
    people: list[Recipient] = []
    requester = ticket.requester
    if requester is not None and requester.email and requester.pk != except_user_id:
        people.append(Recipient.of(requester))
    for participant in ticket.participants.all():
        people.append(Recipient(email=participant.email, name=participant.name))
    return people


def _agent(user: User | None, *, except_user_id: int | None) -> list[Recipient]:
    if user is None or not user.email or not user.is_agent or user.pk == except_user_id:
        return []
    return [Recipient.of(user)]


def _came_automatically(ticket_id: int, message_id: int | None, channel: str) -> bool:
    """Whether the mail that made this ticket or reply was automatic (then nobody is told, so
    two machines never answer each other)."""
    if channel != Channel.EMAIL:
        return False
    return InboundMail.objects.filter(
        ticket_id=ticket_id, ticket_message_id=message_id, is_automatic=True
    ).exists()


def _notify(
    kind: NotificationKind,
    ticket: Ticket,
    recipients: Iterable[Recipient],
    message: TicketMessage | None = None,
    extra_context: Mapping[str, object] | None = None,
) -> None:
    """Record and queue one kind of mail; a failure is logged, never passed to the ticket's writer."""
    try:
        notify(kind=kind, ticket=ticket, recipients=recipients, message=message, extra_context=extra_context)
    except Exception:
        logger.exception("a notification could not be queued", extra={"kind": kind, "ticket_id": ticket.pk})


def _agents_except(user_id: int | None) -> Iterable[Recipient]:
    """Agents who turned new-ticket mail on (it is off by default), but the one who acted."""
    choices = NotificationPreference.objects.filter(
        kind=NotificationKind.NEW_TICKET, enabled=True, user__role__in=STAFF_ROLES, user__is_active=True
    ).select_related("user")
    agents = [choice.user for choice in choices if choice.user.email and choice.user_id != user_id]
    return [Recipient.of(agent) for agent in agents]


def _queue(task: Any, *args: Any) -> None:
    """Hand the work to a job: the request (or the mail pipeline) that changed the ticket only
    pays for queueing it. Without a broker it runs here, right away."""
    try:
        task.delay(*args)
    except Exception:
        # The ticket is saved; a broker outage costs these notifications, and is logged.
        logger.exception("could not queue notifications", extra={"task": task.name, "args": args})


@receiver(ticket_created, dispatch_uid="mail.notify_ticket_created")
def _on_ticket_created(sender: Any, *, ticket_id: int, actor_id: int | None = None, **kwargs: Any) -> None:
    _queue(notify_ticket_created, ticket_id, actor_id)


@receiver(ticket_updated, dispatch_uid="mail.notify_ticket_updated")
def _on_ticket_updated(
    sender: Any,
    *,
    ticket_id: int,
    changes: dict[str, tuple[Any, Any]],
    actor_id: int | None = None,
    **kwargs: Any,
) -> None:
    assigned = "assignee" in changes and changes["assignee"][1] is not None
    resolved = (
        "status" in changes
        and changes["status"][1] in RESOLVED_STATUSES
        and changes["status"][0] not in RESOLVED_STATUSES
    )
    if assigned or resolved:
        assignee_id = changes["assignee"][1] if assigned else None
        _queue(notify_ticket_updated, ticket_id, assignee_id, resolved, actor_id)


@receiver(message_created, dispatch_uid="mail.notify_message_created")
def _on_message_created(
    sender: Any,
    *,
    ticket_id: int,
    message_id: int,
    is_internal: bool,
    author_id: int | None = None,
    **kwargs: Any,
) -> None:
    if not is_internal:  # internal notes never leave
        _queue(notify_message_created, message_id, author_id)


@shared_task(base=RecordedTask, name="mail.notify_ticket_created", max_retries=0)
def notify_ticket_created(ticket_id: int, actor_id: int | None) -> None:
    """The acknowledgement to the requester and the Cc'd (unless the mail that opened the
    ticket was automatic), and new-ticket mail to the agents who want it."""
    ticket = Ticket.objects.select_related("requester", "assignee").filter(pk=ticket_id).first()
    if ticket is None:
        return
    if not _came_automatically(ticket.pk, None, ticket.channel):
        _notify(NotificationKind.TICKET_ACKNOWLEDGED, ticket, _customers(ticket))
    _notify(NotificationKind.NEW_TICKET, ticket, _agents_except(actor_id))


@shared_task(base=RecordedTask, name="mail.notify_ticket_updated", max_retries=0)
def notify_ticket_updated(
    ticket_id: int, assignee_id: int | None, resolved: bool, actor_id: int | None
) -> None:
    """A ticket assigned to an agent (who did not take it themselves); a resolved ticket."""
    ticket = Ticket.objects.select_related("requester", "assignee").filter(pk=ticket_id).first()
    if ticket is None:
        return
    if assignee_id is not None and ticket.assignee_id == assignee_id:
        _notify(NotificationKind.TICKET_ASSIGNED, ticket, _agent(ticket.assignee, except_user_id=actor_id))
    if resolved and ticket.status in RESOLVED_STATUSES:
        _notify(NotificationKind.TICKET_RESOLVED, ticket, _customers(ticket, except_user_id=actor_id))


@shared_task(base=RecordedTask, name="mail.notify_message_created", max_retries=0)
def notify_message_created(message_id: int, author_id: int | None) -> None:
    """An agent's public reply to the customers; a customer's reply to the agent holding the
    ticket (not for an automatic mail)."""
    message = (
        TicketMessage.objects.select_related("author", "ticket__requester", "ticket__assignee")
        .filter(pk=message_id)
        .first()
    )
    if message is None or message.is_internal:
        return
    ticket = message.ticket
    author = message.author
    if author is not None and author.is_agent:
        _notify(NotificationKind.PUBLIC_REPLY, ticket, _customers(ticket, except_user_id=author_id), message)
    elif not _came_automatically(ticket.pk, message.pk, message.channel):
        _notify(
            NotificationKind.CUSTOMER_REPLY,
            ticket,
            _agent(ticket.assignee, except_user_id=author_id),
            message,
            extra_context={"unverified_sender": _unproven_sender(message)},
        )


def _unproven_sender(message: TicketMessage) -> str:
    """How the mail that made this reply failed to prove its sender; empty when it did, or
    when the reply did not come by mail."""
    if message.channel != Channel.EMAIL:
        return ""
    check = (
        InboundMail.objects.filter(ticket_message=message)
        .values_list("sender_verification", "sender_verification_detail")
        .first()
    )
    if check is None or check[0] == SenderVerification.PASS:
        return ""
    return check[1] or check[0]
