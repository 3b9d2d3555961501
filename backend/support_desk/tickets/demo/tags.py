"""Demo tags on the newest tickets, chosen to fit each ticket's category."""

from __future__ import annotations

import random

from support_desk.tickets.models import Tag, Ticket, TicketTag

TAGS_BY_CATEGORY = {
    "billing": ("refund", "invoice", "vip"),
    "technical": ("outage", "bug", "mobile app", "api"),
    "account": ("password", "sso", "vip"),
    "general": ("feature request", "feedback"),
}


def add_demo_tags(*, using: str, limit: int = 600, seed: int = 13) -> int:
    """Tag about half of the newest `limit` tickets with one or two tags; returns the links made."""
    rng = random.Random(seed)  # noqa: S311 - repeatable demo data
    names = sorted({name for group in TAGS_BY_CATEGORY.values() for name in group})
    tags = {tag.name: tag for tag in Tag.objects.using(using).filter(name__in=names)}
    for name in names:
        if name not in tags:
            tags[name] = Tag.objects.using(using).create(name=name)
    links = []
    for ticket_id, category in (
        Ticket.objects.using(using).order_by("-created_at").values_list("id", "category")[:limit]
    ):
        if rng.random() < 0.5:
            continue
        for name in rng.sample(TAGS_BY_CATEGORY[category], k=min(2, rng.randint(1, 2))):
            links.append(TicketTag(ticket_id=ticket_id, tag=tags[name]))
    TicketTag.objects.using(using).bulk_create(links, batch_size=1000, ignore_conflicts=True)
    return len(links)
