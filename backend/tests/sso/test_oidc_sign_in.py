"""Signing in through a real OpenID Connect provider (oidc-provider on a loopback port)."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from support_desk.accounts.models import Role, SecurityEvent, SecurityEventKind, User
from support_desk.sso.models import OidcIdentity
from tests.sso.conftest import Browser, Provider

pytestmark = pytest.mark.django_db(transaction=True)


def sso_error(reply: Any) -> str | None:
    """The reason the callback sent the browser back to the sign-in page with, if it did."""
    location = urlsplit(reply.headers.get("Location", ""))
    if location.path != "/login":
        return None
    return parse_qs(location.query).get("sso_error", [""])[0]


def test_first_sign_in_provisions_an_agent_whose_session_works(
    oidc: Provider, browser: Browser, caplog: pytest.LogCaptureFixture
) -> None:
    # Served with the log at INFO, as deployed: the sign-in's own log line must not break it.
    caplog.set_level(logging.INFO, logger="support_desk.sso")

    reply = browser.sign_in(login="alex-at-idp")

    assert reply.status_code == 302
    assert reply.headers["Location"] == "/"
    session = browser.session()
    assert session.status_code == 200, session.text
    assert session.json()["role"] == Role.AGENT
    user = User.objects.get(oidc_identities__issuer=oidc.issuer, oidc_identities__subject="alex-at-idp")
    assert (user.username, user.email, user.first_name, user.last_name) == (
        "alex",
        "alex@corp.test",
        "Alex",
        "Rivera",
    )
    assert not user.has_usable_password()
    assert not user.is_staff
    signed_in = [record for record in caplog.records if record.getMessage() == "oidc_signed_in"]
    assert [(r.user_id, r.new_account) for r in signed_in] == [(user.pk, True)]  # type: ignore[attr-defined]
    # The record of sign-ins names the way in.
    recorded = SecurityEvent.objects.get(user=user, kind=SecurityEventKind.SIGNED_IN)
    assert recorded.detail["method"] == "oidc"


def test_admin_value_of_the_role_claim_makes_an_admin(oidc: Provider, browser: Browser) -> None:
    browser.sign_in(login="ada-at-idp")

    assert browser.session().json()["role"] == Role.ADMIN
    ada = User.objects.get(username="ada")
    assert ada.is_staff
    assert ada.is_superuser


def test_no_staff_value_in_the_claim_is_refused_and_nobody_is_made(oidc: Provider, browser: Browser) -> None:
    reply = browser.sign_in(login="carl-at-idp", next_path="/tickets/12")

    assert sso_error(reply) == "no_access"
    # Back on the sign-in page, still headed where the person wanted to go.
    assert reply.headers["Location"] == "/login?next=%2Ftickets%2F12&sso_error=no_access"
    assert browser.session().status_code == 401
    assert not User.objects.filter(email="carl@corp.test").exists()
    assert not OidcIdentity.objects.exists()


def test_with_customers_allowed_no_staff_value_signs_in_a_customer(
    oidc: Provider, browser: Browser, settings: Any
) -> None:
    settings.OIDC_ALLOW_CUSTOMERS = True

    browser.sign_in(login="carl-at-idp")

    assert browser.session().json()["role"] == Role.REQUESTER


def test_second_sign_in_reaches_the_same_account_with_the_role_the_claim_gives_now(
    oidc: Provider, browser: Browser, other_browser: Browser, settings: Any
) -> None:
    browser.sign_in(login="alex-at-idp")
    first = browser.session().json()
    # The provider's groups changed meaning: the agents' group now makes admins.
    settings.OIDC_ADMIN_VALUES = ["support-desk-agent"]

    other_browser.sign_in(login="alex-at-idp")

    second = other_browser.session().json()
    assert second["id"] == first["id"]
    assert second["role"] == Role.ADMIN
    assert OidcIdentity.objects.count() == 1
    assert User.objects.count() == 1


def test_a_person_whose_staff_role_was_taken_away_is_refused_and_the_failure_is_heard(
    oidc: Provider, browser: Browser, other_browser: Browser, settings: Any
) -> None:
    from django.contrib.auth.signals import user_login_failed

    browser.sign_in(login="alex-at-idp")
    heard: list[dict[str, Any]] = []

    def receiver(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
        heard.append(credentials)

    user_login_failed.connect(receiver, dispatch_uid="test-oidc-failure")
    try:
        settings.OIDC_AGENT_VALUES = ["another-group"]
        reply = other_browser.sign_in(login="alex-at-idp")
    finally:
        user_login_failed.disconnect(dispatch_uid="test-oidc-failure")

    assert sso_error(reply) == "no_access"
    assert other_browser.session().status_code == 401
    assert heard == [{"username": "alex", "method": "oidc"}]


def test_the_sign_in_is_heard_by_user_logged_in(oidc: Provider, browser: Browser) -> None:
    from django.contrib.auth.signals import user_logged_in

    heard: list[str] = []

    def receiver(sender: Any, request: Any, user: User, **kwargs: Any) -> None:
        heard.append(user.username)

    user_logged_in.connect(receiver, dispatch_uid="test-oidc-login")
    try:
        browser.sign_in(login="alex-at-idp")
    finally:
        user_logged_in.disconnect(dispatch_uid="test-oidc-login")

    assert heard == ["alex"]


def test_next_path_is_where_the_person_lands(oidc: Provider, browser: Browser) -> None:
    reply = browser.sign_in(login="alex-at-idp", next_path="/tickets/12?tab=notes")

    assert reply.headers["Location"] == "/tickets/12?tab=notes"


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "\\\\evil.example",
        "/\t/evil.example",
        "javascript:alert(1)",
        "evil.example",
    ],
)
def test_next_off_site_is_refused(oidc: Provider, browser: Browser, target: str) -> None:
    reply = browser.get("/api/auth/oidc/start/", params={"next": target})

    assert reply.status_code == 400
    assert reply.json()["code"] == "invalid"
    assert "Location" not in reply.headers


def test_an_attempt_started_in_another_tab_still_finishes(oidc: Provider, browser: Browser) -> None:
    first_tab = browser.start(next_path="/tickets/1")
    browser.start(next_path="/tickets/2")

    reply = browser.get(browser.through_provider(first_tab, login="alex-at-idp"))

    assert reply.headers["Location"] == "/tickets/1"


def test_only_the_newest_five_attempts_of_a_browser_are_kept(oidc: Provider, browser: Browser) -> None:
    oldest = browser.start()
    for _ in range(5):
        browser.start()

    assert sso_error(browser.get(browser.through_provider(oldest, login="alex-at-idp"))) == "expired"


def test_tampered_state_is_refused(oidc: Provider, browser: Browser) -> None:
    callback = browser.through_provider(browser.start(), login="alex-at-idp")
    query = parse_qs(urlsplit(callback).query)
    tampered = callback.replace(f"state={query['state'][0]}", "state=" + "A" * 43)

    reply = browser.get(tampered)

    assert sso_error(reply) == "expired"
    assert browser.session().status_code == 401


def test_callback_in_another_browser_is_refused(
    oidc: Provider, browser: Browser, other_browser: Browser
) -> None:
    """Someone who started a sign-in cannot finish it in a victim's browser (login CSRF)."""
    callback = browser.through_provider(browser.start(), login="alex-at-idp")

    reply = other_browser.get(callback)

    assert sso_error(reply) == "expired"
    assert other_browser.session().status_code == 401


