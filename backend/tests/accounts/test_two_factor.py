"""Two-factor sign-in for staff, over real HTTP (Django's test client, CSRF enforced) on
PostgreSQL: set-up from the web app's calls, the code step of the API sign-in, recovery codes,
replays, the lockout, REQUIRE_TWO_FACTOR_FOR_STAFF, the Django admin, and the record kept.

Codes are computed as an authenticator app would, from the secret the set-up showed. A TOTP
code is good once (a later one is the next period's), so each test signs in with a code at most
once after confirming the set-up, and uses recovery codes beyond that.
"""

from __future__ import annotations

import json
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from support_desk.accounts import two_factor
from support_desk.accounts.models import SecurityEvent, SecurityEventKind, User
from support_desk.accounts.sign_in_links import sign_in_link_create
from support_desk.accounts.tokens import api_token_create
from tests.accounts.browsers import PASSWORD, Browser, code_from_secret, enable_two_factor
from tests.conftest import token_client

pytestmark = pytest.mark.django_db


def signed_in_browser(username: str, **kwargs: str) -> Browser:
    browser = Browser(**kwargs)
    response = browser.login(username)
    assert response.status_code == 200, response.content
    return browser


def events(kind: SecurityEventKind, user: User | None = None) -> list[SecurityEvent]:
    found = SecurityEvent.objects.filter(kind=kind).order_by("id")
    return list(found if user is None else found.filter(user=user))


# --- setting it up ---------------------------------------------------------------------------


def test_staff_sets_up_the_authenticator_and_sees_recovery_codes_once(alex: User) -> None:
    browser = signed_in_browser("alex", address="198.51.100.20", user_agent="Firefox/140 (setup)")
    assert browser.get("/api/auth/two-factor/").json() == {
        "enabled": False,
        "required": False,
        "recovery_codes_left": 0,
    }

    setup = browser.post("/api/auth/two-factor/setup/")
    assert setup.status_code == 201
    shown = setup.json()
    assert re.fullmatch(r"[A-Z2-7]{32}", shown["secret"])
    assert shown["otpauth_url"].startswith("otpauth://totp/Support%20Desk%3Aalex?secret=" + shown["secret"])
    assert shown["qr_code"].startswith("data:image/svg+xml")
    # Not in force until confirmed: the password alone still signs in.
    assert Browser().login("alex").status_code == 200

    wrong = browser.post("/api/auth/two-factor/confirm/", {"code": "000000"})
    assert wrong.status_code == 400
    assert "code" in wrong.json()
    confirmed = browser.post("/api/auth/two-factor/confirm/", {"code": code_from_secret(shown["secret"])})
    assert confirmed.status_code == 200
    codes = confirmed.json()["recovery_codes"]
    assert len(codes) == len(set(codes)) == 10
    assert all(re.fullmatch(r"[a-z2-7]{5}-[a-z2-7]{5}", code) for code in codes)
    # Stored only as keyed digests.
    stored = set(StaticToken.objects.filter(device__user=alex).values_list("token", flat=True))
    assert len(stored) == 10
    assert not stored & {code.replace("-", "") for code in codes}
    assert not stored & set(codes)

    assert browser.get("/api/auth/two-factor/").json() == {
        "enabled": True,
        "required": False,
        "recovery_codes_left": 10,
    }
    # The session that confirmed stays usable; a second set-up is refused while it is on.
    assert browser.get("/api/tickets/").status_code == 200
    assert browser.post("/api/auth/two-factor/setup/").status_code == 409
    [enabled] = events(SecurityEventKind.TWO_FACTOR_ENABLED, alex)
    assert (enabled.ip_address, enabled.user_agent) == ("198.51.100.20", "Firefox/140 (setup)")


def test_requesters_cannot_set_up_two_factor_sign_in(maria: User) -> None:
    browser = signed_in_browser("maria")
    assert browser.post("/api/auth/two-factor/setup/").status_code == 403
    assert browser.get("/api/auth/two-factor/").status_code == 403


# --- signing in with the code ---------------------------------------------------------------


