"""The public request form (`POST /api/public/tickets/`): a request from someone who is not
signed in becomes a ticket for the person behind the address, acknowledged over real SMTP with
a sign-in link; the answer never tells whether the address had an account; bots are turned
away by the honeypot, the fill time and the throttles; turned off, it is a clear 403."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from support_desk.accounts.models import Role, User
from support_desk.core.jobs import background_jobs_wait
from support_desk.tickets.models import Attachment, Ticket
from tests.customers.conftest import aged_form_token, sign_in_token, signed_in_client
from tests.mail.servers import SmtpSink

pytestmark = pytest.mark.django_db(transaction=True)


def _form(**overrides: Any) -> dict[str, Any]:
    return {
        "name": "Lena Fischer",
        "email": "lena@example.org",
        "title": "Invoice shows the wrong amount",
        "description": "My December invoice charges me twice for the same plan.",
        "form_token": aged_form_token(),
        "website": "",
        **overrides,
    }


def _post(body: dict[str, Any], client: Client | None = None, **extra: Any) -> Any:
    response = (client or Client()).post(
        "/api/public/tickets/", body, content_type="application/json", **extra
    )
    # Without a worker the request's mail and suggestions follow the answer: the tests read
    # what this request did, not a job still on its way.
    assert background_jobs_wait(), "the request's jobs did not finish"
    return response


def test_a_visitor_files_a_request_and_gets_a_sign_in_link_to_it(smtp_sink: SmtpSink) -> None:
    response = _post(_form())
    assert response.status_code == 202
    number = response.json()["ticket_number"]
    ticket = Ticket.objects.select_related("requester").get(pk=number)
    requester = ticket.requester
    assert requester is not None
    assert (requester.email, requester.role, requester.first_name) == (
        "lena@example.org",
        Role.REQUESTER,
        "Lena",
    )
    assert not requester.has_usable_password()
    [mail] = smtp_sink.wait_for(1)
    assert mail.recipients == ["lena@example.org"]
    assert mail.message["Subject"] == f"[#{number}] Invoice shows the wrong amount"
    client, answer = signed_in_client(sign_in_token(mail))
    assert answer["status"] == 200
    assert answer["next"] == f"/tickets/{number}"
    assert client.get(f"/api/tickets/{number}/").json()["title"] == "Invoice shows the wrong amount"


def test_the_answer_is_the_same_whether_or_not_the_address_had_an_account(smtp_sink: SmtpSink) -> None:
    known = User.objects.create_user(username="known", email="known@example.org", password="pw-12345678")
    first = _post(_form(email="known@example.org"))
    second = _post(_form(email="unknown@example.org"))
    assert first.status_code == second.status_code == 202
    strip = lambda body: {key: value for key, value in body.items() if key != "ticket_number"}  # noqa: E731
    assert strip(first.json()) == strip(second.json())
    assert sorted(first.headers) == sorted(second.headers)
    # The known person's request is theirs, with their password untouched.
    assert Ticket.objects.get(pk=first.json()["ticket_number"]).requester == known
    known.refresh_from_db()
    assert known.check_password("pw-12345678")
    assert User.objects.filter(email="unknown@example.org").count() == 1


def test_files_come_with_the_request_within_the_attachment_limits(settings: Any) -> None:
    settings.MAX_ATTACHMENT_BYTES = 2048
    small = _form()
    with_file = Client().post(
        "/api/public/tickets/",
        {**small, "files": [_upload("screenshot.png", b"\x89PNG" + b"0" * 100, "image/png")]},
    )
    assert with_file.status_code == 202
    [stored] = Attachment.objects.filter(ticket_id=with_file.json()["ticket_number"])
    assert (stored.filename, stored.size) == ("screenshot.png", 104)
    too_big = Client().post(
        "/api/public/tickets/",
        {**_form(email="other@example.org"), "files": [_upload("big.bin", b"0" * 4096, "application/pdf")]},
    )
    assert too_big.status_code in (400, 413)
    assert Ticket.objects.count() == 1


def _upload(name: str, content: bytes, content_type: str) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type=content_type)


def test_the_honeypot_field_filled_in_is_refused() -> None:
    response = _post(_form(website="http://spam.example"))
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert Ticket.objects.count() == 0


def test_a_form_sent_sooner_than_the_minimum_fill_time_is_refused(settings: Any) -> None:
    settings.PUBLIC_FORM_MIN_SECONDS = 5
    fresh = Client().get("/api/public/form/").json()["form_token"]
    too_fast = _post(_form(form_token=fresh))
    assert too_fast.status_code == 400
    assert "too quickly" in too_fast.json()["detail"]
    assert _post(_form(form_token=aged_form_token(6))).status_code == 202


def test_a_forged_or_stale_form_token_is_refused() -> None:
    assert _post(_form(form_token="forged:token")).status_code == 400
    assert _post(_form(form_token=aged_form_token(2 * 24 * 3600))).status_code == 400
    assert Ticket.objects.count() == 0


def test_turned_off_the_form_says_so_with_403(settings: Any) -> None:
    settings.PUBLIC_REQUESTS_ENABLED = False
    assert Client().get("/api/public/form/").json() | {"min_fill_seconds": 0} == {
        "enabled": False,
        "form_token": "",
        "min_fill_seconds": 0,
        "max_attachment_bytes": settings.MAX_ATTACHMENT_BYTES,
        "max_attachments": settings.MAX_ATTACHMENTS_PER_MESSAGE,
    }
    response = _post(_form())
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert "turned off" in response.json()["detail"]
    assert Ticket.objects.count() == 0


def test_one_client_is_throttled_whatever_addresses_it_uses() -> None:
    # THROTTLE_PUBLIC_RATE is 10/hour by default.
    statuses = [_post(_form(email=f"person{n}@example.org")).status_code for n in range(11)]
    assert statuses == [202] * 10 + [429]
    # Another client has its own budget.
    assert _post(_form(email="late@example.org"), REMOTE_ADDR="10.0.0.9").status_code == 202


def test_one_address_is_throttled_from_whatever_client() -> None:
    statuses = [
        _post(_form(email="Target@Example.org"), REMOTE_ADDR=f"10.0.1.{n}").status_code for n in range(11)
    ]
    assert statuses == [202] * 10 + [429]


def test_a_json_body_over_the_request_limit_is_refused(settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2048
    response = _post(_form(description="x" * 4096))
    assert response.status_code == 413
    assert Ticket.objects.count() == 0


def test_the_request_is_triaged_on_creation_like_any_other(settings: Any) -> None:
    settings.TRIAGE_PROVIDER = "local"
    response = _post(_form(title="Charged twice", description="I was charged twice, please refund me."))
    ticket = Ticket.objects.get(pk=response.json()["ticket_number"])
    assert ticket.suggestion_source == "local"
    assert ticket.category == "billing"
    # Nothing of it reaches the visitor.
    assert set(response.json()) == {"ticket_number", "detail"}


def test_only_the_listed_sites_may_call_it_or_frame_the_form(settings: Any, tmp_path: Any) -> None:
    (tmp_path / "index.html").write_text("<!doctype html><title>Support Desk</title>")
    settings.WEB_APP_DIST = tmp_path
    settings.CORS_ALLOWED_ORIGINS = ["https://www.shop.example"]
    preflight = Client().options(
        "/api/public/tickets/",
        headers={"Origin": "https://www.shop.example", "Access-Control-Request-Method": "POST"},
    )
    assert preflight["Access-Control-Allow-Origin"] == "https://www.shop.example"
    other = Client().options(
        "/api/public/tickets/",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
    )
    assert "Access-Control-Allow-Origin" not in other
    page = Client().get("/request?embed=1")
    assert page.status_code == 200
    assert "frame-ancestors 'self' https://www.shop.example" in page["Content-Security-Policy"]
    assert "X-Frame-Options" not in page
    elsewhere = Client().get("/login")
    assert "frame-ancestors 'none'" in elsewhere["Content-Security-Policy"]
    assert elsewhere["X-Frame-Options"] == "DENY"
    # With no site listed, the form is not framed either.
    settings.CORS_ALLOWED_ORIGINS = []
    assert "frame-ancestors 'none'" in Client().get("/request")["Content-Security-Policy"]
