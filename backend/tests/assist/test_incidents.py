"""Many similar tickets within the window form one incident, announced to the agents once; an
agent answers and resolves all of its tickets at once. The window is read from a test clock."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from support_desk.assist.incidents import incident_consider_ticket
from support_desk.assist.models import Incident, IncidentTicket
from support_desk.mail.enums import NotificationKind
from support_desk.mail.models import NotificationPreference, OutboundMail
from support_desk.tickets.models import Ticket, TicketEvent

pytestmark = pytest.mark.django_db

BURST = [
    ("Checkout fails with error 502", "I get a 502 Bad Gateway when I click Pay."),
    ("Cannot pay - 502 error", "The payment page shows error 502 since this morning."),
    ("Payment page down", "Checkout gives me a Bad Gateway error."),
    ("Error 502 on checkout", "Every time I try to pay I see 502."),
    ("Checkout broken", "Paying for my order fails with a gateway error (502)."),
    ("Store checkout 502", "Your checkout returns 502 Bad Gateway for me."),
]
OTHERS = [
    ("Password reset link expired", "The reset e-mail link says it expired."),
    ("Invoice download", "Where can I download my March invoice?"),
    ("App crashes on start", "The Android app crashes when I open it."),
]
START = timezone.now().replace(microsecond=0) - timedelta(days=1)


class GroupingClock:
    """The grouping's clock, moved by the test: each ticket is grouped as it arrives."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def agents_with_mail(agent, other_agent) -> list[str]:
    for user, address in ((agent, "alex@example.com"), (other_agent, "sam@example.com")):
        user.email = address
        user.save(update_fields=["email"])
    return ["alex@example.com", "sam@example.com"]


@pytest.fixture
def arrive(committed_ticket, settings, django_capture_on_commit_callbacks):
    """Tickets arriving at given minutes after START, grouped with the clock at that moment."""
    settings.ASSIST_ENABLED = False  # grouping is driven by the test clock below, not "now"
    settings.ASSIST_INCIDENT_MIN_TICKETS = 5
    settings.ASSIST_INCIDENT_WINDOW_MINUTES = 60

    def make(texts, minutes) -> list[Ticket]:
        from support_desk.assist.processing import embed_tickets

        made = []
        for (title, description), minute in zip(texts, minutes, strict=True):
            moment = START + timedelta(minutes=minute)
            ticket = committed_ticket(title, description, created_at=moment)
            embed_tickets([ticket])
            with django_capture_on_commit_callbacks(execute=True):
                incident_consider_ticket(
                    ticket_id=ticket.pk, clock=GroupingClock(moment + timedelta(seconds=30))
                )
            made.append(ticket)
        return made

    return make


def test_five_similar_tickets_within_the_hour_form_one_incident_and_agents_hear_of_it_once(
    arrive, agents_with_mail, api_client
) -> None:
    others = arrive(OTHERS, [1, 2, 3])
    burst = arrive(BURST[:5], [5, 12, 20, 31, 44])
    incident = Incident.objects.get()
    members = set(IncidentTicket.objects.filter(incident=incident).values_list("ticket_id", flat=True))
    assert members == {t.pk for t in burst}
    assert not members & {t.pk for t in others}
    assert sorted(sent.to[0] for sent in mail.outbox) == agents_with_mail  # one mail per agent
    notice = mail.outbox[0]
    assert notice.subject == f"Incident: {incident.title}"
    assert all(f"#{t.pk}" in notice.body for t in burst)
    recorded = OutboundMail.objects.filter(kind=NotificationKind.INCIDENT_OPENED)
    assert sorted(recorded.values_list("recipient", flat=True)) == agents_with_mail
    assert {m.ticket_id for m in recorded} == {burst[0].pk}  # threaded on the first ticket

    late = arrive(BURST[5:], [50])[0]  # a sixth one joins, without a second notice
    assert IncidentTicket.objects.get(ticket=late).incident == incident
    assert len(mail.outbox) == len(agents_with_mail)

    listed = api_client.get("/api/incidents/?status=open").json()
    assert len(listed) == 1
    row = listed[0]
    assert row["ticket_count"] == 6
    assert [t["id"] for t in row["tickets"]] == [t.pk for t in [*burst, late]]
    assert row["first_seen"] == burst[0].created_at.isoformat().replace("+00:00", "Z")
    assert row["last_seen"] == late.created_at.isoformat().replace("+00:00", "Z")
    assert row["title"] in {title for title, _ in BURST}
    assert api_client.get(f"/api/incidents/{row['id']}/").json() == row
    assert api_client.get("/api/incidents/?status=resolved").json() == []


