"""`supportdesk seed_demo --count N`: realistic demo tickets, fast enough for a million."""

from __future__ import annotations

import time
from typing import Any

import dj_database_url
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections
from django.utils import timezone
from django.utils.module_loading import import_string
from tqdm import tqdm

from support_desk.accounts.models import Role
from support_desk.tickets.demo.generator import demo_tickets
from support_desk.tickets.demo.history import add_demo_history
from support_desk.tickets.demo.loader import load_tickets
from support_desk.tickets.demo.people import DemoPerson, demo_people_ensure
from support_desk.tickets.demo.recent import recent_demo_tickets
from support_desk.tickets.demo.satisfaction import add_demo_satisfaction
from support_desk.tickets.demo.service_levels import demo_service_levels_ensure
from support_desk.tickets.demo.suggestions import add_demo_suggestions
from support_desk.tickets.demo.tags import add_demo_tags
from support_desk.tickets.models import Ticket
from support_desk.tickets.stats import stats_rebuild

EXTERNAL_ALIAS = "seed_target"


class Command(BaseCommand):
    help = "Generate realistic demo tickets over the last 60 days (COPY on PostgreSQL)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--count", type=int, default=300, help="How many tickets to create.")
        parser.add_argument(
            "--database-url",
            help="Load into this database instead of the configured one (migrated first).",
        )
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing when the database already has tickets."
        )
        parser.add_argument("--seed", type=int, default=7, help="Random seed, for repeatable data.")
        parser.add_argument("--no-progress", action="store_true", help="Hide the progress bar.")

    def handle(self, *args: Any, **options: Any) -> None:
        count: int = options["count"]
        if count < 0:
            raise CommandError("--count must be zero or more.")
        using = "default"
        if options["database_url"]:
            target = {**connections.databases["default"], **dj_database_url.parse(options["database_url"])}
            target["OPTIONS"] = dj_database_url.parse(options["database_url"]).get("OPTIONS", {})
            connections.databases[EXTERNAL_ALIAS] = target
            using = EXTERNAL_ALIAS
            call_command("migrate", database=using, interactive=False, verbosity=0)
        if options["if_empty"] and Ticket.objects.using(using).exists():
            self.stdout.write("Tickets already present; demo data not loaded.")
            return

        started = time.monotonic()
        people, created_people = demo_people_ensure(using=using)
        requester_ids = [user.pk for user in people if user.role == Role.REQUESTER]
        agent_ids = [user.pk for user in people if user.role == Role.AGENT]
        policies = demo_service_levels_ensure(using=using)
        tickets = demo_tickets(
            count,
            now=timezone.now(),
            seed=options["seed"],
            requester_ids=requester_ids,
            agent_ids=agent_ids,
            policies=policies,
        )
        with tqdm(total=count, unit="tickets", disable=options["no_progress"], file=self.stderr) as bar:
            load_tickets(tickets, using=using, on_batch=bar.update)
        if count:
            recent = recent_demo_tickets(now=timezone.now(), requester_ids=requester_ids, policies=policies)
            load_tickets(recent, using=using, on_batch=lambda n: None)
        add_demo_history(using=using)
        add_demo_suggestions(using=using)
        add_demo_tags(using=using)
        add_demo_satisfaction(using=using)
        for seeder in settings.DEMO_SEEDERS:
            # Demo data of the domains built on tickets (saved replies), named in settings.
            import_string(seeder)(using=using)
        stats_rebuild(using=using)
        elapsed = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"Created {count} demo tickets in {elapsed:.1f} s."))
        self._print_sign_ins(created_people)

    def _print_sign_ins(self, people: list[DemoPerson]) -> None:
        """Demo passwords are printed only in demo mode, never with production settings."""
        if not people or not settings.DEMO_MODE:
            return
        self.stdout.write("Demo sign-ins (demo mode only):")
        for person in people:
            self.stdout.write(f"  {person.role:<9} {person.username:<8} password: {person.password}")