def test_password_alone_no_longer_signs_in_and_the_code_completes_it(alex: User) -> None:
    secret, _ = enable_two_factor(signed_in_browser("alex"))

    browser = Browser(address="192.0.2.44", user_agent="Safari/18 (phone)")
    first = browser.login("alex")
    assert first.status_code == 202
    assert first.json()["second_factor"] == "verify"
    # Nothing is signed in yet: not the session, not the API.
    assert browser.get("/api/auth/session/").status_code == 401
    assert browser.get("/api/tickets/").status_code == 401

    assert browser.post("/api/auth/login/verify/", {"code": "123456"}).status_code == 400
    done = browser.post("/api/auth/login/verify/", {"code": code_from_secret(secret, steps_ahead=1)})
    assert done.status_code == 200
    assert done.json() == {
        "id": alex.pk,
        "username": "alex",
        "display_name": "alex",
        "role": "agent",
        "second_factor": None,
    }
    assert browser.get("/api/tickets/").status_code == 200
    assert browser.get("/api/auth/session/").json()["second_factor"] is None

    signed_in = events(SecurityEventKind.SIGNED_IN, alex)[-1]
    assert signed_in.detail == {"method": "password", "second_factor": "totp"}
    assert (signed_in.ip_address, signed_in.user_agent) == ("192.0.2.44", "Safari/18 (phone)")
    [failed] = events(SecurityEventKind.SECOND_FACTOR_FAILED, alex)
    assert failed.ip_address == "192.0.2.44"


def test_users_without_two_factor_keep_the_sign_in_answer(maria: User, alex: User) -> None:
    for username, role in (("maria", "requester"), ("alex", "agent")):
        response = Browser().login(username)
        assert response.status_code == 200
        assert response.json()["role"] == role
        assert response.json()["second_factor"] is None


def test_a_totp_code_cannot_be_used_twice(alex: User) -> None:
    browser = signed_in_browser("alex")
    secret = browser.post("/api/auth/two-factor/setup/").json()["secret"]
    confirm_code = code_from_secret(secret)
    assert browser.post("/api/auth/two-factor/confirm/", {"code": confirm_code}).status_code == 200

    replay = Browser()
    assert replay.login("alex").status_code == 202
    assert replay.post("/api/auth/login/verify/", {"code": confirm_code}).status_code == 400

    next_code = code_from_secret(secret, steps_ahead=1)
    first = Browser()
    assert first.login("alex").status_code == 202
    assert first.post("/api/auth/login/verify/", {"code": next_code}).status_code == 200
    second = Browser()
    assert second.login("alex").status_code == 202
    assert second.post("/api/auth/login/verify/", {"code": next_code}).status_code == 400
    assert second.get("/api/tickets/").status_code == 401


@pytest.mark.django_db(transaction=True)
def test_the_same_code_sent_at_once_from_six_browsers_signs_in_once(alex: User, settings) -> None:
    settings.AXES_FAILURE_LIMIT = 100  # what is counted here is sign-ins, not the lockout
    secret, _ = enable_two_factor(signed_in_browser("alex"))
    browsers = [Browser(address=f"192.0.2.{60 + n}") for n in range(6)]
    for browser in browsers:
        assert browser.login("alex").status_code == 202
    code = code_from_secret(secret, steps_ahead=1)
    start = threading.Barrier(len(browsers))

    def send(browser: Browser) -> int:
        try:
            start.wait()
            return int(browser.post("/api/auth/login/verify/", {"code": code}).status_code)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(browsers)) as pool:
        statuses = sorted(pool.map(send, browsers))
    assert statuses == [200] + [400] * (len(browsers) - 1)


def test_a_recovery_code_signs_in_once(alex: User) -> None:
    _, codes = enable_two_factor(signed_in_browser("alex"))

    first = Browser()
    assert first.login("alex").status_code == 202
    # Typed in capitals with spaces, as people do.
    typed = codes[0].upper().replace("-", " ")
    assert first.post("/api/auth/login/verify/", {"code": typed}).status_code == 200
    assert first.get("/api/tickets/").status_code == 200
    assert first.get("/api/auth/two-factor/").json()["recovery_codes_left"] == 9
    [used] = events(SecurityEventKind.RECOVERY_CODE_USED, alex)
    assert used.detail == {"recovery_codes_left": 9}
    assert events(SecurityEventKind.SIGNED_IN, alex)[-1].detail["second_factor"] == "recovery_code"

    again = Browser()
    assert again.login("alex").status_code == 202
    assert again.post("/api/auth/login/verify/", {"code": codes[0]}).status_code == 400
    assert again.post("/api/auth/login/verify/", {"code": codes[1]}).status_code == 200


