"""Service levels on tickets: every ticket carries its `sla`, the list orders by the next due time
and filters breached and due-soon tickets, the watch records warnings and breaches, and the
counters behind the dashboard stay exact."""

from __future__ import annotations

from dataclasses import asdict
from datetime import time, timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from support_desk.accounts.models import User
from support_desk.sla.models import BusinessHours, OpeningHours, SlaPolicy
from support_desk.tickets import services, signals
from support_desk.tickets.models import Ticket
from support_desk.tickets.sla_watch import sla_watch_run
from support_desk.tickets.stats import stats_rebuild, ticket_stats
from tests.tickets.test_stats import expected_stats

pytestmark = pytest.mark.django_db


@pytest.fixture
def policies() -> dict[str, SlaPolicy]:
    """Around-the-clock targets: high priority answers in an hour, low in a day."""
    return {
        "high": SlaPolicy.objects.create(
            name="Urgent",
            priority="high",
            first_response_minutes=60,
            next_response_minutes=120,
            resolution_minutes=480,
        ),
        "low": SlaPolicy.objects.create(
            name="Relaxed",
            priority="low",
            first_response_minutes=24 * 60,
            next_response_minutes=24 * 60,
            resolution_minutes=5 * 24 * 60,
        ),
    }


def ago(minutes: float):
    return timezone.now() - timedelta(minutes=minutes)


def test_a_new_ticket_carries_its_targets(api_client: APIClient, policies) -> None:
    response = api_client.post(
        "/api/tickets/",
        {"title": "Down", "description": "All down", "priority": "high", "category": "technical"},
        format="json",
    )
    sla = response.json()["sla"]
    assert sla["policy"] == "Urgent"
    assert sla["paused"] is False
    assert sla["first_response"]["state"] == "running"
    assert sla["first_response"]["breached"] is False
    assert 58 <= sla["first_response"]["remaining_minutes"] <= 60
    assert 478 <= sla["resolution"]["remaining_minutes"] <= 480
    assert sla["next_response"] is None


def test_a_ticket_without_a_policy_has_no_targets(api_client: APIClient, make_ticket) -> None:
    ticket = make_ticket(priority="medium")
    sla = api_client.get(f"/api/tickets/{ticket.id}/").json()["sla"]
    assert sla == {
        "policy": None,
        "paused": False,
        "first_response": None,
        "next_response": None,
        "resolution": None,
    }


def test_requesters_do_not_see_service_levels_or_tags(
    requester_client: APIClient, requester, policies
) -> None:
    ticket = services.ticket_create(
        title="Mine", description="d", priority="high", actor=requester, tags=["vip"]
    )
    body = requester_client.get(f"/api/tickets/{ticket.id}/").json()
    assert body["sla"] is None
    assert body["tags"] == []


def test_pending_pauses_the_clocks_and_a_customer_reply_reopens_it(
    api_client: APIClient, requester: User, agent: User, policies
) -> None:
    ticket = services.ticket_create(
        title="Question", description="d", priority="high", actor=requester, created_at=ago(20)
    )
    services.message_create(ticket_id=ticket.id, author=agent, body="Which browser?", is_internal=False)
    response = api_client.patch(f"/api/tickets/{ticket.id}/", {"status": "pending"}, format="json")
    sla = response.json()["sla"]
    assert sla["paused"] is True
    assert sla["resolution"]["state"] == "paused"
    assert Ticket.objects.get(pk=ticket.id).sla_due_at is None
    assert api_client.get("/api/tickets/?ordering=due&sla=breached").json() == []

    services.message_create(ticket_id=ticket.id, author=requester, body="Firefox", is_internal=False)
    reopened = api_client.get(f"/api/tickets/{ticket.id}/").json()
    assert reopened["status"] == "open"
    assert reopened["sla"]["paused"] is False
    assert reopened["sla"]["next_response"]["state"] == "running"
    kinds = [e["kind"] for e in api_client.get(f"/api/tickets/{ticket.id}/events/").json()]
    assert kinds.count("status_changed") == 2  # to pending by the agent, back to open by the reply


