"""Demo saved replies: a few shared ones (with actions) and a personal one per demo agent."""

from __future__ import annotations

from support_desk.accounts.models import Role, User
from support_desk.replies.models import SavedReply

SHARED = (
    (
        "Ask for details",
        "Hi {{ requester.name }},\n\nthanks for writing in. Could you tell us the exact steps, "
        "the browser you use and when it started? I'll keep ticket #{{ ticket.number }} open for you.\n\n"
        "{{ agent.name }}",
        "pending",
        "",
    ),
    (
        "Fixed, please confirm",
        "Hi {{ requester.name }},\n\nwe've deployed a fix for this. Could you check "
        "that it works for you now?\n\n{{ agent.name }}",
        "resolved",
        "",
    ),
    (
        "Escalated to engineering",
        "Hi {{ requester.name }},\n\nI've passed this to our engineers and raised "
        "its priority. We'll update ticket #{{ ticket.number }} as soon as we know more.\n\n{{ agent.name }}",
        "in_progress",
        "high",
    ),
)


def seed_saved_replies(*, using: str) -> int:
    """Create the demo replies unless there are saved replies already; returns how many."""
    replies = SavedReply.objects.using(using)
    if replies.exists():
        return 0
    made = [
        SavedReply(
            title=title,
            body=body,
            set_status=status,
            set_priority=priority,
            add_tags=["escalated"] if priority else [],
        )
        for title, body, status, priority in SHARED
    ]
    for agent in User.objects.using(using).filter(role=Role.AGENT).order_by("username"):
        made.append(
            SavedReply(
                title="My sign-off",
                body="Thanks for your patience, {{ requester.name }}. — {{ agent.name }}",
                owner=agent,
            )
        )
    replies.bulk_create(made)
    return len(made)