def test_the_code_step_needs_the_password_step_first(alex: User) -> None:
    secret, _ = enable_two_factor(signed_in_browser("alex"))
    browser = Browser()
    refused = browser.post("/api/auth/login/verify/", {"code": code_from_secret(secret, steps_ahead=1)})
    assert refused.status_code == 400
    assert browser.get("/api/tickets/").status_code == 401


def test_the_code_step_waits_five_minutes_only(alex: User, monkeypatch: pytest.MonkeyPatch) -> None:
    secret, _ = enable_two_factor(signed_in_browser("alex"))
    browser = Browser()
    assert browser.login("alex").status_code == 202
    monkeypatch.setattr(two_factor, "PENDING_MAX_AGE_SECONDS", -1)  # as if five minutes went by
    late = browser.post("/api/auth/login/verify/", {"code": code_from_secret(secret, steps_ahead=1)})
    assert late.status_code == 400
    assert "password first" in late.json()["detail"]
    assert browser.get("/api/tickets/").status_code == 401


def test_wrong_codes_lock_the_account_like_wrong_passwords(alex: User, settings) -> None:
    settings.AXES_FAILURE_LIMIT = 5
    secret, _ = enable_two_factor(signed_in_browser("alex"))

    browser = Browser(address="192.0.2.10")
    assert browser.login("alex").status_code == 202
    statuses = [
        browser.post("/api/auth/login/verify/", {"code": f"{guess:06d}"}).status_code for guess in range(5)
    ]
    assert statuses == [400] * 4 + [429]
    locked = browser.post("/api/auth/login/verify/", {"code": code_from_secret(secret, steps_ahead=1)})
    assert locked.status_code == 429
    assert locked.json()["code"] == "throttled"
    assert int(locked["Retry-After"]) > 60
    assert browser.get("/api/tickets/").status_code == 401
    # The account is locked for its password too, from another address.
    assert Browser(address="192.0.2.99").login("alex").status_code == 429
    assert len(events(SecurityEventKind.SECOND_FACTOR_FAILED, alex)) == 5
    assert events(SecurityEventKind.LOCKED_OUT, alex)


def test_a_right_password_does_not_reset_the_count_of_wrong_codes(alex: User, settings) -> None:
    settings.AXES_FAILURE_LIMIT = 5
    enable_two_factor(signed_in_browser("alex"))
    statuses = []
    for guess in range(5):
        browser = Browser(address=f"192.0.2.{20 + guess}")
        assert browser.login("alex").status_code == 202
        statuses.append(browser.post("/api/auth/login/verify/", {"code": f"{guess:06d}"}).status_code)
    assert statuses == [400] * 4 + [429]


def test_signing_in_to_ones_own_account_does_not_reset_the_count_of_wrong_codes(
    alex: User, maria: User, settings
) -> None:
    # Someone who knows alex's password guesses codes, and between guesses signs in to an
    # account of their own from the same address: alex's count must keep counting.
    settings.AXES_FAILURE_LIMIT = 5
    enable_two_factor(signed_in_browser("alex"))
    guesser = Browser(address="192.0.2.40")
    assert guesser.login("alex").status_code == 202
    statuses = [
        guesser.post("/api/auth/login/verify/", {"code": f"{guess:06d}"}).status_code for guess in range(4)
    ]
    assert statuses == [400] * 4

    assert Browser(address="192.0.2.40").login("maria").status_code == 200

    assert guesser.post("/api/auth/login/verify/", {"code": "000004"}).status_code == 429
    assert Browser(address="192.0.2.41").login("alex").status_code == 429


def test_a_sign_in_still_forgives_the_accounts_own_earlier_failures(alex: User, settings) -> None:
    settings.AXES_FAILURE_LIMIT = 5
    for _ in range(4):
        assert Browser(address="192.0.2.50").login("alex", "wrong password").status_code == 400
    assert Browser(address="192.0.2.50").login("alex").status_code == 200
    for _ in range(4):
        assert Browser(address="192.0.2.50").login("alex", "wrong password").status_code == 400
    assert Browser(address="192.0.2.50").login("alex").status_code == 200


# --- required for staff -----------------------------------------------------------------------


