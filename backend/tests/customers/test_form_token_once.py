"""A public form token files one request, over real HTTP (the app served by live_server on
PostgreSQL): a replay is refused with a clear 409 and files nothing, two submissions at the
same moment file exactly one request, and a submission refused before it was filed (a field
missing, a file too large) leaves the token good for the corrected form."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from support_desk.customers.models import UsedFormToken
from support_desk.customers.services import FormTokenUsed, used_form_tokens_purge
from support_desk.tickets.models import Ticket
from tests.customers.http import Answer, post_json, post_multipart, send

pytestmark = pytest.mark.django_db(transaction=True)

TICKETS = "/api/public/tickets/"


@pytest.fixture(autouse=True)
def _quick_form(settings: Any) -> None:
    # The fill-time check is not what is tested here (each test stays under the throttle).
    settings.PUBLIC_FORM_MIN_SECONDS = 0


def _form_token(base_url: str) -> str:
    answer = send(base_url, "GET", "/api/public/form/")
    assert answer.status == 200
    token: str = answer.json()["form_token"]
    return token


def _form(token: str, **overrides: Any) -> dict[str, Any]:
    return {
        "name": "Lena Fischer",
        "email": "lena@example.org",
        "title": "Invoice shows the wrong amount",
        "description": "My December invoice charges me twice for the same plan.",
        "form_token": token,
        "website": "",
        **overrides,
    }


def test_a_form_token_files_one_request_and_a_replay_is_refused(live_server: Any) -> None:
    token = _form_token(live_server.url)
    first = post_json(live_server.url, TICKETS, _form(token))
    assert first.status == 202, first.body
    replays = [post_json(live_server.url, TICKETS, _form(token, title=f"Again {n}")) for n in range(2)]
    for replay in replays:
        assert replay.status == 409, replay.body
        assert replay.json() == {"detail": FormTokenUsed().detail, "code": "conflict"}
        assert "already sent" in replay.json()["detail"]
    assert list(Ticket.objects.values_list("pk", flat=True)) == [first.json()["ticket_number"]]
    # A fresh form (a reload) files the next request.
    again = post_json(live_server.url, TICKETS, _form(_form_token(live_server.url), title="Another question"))
    assert again.status == 202
    assert Ticket.objects.count() == 2


def test_two_submissions_at_once_with_one_token_file_exactly_one_request(live_server: Any) -> None:
    token = _form_token(live_server.url)
    start = threading.Barrier(4)
    answers: list[Answer] = []

    def submit(n: int) -> None:
        start.wait()
        answers.append(post_json(live_server.url, TICKETS, _form(token, title=f"At once {n}")))

    threads = [threading.Thread(target=submit, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(answer.status for answer in answers) == [202, 409, 409, 409]
    assert Ticket.objects.count() == 1
    assert UsedFormToken.objects.count() == 1


def test_a_submission_refused_before_filing_leaves_the_token_good(live_server: Any, settings: Any) -> None:
    settings.MAX_ATTACHMENT_BYTES = 1024
    token = _form_token(live_server.url)
    missing_title = post_json(live_server.url, TICKETS, {**_form(token), "title": ""})
    assert missing_title.status == 400
    too_large = post_multipart(live_server.url, TICKETS, _form(token), [("big.bin", b"0" * 4096)])
    assert too_large.status == 413, too_large.body
    assert (Ticket.objects.count(), UsedFormToken.objects.count()) == (0, 0)
    fixed = post_multipart(live_server.url, TICKETS, _form(token), [("small.txt", b"fine")])
    assert fixed.status == 202, fixed.body
    assert post_json(live_server.url, TICKETS, _form(token)).status == 409
    assert Ticket.objects.count() == 1


def test_used_tokens_are_forgotten_once_they_would_have_expired(live_server: Any) -> None:
    token = _form_token(live_server.url)
    assert post_json(live_server.url, TICKETS, _form(token)).status == 202
    assert used_form_tokens_purge() == 0  # still within the token's day
    UsedFormToken.objects.update(expires_at="2000-01-01T00:00:00Z")
    assert used_form_tokens_purge() == 1
