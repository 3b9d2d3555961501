"""Each ticket's embedding is stored after it is saved; the similar-ticket endpoint finds the
earlier tickets that read like it, with their status and whether an agent answered them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from support_desk.assist.models import TicketEmbedding
from support_desk.assist.similarity_index import similarity_index
from support_desk.tickets import services
from tests.assist.conftest import answer_publicly

pytestmark = pytest.mark.django_db

EARLIER = timezone.now() - timedelta(days=3)


def test_a_new_ticket_is_embedded_and_its_language_detected_after_commit(committed_ticket) -> None:
    ticket = committed_ticket(
        "Passwort vergessen", "Ich kann mich nicht anmelden, mein Passwort wird abgelehnt."
    )
    stored = TicketEmbedding.objects.get(ticket_id=ticket.pk)
    assert len(bytes(stored.vector)) == 384
    assert ticket.language == "de"


def test_editing_the_text_replaces_the_embedding_and_other_edits_do_not(
    committed_ticket, agent, django_capture_on_commit_callbacks
) -> None:
    ticket = committed_ticket("Invoice", "Where can I download my invoice for March?")
    first = TicketEmbedding.objects.get(ticket_id=ticket.pk)
    with django_capture_on_commit_callbacks(execute=True):
        services.ticket_update(ticket_id=ticket.pk, changes={"priority": "high"}, actor=agent)
    assert TicketEmbedding.objects.get(ticket_id=ticket.pk).pk == first.pk
    with django_capture_on_commit_callbacks(execute=True):
        services.ticket_update(
            ticket_id=ticket.pk, changes={"description": "The app crashes when I open settings."}, actor=agent
        )
    second = TicketEmbedding.objects.get(ticket_id=ticket.pk)
    assert second.pk > first.pk
    assert bytes(second.vector) != bytes(first.vector)


def test_similar_returns_earlier_tickets_most_alike_first_with_status_and_replies(
    committed_ticket, api_client, agent
) -> None:
    answered = committed_ticket(
        "Charged twice for my subscription",
        "My card was billed twice for this month's plan.",
        created_at=EARLIER,
    )
    answer_publicly(answered, agent, "We refunded the second charge; it shows in 3 to 5 days.")
    committed_ticket(
        "Cannot reset my password", "The reset link in the e-mail has expired.", created_at=EARLIER
    )
    unanswered = committed_ticket(
        "Double charge on my card",
        "I see two payments for the same invoice.",
        created_at=EARLIER + timedelta(hours=1),
    )
    ticket = committed_ticket("Billed two times", "You charged my credit card twice for one subscription.")
    later = committed_ticket("Charged twice again", "Two charges for my plan this month as well.")

    response = api_client.get(f"/api/tickets/{ticket.pk}/similar/")
    assert response.status_code == 200
    rows = response.json()
    ids = [row["id"] for row in rows]
    assert later.pk not in ids
    assert ticket.pk not in ids
    assert set(ids[:2]) == {answered.pk, unanswered.pk}  # the two billing tickets first
    by_id = {row["id"]: row for row in rows}
    assert by_id[answered.pk]["status"] == "resolved"
    assert by_id[answered.pk]["has_public_agent_reply"] is True
    assert by_id[unanswered.pk]["has_public_agent_reply"] is False
    assert rows[0]["score"] >= rows[-1]["score"]
    assert 0 < rows[0]["score"] <= 1
    assert set(rows[0]) == {"id", "title", "status", "created_at", "score", "has_public_agent_reply"}

    limited = api_client.get(f"/api/tickets/{ticket.pk}/similar/?limit=1").json()
    assert [row["id"] for row in limited] == ids[:1]


def test_an_internal_note_is_not_a_public_agent_reply(committed_ticket, api_client, agent) -> None:
    noted = committed_ticket("Export to CSV fails", "The CSV export button does nothing.", created_at=EARLIER)
    services.message_create(ticket_id=noted.pk, author=agent, body="Known bug, see JIRA.", is_internal=True)
    ticket = committed_ticket("CSV export broken", "Clicking export to CSV does nothing at all.")
    row = api_client.get(f"/api/tickets/{ticket.pk}/similar/").json()[0]
    assert (row["id"], row["has_public_agent_reply"]) == (noted.pk, False)


@pytest.mark.parametrize("limit", ["0", "21", "five", "1.5"])
def test_similar_refuses_a_bad_limit(committed_ticket, api_client, limit) -> None:
    ticket = committed_ticket("Slow dashboard", "The dashboard takes a minute to load.")
    response = api_client.get(f"/api/tickets/{ticket.pk}/similar/?limit={limit}")
    assert response.status_code == 400
    assert "limit" in response.json()


def test_a_ticket_not_embedded_yet_still_gets_its_similar_tickets(
    committed_ticket, api_client, settings
) -> None:
    earlier = committed_ticket(
        "VPN drops every hour", "The VPN connection drops every hour.", created_at=EARLIER
    )
    settings.ASSIST_ENABLED = False  # as if the worker had not got to it yet
    ticket = committed_ticket("VPN keeps disconnecting", "My VPN disconnects hourly.")
    assert not TicketEmbedding.objects.filter(ticket_id=ticket.pk).exists()
    assert api_client.get(f"/api/tickets/{ticket.pk}/similar/").json()[0]["id"] == earlier.pk


def test_the_index_of_a_running_process_sees_tickets_embedded_elsewhere_and_forgets_deleted_ones(
    committed_ticket, api_client, admin_user
) -> None:
    first = committed_ticket("Printer offline", "The office printer shows offline.", created_at=EARLIER)
    ticket = committed_ticket("Printer is offline again", "Our printer says it is offline.")
    assert similarity_index().stats().vectors == 2  # this process's index is loaded now
    second = committed_ticket(
        "Printer offline since update", "After the update the printer is offline.", created_at=EARLIER
    )
    ids = [row["id"] for row in api_client.get(f"/api/tickets/{ticket.pk}/similar/").json()]
    assert set(ids[:2]) == {first.pk, second.pk}
    services.ticket_delete(ticket_id=first.pk, actor=admin_user)
    ids = [row["id"] for row in api_client.get(f"/api/tickets/{ticket.pk}/similar/").json()]
    assert first.pk not in ids
    assert second.pk in ids
