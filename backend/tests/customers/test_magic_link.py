"""Signing in with a link sent by mail: one use, a deadline, the same answer (and the same
work in the request) for every address, throttled, and never for staff unless an admin
allowed it; the links in notification mails sign their customer in to that ticket."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from support_desk.accounts.models import SignInLink, User
from support_desk.accounts.sign_in_links import (
    safe_next_path,
    sign_in_link_create,
    sign_in_link_use,
    sign_in_links_purge,
)
from support_desk.core.jobs import background_jobs_wait
from support_desk.tickets import services
from tests.customers.conftest import sign_in_token, signed_in_client
from tests.mail.servers import SmtpSink

pytestmark = pytest.mark.django_db(transaction=True)


def _ask(email: str, **extra: Any) -> Any:
    response = Client().post(
        "/api/auth/magic-link/",
        {"email": email, "next": "/tickets/7"},
        content_type="application/json",
        **extra,
    )
    # Without a worker the link is made and mailed after the answer: what the tests read of the
    # mailbox and the database is what this request did, not a job still on its way.
    assert background_jobs_wait(), "the sign-in link job did not finish"
    return response


def test_a_customer_asks_for_a_link_and_it_signs_them_in_once(smtp_sink: SmtpSink, maria: User) -> None:
    response = _ask("Maria@Customer.test")
    assert response.status_code == 202
    [mail] = smtp_sink.wait_for(1)
    assert mail.recipients == ["maria@customer.test"]
    assert "works once, within 15 minutes" in mail.message.get_body(("plain",)).get_content()
    token = sign_in_token(mail)
    client, answer = signed_in_client(token)
    assert answer["status"] == 200
    assert answer["next"] == "/tickets/7"
    assert client.get("/api/auth/session/").json()["username"] == "maria"
    _, again = signed_in_client(token)
    assert again["status"] == 400
    assert "expired or was already used" in str(again["token"])


def test_a_link_past_its_deadline_does_not_sign_in(maria: User, settings: Any) -> None:
    token = sign_in_link_create(
        user=maria, next_path="/", max_age_seconds=settings.MAGIC_LINK_MAX_AGE_SECONDS
    )
    link = SignInLink.objects.get(user=maria)
    assert link.expires_at - link.created_at == timedelta(seconds=900)
    SignInLink.objects.filter(pk=link.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert sign_in_link_use(token=token) is None
    assert signed_in_client(token)[1]["status"] == 400


def test_a_forged_or_altered_token_does_not_sign_in(maria: User) -> None:
    token = sign_in_link_create(user=maria, next_path="/", max_age_seconds=900)
    value, _, signature = token.rpartition(":")
    assert sign_in_link_use(token=f"{value}:{signature[::-1]}") is None
    assert sign_in_link_use(token="not-a-token") is None
    assert sign_in_link_use(token=token) is not None


@pytest.mark.django_db  # in a transaction, so the job queued on commit can be held back and counted
def test_known_and_unknown_addresses_get_the_same_answer_after_the_same_work(
    maria: User, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False):
        _ask("warm-up@customer.test", REMOTE_ADDR="10.9.9.9")
    answers = []
    for address in ("maria@customer.test", "nobody@customer.test"):
        with (
            django_capture_on_commit_callbacks(execute=False) as queued,
            CaptureQueriesContext(connection) as queries,
        ):
            response = _ask(address)
        answers.append(
            (response.status_code, response.json(), sorted(response.headers), len(queries), len(queued))
        )
    assert answers[0] == answers[1]
    assert answers[0][0] == 202
    assert answers[0][4] == 1  # one job queued for each, which looks the address up


def test_an_unknown_address_gets_no_mail(smtp_sink: SmtpSink, maria: User) -> None:
    assert _ask("nobody@customer.test").status_code == 202
    assert _ask("maria@customer.test").status_code == 202
    [mail] = smtp_sink.wait_for(1)
    assert mail.recipients == ["maria@customer.test"]


def test_staff_get_no_link_unless_an_admin_allowed_it(smtp_sink: SmtpSink, alex: User) -> None:
    assert _ask("alex@desk.test").status_code == 202
    assert smtp_sink.received == []
    # A link made anyway (before the admin changed their mind) does not sign them in either.
    token = sign_in_link_create(user=alex, next_path="/", max_age_seconds=900)
    assert sign_in_link_use(token=token) is None
    User.objects.filter(pk=alex.pk).update(magic_link_allowed=True)
    assert _ask("alex@desk.test").status_code == 202
    [mail] = smtp_sink.wait_for(1)
    assert signed_in_client(sign_in_token(mail))[1]["status"] == 200


def test_asking_is_throttled_per_address_and_per_client(maria: User) -> None:
    statuses = [_ask("maria@customer.test", REMOTE_ADDR=f"10.0.2.{n}").status_code for n in range(11)]
    assert statuses == [202] * 10 + [429]
    statuses = [_ask(f"p{n}@customer.test", REMOTE_ADDR="10.0.3.1").status_code for n in range(11)]
    assert statuses == [202] * 10 + [429]


def test_a_notification_link_signs_its_customer_in_to_that_ticket_once(
    smtp_sink: SmtpSink, maria: User, alex: User
) -> None:
    ticket = services.ticket_create(title="Printer", description="It jams.", actor=maria)
    smtp_sink.wait_for(1)
    services.message_create(ticket_id=ticket.pk, author=alex, body="Try tray 2.", is_internal=False)
    reply = smtp_sink.wait_for(2)[1]
    link = SignInLink.objects.order_by("-id").first()
    assert link is not None
    assert (link.user, link.next_path) == (maria, f"/tickets/{ticket.pk}")
    assert link.expires_at - link.created_at == timedelta(days=7)
    token = sign_in_token(reply)
    client, answer = signed_in_client(token)
    assert (answer["status"], answer["next"], answer["user"]["username"]) == (
        200,
        f"/tickets/{ticket.pk}",
        "maria",
    )  # type: ignore[index]
    assert client.get(f"/api/tickets/{ticket.pk}/").status_code == 200
    assert signed_in_client(token)[1]["status"] == 400


def test_agents_mails_keep_plain_links(smtp_sink: SmtpSink, maria: User, alex: User) -> None:
    ticket = services.ticket_create(title="Printer", description="It jams.", actor=maria)
    smtp_sink.wait_for(1)
    services.ticket_update(ticket_id=ticket.pk, changes={"assignee": alex}, actor=None)
    [_, assigned] = smtp_sink.wait_for(2)
    assert assigned.recipients == ["alex@desk.test"]
    text = assigned.message.get_body(("plain",)).get_content()
    assert f"http://desk.test/tickets/{ticket.pk}" in text
    assert "sign-in/link" not in text


def test_an_agent_still_signs_in_with_a_password(alex: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.get("/api/auth/session/")
    response = client.post(
        "/api/auth/login/",
        {"username": "alex", "password": "pw-alex-12345"},
        content_type="application/json",
        HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value,
    )
    assert response.status_code == 200


def test_people_copied_by_address_get_the_plain_link(smtp_sink: SmtpSink, maria: User) -> None:
    ticket = services.ticket_create(
        title="Printer", description="It jams.", actor=maria, participants=[("boss@customer.test", "Boss")]
    )
    mails = {mail.recipients[0]: mail for mail in smtp_sink.wait_for(2)}
    boss = mails["boss@customer.test"].message.get_body(("plain",)).get_content()
    assert f"http://desk.test/tickets/{ticket.pk}" in boss
    assert "sign-in/link" not in boss
    assert SignInLink.objects.filter(user=maria).count() == 1


def test_a_link_only_leads_to_pages_of_the_app(maria: User) -> None:
    assert safe_next_path("//evil.example/x") == "/"
    assert safe_next_path("https://evil.example") == "/"
    assert safe_next_path("/\\evil.example") == "/"
    # A browser drops the tab and reads `//evil.example`.
    assert safe_next_path("/\t/evil.example") == "/"
    assert safe_next_path("/tickets/3") == "/tickets/3"
    token = sign_in_link_create(user=maria, next_path="//evil.example", max_age_seconds=900)
    assert sign_in_link_use(token=token).next_path == "/"  # type: ignore[union-attr]


def test_expired_links_are_purged_a_day_later(maria: User) -> None:
    sign_in_link_create(user=maria, next_path="/", max_age_seconds=900)
    stale = sign_in_link_create(user=maria, next_path="/", max_age_seconds=900)
    assert stale
    SignInLink.objects.filter(pk=SignInLink.objects.order_by("-id").first().pk).update(  # type: ignore[union-attr]
        expires_at=timezone.now() - timedelta(days=2)
    )
    assert sign_in_links_purge() == 1
    assert SignInLink.objects.count() == 1


def test_admins_allow_sign_in_links_for_staff_in_the_admin(alex: User) -> None:
    admin = User.objects.create_superuser(username="root", email="root@desk.test", password="pw-root-12345")
    client = Client()
    client.force_login(admin)
    page = client.get(f"/admin/accounts/user/{alex.pk}/change/")
    assert page.status_code == 200
    assert b'name="magic_link_allowed"' in page.content