def test_required_two_factor_keeps_staff_to_setting_it_up(alex: User, maria: User, settings) -> None:
    settings.REQUIRE_TWO_FACTOR_FOR_STAFF = True
    browser = Browser()
    signed_in = browser.login("alex")
    assert signed_in.status_code == 200
    assert signed_in.json()["second_factor"] == "setup"
    assert browser.get("/api/auth/session/").json()["second_factor"] == "setup"
    refused = browser.get("/api/tickets/")
    assert refused.status_code == 403
    assert refused.json()["code"] == "second_factor_setup_required"
    assert browser.get("/api/auth/sessions/").status_code == 403
    assert browser.get("/api/auth/two-factor/").json()["required"] is True

    enable_two_factor(browser)
    assert browser.get("/api/tickets/").status_code == 200
    assert browser.get("/api/auth/session/").json()["second_factor"] is None
    # Required means it stays on.
    assert browser.post("/api/auth/two-factor/disable/", {"code": "000000"}).status_code == 409

    # Customers are not asked.
    customer = Browser()
    assert customer.login("maria").json()["second_factor"] is None
    assert customer.get("/api/tickets/").status_code == 200


def test_required_two_factor_applies_to_admins(ada: User, settings) -> None:
    settings.REQUIRE_TWO_FACTOR_FOR_STAFF = True
    browser = Browser()
    assert browser.login("ada").json()["second_factor"] == "setup"
    assert browser.get("/api/auth/security-events/").json()["code"] == "second_factor_setup_required"


def test_api_tokens_are_unchanged_by_two_factor_sign_in(alex: User, settings) -> None:
    settings.REQUIRE_TWO_FACTOR_FOR_STAFF = True
    assert token_client(alex).get("/api/tickets/").status_code == 200
    settings.REQUIRE_TWO_FACTOR_FOR_STAFF = False
    enable_two_factor(signed_in_browser("alex"))
    assert token_client(alex).get("/api/tickets/").status_code == 200


def test_an_api_token_cannot_turn_on_two_factor_sign_in_even_beside_a_session_cookie(
    alex: User, maria: User
) -> None:
    # Whoever holds alex's integration token, and any browser session of their own, must not
    # enrol their authenticator on alex's account (and so lock alex out of the web app).
    _, token = api_token_create(user=alex)
    browser = signed_in_browser("maria")

    def post(path: str, body: dict[str, str] | None = None) -> Any:
        return browser.client.post(
            path,
            json.dumps(body or {}),
            content_type="application/json",
            HTTP_X_CSRFTOKEN=browser.csrf(),
            HTTP_AUTHORIZATION=f"Bearer {token}",
        )

    setup = post("/api/auth/two-factor/setup/")
    assert setup.status_code == 403, setup.content
    assert post("/api/auth/two-factor/confirm/", {"code": "123456"}).status_code == 403
    assert not TOTPDevice.objects.filter(user=alex).exists()
    assert Browser().login("alex").status_code == 200


def test_a_session_from_a_sign_in_link_still_owes_the_code(alex: User) -> None:
    alex.magic_link_allowed = True
    alex.save()
    secret, _ = enable_two_factor(signed_in_browser("alex"))
    token = sign_in_link_create(user=alex, next_path="/", max_age_seconds=900)

    browser = Browser()
    assert browser.post("/api/auth/magic-link/sign-in/", {"token": token}).status_code == 200
    assert browser.get("/api/auth/session/").json()["second_factor"] == "verify"
    refused = browser.get("/api/tickets/")
    assert refused.status_code == 403
    assert refused.json()["code"] == "second_factor_required"
    assert events(SecurityEventKind.SIGNED_IN, alex)[-1].detail == {"method": "link"}

    assert browser.post("/api/auth/login/verify/", {"code": "000000"}).status_code == 400
    done = browser.post("/api/auth/login/verify/", {"code": code_from_secret(secret, steps_ahead=1)})
    assert done.status_code == 200
    assert browser.get("/api/tickets/").status_code == 200


