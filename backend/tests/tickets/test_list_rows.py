"""The list's column-built rows are exactly what the ticket serializers would produce."""

from __future__ import annotations

from datetime import time

import pytest

from support_desk.accounts.models import User
from support_desk.sla.models import BusinessHours, OpeningHours, SlaPolicy
from support_desk.tickets import services
from support_desk.tickets.api.rows import ticket_rows
from support_desk.tickets.api.serializers import AgentTicketSerializer, RequesterTicketSerializer
from support_desk.tickets.models import Ticket
from support_desk.triage.engine import Suggestion

pytestmark = pytest.mark.django_db


@pytest.fixture
def varied_tickets(agent: User, requester: User) -> None:
    User.objects.filter(pk=requester.pk).update(first_name="Maria", last_name="Keller")
    office = BusinessHours.objects.create(name="Office", time_zone="Europe/Berlin")
    OpeningHours.objects.create(business_hours=office, weekday=0, opens=time(9), closes=time(17))
    SlaPolicy.objects.create(
        name="Urgent",
        priority="high",
        business_hours=office,
        first_response_minutes=60,
        resolution_minutes=600,
    )
    SlaPolicy.objects.create(name="Any time", priority="medium", next_response_minutes=30)
    services.ticket_create(title="Bare", description="no people, no suggestion")
    with_people = services.ticket_create(
        title="People",
        description="requester and assignee",
        actor=requester,
        assignee=agent,
        tags=["vip", "a b"],
    )
    services.message_create(ticket_id=with_people.pk, author=agent, body="hello", is_internal=False)
    services.message_create(ticket_id=with_people.pk, author=requester, body="thanks", is_internal=False)
    services.ticket_update(ticket_id=with_people.pk, changes={"status": "resolved"}, actor=agent)
    # A rated resolution: the satisfaction object comes from the ticket's columns.
    services.ticket_rate(
        ticket_id=with_people.pk, resolution=1, rating="good", comment="Quick, thanks", actor=requester
    )
    duplicate = services.ticket_create(title="Same as People", description="a duplicate, in German")
    services.ticket_mark_duplicate(ticket_id=duplicate.pk, duplicate_of_id=with_people.pk, actor=agent)
    services.ticket_set_language(ticket_id=duplicate.pk, language="de")
    services.ticket_create(
        title="Suggested",
        description="local model",
        priority="high",
        tags=["billing"],
        suggestion=Suggestion(
            category="billing", priority="high", source="local", confidence=0.87, model_version="v1"
        ),
    )


@pytest.mark.parametrize(
    ("for_agent", "serializer"), [(True, AgentTicketSerializer), (False, RequesterTicketSerializer)]
)
def test_rows_equal_the_serializer_output(varied_tickets, for_agent, serializer) -> None:
    tickets = Ticket.objects.select_related("requester", "assignee").order_by("-created_at", "-id")
    expected = [dict(item) for item in serializer(tickets, many=True).data]
    assert ticket_rows(tickets, for_agent=for_agent) == expected
    assert len(expected) == 4
    rated = next(row for row in expected if row["title"] == "People")
    assert rated["satisfaction"]["rating"] == "good"
    assert rated["satisfaction"]["comment"] == "Quick, thanks"