def test_replayed_callback_is_refused(oidc: Provider, browser: Browser, other_browser: Browser) -> None:
    callback = browser.through_provider(browser.start(), login="alex-at-idp")
    assert browser.get(callback).headers["Location"] == "/"
    browser.get("/api/auth/session/")
    csrf = browser.http.cookies.get("csrftoken", "")
    browser.http.post(
        f"{browser.base_url}/api/auth/logout/", headers={"X-CSRFToken": csrf, "Referer": browser.base_url}
    )
    assert browser.session().status_code == 401

    reply = browser.get(callback)

    assert sso_error(reply) == "expired"
    assert browser.session().status_code == 401


def test_a_code_the_provider_did_not_issue_is_refused(oidc: Provider, browser: Browser) -> None:
    callback = browser.through_provider(browser.start(), login="alex-at-idp")
    code = parse_qs(urlsplit(callback).query)["code"][0]

    reply = browser.get(callback.replace(f"code={code}", "code=made-up"))

    assert sso_error(reply) == "provider"
    assert browser.session().status_code == 401


def test_a_wrong_client_secret_is_a_message_not_a_sign_in(
    oidc: Provider, browser: Browser, settings: Any
) -> None:
    callback = browser.through_provider(browser.start(), login="alex-at-idp")
    settings.OIDC_CLIENT_SECRET = "not-the-registered-secret"

    assert sso_error(browser.get(callback)) == "provider"
    assert browser.session().status_code == 401


def test_an_id_token_for_another_nonce_is_refused(oidc: Provider, browser: Browser) -> None:
    """The authorization request is changed on its way to the provider: the ID token it signs
    carries a nonce this browser's attempt never made."""
    authorization_url = browser.start()
    nonce = parse_qs(urlsplit(authorization_url).query)["nonce"][0]
    changed = authorization_url.replace(f"nonce={nonce}", "nonce=someone-elses-nonce")

    reply = browser.get(browser.through_provider(changed, login="alex-at-idp"))

    assert sso_error(reply) == "invalid_token"
    assert browser.session().status_code == 401
    assert not User.objects.exists()