def test_the_first_agent_reply_meets_the_first_response(api_client: APIClient, agent: User, policies) -> None:
    ticket = services.ticket_create(title="Hi", description="d", priority="high", created_at=ago(10))
    services.message_create(ticket_id=ticket.id, author=agent, body="internal", is_internal=True)
    assert Ticket.objects.get(pk=ticket.id).first_response_at is None  # a note is not a response
    services.message_create(ticket_id=ticket.id, author=agent, body="On it", is_internal=False)
    stored = Ticket.objects.get(pk=ticket.id)
    assert 590 <= stored.first_response_seconds <= 610
    first = api_client.get(f"/api/tickets/{ticket.id}/").json()["sla"]["first_response"]
    assert first["state"] == "done"
    assert first["breached"] is False


def test_a_late_reply_records_the_breach_on_the_timeline(
    api_client: APIClient, agent: User, policies
) -> None:
    ticket = services.ticket_create(title="Late", description="d", priority="high", created_at=ago(90))
    services.message_create(ticket_id=ticket.id, author=agent, body="Sorry", is_internal=False)
    events = api_client.get(f"/api/tickets/{ticket.id}/events/").json()
    breach = [e for e in events if e["kind"] == "sla_breached"]
    assert [(e["new_value"], e["actor_kind"]) for e in breach] == [("first_response", "system")]
    assert api_client.get(f"/api/tickets/{ticket.id}/").json()["sla"]["first_response"]["breached"] is True


def test_changing_the_priority_recomputes_the_targets(api_client: APIClient, policies) -> None:
    ticket = services.ticket_create(title="Slow", description="d", priority="low", created_at=ago(30))
    assert api_client.get(f"/api/tickets/{ticket.id}/").json()["sla"]["policy"] == "Relaxed"
    body = api_client.patch(f"/api/tickets/{ticket.id}/", {"priority": "high"}, format="json").json()
    assert body["sla"]["policy"] == "Urgent"
    # The half hour already used counts against the new, shorter target.
    assert 28 <= body["sla"]["first_response"]["remaining_minutes"] <= 30
    body = api_client.patch(f"/api/tickets/{ticket.id}/", {"priority": "medium"}, format="json").json()
    assert body["sla"]["policy"] is None
    assert body["sla"]["first_response"] is None


def test_reopening_a_resolved_ticket_resumes_its_resolution_target(api_client: APIClient, policies) -> None:
    ticket = services.ticket_create(title="Done", description="d", priority="high", created_at=ago(60))
    resolved = api_client.patch(f"/api/tickets/{ticket.id}/", {"status": "resolved"}, format="json").json()
    assert resolved["sla"]["resolution"]["state"] == "done"
    assert resolved["sla"]["resolution"]["breached"] is False
    reopened = api_client.patch(f"/api/tickets/{ticket.id}/", {"status": "open"}, format="json").json()
    assert reopened["sla"]["resolution"]["state"] == "running"
    assert 415 <= reopened["sla"]["resolution"]["remaining_minutes"] <= 420


def test_ordering_by_due_and_the_sla_filters(api_client: APIClient, policies, make_ticket) -> None:
    overdue = make_ticket(title="Overdue", priority="high", created_at=ago(120))
    soon = make_ticket(title="Soon", priority="high", created_at=ago(30))
    later = make_ticket(title="Later", priority="low", created_at=ago(5))
    none = make_ticket(title="No policy", priority="medium")
    ids = lambda url: [t["id"] for t in api_client.get(url).json()]  # noqa: E731
    assert ids("/api/tickets/?ordering=due") == [overdue.id, soon.id, later.id, none.id]
    assert ids("/api/tickets/?sla=breached") == [overdue.id]
    assert ids("/api/tickets/?ordering=due&sla=due_soon") == [soon.id]
    assert ids("/api/tickets/?ordering=due&priority=high") == [overdue.id, soon.id]
    assert api_client.get("/api/tickets/?sla=late").status_code == 400
    assert "ordering" in api_client.get("/api/tickets/?ordering=title").json()


def test_paging_by_due_time_returns_every_ticket_once(api_client: APIClient, policies, make_ticket) -> None:
    made = [make_ticket(priority="high", created_at=ago(minutes)) for minutes in (5, 50, 100, 5, 70)]
    made += [make_ticket(priority="medium") for _ in range(4)]
    seen: list[int] = []
    url = "/api/tickets/?ordering=due&page_size=2"
    while url:
        response = api_client.get(url)
        seen += [t["id"] for t in response.json()]
        link = response.headers.get("Link")
        url = link.split(";")[0].strip("<>") if link else ""
    assert sorted(seen) == sorted(t.id for t in made)
    assert len(seen) == len(set(seen))
    dated = [Ticket.objects.get(pk=i).sla_due_at for i in seen[:5]]
    assert dated == sorted(dated)


