"""The e-mail channel's vocabulary: what happened to a message, which way it went, and the
kinds of notification a person can turn on or off."""

from __future__ import annotations

from django.db import models


class InboundStatus(models.TextChoices):
    STORED = "stored", "Stored on a ticket"
    IGNORED = "ignored", "Ignored on purpose"
    QUARANTINED = "quarantined", "Quarantined"


class Direction(models.TextChoices):
    INBOUND = "in", "Received"
    OUTBOUND = "out", "Sent"


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENT = "sent", "Sent"
    FAILED = "failed", "Not delivered"
    BOUNCED = "bounced", "Bounced"


class NotificationKind(models.TextChoices):
    """Every mail Support Desk sends on its own, each of which a person can turn off."""

    # To requesters and the people copied on a ticket.
    TICKET_ACKNOWLEDGED = "ticket_acknowledged", "Acknowledgement of a new ticket"
    PUBLIC_REPLY = "public_reply", "A reply on my ticket"
    TICKET_RESOLVED = "ticket_resolved", "My ticket was resolved"
    # To agents.
    TICKET_ASSIGNED = "ticket_assigned", "A ticket was assigned to me"
    CUSTOMER_REPLY = "customer_reply", "A customer replied on a ticket I hold"
    NEW_TICKET = "new_ticket", "A new ticket was opened"
    SLA_WARNING = "sla_warning", "A ticket of mine is close to missing a service-level target"
    SLA_BREACHED = "sla_breached", "A ticket of mine missed a service-level target"
    INCIDENT_OPENED = "incident_opened", "Many similar tickets arrived together (an incident)"


# What each kind is before a person changes it: new-ticket mail to agents is opt-in.
NOTIFICATION_DEFAULTS: dict[str, bool] = {
    kind.value: kind != NotificationKind.NEW_TICKET for kind in NotificationKind
}
CUSTOMER_KINDS = frozenset(
    {NotificationKind.TICKET_ACKNOWLEDGED, NotificationKind.PUBLIC_REPLY, NotificationKind.TICKET_RESOLVED}
)
# Every other kind goes to agents: a new kind is an agent's unless listed above.
AGENT_KINDS = frozenset(NotificationKind) - CUSTOMER_KINDS


class SenderVerification(models.TextChoices):
    """Whether a received mail's From address is proven (mail/sender_auth.py)."""

    PASS = "pass", "Verified sender"
    FAIL = "fail", "Sender check failed"
    NONE = "none", "Sender not verified"


class QuarantineReason(models.TextChoices):
    """Why a readable message waits for a person instead of being stored."""

    UNVERIFIED_SENDER = "unverified_sender", "The sender could not be verified"


class IgnoreReason(models.TextChoices):
    """Why a message was deliberately not turned into a ticket or reply (`ignored <reason>`)."""

    DUPLICATE = "duplicate", "Already stored"
    OWN_ADDRESS = "own_address", "Sent from Support Desk's own address"
    BOUNCE = "bounce", "A delivery status report"
    AUTO_REPLY = "auto_reply", "An automatic reply to a ticket's mail"
    NO_SENDER = "no_sender", "No sender address"