def test_signing_in_again_through_a_link_buys_no_more_guesses_at_the_code(alex: User, settings) -> None:
    # Someone who can sign in as alex another way (a link from alex's mailbox, or the company's
    # provider) but has not got alex's phone: each new sign-in must not reset the count.
    settings.AXES_FAILURE_LIMIT = 5
    alex.magic_link_allowed = True
    alex.save()
    secret, _ = enable_two_factor(signed_in_browser("alex"))

    first = Browser(address="192.0.2.70")
    assert (
        first.post(
            "/api/auth/magic-link/sign-in/",
            {"token": sign_in_link_create(user=alex, next_path="/", max_age_seconds=900)},
        ).status_code
        == 200
    )
    statuses = [
        first.post("/api/auth/login/verify/", {"code": f"{guess:06d}"}).status_code for guess in range(4)
    ]
    assert statuses == [400] * 4

    again = Browser(address="192.0.2.71")
    assert (
        again.post(
            "/api/auth/magic-link/sign-in/",
            {"token": sign_in_link_create(user=alex, next_path="/", max_age_seconds=900)},
        ).status_code
        == 200
    )
    assert again.post("/api/auth/login/verify/", {"code": "000004"}).status_code == 429
    assert (
        again.post("/api/auth/login/verify/", {"code": code_from_secret(secret, steps_ahead=1)}).status_code
        == 429
    )


def test_the_right_code_after_a_link_forgives_the_wrong_ones(alex: User, settings) -> None:
    settings.AXES_FAILURE_LIMIT = 5
    alex.magic_link_allowed = True
    alex.save()
    secret, _ = enable_two_factor(signed_in_browser("alex"))
    browser = Browser(address="192.0.2.72")
    assert (
        browser.post(
            "/api/auth/magic-link/sign-in/",
            {"token": sign_in_link_create(user=alex, next_path="/", max_age_seconds=900)},
        ).status_code
        == 200
    )
    assert [browser.post("/api/auth/login/verify/", {"code": "000000"}).status_code for _ in range(4)] == [
        400
    ] * 4
    assert (
        browser.post("/api/auth/login/verify/", {"code": code_from_secret(secret, steps_ahead=1)}).status_code
        == 200
    )
    for _ in range(4):
        assert Browser(address="192.0.2.73").login("alex", "wrong password").status_code == 400
    assert Browser(address="192.0.2.73").login("alex").status_code == 202


# --- turning it off, new recovery codes --------------------------------------------------------


def test_recovery_codes_are_replaced_with_a_code_as_proof(alex: User) -> None:
    browser = signed_in_browser("alex")
    _, old_codes = enable_two_factor(browser)
    assert browser.post("/api/auth/two-factor/recovery-codes/", {"code": "abcde-fghij"}).status_code == 400
    renewed = browser.post("/api/auth/two-factor/recovery-codes/", {"code": old_codes[0]})
    assert renewed.status_code == 200
    new_codes = renewed.json()["recovery_codes"]
    assert len(new_codes) == 10
    assert not set(new_codes) & set(old_codes)
    assert events(SecurityEventKind.RECOVERY_CODES_REGENERATED, alex)

    other = Browser()
    assert other.login("alex").status_code == 202
    assert other.post("/api/auth/login/verify/", {"code": old_codes[1]}).status_code == 400
    assert other.post("/api/auth/login/verify/", {"code": new_codes[0]}).status_code == 200


def test_turning_it_off_needs_a_code_and_brings_back_the_password_sign_in(alex: User) -> None:
    browser = signed_in_browser("alex")
    secret, _ = enable_two_factor(browser)
    assert browser.post("/api/auth/two-factor/disable/", {"code": "000000"}).status_code == 400
    assert browser.post("/api/auth/two-factor/disable/", {}).status_code == 400
    off = browser.post("/api/auth/two-factor/disable/", {"code": code_from_secret(secret, steps_ahead=1)})
    assert off.status_code == 204
    assert not TOTPDevice.objects.filter(user=alex).exists()
    assert not StaticToken.objects.filter(device__user=alex).exists()
    assert events(SecurityEventKind.TWO_FACTOR_DISABLED, alex)
    assert Browser().login("alex").status_code == 200
    assert browser.get("/api/tickets/").status_code == 200


# --- the Django admin ----------------------------------------------------------------------------


def admin_login(client: Client, username: str, code: str = "") -> object:
    page = client.get("/admin/login/")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.content)
    assert token, page.content[:300]
    form = {
        "username": username,
        "password": PASSWORD,
        "otp_token": code,
        "csrfmiddlewaretoken": token.group(1).decode(),
        "next": "/admin/",
    }
    return client.post("/admin/login/", form)