def test_the_watch_records_warnings_and_breaches_once_and_signals_them(
    api_client: APIClient, agent: User, policies, django_capture_on_commit_callbacks
) -> None:
    ticket = services.ticket_create(
        title="Watch me", description="d", priority="high", assignee=agent, created_at=ago(50)
    )
    heard: list[tuple[str, str, int | None]] = []

    def listen(signal_name):
        def receiver(sender, *, target, assignee_id, **kwargs):
            heard.append((signal_name, target, assignee_id))

        return receiver

    warning, breach = listen("warning"), listen("breach")
    signals.sla_warning.connect(warning)
    signals.sla_breached.connect(breach)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            assert sla_watch_run() == 1  # the first response is 50 of 60 minutes in: a warning
        with django_capture_on_commit_callbacks(execute=True):
            assert sla_watch_run() == 0
        with django_capture_on_commit_callbacks(execute=True):
            assert sla_watch_run(now=timezone.now() + timedelta(minutes=11)) == 1
    finally:
        signals.sla_warning.disconnect(warning)
        signals.sla_breached.disconnect(breach)
    assert heard == [("warning", "first_response", agent.id), ("breach", "first_response", agent.id)]
    kinds = [e["kind"] for e in api_client.get(f"/api/tickets/{ticket.id}/events/").json()]
    assert kinds.count("sla_warning") == 1
    assert kinds.count("sla_breached") == 1


def test_service_level_figures_stay_exact_and_rebuild_the_same(
    api_client: APIClient, agent: User, requester: User, policies
) -> None:
    tickets = [
        services.ticket_create(title=f"t{i}", description="d", priority=p, actor=requester, created_at=ago(m))
        for i, (p, m) in enumerate([("high", 10), ("high", 90), ("low", 600), ("high", 3000), ("low", 20)])
    ]
    services.message_create(ticket_id=tickets[0].id, author=agent, body="hi", is_internal=False)
    services.message_create(ticket_id=tickets[1].id, author=agent, body="late", is_internal=False)
    services.message_create(ticket_id=tickets[1].id, author=requester, body="and?", is_internal=False)
    services.ticket_update(ticket_id=tickets[2].id, changes={"status": "pending"}, actor=agent)
    services.ticket_update(ticket_id=tickets[3].id, changes={"status": "resolved"}, actor=agent)
    services.ticket_update(ticket_id=tickets[4].id, changes={"priority": "high"}, actor=agent)
    sla_watch_run(now=timezone.now() + timedelta(hours=3))
    services.message_create(ticket_id=tickets[1].id, author=agent, body="now", is_internal=False)
    assert asdict(ticket_stats()) == expected_stats()
    stats = api_client.get("/api/tickets/stats/").json()
    assert stats["first_response"]["count"] == 2
    assert stats["sla"]["attainment"]["first_response"]["high"]["breached"] >= 1
    assert stats["sla"]["attainment"]["next_response"]["high"] == {"met": 0, "breached": 1, "attainment": 0.0}
    assert stats["backlog"]["unresolved"] == 4
    before = ticket_stats()
    stats_rebuild()
    assert ticket_stats() == before


def test_business_hours_apply_to_tickets_created_outside_them(api_client: APIClient) -> None:
    office = BusinessHours.objects.create(name="Office", time_zone="Europe/Berlin")
    for weekday in range(5):
        OpeningHours.objects.create(business_hours=office, weekday=weekday, opens=time(9), closes=time(17))
    SlaPolicy.objects.create(
        name="Office hours", priority="high", business_hours=office, first_response_minutes=60
    )
    saturday_night = timezone.datetime(2025, 3, 8, 22, tzinfo=timezone.get_fixed_timezone(60))
    ticket = services.ticket_create(
        title="Weekend", description="d", priority="high", created_at=saturday_night
    )
    due = api_client.get(f"/api/tickets/{ticket.id}/").json()["sla"]["first_response"]["due"]
    assert due == "2025-03-10T09:00:00Z"  # Monday 10:00 in Berlin
