"""Edits and deletions made in the Django admin keep their author: the timeline names the admin,
an admin's label choice teaches the model like an agent's, and a deleted ticket leaves a record."""

from __future__ import annotations

import pytest
from django.test import Client

from support_desk.accounts.models import Role, User
from support_desk.accounts.services import user_ensure
from support_desk.tickets import services
from support_desk.tickets.enums import ActorKind, EventKind, LabelSource
from support_desk.tickets.models import Ticket, TicketDeletion, TicketEvent
from support_desk.tickets.training_examples import training_examples_from_db

pytestmark = pytest.mark.django_db


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def change_form(ticket: Ticket, **changes: object) -> dict[str, object]:
    """The admin's change form as the browser posts it: every field, some changed."""
    form: dict[str, object] = {
        "title": ticket.title,
        "description": ticket.description,
        "category": ticket.category,
        "priority": ticket.priority,
        "status": ticket.status,
        "requester": ticket.requester_id or "",
        "assignee": ticket.assignee_id or "",
        "version": ticket.version,
        "category_source": ticket.category_source,
        "priority_source": ticket.priority_source,
        "suggested_category": ticket.suggested_category or "",
        "suggested_priority": ticket.suggested_priority or "",
        "suggestion_source": ticket.suggestion_source or "",
        "suggestion_confidence": "",
        "suggestion_model_version": "",
    }
    form.update(changes)
    return form


def test_an_admin_edit_is_recorded_with_the_admin_and_teaches_the_model(
    admin_user: User, make_ticket
) -> None:
    ticket = make_ticket(title="Printer", description="The office printer jams every morning.")
    response = signed_in(admin_user).post(
        f"/admin/tickets/ticket/{ticket.pk}/change/",
        change_form(ticket, category="technical", priority="low"),
    )
    assert response.status_code == 302, response.content[:500]
    ticket.refresh_from_db()
    assert (ticket.category, ticket.priority) == ("technical", "low")
    assert (ticket.category_source, ticket.priority_source) == (LabelSource.AGENT, LabelSource.AGENT)
    changes = TicketEvent.objects.filter(
        ticket=ticket, kind__in=[EventKind.CATEGORY_CHANGED, EventKind.PRIORITY_CHANGED]
    )
    assert {(event.actor_id, event.actor_kind) for event in changes} == {(admin_user.pk, ActorKind.USER)}
    [example] = [e for e in training_examples_from_db() if "printer" in e.text.lower()]
    assert (example.category, example.priority) == ("technical", "low")


def test_a_ticket_added_in_the_admin_names_its_author(admin_user: User, requester: User) -> None:
    response = signed_in(admin_user).post(
        "/admin/tickets/ticket/add/",
        {
            "title": "Added by hand",
            "description": "Phoned in by the customer.",
            "category": "billing",
            "priority": "high",
            "status": "open",
            "requester": requester.pk,
            "assignee": "",
            "version": 1,
            "category_source": "default",
            "priority_source": "default",
        },
    )
    assert response.status_code == 302, response.content[:500]
    ticket = Ticket.objects.get(title="Added by hand")
    assert ticket.requester == requester
    assert ticket.category_source == LabelSource.AGENT
    created = TicketEvent.objects.get(ticket=ticket, kind=EventKind.CREATED)
    assert created.actor == admin_user


def test_createsuperuser_makes_an_admin() -> None:
    user = User.objects.create_superuser("root-admin", "root@example.com", "a-long-password-1")
    assert user.role == Role.ADMIN
    assert user.is_agent
    assert user.is_admin


def test_a_deletion_leaves_a_record_that_outlives_the_ticket(admin_user: User, make_ticket) -> None:
    ticket = make_ticket(title="Spam: cheap watches")
    services.ticket_update(ticket_id=ticket.pk, changes={"status": "closed"}, actor=admin_user)
    response = signed_in(admin_user).post(f"/admin/tickets/ticket/{ticket.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Ticket.objects.filter(pk=ticket.pk).exists()
    assert not TicketEvent.objects.filter(ticket_id=ticket.pk).exists()  # the timeline went with it
    record = TicketDeletion.objects.get(ticket_id=ticket.pk)
    assert (record.title, record.deleted_by, record.deleted_by_username) == (
        "Spam: cheap watches",
        admin_user,
        admin_user.username,
    )
    # Admins can read the record, nobody can change it.
    listing = signed_in(admin_user).get("/admin/tickets/ticketdeletion/")
    assert listing.status_code == 200
    assert b"Spam: cheap watches" in listing.content
    assert signed_in(admin_user).get(f"/admin/tickets/ticketdeletion/{record.pk}/delete/").status_code == 403


def test_only_admins_may_delete_tickets(make_ticket) -> None:
    staff_agent = user_ensure(username="staff-agent", role=Role.AGENT)[0]
    staff_agent.is_staff = True  # an agent let into the admin to fix tickets
    staff_agent.save()
    from django.contrib.auth.models import Permission

    staff_agent.user_permissions.set(Permission.objects.filter(codename__endswith="_ticket"))
    ticket = make_ticket()
    client = signed_in(staff_agent)
    assert client.get(f"/admin/tickets/ticket/{ticket.pk}/change/").status_code == 200
    assert client.post(f"/admin/tickets/ticket/{ticket.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Ticket.objects.filter(pk=ticket.pk).exists()
    assert client.get("/admin/tickets/ticketdeletion/").status_code == 403
    with pytest.raises(Exception, match="Only admins can delete tickets"):
        services.ticket_delete(ticket_id=ticket.pk, actor=staff_agent)
    assert Ticket.objects.filter(pk=ticket.pk).exists()
