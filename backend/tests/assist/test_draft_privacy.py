"""A draft reuses what the team wrote, never what belongs to another customer: Tom's resolved
ticket holds an agent's reply full of his particulars (a temporary password, his street
address, his card's ending, his private address, an order number, a participant's name); the
draft offered on Maria's similar ticket, and what a language model is sent for it or for a
summary, carries none of them."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from support_desk.accounts.models import Role, User
from support_desk.accounts.services import user_ensure
from support_desk.tickets.models import Ticket, TicketParticipant
from tests.assist.conftest import answer_publicly
from tests.fakes.fake_llm_server import FakeLLMServer, summary

pytestmark = pytest.mark.django_db

EARLIER = timezone.now() - timedelta(days=5)

TOM_REPLY = """Hi Tom,

We have unlocked your account and blocked the old card ending in 4242. Your temporary password is
Xk7!pq29 and you will be asked to change it when you sign in.

The replacement card goes to 221B Baker Street, London NW1 6XE within 5 working days, for order
number 88123-A. We also sent the confirmation to tom.baker77@gmail.com and copied Sarah Connor as
you asked. If anything is unclear, call us back on +44 20 7946 0958 and quote code 493817.

Best regards,
Alex Rivera"""

# Everything of Tom's (and of Sarah, copied on his ticket) that must never reach Maria.
TOMS_PARTICULARS = (
    "Tom",
    "Baker",
    "tbaker",
    "tom.baker77",
    "gmail",
    "Xk7!pq29",
    "221B",
    "NW1",
    "6XE",
    "4242",
    "88123",
    "Sarah",
    "Connor",
    "sarah.c@homemail.test",
    "7946",
    "493817",
)


def person(username: str, first: str, last: str, email: str) -> User:
    user = user_ensure(username=username, role=Role.REQUESTER, email=email)[0]
    User.objects.filter(pk=user.pk).update(first_name=first, last_name=last)
    user.refresh_from_db()
    return user


@pytest.fixture
def tom(db: None) -> User:
    return person("tbaker", "Tom", "Baker", "tom.baker77@gmail.com")


@pytest.fixture
def maria(db: None) -> User:
    return person("mlopez", "Maria", "Lopez", "maria.lopez@example.org")


@pytest.fixture
def toms_ticket(committed_ticket, agent: User, tom: User) -> Ticket:
    ticket = committed_ticket(
        "Locked out of my account and my card was blocked",
        "I cannot sign in to my account any more and my card was blocked at the shop. Please help.",
        created_at=EARLIER,
        requester=tom,
    )
    TicketParticipant.objects.create(ticket=ticket, email="sarah.c@homemail.test", name="Sarah Connor")
    answer_publicly(ticket, agent, TOM_REPLY)
    return ticket


@pytest.fixture
def marias_ticket(committed_ticket, maria: User, toms_ticket: Ticket) -> Ticket:
    return committed_ticket(
        "Locked out of my account, card blocked",
        "I cannot sign in to my account and my card was blocked yesterday. Please help.",
        requester=maria,
    )


def leaked(text: str) -> list[str]:
    """Tom's particulars found in `text`, in any case, as words ("Tom", not the "tom" of "customer")."""
    return [item for item in TOMS_PARTICULARS if re.search(rf"(?<!\w){re.escape(item)}(?!\w)", text, re.I)]


def ask_draft(client: Any, ticket: Ticket) -> dict[str, Any]:
    response = client.post(f"/api/tickets/{ticket.pk}/draft/")
    assert response.status_code == 201, response.content
    body: dict[str, Any] = response.json()
    return body


def test_a_retrieval_draft_keeps_the_teams_words_and_none_of_the_other_customers_particulars(
    api_client, toms_ticket: Ticket, marias_ticket: Ticket
) -> None:
    body = ask_draft(api_client, marias_ticket)
    assert (body["source"], body["sources"]) == (
        "retrieval",
        [{"id": toms_ticket.pk, "title": toms_ticket.title}],
    )
    draft = body["body"]
    assert leaked(draft) == [], draft
    # What the team wrote stays, addressed to Maria, with the particulars as placeholders.
    assert draft.startswith("Hi Maria,\n")
    assert "We have unlocked your account and blocked the old card ending in [CARD]." in draft
    assert "Your temporary password is\n[SECRET]" in draft
    assert "The replacement card goes to [ADDRESS] within 5 working days" in draft
    assert "[EMAIL]" in draft
    assert "[PHONE]" in draft
    assert "[NAME]" in draft


def test_a_language_model_is_sent_no_particulars_of_the_other_customer(
    api_client, toms_ticket: Ticket, marias_ticket: Ticket, llm: FakeLLMServer
) -> None:
    # Smart mode: the fake drafts from the first past reply it was given, citing it.
    body = ask_draft(api_client, marias_ticket)
    assert body["source"] == "llm"
    [request] = llm.requests
    assert f'<past_reply ticket="{toms_ticket.pk}">' in request.user
    assert "We have unlocked your account" in request.user
    assert leaked(request.user) == [], request.user
    assert leaked(body["body"]) == []
    # The model kept the greeting's placeholder; the draft names the new requester.
    assert body["body"].startswith("Hi Maria,\n")


def test_a_summary_leaves_without_the_particulars_of_the_people_on_the_ticket(
    api_client, toms_ticket: Ticket, llm: FakeLLMServer
) -> None:
    llm.enqueue(summary("A new card.", "Unlocked, card blocked.", "Nothing."))
    body = api_client.get(f"/api/tickets/{toms_ticket.pk}/summary/").json()
    assert body["available"] is True
    [request] = llm.requests
    assert "blocked the old card ending in [CARD]" in request.user
    assert leaked(request.user) == [], request.user


