"""`supportdesk assist backfill` and `supportdesk assist snapshot`: embed tickets that have no
embedding yet (after a bulk load, or with jobs off), group their recent bursts, and save the
similar-ticket index so new processes start from it."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db.models import Exists, OuterRef
from django.utils import timezone

from support_desk.assist.clock import Clock
from support_desk.assist.incidents import incident_consider_ticket
from support_desk.assist.models import TicketEmbedding
from support_desk.assist.processing import embed_tickets
from support_desk.assist.similarity_index import similarity_index
from support_desk.tickets.models import Ticket

BATCH = 256


def _fixed_clock(moment: datetime) -> Clock:
    return lambda: moment


class Command(BaseCommand):
    help = "Assistance upkeep: backfill embeddings (and incidents), or save the index snapshot."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        backfill = sub.add_parser("backfill", help="Embed every ticket that has no embedding yet.")
        backfill.add_argument(
            "--group-hours",
            type=int,
            default=24,
            help="Group the tickets of the last N hours into incidents, as if each was grouped on arrival.",
        )
        sub.add_parser("snapshot", help="Save the similar-ticket index for new processes to start from.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "snapshot":
            stats = similarity_index().save_snapshot()
            self.stdout.write(f"Saved the index: {stats.vectors} vectors ({stats.kind}).")
            return
        missing = Ticket.objects.filter(~Exists(TicketEmbedding.objects.filter(ticket_id=OuterRef("pk"))))
        ids = list(missing.order_by("id").values_list("id", flat=True))
        done = 0
        for start in range(0, len(ids), BATCH):
            chunk = list(
                Ticket.objects.filter(pk__in=ids[start : start + BATCH]).only(
                    "id", "title", "description", "language"
                )
            )
            done += embed_tickets(chunk)
        since = timezone.now() - timedelta(hours=options["group_hours"])
        recent = Ticket.objects.filter(pk__in=ids, created_at__gte=since).order_by("created_at", "id")
        incidents = set()
        for ticket_id, created_at in recent.values_list("id", "created_at"):
            # Grouped as on arrival: the clock reads the ticket's own creation time.
            incident = incident_consider_ticket(ticket_id=ticket_id, clock=_fixed_clock(created_at))
            if incident is not None:
                incidents.add(incident.pk)
        if done:
            similarity_index().save_snapshot()
        self.stdout.write(f"Embedded {done} tickets; {len(incidents)} incidents among the recent ones.")