def test_an_unverified_address_does_not_take_over_the_account_that_has_it(
    oidc: Provider, browser: Browser
) -> None:
    sam = User.objects.create_user(
        username="sam", email="sam@corp.test", password="local-password-1", role=Role.AGENT
    )

    reply = browser.sign_in(login="mallory-at-idp")

    assert sso_error(reply) == "email_taken"
    assert browser.session().status_code == 401
    assert not OidcIdentity.objects.exists()
    assert User.objects.count() == 1
    sam.refresh_from_db()
    assert sam.check_password("local-password-1")


def test_a_verified_address_links_the_existing_account(oidc: Provider, browser: Browser) -> None:
    sam = User.objects.create_user(
        username="sam", email="sam@corp.test", password="local-password-1", role=Role.AGENT
    )

    browser.sign_in(login="sam-at-idp")

    assert browser.session().json()["id"] == sam.pk
    assert OidcIdentity.objects.get().user_id == sam.pk


def test_a_verified_address_links_nothing_when_linking_is_off(
    oidc: Provider, browser: Browser, settings: Any
) -> None:
    settings.OIDC_LINK_VERIFIED_EMAIL = False
    User.objects.create_user(username="sam", email="sam@corp.test", role=Role.AGENT)

    assert sso_error(browser.sign_in(login="sam-at-idp")) == "email_taken"


def test_a_deactivated_account_is_refused(oidc: Provider, browser: Browser, other_browser: Browser) -> None:
    browser.sign_in(login="alex-at-idp")
    User.objects.filter(username="alex").update(is_active=False)

    assert sso_error(other_browser.sign_in(login="alex-at-idp")) == "disabled"


def test_cancelling_at_the_provider_comes_back_as_cancelled(oidc: Provider, browser: Browser) -> None:
    authorization_url = browser.start()
    page = browser.http.get(authorization_url, timeout=15)  # follows to the provider's sign-in page
    uid = urlsplit(page.url).path.rstrip("/").split("/")[-1]
    abort = browser.http.get(f"{oidc.issuer}/interaction/{uid}/abort", allow_redirects=False, timeout=15)
    callback = browser.through_provider(abort.headers["Location"], login="unused")

    assert sso_error(browser.get(callback)) == "cancelled"


def test_public_configuration_names_the_button(oidc: Provider, browser: Browser) -> None:
    assert browser.get("/api/auth/oidc/").json() == {"enabled": True, "button_label": "Corp SSO"}


def test_an_unreachable_provider_is_a_message_on_the_sign_in_page(
    oidc: Provider, browser: Browser, settings: Any
) -> None:
    from tests.faults.server import unused_port

    settings.OIDC_ISSUER = f"http://127.0.0.1:{unused_port()}"

    reply = browser.get("/api/auth/oidc/start/")

    assert reply.status_code == 302
    assert sso_error(reply) == "provider"


def test_without_an_issuer_single_sign_on_is_off(browser: Browser, settings: Any) -> None:
    settings.OIDC_ISSUER = ""

    assert browser.get("/api/auth/oidc/").json()["enabled"] is False
    assert browser.get("/api/auth/oidc/start/").status_code == 404
    assert browser.get("/api/auth/oidc/callback/?code=x&state=y").status_code == 404


def test_signing_in_again_through_the_provider_buys_no_more_guesses_at_the_code(
    oidc: Provider, browser: Browser, other_browser: Browser, settings: Any
) -> None:
    # Someone with alex's password at the provider, but not alex's phone, signs in there again
    # and again: the wrong codes keep counting, and the account stays locked.
    settings.AXES_FAILURE_LIMIT = 5
    assert browser.sign_in(login="alex-at-idp").status_code == 302
    TOTPDevice.objects.create(user=User.objects.get(username="alex"), name="app", confirmed=True)

    def wrong_codes(someone: Browser, count: int) -> list[int]:
        someone.get("/api/auth/session/")
        csrf = someone.http.cookies["csrftoken"]
        return [
            someone.http.post(
                f"{someone.base_url}/api/auth/login/verify/",
                json={"code": f"{guess:06d}"},
                headers={"X-CSRFToken": csrf, "Referer": f"{someone.base_url}/"},
                timeout=15,
            ).status_code
            for guess in range(count)
        ]

    assert browser.session().json()["second_factor"] == "verify"
    assert wrong_codes(browser, 4) == [400] * 4
    assert other_browser.sign_in(login="alex-at-idp").status_code == 302
    assert other_browser.session().json()["second_factor"] == "verify"
    assert wrong_codes(other_browser, 1) == [429]