def test_a_reply_that_is_all_particulars_is_not_offered(
    api_client, committed_ticket, agent: User, tom: User, maria: User
) -> None:
    past = committed_ticket(
        "Card blocked", "My card was blocked at the shop today.", created_at=EARLIER, requester=tom
    )
    answer_publicly(past, agent, "Tom Baker, 221B Baker Street, NW1 6XE: card 4242, code 493817.")
    new = committed_ticket("Card blocked", "My card was blocked at the shop.", requester=maria)
    body = ask_draft(api_client, new)
    assert (body["source"], body["body"], body["reason"]) == ("none", "", "only_personal")


def test_the_customers_mail_quoted_below_an_agents_reply_is_not_reused(
    api_client, committed_ticket, agent: User, tom: User, maria: User
) -> None:
    past = committed_ticket(
        "Export stops halfway", "The CSV export stops at 50 percent.", created_at=EARLIER, requester=tom
    )
    reply = (
        "Thanks, that was a bug on our side: it is fixed, please export again.\n\n"
        "On Mon, 3 Mar 2025 at 10:02, T. B. <tb@privatemail.test> wrote:\n"
        "> It stops at 50%. I live at Elm Road 4, my neighbour Jim says hi.\n"
    )
    answer_publicly(past, agent, reply)
    new = committed_ticket("CSV export stops halfway", "The CSV export stops at 50 percent.", requester=maria)
    body = ask_draft(api_client, new)
    assert body["body"] == "Thanks, that was a bug on our side: it is fixed, please export again."


def test_a_past_reply_to_the_same_customer_still_greets_them(
    api_client, committed_ticket, agent: User, maria: User
) -> None:
    past = committed_ticket("Invoice wrong", "My invoice is wrong.", created_at=EARLIER, requester=maria)
    answer_publicly(past, agent, "Hi Maria, we corrected the invoice; the new one is in your account.")
    new = committed_ticket("Invoice is wrong", "The invoice is wrong again.", requester=maria)
    assert ask_draft(api_client, new)["body"] == (
        "Hi Maria, we corrected the invoice; the new one is in your account."
    )


def test_a_draft_for_a_requester_without_a_name_keeps_the_placeholder(
    api_client, toms_ticket: Ticket, committed_ticket
) -> None:
    nameless = user_ensure(username="n123", role=Role.REQUESTER, email="n123@example.org")[0]
    new = committed_ticket(
        "Locked out of my account, card blocked",
        "I cannot sign in to my account and my card was blocked. Please help.",
        requester=nameless,
    )
    draft = ask_draft(api_client, new)["body"]
    assert draft.startswith("Hi [NAME],\n")
    assert leaked(draft) == []


def test_saved_wording_without_particulars_is_reused_word_for_word(
    api_client, committed_ticket, agent: User, tom: User, maria: User
) -> None:
    past = committed_ticket(
        "Cannot log in", "The login page rejects my password.", created_at=EARLIER, requester=tom
    )
    text = "Use the reset link on the sign-in page; it is valid for an hour. The password is case-sensitive."
    answer_publicly(past, agent, text)
    new = committed_ticket("Cannot log in", "The login page rejects my password.", requester=maria)
    assert ask_draft(api_client, new)["body"] == text


def test_a_reply_naming_the_customer_in_a_way_the_redaction_does_not_replace_is_not_reused(
    api_client, committed_ticket, agent: User, tom: User, maria: User
) -> None:
    past = committed_ticket(
        "Export stops halfway", "The CSV export stops at 50 percent.", created_at=EARLIER, requester=tom
    )
    # His address inside a longer word is not replaced, but the last check still finds it.
    answer_publicly(past, agent, "The export bug is fixed; we moved tom.baker77_exports to the new plan.")
    new = committed_ticket("CSV export stops halfway", "The CSV export stops at 50 percent.", requester=maria)
    body = ask_draft(api_client, new)
    assert (body["source"], body["reason"]) == ("none", "only_personal")


def test_a_name_that_is_also_a_word_is_taken_out_only_as_a_name(
    api_client, committed_ticket, agent: User, maria: User
) -> None:
    will = person("wgrant", "Will", "Grant", "w.grant@example.net")
    past = committed_ticket(
        "Export stops halfway", "The CSV export stops at 50 percent.", created_at=EARLIER, requester=will
    )
    answer_publicly(past, agent, "Hi Will, we will grant you a refund; Will Grant's export is fixed.")
    new = committed_ticket("CSV export stops halfway", "The CSV export stops at 50 percent.", requester=maria)
    assert ask_draft(api_client, new)["body"] == (
        "Hi Maria, we will grant you a refund; [NAME]'s export is fixed."
    )


def test_more_of_a_known_name_than_the_account_holds_is_taken_out_with_it(
    api_client, committed_ticket, agent: User, tom: User, maria: User
) -> None:
    # The agent wrote a surname the account does not hold ("Becker"): it goes with "Tom".
    past = committed_ticket(
        "Export stops halfway", "The CSV export stops at 50 percent.", created_at=EARLIER, requester=tom
    )
    answer_publicly(
        past, agent, "Hi Tom Becker,\nThe export bug is fixed. As Tom Becker asked, the new plan is active."
    )
    new = committed_ticket("CSV export stops halfway", "The CSV export stops at 50 percent.", requester=maria)
    assert ask_draft(api_client, new)["body"] == (
        "Hi Maria,\nThe export bug is fixed. As [NAME] asked, the new plan is active."
    )
