"""Marking a duplicate closes it with a link both ways and an optional reply; merging moves the
conversation. Both are recorded on both timelines, and the statistics stay exact."""

from __future__ import annotations

import pytest

from support_desk.tickets import services
from support_desk.tickets.attachments import AttachmentUpload, attachments_store
from support_desk.tickets.models import Ticket, TicketEvent, TicketMessage
from support_desk.tickets.stats import stats_rebuild, ticket_stats

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(make_ticket, requester, other_requester) -> tuple[Ticket, Ticket]:
    original = make_ticket(title="Checkout fails", description="Error 502 at checkout.", requester=requester)
    duplicate = make_ticket(title="Cannot pay", description="Checkout says 502.", requester=other_requester)
    return original, duplicate


def kinds(ticket: Ticket) -> list[str]:
    return list(TicketEvent.objects.filter(ticket=ticket).order_by("id").values_list("kind", flat=True))


def test_marking_a_duplicate_closes_it_links_both_ways_and_replies_to_its_requester(
    api_client, pair, other_requester
) -> None:
    original, duplicate = pair
    response = api_client.post(
        f"/api/tickets/{duplicate.pk}/duplicate/",
        {
            "duplicate_of": original.pk,
            "reply": f"We are on it in #{original.pk}; we will update you there.",
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["duplicate_of"]) == ("closed", original.pk)
    assert api_client.get(f"/api/tickets/{original.pk}/").json()["duplicates"] == [duplicate.pk]
    assert kinds(duplicate)[-3:] == ["message_added", "status_changed", "marked_duplicate"]
    assert kinds(original)[-1] == "duplicate_added"
    marked = TicketEvent.objects.get(ticket=duplicate, kind="marked_duplicate")
    reply = TicketMessage.objects.get(ticket=duplicate)
    assert marked.data == {"duplicate_of": original.pk, "reply_message_id": reply.pk}
    assert not reply.is_internal
    # The requester sees the reply in their conversation, and not the link itself.
    from tests.conftest import token_client

    mine = token_client(other_requester).get(f"/api/tickets/{duplicate.pk}/").json()
    assert mine["duplicate_of"] is None
    assert (
        token_client(other_requester)
        .get(f"/api/tickets/{duplicate.pk}/messages/")
        .json()[0]["body"]
        .startswith("We are on it")
    )


def test_a_duplicate_without_reply_adds_no_message(api_client, pair) -> None:
    original, duplicate = pair
    response = api_client.post(
        f"/api/tickets/{duplicate.pk}/duplicate/", {"duplicate_of": original.pk}, format="json"
    )
    assert response.status_code == 200
    assert not TicketMessage.objects.filter(ticket=duplicate).exists()


def test_statistics_stay_exact_after_duplicates_and_merges(api_client, pair, make_ticket) -> None:
    original, duplicate = pair
    third = make_ticket(title="Checkout error", description="502 when paying.")
    api_client.post(f"/api/tickets/{duplicate.pk}/duplicate/", {"duplicate_of": original.pk}, format="json")
    api_client.post(f"/api/tickets/{third.pk}/merge/", {"into": original.pk}, format="json")
    live = ticket_stats()
    stats_rebuild()
    assert ticket_stats() == live
    assert live.status_breakdown["closed"] == 2


@pytest.mark.parametrize(
    ("case", "status", "code"),
    [
        ("itself", 400, "invalid"),
        ("already", 409, "conflict"),
        ("chain", 400, "invalid"),
        ("missing", 404, "not_found"),
    ],
)
def test_a_duplicate_that_makes_no_sense_is_refused(
    api_client, pair, make_ticket, agent, case, status, code
) -> None:
    original, duplicate = pair
    target = {"itself": duplicate.pk, "already": original.pk, "chain": duplicate.pk, "missing": 999_999}[case]
    source = duplicate.pk
    if case in ("already", "chain"):
        services.ticket_mark_duplicate(ticket_id=duplicate.pk, duplicate_of_id=original.pk, actor=agent)
        source = duplicate.pk if case == "already" else make_ticket().pk
    response = api_client.post(f"/api/tickets/{source}/duplicate/", {"duplicate_of": target}, format="json")
    assert response.status_code == status, response.content
    assert response.json().get("code", "invalid") == code


def test_merging_moves_the_conversation_closes_the_ticket_and_is_audited(
    api_client, pair, agent, requester
) -> None:
    original, duplicate = pair
    services.message_create(ticket_id=original.pk, author=agent, body="Looking into it.", is_internal=False)
    moved = [
        services.message_create(
            ticket_id=duplicate.pk, author=duplicate.requester, body="Still broken", is_internal=False
        ),
        services.message_create(ticket_id=duplicate.pk, author=agent, body="Same as #1", is_internal=True),
    ]
    screenshot = attachments_store(
        ticket=duplicate,
        message=moved[0],
        uploads=[AttachmentUpload(filename="error.txt", content=b"502 Bad Gateway")],
        uploaded_by=duplicate.requester,
    )[0]
    response = api_client.post(f"/api/tickets/{duplicate.pk}/merge/", {"into": original.pk}, format="json")
    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["duplicate_of"]) == ("closed", original.pk)
    assert not TicketMessage.objects.filter(ticket=duplicate).exists()
    bodies = [m["body"] for m in api_client.get(f"/api/tickets/{original.pk}/messages/").json()]
    assert bodies == ["Looking into it.", "Still broken", "Same as #1"]
    into = TicketEvent.objects.get(ticket=duplicate, kind="merged_into")
    joined = TicketEvent.objects.get(ticket=original, kind="merged_from")
    expected = {
        "into": original.pk,
        "from": duplicate.pk,
        "message_ids": [m.pk for m in moved],
        "attachment_ids": [screenshot.pk],
    }
    assert into.data == joined.data == expected
    assert into.actor == joined.actor == agent
    # The original's requester now sees the moved public reply, never the internal note.
    from tests.conftest import token_client

    seen = [m["body"] for m in token_client(requester).get(f"/api/tickets/{original.pk}/messages/").json()]
    assert seen == ["Looking into it.", "Still broken"]
    # The file moved with its reply, and is served from the ticket it joined.
    download = api_client.get(f"/api/tickets/{original.pk}/attachments/{screenshot.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"502 Bad Gateway"
    assert api_client.get(f"/api/tickets/{duplicate.pk}/attachments/{screenshot.pk}/").status_code == 404


def test_requesters_can_neither_mark_duplicates_nor_merge(requester_client, pair, requester) -> None:
    original, duplicate = pair
    own = original  # the requester's own ticket
    assert (
        requester_client.post(
            f"/api/tickets/{own.pk}/duplicate/", {"duplicate_of": duplicate.pk}, format="json"
        ).status_code
        == 403
    )
    assert (
        requester_client.post(
            f"/api/tickets/{own.pk}/merge/", {"into": duplicate.pk}, format="json"
        ).status_code
        == 403
    )
    assert (
        requester_client.post(
            f"/api/tickets/{duplicate.pk}/merge/", {"into": own.pk}, format="json"
        ).status_code
        == 404
    )
    assert Ticket.objects.get(pk=own.pk).status == "open"