def test_an_agent_who_turned_incident_mail_off_is_not_told(arrive, agents_with_mail, agent) -> None:
    NotificationPreference.objects.create(user=agent, kind=NotificationKind.INCIDENT_OPENED, enabled=False)
    arrive(BURST[:5], [5, 12, 20, 31, 44])
    assert Incident.objects.count() == 1
    assert [sent.to for sent in mail.outbox] == [["sam@example.com"]]


def test_the_same_tickets_spread_over_hours_form_no_incident(arrive, agents_with_mail) -> None:
    arrive(BURST[:5], [0, 70, 140, 210, 280])
    assert not Incident.objects.exists()
    assert mail.outbox == []


def test_fewer_than_the_threshold_form_no_incident_until_the_next_one(arrive, settings) -> None:
    arrive(BURST[:4], [0, 5, 10, 15])
    assert not Incident.objects.exists()
    settings.ASSIST_INCIDENT_MIN_TICKETS = 4
    arrive(BURST[4:5], [20])
    assert Incident.objects.count() == 1


def test_a_ticket_arriving_after_the_incident_went_quiet_starts_no_second_one_alone(arrive) -> None:
    arrive(BURST[:5], [0, 2, 4, 6, 8])
    incident = Incident.objects.get()
    arrive(BURST[5:], [200])
    assert Incident.objects.count() == 1
    assert IncidentTicket.objects.filter(incident=incident).count() == 5


def test_a_ticket_grouped_long_after_it_arrived_is_left_out(committed_ticket, settings) -> None:
    """The clock decides: a backlog processed a day late is not a burst happening now."""
    from support_desk.assist.processing import embed_tickets

    settings.ASSIST_ENABLED = False
    tickets = [committed_ticket(t, d, created_at=START) for t, d in BURST[:5]]
    embed_tickets(tickets)
    later = GroupingClock(START + timedelta(days=1))
    assert all(incident_consider_ticket(ticket_id=t.pk, clock=later) is None for t in tickets)


def test_an_agent_answers_and_resolves_every_ticket_of_the_incident_at_once(
    arrive, api_client, agent, django_capture_on_commit_callbacks
) -> None:
    burst = arrive(BURST[:5], [0, 3, 6, 9, 12])
    incident = Incident.objects.get()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = api_client.post(
            f"/api/incidents/{incident.pk}/reply/",
            {"body": "The payment provider had an outage; it is fixed now.", "resolve": True},
            format="json",
        )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["replied"] == body["resolved"] == sorted(t.pk for t in burst)
    assert body["incident"]["status"] == "resolved"
    assert len(callbacks) >= 10  # each reply and each status change announced after commit
    for ticket in burst:
        stored = Ticket.objects.get(pk=ticket.pk)
        assert stored.status == "resolved"
        events = list(TicketEvent.objects.filter(ticket=ticket).values_list("kind", "actor_id"))
        assert ("message_added", agent.pk) in events
        assert ("status_changed", agent.pk) in events
        assert stored.messages.get().body.startswith("The payment provider")


def test_replying_without_resolving_keeps_everything_open(arrive, api_client) -> None:
    burst = arrive(BURST[:5], [0, 1, 2, 3, 4])
    incident = Incident.objects.get()
    response = api_client.post(
        f"/api/incidents/{incident.pk}/reply/", {"body": "We are investigating."}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["resolved"] == []
    assert response.json()["incident"]["status"] == "open"
    assert {Ticket.objects.get(pk=t.pk).status for t in burst} == {"open"}


def test_incidents_are_for_agents_only(arrive, requester_client) -> None:
    arrive(BURST[:5], [0, 1, 2, 3, 4])
    incident = Incident.objects.get()
    assert requester_client.get("/api/incidents/").status_code == 403
    assert requester_client.get(f"/api/incidents/{incident.pk}/").status_code == 403
    reply = requester_client.post(f"/api/incidents/{incident.pk}/reply/", {"body": "hi"}, format="json")
    assert reply.status_code == 403
