"""Statistics are exact after every create, update and delete, including concurrent ones."""

from __future__ import annotations

import math
import statistics
import threading
from dataclasses import asdict
from datetime import timedelta

import pytest
from django.db import close_old_connections, connection
from django.utils import timezone
from rest_framework.test import APIClient

from support_desk.accounts.models import Role
from support_desk.accounts.services import user_ensure
from support_desk.tickets import services
from support_desk.tickets.models import SatisfactionSurvey, Ticket, TicketEvent
from support_desk.tickets.stats import stats_rebuild, ticket_stats
from support_desk.triage.engine import Suggestion
from support_desk.triage.taxonomy import SuggestionSource


def expected_kept(tickets: list[Ticket]) -> dict:
    suggested = [t for t in tickets if t.suggestion_source]
    category_made = [t for t in suggested if t.suggested_category is not None]
    priority_made = [t for t in suggested if t.suggested_priority is not None]
    category_kept = sum(t.category == t.suggested_category for t in category_made)
    priority_kept = sum(t.priority == t.suggested_priority for t in priority_made)
    return {
        "suggested": len(suggested),
        "category_kept": category_kept,
        "priority_kept": priority_kept,
        "category_kept_rate": round(category_kept / len(category_made), 3) if category_made else None,
        "priority_kept_rate": round(priority_kept / len(priority_made), 3) if priority_made else None,
        "category_abstained": len(suggested) - len(category_made),
        "priority_abstained": len(suggested) - len(priority_made),
    }


def expected_stats() -> dict:
    """Statistics computed the slow way, straight from the ticket table."""
    tickets = list(Ticket.objects.all())
    days = {ticket.created_at.date() for ticket in tickets}
    durations = [t.resolution_seconds for t in tickets if t.resolution_seconds is not None]
    return {
        "total_tickets": len(tickets),
        "open_tickets": sum(t.status == "open" for t in tickets),
        "avg_tickets_per_day": round(len(tickets) / len(days), 1) if days else 0.0,
        "priority_breakdown": {
            p: sum(t.priority == p for t in tickets) for p in ("low", "medium", "high", "critical")
        },
        "category_breakdown": {
            c: sum(t.category == c for t in tickets) for c in ("billing", "technical", "account", "general")
        },
        "status_breakdown": {
            s: sum(t.status == s for t in tickets)
            for s in ("open", "in_progress", "pending", "resolved", "closed")
        },
        "avg_resolution_hours": round(sum(durations) / len(durations) / 3600, 2) if durations else None,
        "median_resolution_hours": round(statistics.median(durations) / 3600, 2) if durations else None,
        "triage": {
            **expected_kept(tickets),
            "by_source": {
                source: expected_kept([t for t in tickets if t.suggestion_source == source])
                for source in ("llm", "local")
            },
        },
        **expected_service_levels(tickets),
        "satisfaction": expected_satisfaction(),
    }


def _satisfaction_figures(surveys: list[SatisfactionSurvey]) -> dict:
    good = sum(s.rating == "good" for s in surveys)
    bad = sum(s.rating == "bad" for s in surveys)
    return {
        "asked": len(surveys),
        "ratings": good + bad,
        "good": good,
        "bad": bad,
        "share_good": round(good / (good + bad), 3) if good + bad else None,
        "response_rate": round((good + bad) / len(surveys), 3) if surveys else None,
    }


def expected_satisfaction() -> dict:
    """The satisfaction block counted survey by survey."""
    surveys = list(SatisfactionSurvey.objects.select_related("agent"))
    agents = sorted({str(s.agent_id) if s.agent_id else "none" for s in surveys})
    today = timezone.now().date()
    days = [(today - timedelta(days=offset)).isoformat() for offset in range(29, -1, -1)]
    return {
        **_satisfaction_figures(surveys),
        "by_agent": [
            {
                "agent_id": None if agent == "none" else int(agent),
                "name": next(
                    (
                        s.agent.display_name
                        for s in surveys
                        if s.agent is not None and str(s.agent_id) == agent
                    ),
                    "Unassigned",
                ),
                **_satisfaction_figures(
                    [s for s in surveys if (str(s.agent_id) if s.agent_id else "none") == agent]
                ),
            }
            for agent in agents
        ],
        "by_category": {
            category: _satisfaction_figures([s for s in surveys if s.category == category])
            for category in ("billing", "technical", "account", "general")
        },
        "per_day": [
            {
                "date": day,
                **_satisfaction_figures([s for s in surveys if s.resolved_at.date().isoformat() == day]),
            }
            for day in days
        ],
    }


