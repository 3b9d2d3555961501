"""A person's own sessions, over real HTTP: listed with where they came from, ended one by one
or all but this one; an ended session no longer signs anybody in, and nobody ends another's."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from support_desk.accounts import sign_in_sessions
from support_desk.accounts.models import SecurityEvent, SecurityEventKind, SignInSession, User
from tests.accounts.browsers import Browser
from tests.conftest import token_client

pytestmark = pytest.mark.django_db


def signed_in(username: str, *, address: str = "203.0.113.5", user_agent: str = "Firefox/140") -> Browser:
    browser = Browser(address=address, user_agent=user_agent)
    assert browser.login(username).status_code == 200
    return browser


def test_a_person_sees_their_own_sessions_with_this_one_marked(maria: User, tom: User) -> None:
    laptop = signed_in("maria", address="198.51.100.1", user_agent="Firefox/140 (laptop)")
    phone = signed_in("maria", address="198.51.100.2", user_agent="Safari/18 (phone)")
    signed_in("tom")

    listed = laptop.get("/api/auth/sessions/")
    assert listed.status_code == 200
    rows = {row["user_agent"]: row for row in listed.json()}
    assert set(rows) == {"Firefox/140 (laptop)", "Safari/18 (phone)"}  # not Tom's
    assert rows["Firefox/140 (laptop)"]["current"] is True
    assert rows["Safari/18 (phone)"]["current"] is False
    assert rows["Safari/18 (phone)"]["ip_address"] == "198.51.100.2"
    assert {"id", "created_at", "last_seen_at"} <= set(rows["Safari/18 (phone)"])
    assert [row["current"] for row in phone.get("/api/auth/sessions/").json()].count(True) == 1


def test_an_ended_session_no_longer_signs_in(maria: User) -> None:
    laptop = signed_in("maria", user_agent="Firefox/140 (laptop)")
    phone = signed_in("maria", user_agent="Safari/18 (phone)")
    assert phone.get("/api/tickets/").status_code == 200
    [phone_row] = [row for row in laptop.get("/api/auth/sessions/").json() if not row["current"]]

    assert laptop.delete(f"/api/auth/sessions/{phone_row['id']}/").status_code == 204
    assert phone.get("/api/tickets/").status_code == 401
    assert phone.get("/api/auth/session/").status_code == 401
    assert [row["current"] for row in laptop.get("/api/auth/sessions/").json()] == [True]
    assert laptop.get("/api/tickets/").status_code == 200
    [ended] = SecurityEvent.objects.filter(kind=SecurityEventKind.SESSION_ENDED)
    assert ended.user == maria
    assert ended.detail == {"session": phone_row["id"], "by": maria.pk, "how": "ended"}
    # Ending it again: it is gone.
    assert laptop.delete(f"/api/auth/sessions/{phone_row['id']}/").status_code == 404


def test_nobody_ends_another_persons_session(maria: User, tom: User) -> None:
    marias = signed_in("maria")
    toms = signed_in("tom")
    [marias_row] = marias.get("/api/auth/sessions/").json()

    refused = toms.delete(f"/api/auth/sessions/{marias_row['id']}/")
    assert refused.status_code == 404
    assert token_client(tom).delete(f"/api/auth/sessions/{marias_row['id']}/").status_code == 404
    assert marias.get("/api/tickets/").status_code == 200
    assert not SecurityEvent.objects.filter(kind=SecurityEventKind.SESSION_ENDED).exists()


def test_sign_out_everywhere_else_keeps_only_this_session(maria: User, tom: User) -> None:
    here = signed_in("maria")
    elsewhere = [signed_in("maria", user_agent=f"Browser {n}") for n in range(2)]
    toms = signed_in("tom")

    answer = here.post("/api/auth/sessions/end-others/")
    assert answer.status_code == 200
    assert answer.json() == {"ended": 2}
    assert [browser.get("/api/tickets/").status_code for browser in elsewhere] == [401, 401]
    assert here.get("/api/tickets/").status_code == 200
    assert toms.get("/api/tickets/").status_code == 200
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.SESSION_ENDED, user=maria).count() == 2


def test_signing_out_takes_the_session_off_the_list(maria: User) -> None:
    laptop = signed_in("maria")
    phone = signed_in("maria", user_agent="Safari/18 (phone)")
    assert phone.post("/api/auth/logout/").status_code == 204
    assert len(laptop.get("/api/auth/sessions/").json()) == 1
    assert SignInSession.objects.filter(user=maria, ended_at__isnull=False).count() == 1


def test_an_expired_session_is_not_listed(maria: User) -> None:
    laptop = signed_in("maria")
    signed_in("maria", user_agent="Safari/18 (phone)")
    from django.contrib.sessions.models import Session

    phone_key = SignInSession.objects.get(user_agent="Safari/18 (phone)").session_key
    Session.objects.filter(session_key=phone_key).update(expire_date=timezone.now() - timedelta(seconds=1))
    assert [row["current"] for row in laptop.get("/api/auth/sessions/").json()] == [True]


def test_last_seen_follows_the_sessions_requests(maria: User, monkeypatch: pytest.MonkeyPatch) -> None:
    browser = signed_in("maria")
    long_ago = timezone.now() - timedelta(days=3)
    SignInSession.objects.update(last_seen_at=long_ago)
    # Within the minute: not written again.
    browser.get("/api/tickets/")
    assert SignInSession.objects.get().last_seen_at == long_ago
    monkeypatch.setattr(sign_in_sessions, "LAST_SEEN_RESOLUTION_SECONDS", 0)
    browser.get("/api/tickets/")
    assert SignInSession.objects.get().last_seen_at > timezone.now() - timedelta(minutes=1)


def test_the_hourly_purge_forgets_sessions_that_no_longer_sign_in(maria: User) -> None:
    from django.contrib.sessions.models import Session

    from support_desk.accounts.tasks import purge_sign_in_sessions

    kept = signed_in("maria", user_agent="Firefox (kept)")
    signed_in("maria", user_agent="Safari (expired)")
    signed_out = signed_in("maria", user_agent="Chrome (signed out)")
    assert signed_out.post("/api/auth/logout/").status_code == 204
    expired_key = SignInSession.objects.get(user_agent="Safari (expired)").session_key
    Session.objects.filter(session_key=expired_key).update(expire_date=timezone.now() - timedelta(seconds=1))

    assert purge_sign_in_sessions.apply().result == "1 expired sessions, 2 session rows purged"
    assert list(SignInSession.objects.values_list("user_agent", flat=True)) == ["Firefox (kept)"]
    assert kept.get("/api/tickets/").status_code == 200
    assert SecurityEvent.objects.filter(user=maria, kind=SecurityEventKind.SIGNED_IN).count() == 3
