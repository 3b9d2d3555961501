"""`seed_demo` loads what every screen needs: service levels with some breaches, pending
tickets, tags and saved replies, with statistics that match the tickets."""

from __future__ import annotations

from dataclasses import asdict

import pytest
from django.core.management import call_command

from support_desk.replies.models import SavedReply
from support_desk.sla.models import BusinessHours, SlaPolicy
from support_desk.tickets.models import Ticket, TicketTag
from support_desk.tickets.stats import ticket_stats
from tests.tickets.test_stats import expected_stats


@pytest.mark.django_db
def test_demo_data_has_service_levels_breaches_tags_and_saved_replies() -> None:
    call_command("seed_demo", "--count", "150", "--no-progress")
    assert BusinessHours.objects.get().holiday_country == "DE"
    assert SlaPolicy.objects.count() == 4
    tickets = Ticket.objects.all()
    assert tickets.count() > 150  # the 150 asked for, and the recent burst that forms an incident
    assert not tickets.filter(sla_policy__isnull=True).exists()
    assert tickets.filter(sla_breached__gt=0).exists()
    assert tickets.filter(status="pending", sla_paused_at__isnull=False).exists()
    assert tickets.filter(first_response_seconds__isnull=False).exists()
    assert TicketTag.objects.exists()
    assert SavedReply.objects.filter(owner__isnull=True).count() == 3
    assert SavedReply.objects.filter(owner__isnull=False).exists()
    assert asdict(ticket_stats()) == expected_stats()


@pytest.mark.django_db
def test_demo_data_has_satisfaction_answers_counted_like_live_ones() -> None:
    from tests.tickets.test_stats import expected_satisfaction

    call_command("seed_demo", "--count", "150", "--no-progress")
    rated = Ticket.objects.filter(rating__isnull=False)
    assert rated.filter(rating="good").exists()
    assert Ticket.objects.filter(resolution_count=1, rating__isnull=True).exists()
    satisfaction = ticket_stats().satisfaction
    assert satisfaction == expected_satisfaction()
    assert 0 < satisfaction["ratings"] < satisfaction["asked"]  # type: ignore[operator]