def _bit(ticket: Ticket, index: int) -> bool:
    return bool(ticket.sla_breached & (1 << index))


def expected_service_levels(tickets: list[Ticket]) -> dict:
    """First response, attainment, breaches per day and the backlog, counted ticket by ticket."""
    durations = sorted(t.first_response_seconds for t in tickets if t.first_response_seconds is not None)
    hours = lambda seconds: None if seconds is None else round(seconds / 3600, 2)  # noqa: E731
    attainment: dict = {"first_response": {}, "next_response": {}, "resolution": {}}
    for priority in ("low", "medium", "high", "critical"):
        same = [t for t in tickets if t.priority == priority]
        rows = {
            "first_response": (
                sum(
                    t.first_response_at is not None and t.first_response_due_at is not None and not _bit(t, 0)
                    for t in same
                ),
                sum(_bit(t, 0) for t in same),
            ),
            "next_response": (
                sum(t.next_responses_met for t in same),
                sum(t.next_responses_breached for t in same),
            ),
            "resolution": (
                sum(
                    t.status in ("resolved", "closed") and t.resolution_due_at is not None and not _bit(t, 2)
                    for t in same
                ),
                sum(_bit(t, 2) for t in same),
            ),
        }
        for target, (met, late) in rows.items():
            attainment[target][priority] = {
                "met": met,
                "breached": late,
                "attainment": round(met / (met + late), 3) if met + late else None,
            }
    breach_days: dict[str, int] = {}
    for t in tickets:
        for index, due in ((0, t.first_response_due_at), (2, t.resolution_due_at)):
            if _bit(t, index) and due is not None:
                breach_days[due.date().isoformat()] = breach_days.get(due.date().isoformat(), 0) + 1
    for event in TicketEvent.objects.filter(kind="sla_breached", new_value="next_response"):
        day = event.data["due"][:10]
        breach_days[day] = breach_days.get(day, 0) + 1
    today = timezone.now().date()
    days = [(today - timedelta(days=offset)).isoformat() for offset in range(29, -1, -1)]
    unresolved = [t for t in tickets if t.status not in ("resolved", "closed")]
    ages = [(today - t.created_at.date()).days for t in unresolved]
    return {
        "first_response": {
            "count": len(durations),
            "avg_hours": hours(sum(durations) / len(durations)) if durations else None,
            "median_hours": hours(statistics.median(durations)) if durations else None,
            "p90_hours": hours(durations[math.ceil(0.9 * len(durations)) - 1]) if durations else None,
        },
        "sla": {
            "attainment": attainment,
            "breaches_per_day": [{"date": day, "breaches": breach_days.get(day, 0)} for day in days],
        },
        "backlog": {
            "unresolved": len(unresolved),
            "by_age": {
                "today": sum(age == 0 for age in ages),
                "1_to_2_days": sum(1 <= age <= 2 for age in ages),
                "3_to_6_days": sum(3 <= age <= 6 for age in ages),
                "7_to_29_days": sum(7 <= age <= 29 for age in ages),
                "30_days_or_more": sum(age >= 30 for age in ages),
            },
            "oldest_created_on": min(t.created_at.date() for t in unresolved).isoformat()
            if unresolved
            else None,
        },
    }


@pytest.mark.django_db
def test_avg_tickets_per_day_divides_by_distinct_days(api_client: APIClient, make_ticket) -> None:
    now = timezone.now().replace(hour=12)
    for _ in range(3):
        make_ticket(created_at=now)
    make_ticket(created_at=now - timedelta(days=5))
    body = api_client.get("/api/tickets/stats/").json()
    assert body["avg_tickets_per_day"] == 2.0  # 4 tickets over 2 distinct days


@pytest.mark.django_db
def test_resolved_at_is_set_on_resolve_and_cleared_on_reopen(api_client: APIClient, make_ticket) -> None:
    ticket = make_ticket()
    resolved = api_client.patch(f"/api/tickets/{ticket.id}/", {"status": "resolved"}, format="json").json()
    assert resolved["resolved_at"] is not None
    closed = api_client.patch(f"/api/tickets/{ticket.id}/", {"status": "closed"}, format="json").json()
    assert closed["resolved_at"] == resolved["resolved_at"]
    reopened = api_client.patch(f"/api/tickets/{ticket.id}/", {"status": "open"}, format="json").json()
    assert reopened["resolved_at"] is None


