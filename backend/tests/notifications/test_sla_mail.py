"""Service-level warnings and breaches reach the assignee by mail, or every agent when nobody is
assigned, through the e-mail channel (threaded on the ticket, each agent may turn them off);
a breach found by the late reply itself sends nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from support_desk.accounts.models import Role, User
from support_desk.accounts.services import user_ensure
from support_desk.mail.enums import NotificationKind
from support_desk.mail.models import NotificationPreference, OutboundMail
from support_desk.sla.models import SlaPolicy
from support_desk.tickets import services
from support_desk.tickets.sla_watch import sla_watch_run

pytestmark = pytest.mark.django_db


@pytest.fixture
def team() -> list[User]:
    people = [user_ensure(username=name, role=Role.AGENT)[0] for name in ("ann", "ben")]
    for person in people:
        User.objects.filter(pk=person.pk).update(email=f"{person.username}@example.com")
    user_ensure(username="cleo", role=Role.REQUESTER)
    SlaPolicy.objects.create(name="Fast", priority="high", first_response_minutes=10)
    return people


def ago(minutes: int):
    return timezone.now() - timedelta(minutes=minutes)


def test_a_warning_goes_to_the_assignee(team: list[User], django_capture_on_commit_callbacks) -> None:
    ticket = services.ticket_create(
        title="Printer <b>", description="d", priority="high", assignee=team[0], created_at=ago(9)
    )
    with django_capture_on_commit_callbacks(execute=True):
        sla_watch_run()
    assert [m.to for m in mail.outbox] == [["ann@example.com"]]
    sent = mail.outbox[0]
    assert sent.subject == f"[#{ticket.pk}] Printer <b>"
    assert "The first response target" in sent.body
    assert "80% of its time has passed" in sent.body
    assert "Printer <b>" in sent.body  # the text part is plain text
    html = sent.alternatives[0][0]
    assert "Printer &lt;b&gt;" in html  # the HTML part escapes the customer's title
    recorded = OutboundMail.objects.get(ticket=ticket)
    assert (recorded.kind, recorded.automatic) == (NotificationKind.SLA_WARNING, True)


def test_a_breach_on_an_unassigned_ticket_goes_to_every_agent(
    team: list[User], django_capture_on_commit_callbacks
) -> None:
    services.ticket_create(title="Nobody", description="d", priority="high", created_at=ago(30))
    with django_capture_on_commit_callbacks(execute=True):
        sla_watch_run()
    assert sorted(m.to[0] for m in mail.outbox) == ["ann@example.com", "ben@example.com"]
    assert all("has been breached" in m.body for m in mail.outbox)


def test_an_agent_can_turn_breach_mail_off(team: list[User], django_capture_on_commit_callbacks) -> None:
    NotificationPreference.objects.create(user=team[1], kind=NotificationKind.SLA_BREACHED, enabled=False)
    services.ticket_create(title="Nobody", description="d", priority="high", created_at=ago(30))
    with django_capture_on_commit_callbacks(execute=True):
        sla_watch_run()
    assert [m.to for m in mail.outbox] == [["ann@example.com"]]


def test_a_late_reply_sends_no_mail(team: list[User], django_capture_on_commit_callbacks) -> None:
    ticket = services.ticket_create(title="Late", description="d", priority="high", created_at=ago(30))
    with django_capture_on_commit_callbacks(execute=True):
        services.message_create(ticket_id=ticket.pk, author=team[1], body="Sorry", is_internal=False)
    assert [m for m in mail.outbox if "breached" in m.body] == []
