"""Tags on tickets (each change on the timeline, a filter, rename and merge everywhere), bulk
changes with a result per ticket, and the CSV export with the list's filters."""

from __future__ import annotations

import csv
import io
from dataclasses import asdict

import pytest
from rest_framework.test import APIClient

from support_desk.accounts.models import User
from support_desk.tickets.export import BATCH
from support_desk.tickets.models import Tag, Ticket, TicketEvent
from support_desk.tickets.stats import ticket_stats
from tests.conftest import token_client
from tests.tickets.test_stats import expected_stats

pytestmark = pytest.mark.django_db


def test_agents_set_tags_and_each_change_is_on_the_timeline(api_client: APIClient, make_ticket) -> None:
    ticket = make_ticket()
    body = api_client.patch(
        f"/api/tickets/{ticket.id}/", {"tags": ["VPN", " Billing  issue "]}, format="json"
    ).json()
    assert body["tags"] == ["billing issue", "vpn"]
    assert body["version"] == 2
    body = api_client.patch(f"/api/tickets/{ticket.id}/", {"tags": ["vpn", "vip"]}, format="json").json()
    assert body["tags"] == ["vip", "vpn"]
    events = api_client.get(f"/api/tickets/{ticket.id}/events/").json()
    changes = [(e["kind"], e["old_value"] or e["new_value"]) for e in events if e["kind"].startswith("tag_")]
    assert changes == [
        ("tag_added", "billing issue"),
        ("tag_added", "vpn"),
        ("tag_added", "vip"),
        ("tag_removed", "billing issue"),
    ]


def test_tags_are_validated(api_client: APIClient, make_ticket) -> None:
    ticket = make_ticket()
    assert api_client.patch(f"/api/tickets/{ticket.id}/", {"tags": [7]}, format="json").status_code == 400
    assert (
        api_client.patch(f"/api/tickets/{ticket.id}/", {"tags": ["x" * 51]}, format="json").status_code == 400
    )
    assert api_client.patch(f"/api/tickets/{ticket.id}/", {"tags": ["  "]}, format="json").status_code == 400


def test_the_tag_filter(api_client: APIClient, make_ticket) -> None:
    tagged = make_ticket(tags=["vpn"])
    make_ticket(tags=["billing"])
    make_ticket()
    assert [t["id"] for t in api_client.get("/api/tickets/?tag=VPN").json()] == [tagged.id]
    assert api_client.get("/api/tickets/?tag=nothing").json() == []


def test_admins_rename_and_merge_tags_everywhere(admin_user: User, agent: User, make_ticket) -> None:
    admin = token_client(admin_user)
    first = make_ticket(tags=["vpn", "network"])
    second = make_ticket(tags=["vpm"])
    vpm, vpn = Tag.objects.get(name="vpm"), Tag.objects.get(name="vpn")
    assert token_client(agent).patch(f"/api/tags/{vpm.id}/", {"name": "x"}, format="json").status_code == 403
    renamed = admin.patch(f"/api/tags/{vpm.id}/", {"name": "VPN typo"}, format="json")
    assert renamed.json() == {"id": vpm.id, "name": "vpn typo", "tickets": 1}
    assert admin.patch(f"/api/tags/{vpm.id}/", {"name": "vpn"}, format="json").status_code == 409
    merged = admin.post(f"/api/tags/{vpm.id}/merge/", {"into": vpn.id}, format="json")
    assert merged.json() == {"id": vpn.id, "name": "vpn", "tickets": 2}
    assert admin.get(f"/api/tickets/{second.id}/").json()["tags"] == ["vpn"]
    assert admin.get(f"/api/tickets/{first.id}/").json()["tags"] == ["network", "vpn"]
    assert admin.post(f"/api/tags/{vpn.id}/merge/", {"into": vpn.id}, format="json").status_code == 400
    names = {t["name"]: t["tickets"] for t in admin.get("/api/tags/").json()}
    assert names == {"network": 1, "vpn": 2}

    # Each ticket's timeline says what the rename and the merge did to it, and who did it.
    def tag_events(ticket) -> list[tuple[str, str | None, str | None]]:
        rows = TicketEvent.objects.filter(
            ticket=ticket, kind__in=["tag_added", "tag_removed"], actor=admin_user
        )
        return list(rows.order_by("id").values_list("kind", "old_value", "new_value"))

    assert tag_events(second) == [
        ("tag_removed", "vpm", None),
        ("tag_added", None, "vpn typo"),
        ("tag_removed", "vpn typo", None),
        ("tag_added", None, "vpn"),
    ]
    assert tag_events(first) == []  # it had "vpn" already, and never "vpm"


