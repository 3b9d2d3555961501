"""Satisfaction: a resolution asks the requester "How did we do?" in the resolved mail (real
SMTP) and on the ticket page; one click records the answer without signing in, and it can be
changed or commented afterwards; each resolution is asked once, and a link only answers the
ticket and resolution it was made for. The answers are on the timeline, in the API and its
list filter, and in the statistics, counted exactly (equal to a rebuild from the tables)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from support_desk.accounts.models import User
from support_desk.tickets import counters, services
from support_desk.tickets.models import SatisfactionSurvey, Ticket
from support_desk.tickets.satisfaction import rating_token
from support_desk.tickets.stats import stats_rebuild, ticket_stats
from tests.conftest import token_client
from tests.customers.conftest import links_in, query_of
from tests.mail.servers import SmtpSink

pytestmark = pytest.mark.django_db(transaction=True)


def _resolve(ticket: Ticket, agent: User) -> None:
    services.ticket_update(ticket_id=ticket.pk, changes={"status": "resolved"}, actor=agent)


def _rate(token: str, rating: str, **extra: Any) -> Any:
    return Client().post(
        "/api/public/ratings/", {"token": token, "rating": rating, **extra}, content_type="application/json"
    )


def _csat_counters() -> dict[str, int]:
    return {key: value for key, value in counters.read_totals().items() if key.startswith("csat") and value}


def test_the_resolved_mail_asks_and_one_click_records_the_rating(
    smtp_sink: SmtpSink, maria: User, alex: User
) -> None:
    ticket = services.ticket_create(title="VPN drops", description="Every hour.", actor=maria, assignee=alex)
    smtp_sink.wait_for(1)
    _resolve(ticket, alex)
    resolved = smtp_sink.wait_for(2)[1]
    html = resolved.message.get_body(("html",)).get_content()
    assert "How did we do?" in html
    rate_links = {query_of(url)["rating"]: url for url in links_in(resolved) if "/rate?" in url}
    assert set(rate_links) == {"good", "bad"}
    token = query_of(rate_links["good"])["token"]
    answer = _rate(token, "good")
    assert answer.status_code == 200
    assert answer.json() == {
        "ticket_number": ticket.pk,
        "title": "VPN drops",
        "resolution": 1,
        "rating": "good",
        "comment": "",
    }
    # Changed afterwards, with a comment.
    changed = _rate(token, "bad", comment="It dropped again the next day.")
    assert changed.json()["rating"] == "bad"
    detail = token_client(alex).get(f"/api/tickets/{ticket.pk}/").json()
    assert detail["satisfaction"]["rating"] == "bad"
    assert detail["satisfaction"]["comment"] == "It dropped again the next day."
    events = token_client(alex).get(f"/api/tickets/{ticket.pk}/events/").json()
    rated = [event for event in events if event["kind"] == "satisfaction_rated"]
    assert [(event["old_value"], event["new_value"]) for event in rated] == [(None, "good"), ("good", "bad")]
    assert rated[1]["data"]["comment"] == "It dropped again the next day."
    assert SatisfactionSurvey.objects.get(ticket=ticket).rating == "bad"


def test_a_token_for_one_ticket_cannot_rate_another(maria: User, alex: User) -> None:
    first = services.ticket_create(title="One", description="a", actor=maria)
    second = services.ticket_create(title="Two", description="b", actor=maria)
    _resolve(first, alex)
    _resolve(second, alex)
    token = rating_token(ticket_id=first.pk, resolution=1)
    signature = token.partition(":")[2]
    other_payload = rating_token(ticket_id=second.pk, resolution=1).partition(":")[0]
    # The signature covers the ticket: swapping in another ticket's payload is refused.
    forged = _rate(f"{other_payload}:{signature}", "bad")
    assert forged.status_code == 400
    assert _rate(token, "good").json()["ticket_number"] == first.pk
    assert Ticket.objects.get(pk=second.pk).rating is None
    assert _rate("garbage", "good").status_code == 400


def test_each_resolution_asks_once_and_an_old_link_cannot_answer_the_new_one(maria: User, alex: User) -> None:
    ticket = services.ticket_create(title="Printer", description="Jams.", actor=maria)
    _resolve(ticket, alex)
    first_token = rating_token(ticket_id=ticket.pk, resolution=1)
    assert _rate(first_token, "good").status_code == 200
    # The customer writes again: reopened; while open, the earlier link is refused.
    services.message_create(ticket_id=ticket.pk, author=maria, body="It jams again.", is_internal=False)
    assert Ticket.objects.get(pk=ticket.pk).status == "open"
    assert _rate(first_token, "bad").status_code == 409
    _resolve(ticket, alex)
    ticket.refresh_from_db()
    assert (ticket.resolution_count, ticket.rating) == (2, None)
    assert _rate(first_token, "bad").status_code == 409
    assert _rate(rating_token(ticket_id=ticket.pk, resolution=2), "bad").status_code == 200
    assert list(SatisfactionSurvey.objects.filter(ticket=ticket).values_list("number", "rating")) == [
        (1, "good"),
        (2, "bad"),
    ]
    satisfaction = ticket_stats().satisfaction
    assert (satisfaction["asked"], satisfaction["good"], satisfaction["bad"]) == (2, 1, 1)


def test_resolved_to_closed_is_not_a_new_resolution(maria: User, alex: User) -> None:
    ticket = services.ticket_create(title="Printer", description="Jams.", actor=maria)
    _resolve(ticket, alex)
    services.ticket_update(ticket_id=ticket.pk, changes={"status": "closed"}, actor=alex)
    assert Ticket.objects.get(pk=ticket.pk).resolution_count == 1
    assert _rate(rating_token(ticket_id=ticket.pk, resolution=1), "good").status_code == 200


def test_the_requester_rates_on_the_ticket_page(maria: User, alex: User) -> None:
    ticket = services.ticket_create(title="Printer", description="Jams.", actor=maria)
    client = token_client(maria)
    body = {"rating": "good", "comment": "Thanks!"}
    assert client.put(f"/api/tickets/{ticket.pk}/satisfaction/", body, format="json").status_code == 404
    _resolve(ticket, alex)
    answer = client.put(f"/api/tickets/{ticket.pk}/satisfaction/", body, format="json")
    assert answer.status_code == 200
    assert answer.json()["satisfaction"]["rating"] == "good"
    assert answer.json()["satisfaction"]["comment"] == "Thanks!"
    event = ticket.events.get(kind="satisfaction_rated")
    assert event.actor == maria
    assert (
        token_client(alex).put(f"/api/tickets/{ticket.pk}/satisfaction/", body, format="json").status_code
        == 403
    )


def test_tickets_resolved_for_colleagues_ask_nobody(alex: User, other_agent: User) -> None:
    ticket = services.ticket_create(title="Internal", description="For the team.", actor=other_agent)
    _resolve(ticket, alex)
    assert Ticket.objects.get(pk=ticket.pk).resolution_count == 0
    assert ticket_stats().satisfaction["asked"] == 0


def test_the_list_filters_by_rating(maria: User, alex: User) -> None:
    good, bad, unrated, _open = (
        services.ticket_create(title=name, description="x", actor=maria) for name in ("G", "B", "U", "O")
    )
    for ticket in (good, bad, unrated):
        _resolve(ticket, alex)
    _rate(rating_token(ticket_id=good.pk, resolution=1), "good")
    _rate(rating_token(ticket_id=bad.pk, resolution=1), "bad")
    client = token_client(alex)

    def titles(rating: str) -> list[str]:
        return sorted(row["title"] for row in client.get(f"/api/tickets/?rating={rating}").json())

    assert titles("good") == ["G"]
    assert titles("bad") == ["B"]
    assert titles("none") == ["O", "U"]
    assert client.get("/api/tickets/?rating=great").status_code == 400


def test_statistics_per_agent_category_and_day_equal_a_rebuild(
    maria: User, alex: User, other_agent: User
) -> None:
    tickets = [
        services.ticket_create(title=f"T{n}", description="x", actor=maria, category=category, assignee=agent)
        for n, (category, agent) in enumerate(
            [("billing", alex), ("billing", alex), ("technical", other_agent), ("technical", None)]
        )
    ]
    for ticket in tickets:
        _resolve(ticket, alex)
    for ticket, rating in zip(tickets[:3], ("good", "bad", "good"), strict=True):
        _rate(rating_token(ticket_id=ticket.pk, resolution=1), rating)
    satisfaction = ticket_stats().satisfaction
    assert {
        key: satisfaction[key] for key in ("asked", "ratings", "good", "bad", "share_good", "response_rate")
    } == {
        "asked": 4,
        "ratings": 3,
        "good": 2,
        "bad": 1,
        "share_good": 0.667,
        "response_rate": 0.75,
    }
    by_agent = {row["name"]: (row["asked"], row["good"], row["bad"]) for row in satisfaction["by_agent"]}  # type: ignore[attr-defined]
    assert by_agent == {
        alex.display_name: (2, 1, 1),
        other_agent.display_name: (1, 1, 0),
        "Unassigned": (1, 0, 0),
    }
    assert satisfaction["by_category"]["billing"]["share_good"] == 0.5  # type: ignore[index]
    assert satisfaction["by_category"]["technical"]["response_rate"] == 0.5  # type: ignore[index]
    today = satisfaction["per_day"][-1]  # type: ignore[index]
    assert (today["asked"], today["ratings"]) == (4, 3)
    running = _csat_counters()
    stats_rebuild()
    assert _csat_counters() == running
    # Deleting a ticket takes its survey out of the counters too.
    admin = User.objects.create_user(username="boss", role="admin")
    services.ticket_delete(ticket_id=tickets[0].pk, actor=admin)
    after_delete = _csat_counters()
    stats_rebuild()
    assert _csat_counters() == after_delete
    assert ticket_stats().satisfaction["asked"] == 3


def test_the_stats_endpoint_has_the_satisfaction_block(maria: User, alex: User) -> None:
    ticket = services.ticket_create(title="Printer", description="Jams.", actor=maria)
    _resolve(ticket, alex)
    _rate(rating_token(ticket_id=ticket.pk, resolution=1), "good")
    block = token_client(alex).get("/api/tickets/stats/").json()["satisfaction"]
    assert (block["asked"], block["ratings"], block["share_good"], block["response_rate"]) == (1, 1, 1.0, 1.0)
    assert len(block["per_day"]) == 30