def test_the_admin_sign_in_asks_for_the_code(ada: User) -> None:
    secret, _ = enable_two_factor(signed_in_browser("ada"))

    client = Client(enforce_csrf_checks=True)
    without = admin_login(client, "ada")
    assert without.status_code == 200
    assert b"Enter the code from your authenticator app." in without.content
    wrong = admin_login(client, "ada", "000000")
    assert wrong.status_code == 200
    assert b"That code is not right" in wrong.content
    assert client.get("/admin/").status_code == 302  # still not in

    right = admin_login(client, "ada", code_from_secret(secret, steps_ahead=1))
    assert right.status_code == 302
    assert client.get("/admin/").status_code == 200
    assert len(events(SecurityEventKind.SECOND_FACTOR_FAILED, ada)) == 1


def test_the_admin_is_closed_to_a_session_that_owes_its_code(ada: User) -> None:
    ada.magic_link_allowed = True
    ada.save()
    enable_two_factor(signed_in_browser("ada"))
    browser = Browser()
    token = sign_in_link_create(user=ada, next_path="/", max_age_seconds=900)
    assert browser.post("/api/auth/magic-link/sign-in/", {"token": token}).status_code == 200
    assert browser.get("/admin/").status_code == 302


def test_the_admin_sign_in_without_two_factor_is_unchanged_unless_required(ada: User, settings) -> None:
    client = Client(enforce_csrf_checks=True)
    assert admin_login(client, "ada").status_code == 302
    assert client.get("/admin/").status_code == 200

    settings.REQUIRE_TWO_FACTOR_FOR_STAFF = True
    assert client.get("/admin/").status_code == 302  # the open session owes its set-up now
    refused = admin_login(Client(enforce_csrf_checks=True), "ada")
    assert refused.status_code == 200
    assert b"Two-factor sign-in is required" in refused.content


def test_wrong_admin_codes_lock_the_account(ada: User, settings) -> None:
    settings.AXES_FAILURE_LIMIT = 3
    secret, _ = enable_two_factor(signed_in_browser("ada"))
    client = Client(enforce_csrf_checks=True)
    statuses = [admin_login(client, "ada", "000000").status_code for _ in range(3)]  # type: ignore[attr-defined]
    assert statuses == [200, 200, 429]
    assert admin_login(client, "ada", code_from_secret(secret, steps_ahead=1)).status_code == 429  # type: ignore[attr-defined]


# --- the record ------------------------------------------------------------------------------------


def test_sign_ins_failures_and_sign_outs_are_recorded(maria: User) -> None:
    browser = Browser(address="203.0.113.77", user_agent="Chrome/130 (laptop)")
    assert browser.login("maria", "wrong").status_code == 400
    assert browser.login("nobody-here", "wrong").status_code == 400
    assert browser.login("maria").status_code == 200
    assert browser.post("/api/auth/logout/").status_code == 204

    failed = events(SecurityEventKind.SIGN_IN_FAILED)
    assert [(e.username, e.user_id, e.ip_address) for e in failed] == [
        ("maria", maria.pk, "203.0.113.77"),
        ("nobody-here", None, "203.0.113.77"),
    ]
    [signed_in] = events(SecurityEventKind.SIGNED_IN, maria)
    assert (signed_in.ip_address, signed_in.user_agent, signed_in.detail) == (
        "203.0.113.77",
        "Chrome/130 (laptop)",
        {"method": "password"},
    )
    assert events(SecurityEventKind.SIGNED_OUT, maria)


def test_admins_read_the_record_and_others_cannot(ada: User, alex: User, maria: User) -> None:
    Browser().login("maria", "wrong")
    signed_in_browser("maria")
    listed = token_client(ada).get(f"/api/auth/security-events/?user={maria.pk}")
    assert listed.status_code == 200
    kinds = [event["kind"] for event in listed.json()]
    assert kinds == ["signed_in", "sign_in_failed"]  # newest first
    assert listed.json()[0]["user"]["username"] == "maria"
    only_failures = token_client(ada).get("/api/auth/security-events/?kind=sign_in_failed").json()
    assert [event["username"] for event in only_failures] == ["maria"]
    assert token_client(ada).get("/api/auth/security-events/?kind=nonsense").status_code == 400
    assert token_client(ada).get("/api/auth/security-events/?user=x").status_code == 400
    assert token_client(alex).get("/api/auth/security-events/").status_code == 403
