"""Every API endpoint, every role, own and other ticket: the expected status.

The endpoints come from the URL configuration itself: a new /api/ route without a rule
here makes `test_every_api_route_has_a_rule` fail.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from rest_framework.test import APIClient

from support_desk.accounts.models import User
from support_desk.assist.models import Incident, IncidentTicket
from support_desk.tickets import services
from support_desk.tickets.attachments import AttachmentUpload
from support_desk.tickets.models import Tag
from tests.conftest import token_client

PUBLIC = "public"
ROLES = ("anonymous", "requester", "agent", "admin")
AGENTS_ONLY = {"anonymous": 401, "requester": 403, "agent": 200, "admin": 200}
AGENTS_ONLY_CREATED = {"anonymous": 401, "requester": 403, "agent": 201, "admin": 201}
AGENTS_ONLY_INVALID = {"anonymous": 401, "requester": 403, "agent": 400, "admin": 400}

# (method, route pattern) → {role: status} for the requester's OWN ticket; `other` overrides
# what a requester gets on somebody else's ticket.
RULES: dict[tuple[str, str], dict[str, int]] = {
    ("GET", "api/tickets/"): {"anonymous": 401, "requester": 200, "agent": 200, "admin": 200},
    ("POST", "api/tickets/"): {"anonymous": 401, "requester": 201, "agent": 201, "admin": 201},
    ("GET", "api/tickets/stats/"): {"anonymous": 401, "requester": 403, "agent": 200, "admin": 200},
    ("POST", "api/tickets/classify/"): {"anonymous": 401, "requester": 200, "agent": 200, "admin": 200},
    ("GET", "api/tickets/<id:ticket_id>/"): {"anonymous": 401, "requester": 200, "agent": 200, "admin": 200},
    ("PATCH", "api/tickets/<id:ticket_id>/"): {
        "anonymous": 401,
        "requester": 403,
        "agent": 200,
        "admin": 200,
    },
    ("GET", "api/tickets/<id:ticket_id>/messages/"): {
        "anonymous": 401,
        "requester": 200,
        "agent": 200,
        "admin": 200,
    },
    ("POST", "api/tickets/<id:ticket_id>/messages/"): {
        "anonymous": 401,
        "requester": 201,
        "agent": 201,
        "admin": 201,
    },
    ("GET", "api/tickets/<id:ticket_id>/events/"): {
        "anonymous": 401,
        "requester": 403,
        "agent": 200,
        "admin": 200,
    },
    ("GET", "api/tickets/<id:ticket_id>/attachments/"): {
        "anonymous": 401,
        "requester": 200,
        "agent": 200,
        "admin": 200,
    },
    ("GET", "api/tickets/<id:ticket_id>/attachments/<id:attachment_id>/"): {
        "anonymous": 401,
        "requester": 200,
        "agent": 200,
        "admin": 200,
    },
    # Mail services post raw mail with the shared secret; no sign-in of anyone opens it.
    ("POST", "api/mail/inbound/"): {role: 403 for role in ROLES},
    ("GET", "api/mail/status/"): {"anonymous": 401, "requester": 403, "agent": 403, "admin": 200},
    ("GET", "api/mail/preferences/"): {"anonymous": 401, "requester": 200, "agent": 200, "admin": 200},
    ("PATCH", "api/mail/preferences/"): {"anonymous": 401, "requester": 200, "agent": 200, "admin": 200},
    ("GET", "api/mail/tickets/<id:ticket_id>/"): {
        "anonymous": 401,
        "requester": 200,
        "agent": 200,
        "admin": 200,
    },
    # Assistance (similar tickets, duplicates, drafts, summaries, incidents): agents only.
    # Mutations are sent with an empty body: agents pass authorization and fail validation.
    ("GET", "api/tickets/<id:ticket_id>/similar/"): AGENTS_ONLY,
    ("POST", "api/tickets/<id:ticket_id>/duplicate/"): AGENTS_ONLY_INVALID,
    ("POST", "api/tickets/<id:ticket_id>/merge/"): AGENTS_ONLY_INVALID,
    ("POST", "api/tickets/<id:ticket_id>/draft/"): {
        "anonymous": 401,
        "requester": 403,
        "agent": 201,
        "admin": 201,
    },
    ("POST", "api/tickets/<id:ticket_id>/draft/discard/"): AGENTS_ONLY_INVALID,
    ("GET", "api/tickets/<id:ticket_id>/summary/"): AGENTS_ONLY,
    ("GET", "api/drafts/stats/"): AGENTS_ONLY,
    ("GET", "api/incidents/"): AGENTS_ONLY,
    ("GET", "api/incidents/<id:incident_id>/"): AGENTS_ONLY,
    ("POST", "api/incidents/<id:incident_id>/reply/"): AGENTS_ONLY_INVALID,
    ("GET", "api/taxonomy/"): {"anonymous": 401, "requester": 200, "agent": 200, "admin": 200},
    ("POST", "api/tickets/bulk/"): {"anonymous": 401, "requester": 403, "agent": 200, "admin": 200},
    ("GET", "api/tickets/export.csv"): {"anonymous": 401, "requester": 403, "agent": 200, "admin": 200},
    ("GET", "api/tags/"): {"anonymous": 401, "requester": 403, "agent": 200, "admin": 200},
    ("PATCH", "api/tags/<id:tag_id>/"): {"anonymous": 401, "requester": 403, "agent": 403, "admin": 200},
    ("POST", "api/tags/<id:tag_id>/merge/"): {"anonymous": 401, "requester": 403, "agent": 403, "admin": 200},
    ("GET", "api/saved-replies/"): {"anonymous": 401, "requester": 403, "agent": 200, "admin": 200},
    ("POST", "api/saved-replies/"): {"anonymous": 401, "requester": 403, "agent": 201, "admin": 201},
    # The route's reply is a shared one: only admins change or delete it.
    ("PATCH", "api/saved-replies/<id:reply_id>/"): {
        "anonymous": 401,
        "requester": 403,
        "agent": 403,
        "admin": 200,
    },
    ("DELETE", "api/saved-replies/<id:reply_id>/"): {
        "anonymous": 401,
        "requester": 403,
        "agent": 403,
        "admin": 204,
    },
    ("POST", "api/saved-replies/<id:reply_id>/preview/"): {
        "anonymous": 401,
        "requester": 403,
        "agent": 200,
        "admin": 200,
    },
    ("POST", "api/saved-replies/<id:reply_id>/send/"): {
        "anonymous": 401,
        "requester": 403,
        "agent": 201,
        "admin": 201,
    },
    ("GET", "api/users/"): {"anonymous": 401, "requester": 403, "agent": 200, "admin": 200},
    ("GET", "api/auth/session/"): {"anonymous": 401, "requester": 200, "agent": 200, "admin": 200},
    ("POST", "api/auth/login/"): {role: 400 for role in ROLES},  # public; the empty body is invalid
    ("POST", "api/auth/logout/"): {role: 204 for role in ROLES},
    # The code step of a sign-in: nothing is waiting for a code here, and the body is empty.
    ("POST", "api/auth/login/verify/"): {role: 400 for role in ROLES},
    # Two-factor sign-in is for staff; changing it takes a browser session, never an API token
    # (the clients here sign in with tokens), so a leaked token cannot take over the sign-in.
    ("GET", "api/auth/two-factor/"): AGENTS_ONLY,
    **{
        ("POST", f"api/auth/two-factor/{action}/"): {
            "anonymous": 401,
            "requester": 403,
            "agent": 403,
            "admin": 403,
        }
        for action in ("setup", "confirm", "disable", "recovery-codes")
    },
    # Everyone's own sessions; the route's session is the requester's, which nobody else ends.
    ("GET", "api/auth/sessions/"): {"anonymous": 401, "requester": 200, "agent": 200, "admin": 200},
    ("POST", "api/auth/sessions/end-others/"): {
        "anonymous": 401,
        "requester": 200,
        "agent": 200,
        "admin": 200,
    },
    ("DELETE", "api/auth/sessions/<id:session_id>/"): {
        "anonymous": 401,
        "requester": 204,
        "agent": 404,
        "admin": 404,
    },
    ("GET", "api/auth/security-events/"): {"anonymous": 401, "requester": 403, "agent": 403, "admin": 200},
    # The customer side: open to anyone (no sign-in), so the empty body is what fails.
    ("GET", "api/public/form/"): {role: 200 for role in ROLES},
    ("POST", "api/public/tickets/"): {role: 400 for role in ROLES},
    ("POST", "api/public/ratings/"): {role: 400 for role in ROLES},
    ("POST", "api/auth/magic-link/"): {role: 400 for role in ROLES},
    ("POST", "api/auth/magic-link/sign-in/"): {role: 400 for role in ROLES},
    # Single sign-on: whether the button shows is public; the way to the provider and back is
    # for anyone too, and answers 404 while no provider is configured (as in these settings;
    # tests/sso drives both against a real provider).
    ("GET", "api/auth/oidc/"): {role: 200 for role in ROLES},
    ("GET", "api/auth/oidc/start/"): {role: 404 for role in ROLES},
    ("GET", "api/auth/oidc/callback/"): {role: 404 for role in ROLES},
    # Only the ticket's requester rates it (the own ticket is resolved in the world below).
    ("PUT", "api/tickets/<id:ticket_id>/satisfaction/"): {
        "anonymous": 401,
        "requester": 200,
        "agent": 403,
        "admin": 403,
    },
    ("GET", "api/schema/"): {role: 200 for role in ROLES},
    ("GET", "api/docs/"): {role: 200 for role in ROLES},
    ("GET", "api/redoc/"): {role: 200 for role in ROLES},
}
# A requester asking about someone else's ticket learns nothing: always 404.
OTHER_TICKET_STATUS = 404

BODIES: dict[tuple[str, str], dict[str, object]] = {
    ("POST", "api/tickets/"): {"title": "Help", "description": "Something is wrong."},
    ("POST", "api/tickets/classify/"): {"description": "I was charged twice for my plan this month."},
    ("PATCH", "api/tickets/<id:ticket_id>/"): {"status": "in_progress"},
    ("POST", "api/tickets/<id:ticket_id>/messages/"): {"body": "Any news?"},
    ("PUT", "api/tickets/<id:ticket_id>/satisfaction/"): {"rating": "good"},
    ("POST", "api/auth/login/"): {},
    ("PATCH", "api/mail/preferences/"): {"kind": "public_reply", "enabled": False},
    ("POST", "api/tickets/bulk/"): {"ids": [1], "changes": {"status": "in_progress"}},
    ("PATCH", "api/tags/<id:tag_id>/"): {"name": "renamed"},
    ("POST", "api/tags/<id:tag_id>/merge/"): {"into": "<other_tag_id>"},
    ("POST", "api/saved-replies/"): {"title": "Thanks", "body": "Thank you!"},
    ("PATCH", "api/saved-replies/<id:reply_id>/"): {"title": "Renamed"},
    ("POST", "api/saved-replies/<id:reply_id>/preview/"): {"ticket_id": "<own_ticket_id>"},
    ("POST", "api/saved-replies/<id:reply_id>/send/"): {"ticket_id": "<own_ticket_id>"},
}


def extra_world_ids(agent: User, admin: User, requester: User) -> dict[str, int]:
    """Objects of the domains built on tickets that routes name by id, and the requester's
    browser session."""
    from django.contrib.sessions.backends.db import SessionStore

    from support_desk.accounts.models import SignInSession
    from support_desk.replies.services import saved_reply_create

    reply = saved_reply_create(actor=admin, shared=True, title="Shared", body="Hello {{ requester.name }}")
    browser = SessionStore()
    browser.create()
    session = SignInSession.objects.create(user=requester, session_key=browser.session_key)
    return {"reply_id": reply.pk, "session_id": session.pk}


def api_routes() -> set[str]:
    """Every route under api/, as written in the URL configuration."""
    found: set[str] = set()

    def walk(patterns: list[URLPattern | URLResolver], prefix: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
            elif route.startswith("api/"):
                found.add(route)

    walk(get_resolver().url_patterns, "")
    return found


def allowed_methods(route: str) -> set[str]:
    view = next(p for p in _flat_patterns() if p[0] == route)[1]
    view_class = getattr(view, "view_class", None) or getattr(view, "cls", None)
    return {m.upper() for m in ("get", "post", "patch", "put", "delete") if hasattr(view_class, m)}


def _flat_patterns() -> list[tuple[str, object]]:
    flat: list[tuple[str, object]] = []

    def walk(patterns: list[URLPattern | URLResolver], prefix: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
            else:
                flat.append((route, pattern.callback))

    walk(get_resolver().url_patterns, "")
    return flat


def test_every_api_route_has_a_rule() -> None:
    covered = {route for _, route in RULES}
    assert api_routes() == covered


def test_every_method_of_every_api_route_has_a_rule() -> None:
    for route in api_routes():
        for method in allowed_methods(route):
            assert (method, route) in RULES, f"no authorization rule for {method} /{route}"


@dataclass
class World:
    clients: dict[str, APIClient]
    own_ticket_id: int
    other_ticket_id: int
    # A file on each ticket, for the download route.
    attachment_ids: dict[int, int]
    # Ids of other objects the routes name, by their URL parameter (`tag_id`, ...).
    ids: dict[str, int]

    def fill(self, text: str) -> str:
        for name, value in self.ids.items():
            text = text.replace(f"<id:{name}>", str(value)).replace(f'"<{name}>"', str(value))
        return text

    incident_id: int


@pytest.fixture
def world(requester: User, other_requester: User, agent: User, admin_user: User) -> World:
    own = services.ticket_create(
        title="Mine", description="my problem", actor=requester, attachments=[_file()], tags=["alpha"]
    )
    other = services.ticket_create(
        title="Theirs", description="their problem", actor=other_requester, attachments=[_file()]
    )
    services.ticket_update(ticket_id=other.pk, changes={}, add_tags=["beta"])
    # Both resolved, so the requester has a rating to give on their own.
    for ticket in (own, other):
        services.ticket_update(ticket_id=ticket.pk, changes={"status": "resolved"}, actor=agent)
    tags = dict(Tag.objects.values_list("name", "pk"))
    now = timezone.now()
    incident = Incident.objects.create(title="Outage", first_seen=now, last_seen=now, created_at=now)
    IncidentTicket.objects.create(incident=incident, ticket=own)
    return World(
        ids={
            "tag_id": tags["alpha"],
            "other_tag_id": tags["beta"],
            "own_ticket_id": own.pk,
            **extra_world_ids(agent, admin_user, requester),
        },
        clients={
            "anonymous": APIClient(),
            "requester": token_client(requester),
            "agent": token_client(agent),
            "admin": token_client(admin_user),
        },
        own_ticket_id=own.pk,
        other_ticket_id=other.pk,
        attachment_ids={ticket.pk: ticket.attachments.get().pk for ticket in (own, other)},
        incident_id=incident.pk,
    )


def _file() -> AttachmentUpload:
    return AttachmentUpload(filename="notes.txt", content=b"some notes", content_type="text/plain")


CASES = [
    (method, route, role, whose)
    for (method, route) in RULES
    for role in ROLES
    for whose in (("own", "other") if "<id:ticket_id>" in route else ("none",))
]


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "route", "role", "whose"), CASES)
def test_authorization_matrix(world: World, method: str, route: str, role: str, whose: str) -> None:
    ticket_id = world.other_ticket_id if whose == "other" else world.own_ticket_id
    path = world.fill(
        "/"
        + route.replace("<id:ticket_id>", str(ticket_id))
        .replace("<id:attachment_id>", str(world.attachment_ids[ticket_id]))
        .replace("<id:incident_id>", str(world.incident_id))
    )
    client = world.clients[role]
    body = BODIES.get((method, route))
    data = _json(body)
    response = client.generic(
        method, path, data=None if data is None else world.fill(data), content_type="application/json"
    )
    expected = RULES[(method, route)][role]
    if whose == "other" and role == "requester":
        expected = OTHER_TICKET_STATUS
    assert response.status_code == expected, (method, path, role, response.content[:200])
    if expected >= 400:
        assert response["Content-Type"].startswith("application/json")


def _json(body: dict[str, object] | None) -> str | None:
    import json

    return None if body is None else json.dumps(body)