def test_bulk_changes_every_ticket_through_the_services(
    api_client: APIClient, agent: User, make_ticket
) -> None:
    tickets = [make_ticket(priority="low", tags=["old"]) for _ in range(3)]
    response = api_client.post(
        "/api/tickets/bulk/",
        {
            "ids": [t.id for t in tickets] + [999_999],
            "changes": {
                "status": "pending",
                "priority": "high",
                "assignee_id": agent.id,
                "add_tags": ["Outage"],
                "remove_tags": ["old"],
            },
        },
        format="json",
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["changed"], body["failed"]) == (3, 1)
    assert body["results"][-1] == {
        "id": 999_999,
        "ok": False,
        "version": None,
        "error": {"detail": "Ticket not found.", "code": "not_found"},
    }
    for ticket in tickets:
        stored = api_client.get(f"/api/tickets/{ticket.id}/").json()
        assert (stored["status"], stored["priority"], stored["assignee"]["id"], stored["tags"]) == (
            "pending",
            "high",
            agent.id,
            ["outage"],
        )
        kinds = {e["kind"] for e in api_client.get(f"/api/tickets/{ticket.id}/events/").json()}
        assert {"status_changed", "priority_changed", "assignee_changed", "tag_added", "tag_removed"} <= kinds
    assert [r["version"] for r in body["results"][:3]] == [2, 2, 2]
    assert asdict(ticket_stats()) == expected_stats()


def test_bulk_reports_a_stale_or_invalid_change_per_ticket(api_client: APIClient, make_ticket) -> None:
    ticket = make_ticket()
    assert (
        api_client.post("/api/tickets/bulk/", {"ids": [ticket.id], "changes": {}}, format="json").status_code
        == 400
    )
    too_many = api_client.post(
        "/api/tickets/bulk/", {"ids": list(range(1, 202)), "changes": {"status": "open"}}, format="json"
    )
    assert too_many.status_code == 400
    full = make_ticket(tags=[f"tag {n}" for n in range(20)])
    body = api_client.post(
        "/api/tickets/bulk/",
        {"ids": [full.id, ticket.id], "changes": {"add_tags": ["one more"]}},
        format="json",
    ).json()
    assert [(r["id"], r["ok"]) for r in body["results"]] == [(full.id, False), (ticket.id, True)]
    assert body["results"][0]["error"] == {"detail": "A ticket has at most 20 tags.", "code": "invalid"}


def test_requesters_cannot_bulk_change(requester_client: APIClient, make_ticket) -> None:
    ticket = make_ticket()
    response = requester_client.post(
        "/api/tickets/bulk/", {"ids": [ticket.id], "changes": {"status": "closed"}}, format="json"
    )
    assert response.status_code == 403
    assert Ticket.objects.get(pk=ticket.id).status == "open"


def _csv(response) -> list[dict[str, str]]:
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text)))


def test_export_streams_the_filtered_list_as_csv(api_client: APIClient, requester: User, make_ticket) -> None:
    make_ticket(title="Billing one", category="billing", actor=requester, tags=["vip", "refund"])
    make_ticket(title="Technical", category="technical")
    make_ticket(title="=HYPERLINK(evil)", category="billing")
    response = api_client.get("/api/tickets/export.csv?category=billing")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.streaming
    rows = _csv(response)
    assert [row["title"] for row in rows] == ["'=HYPERLINK(evil)", "Billing one"]
    assert rows[1]["tags"] == "refund;vip"
    assert rows[1]["requester"] == requester.username
    assert api_client.get("/api/tickets/export.csv?status=nope").status_code == 400


def test_export_walks_every_batch_once(api_client: APIClient, make_ticket, monkeypatch) -> None:
    monkeypatch.setattr("support_desk.tickets.export.BATCH", 3)
    made = [make_ticket(title=f"t{i}") for i in range(8)]
    rows = _csv(api_client.get("/api/tickets/export.csv"))
    assert [int(row["id"]) for row in rows] == [t.id for t in reversed(made)]
    rows = _csv(api_client.get("/api/tickets/export.csv?ordering=due"))
    assert sorted(int(row["id"]) for row in rows) == sorted(t.id for t in made)
    assert BATCH == 2000


def test_export_is_for_agents_only(requester_client: APIClient) -> None:
    assert requester_client.get("/api/tickets/export.csv").status_code == 403


def test_errors_in_list_items_keep_the_one_error_shape(api_client: APIClient, make_ticket) -> None:
    ticket = make_ticket()
    response = api_client.patch(f"/api/tickets/{ticket.id}/", {"tags": ["ok", 7, None]}, format="json")
    assert response.json() == {"tags": ["Item 2: Must be a string.", "Item 3: This field may not be null."]}
    bulk = api_client.post(
        "/api/tickets/bulk/", {"ids": [1, "x"], "changes": {"status": "open"}}, format="json"
    )
    assert bulk.json() == {"ids": ["Item 2: Must be a whole number."]}


def test_bulk_errors_name_the_nested_field(api_client: APIClient) -> None:
    response = api_client.post(
        "/api/tickets/bulk/", {"ids": [1], "changes": {"status": "gone"}}, format="json"
    )
    assert response.status_code == 400
    assert list(response.json()) == ["changes.status"]
    empty = api_client.post("/api/tickets/bulk/", {"ids": [1], "changes": {}}, format="json")
    assert empty.json() == {"changes.non_field_errors": ["Name at least one change."]}