@pytest.mark.django_db
def test_resolution_times_average_and_median(api_client: APIClient, make_ticket) -> None:
    now = timezone.now()
    for hours in (1, 2, 10):
        ticket = make_ticket(created_at=now - timedelta(hours=hours))
        services.ticket_update(ticket_id=ticket.id, changes={"status": "resolved"})
    body = api_client.get("/api/tickets/stats/").json()
    assert body["avg_resolution_hours"] == pytest.approx(13 / 3, abs=0.01)
    assert body["median_resolution_hours"] == pytest.approx(2.0, abs=0.01)
    ticket = make_ticket(created_at=now - timedelta(hours=4))
    services.ticket_update(ticket_id=ticket.id, changes={"status": "closed"})
    assert api_client.get("/api/tickets/stats/").json()["median_resolution_hours"] == pytest.approx(
        3.0, abs=0.01
    )


@pytest.mark.django_db
def test_stats_stay_exact_through_a_mixed_sequence_of_writes(
    api_client: APIClient, make_ticket, admin_user
) -> None:
    now = timezone.now()
    tickets = [
        make_ticket(
            created_at=now - timedelta(days=index % 4, hours=index),
            category=("billing", "technical", "account", "general")[index % 4],
            priority=("low", "medium", "high", "critical")[index % 3],
        )
        for index in range(12)
    ]
    for index, ticket in enumerate(tickets):
        status = ("in_progress", "resolved", "closed", "open")[index % 4]
        services.ticket_update(ticket_id=ticket.id, changes={"status": status, "priority": "high"})
    services.ticket_update(ticket_id=tickets[1].id, changes={"status": "open"})
    services.ticket_delete(ticket_id=tickets[2].id, actor=admin_user)
    services.ticket_delete(ticket_id=tickets[5].id, actor=admin_user)
    assert api_client.get("/api/tickets/stats/").json() == expected_stats()


@pytest.mark.django_db
def test_stats_rebuild_matches_running_counters(make_ticket) -> None:
    for index in range(6):
        ticket = make_ticket(priority=("low", "high")[index % 2])
        if index % 3 == 0:
            services.ticket_update(ticket_id=ticket.id, changes={"status": "resolved"})
    before = ticket_stats()
    stats_rebuild()
    assert ticket_stats() == before


@pytest.mark.django_db
def test_stats_read_counters_and_only_the_median_bucket(make_ticket, django_assert_max_num_queries) -> None:
    now = timezone.now()
    for hours in (1, 5, 30, 200):
        ticket = make_ticket(created_at=now - timedelta(hours=hours))
        services.ticket_update(ticket_id=ticket.id, changes={"status": "resolved"})
    with django_assert_max_num_queries(3) as captured:
        stats = ticket_stats()
    assert stats.median_resolution_hours == pytest.approx((5 + 30) / 2, abs=0.01)
    ticket_queries = [q["sql"] for q in captured.captured_queries if "tickets_ticket" in q["sql"]]
    assert len(ticket_queries) == 2  # the two middle values of an even count
    # Each reads one bucket's range of the duration index, never the whole table.
    assert all('"resolution_seconds" >=' in sql and '"resolution_seconds" <' in sql for sql in ticket_queries)


@pytest.mark.parametrize("seconds", [0, 1, 2, 59, 3600, 86_399, 86_400, 10**7, 10**9])
def test_every_duration_falls_in_the_bucket_whose_range_holds_it(seconds: int) -> None:
    from support_desk.tickets.durations import bucket_range, resolution_bucket

    lower, upper = bucket_range(resolution_bucket(seconds))
    assert lower <= seconds
    assert upper is None or seconds < upper


@pytest.mark.django_db
def test_admin_deletes_keep_stats_exact(admin_client, make_ticket) -> None:
    now = timezone.now()
    labels = ((0, "low", "billing"), (1, "high", "account"), (2, "critical", "general"))
    tickets = [
        make_ticket(created_at=now - timedelta(days=day), priority=priority, category=category)
        for day, priority, category in labels
    ]
    services.ticket_update(ticket_id=tickets[2].id, changes={"status": "resolved"})
    response = admin_client.post(
        "/admin/tickets/ticket/",
        {"action": "delete_selected", "_selected_action": [tickets[0].id, tickets[1].id], "post": "yes"},
    )
    assert response.status_code == 302
    # Every figure, not just the total, matches the one ticket left.
    assert asdict(ticket_stats()) == expected_stats()
    assert ticket_stats().priority_breakdown == {"low": 0, "medium": 0, "high": 0, "critical": 1}


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_stats_exact_after_concurrent_writes_on_postgresql() -> None:
    admin = user_ensure(username="admin-concurrent", role=Role.ADMIN)[0]
    seed = [services.ticket_create(title=f"t{i}", description="d") for i in range(8)]
    errors: list[BaseException] = []

    def worker(worker_index: int) -> None:
        try:
            for step in range(15):
                ticket = services.ticket_create(
                    title=f"w{worker_index}-{step}",
                    description="concurrent",
                    priority=("low", "medium", "high", "critical")[step % 4],
                )
                services.ticket_update(
                    ticket_id=seed[(worker_index + step) % len(seed)].id,
                    changes={
                        "status": ("open", "in_progress", "resolved", "closed")[(worker_index * step) % 4]
                    },
                )
                if step % 5 == 4:
                    services.ticket_delete(ticket_id=ticket.id, actor=admin)
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=worker, args=(index,)) for index in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    assert asdict(ticket_stats()) == expected_stats()


@pytest.mark.django_db
def test_stats_rebuild_command_repairs_counters_after_a_raw_change(make_ticket) -> None:
    import io

    from django.core.management import call_command

    make_ticket(priority="low")
    Ticket.objects.update(priority="critical")  # bypasses the services: counters are now stale
    assert ticket_stats().priority_breakdown["critical"] == 0
    out = io.StringIO()
    call_command("stats_rebuild", stdout=out)
    assert ticket_stats().priority_breakdown["critical"] == 1
    assert "1 tickets" in out.getvalue()


@pytest.mark.django_db
def test_abstentions_are_counted_apart_from_kept_and_changed(make_ticket, agent) -> None:
    def local(category: str | None, priority: str | None) -> Suggestion:
        return Suggestion(category=category, priority=priority, source=SuggestionSource.LOCAL, confidence=0.9)

    make_ticket(suggestion=local("billing", "high"))  # both kept
    unsure = make_ticket(suggestion=local("account", None))  # no priority suggested
    corrected = make_ticket(suggestion=local("technical", "low"))
    services.ticket_update(ticket_id=corrected.pk, changes={"priority": "critical"}, actor=agent)
    assert unsure.priority == "medium"  # the default, since nothing was suggested

    local_stats = ticket_stats().triage["by_source"]["local"]
    assert local_stats["suggested"] == 3
    assert local_stats["priority_abstained"] == 1
    assert local_stats["priority_kept"] == 1
    assert local_stats["priority_kept_rate"] == 0.5  # 1 of the 2 priorities suggested, not of 3
    assert local_stats["category_abstained"] == 0
    assert local_stats["category_kept_rate"] == 1.0
    assert asdict(ticket_stats()) == expected_stats()
    stats_rebuild()
    assert asdict(ticket_stats()) == expected_stats()


def test_the_stats_answer_equals_the_schema_serializers_output(
    api_client: APIClient, make_ticket, agent
) -> None:
    import json
    from dataclasses import asdict

    from rest_framework.utils.encoders import JSONEncoder

    from support_desk.tickets.api.serializers import TicketStatsSerializer
    from support_desk.tickets.stats import ticket_stats

    for index in range(6):
        ticket = make_ticket(priority=["low", "high", "critical"][index % 3])
        if index % 2:
            services.message_create(ticket_id=ticket.pk, author=agent, body="On it", is_internal=False)
            services.ticket_update(ticket_id=ticket.pk, changes={"status": "resolved"}, actor=agent)
    served = api_client.get("/api/tickets/stats/").json()
    expected = json.loads(json.dumps(TicketStatsSerializer(asdict(ticket_stats())).data, cls=JSONEncoder))
    assert served == expected
    assert served["first_response"]["count"] == 3
