"""Signing in through the company's OpenID Connect provider.

`sign_in_start` records one attempt in the browser's session (state, nonce, PKCE verifier and
where to go afterwards) and returns the provider's address; `sign_in_finish` uses that attempt
up, once, and turns the provider's verified claims into a Support Desk account.

Accounts are found by the (issuer, subject) link (`OidcIdentity`), never by e-mail alone. The
first sign-in of a person without a link is provisioned a new account, or takes over the one
local account with the same address only when the provider vouches for it (`email_verified`)
and OIDC_LINK_VERIFIED_EMAIL is on; any other match on the address is refused, so nobody takes
over an account by merely claiming its address. The role comes from OIDC_ROLE_CLAIM on every
sign-in: the provider is where access is granted and taken away.
"""

from __future__ import annotations

import logging
import secrets
import time
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from support_desk.accounts.models import Role, User
from support_desk.accounts.services import username_free
from support_desk.accounts.sign_in_links import is_local_path
from support_desk.core.errors import ApplicationError, ErrorCode
from support_desk.sso import provider
from support_desk.sso.models import OidcIdentity

logger = logging.getLogger(__name__)

PENDING_KEY = "sso_oidc_pending"
# An attempt is good for this long: enough to type a password and a second factor at the provider.
PENDING_MAX_AGE_SECONDS = 600
# Attempts kept per browser session (several tabs); the oldest go first.
PENDING_MAX = 5


class SignInError(StrEnum):
    """Why a sign-in through the provider failed; the sign-in page shows a sentence for each."""

    EXPIRED = "expired"  # no such attempt in this browser: tampered, replayed or too old
    CANCELLED = "cancelled"  # the person (or the provider) declined at the provider
    PROVIDER = "provider"  # unreachable, misconfigured, or refused the code exchange
    INVALID_TOKEN = "invalid_token"  # noqa: S105 - the ID token failed verification (not a secret)
    NO_ACCESS = "no_access"  # the role claim gives no role here
    DISABLED = "disabled"  # the linked account is deactivated
    EMAIL_TAKEN = "email_taken"  # a local account has the address, and linking is not allowed


class SignInRefused(Exception):
    """A failed sign-in; `user` is the account it was for, when one is known."""

    def __init__(self, error: SignInError, detail: str, *, user: User | None = None) -> None:
        super().__init__(detail)
        self.error = error
        self.user = user
        # Where the attempt was headed, once it is known: a retry from the sign-in page goes there.
        self.next_path = "/"


@dataclass(frozen=True)
class SignedIn:
    user: User
    next_path: str
    created: bool


def oidc_enabled() -> bool:
    return bool(settings.OIDC_ISSUER)


def _config() -> provider.ProviderConfig:
    if not oidc_enabled():
        raise ApplicationError("Single sign-on is not configured.", code=ErrorCode.NOT_FOUND, status_code=404)
    return provider.ProviderConfig(
        issuer=settings.OIDC_ISSUER,
        client_id=settings.OIDC_CLIENT_ID,
        client_secret=settings.OIDC_CLIENT_SECRET,
        timeout=settings.OIDC_TIMEOUT_SECONDS,
    )


def redirect_uri() -> str:
    """The callback address registered at the provider (from PUBLIC_BASE_URL, never the Host
    header a request happens to carry)."""
    return settings.PUBLIC_BASE_URL + reverse("auth-oidc-callback")


def check_next_path(value: str | None) -> str:
    """`next` as a path of this site, or a 400: never another site (`//host`, a scheme, a
    backslash or a control character a browser would drop to make one)."""
    if value is None or value == "":
        return "/"
    if not is_local_path(value):
        raise ApplicationError("next must be a path on this site, such as /tickets/12.")
    return value


def sign_in_start(*, session: SessionBase, next_path: str) -> str:
    """Record a new attempt in `session` and return the provider's authorization URL for it."""
    config = _config()
    state, nonce, verifier = (secrets.token_urlsafe(32), secrets.token_urlsafe(32), secrets.token_urlsafe(64))
    now = time.time()
    # The newest attempts still in time (several tabs), leaving room for this one.
    kept = sorted(
        (
            (key, attempt)
            for key, attempt in _pending(session).items()
            if now - float(attempt.get("at", 0)) < PENDING_MAX_AGE_SECONDS
        ),
        key=lambda item: float(item[1]["at"]),
    )[-(PENDING_MAX - 1) :]
    pending = dict(kept)
    url = provider.authorization_url(
        config,
        redirect_uri=redirect_uri(),
        scopes=settings.OIDC_SCOPES,
        state=state,
        nonce=nonce,
        code_verifier=verifier,
    )
    pending[state] = {"nonce": nonce, "verifier": verifier, "next": next_path, "at": now}
    session[PENDING_KEY] = pending
    return url


def _pending(session: SessionBase) -> dict[str, dict[str, Any]]:
    value = session.get(PENDING_KEY)
    return dict(value) if isinstance(value, dict) else {}


def sign_in_finish(*, session: SessionBase, params: Mapping[str, str]) -> SignedIn:
    """Finish the attempt named by the callback's `state`: it must have been started in this
    browser session, and is used up whatever happens next (a replayed callback finds nothing).
    Raises `SignInRefused`."""
    config = _config()
    pending = _pending(session)
    state = params.get("state") or ""
    attempt = pending.pop(state, None)
    session[PENDING_KEY] = pending
    if attempt is None or time.time() - float(attempt.get("at", 0)) >= PENDING_MAX_AGE_SECONDS:
        raise SignInRefused(SignInError.EXPIRED, "no sign-in attempt with this state in this session")
    next_path = str(attempt.get("next") or "/")
    try:
        user, created = _finish_attempt(config, attempt, params)
    except SignInRefused as refusal:
        refusal.next_path = next_path
        raise
    return SignedIn(user=user, next_path=next_path, created=created)


def _finish_attempt(
    config: provider.ProviderConfig, attempt: Mapping[str, Any], params: Mapping[str, str]
) -> tuple[User, bool]:
    error = params.get("error")
    if error:
        kind = SignInError.CANCELLED if error in {"access_denied", "login_required"} else SignInError.PROVIDER
        raise SignInRefused(kind, f"the provider answered {error[:100]!r}")
    # RFC 9207: a provider that names itself must be ours (a mix-up with another provider).
    issuer = params.get("iss")
    if issuer is not None and issuer != config.issuer:
        raise SignInRefused(SignInError.PROVIDER, f"the callback names another issuer {issuer[:200]!r}")
    code = params.get("code")
    if not code:
        raise SignInRefused(SignInError.PROVIDER, "the callback carries no code")
    try:
        claims = provider.exchange_code(
            config,
            redirect_uri=redirect_uri(),
            scopes=settings.OIDC_SCOPES,
            code=code,
            code_verifier=str(attempt["verifier"]),
            nonce=str(attempt["nonce"]),
        )
    except provider.ProviderError as failure:
        kind = SignInError.INVALID_TOKEN if failure.kind == "invalid_token" else SignInError.PROVIDER
        raise SignInRefused(kind, f"{failure.kind}: {failure}") from None
    return oidc_user_for_claims(issuer=config.issuer, claims=claims)


def role_from_claims(claims: Mapping[str, Any]) -> str | None:
    """The role OIDC_ROLE_CLAIM gives: admin before agent; a customer (requester) when no staff
    value is present and OIDC_ALLOW_CUSTOMERS is on; otherwise None (no access)."""
    value: Any = claims
    for part in settings.OIDC_ROLE_CLAIM.split("."):
        value = value.get(part) if isinstance(value, Mapping) else None
    if isinstance(value, str):
        values = set(value.split())
    elif isinstance(value, list):
        values = {item for item in value if isinstance(item, str)}
    else:
        values = set()
    if values & set(settings.OIDC_ADMIN_VALUES):
        return Role.ADMIN
    if values & set(settings.OIDC_AGENT_VALUES):
        return Role.AGENT
    return Role.REQUESTER if settings.OIDC_ALLOW_CUSTOMERS else None


def _verified_email(claims: Mapping[str, Any]) -> str:
    """The address, only when the provider vouches for it (some send the flag as a string)."""
    email = claims.get("email")
    verified = claims.get("email_verified")
    if isinstance(email, str) and "@" in email and (verified is True or verified == "true"):
        return email.strip().lower()[:254]
    return ""


def oidc_user_for_claims(*, issuer: str, claims: Mapping[str, Any]) -> tuple[User, bool]:
    """The account for a verified person at `issuer`, made or linked on the first sign-in, with
    the role and names the provider gives now; returns (user, created). Raises `SignInRefused`."""
    subject = str(claims["sub"])
    role = role_from_claims(claims)
    email = _verified_email(claims)
    for _ in range(3):
        try:
            with transaction.atomic():
                return _user_for_claims(issuer=issuer, subject=subject, role=role, email=email, claims=claims)
        except IntegrityError:
            # A second callback for the same person made the link (or the name) a moment ago.
            continue
    raise ApplicationError(
        "Could not link this sign-in; please try again.", code=ErrorCode.CONFLICT, status_code=409
    )


def _user_for_claims(
    *, issuer: str, subject: str, role: str | None, email: str, claims: Mapping[str, Any]
) -> tuple[User, bool]:
    now = timezone.now()
    identity = (
        OidcIdentity.objects.select_for_update()
        .select_related("user")
        .filter(issuer=issuer, subject=subject)
        .first()
    )
    created = False
    if identity is not None:
        user = identity.user
        if not user.is_active:
            raise SignInRefused(SignInError.DISABLED, "the linked account is deactivated", user=user)
        if role is None:
            raise SignInRefused(SignInError.NO_ACCESS, "the role claim gives no role here", user=user)
    else:
        if role is None:
            raise SignInRefused(SignInError.NO_ACCESS, "the role claim gives no role here")
        user, created = _linked_or_new_user(issuer=issuer, email=email, claims=claims)
        identity = OidcIdentity(user=user, issuer=issuer, subject=subject)
    _apply_claims(user, role=role, email=email, claims=claims)
    identity.email = email or identity.email
    identity.last_sign_in_at = now
    identity.save()
    return user, created


def _linked_or_new_user(*, issuer: str, email: str, claims: Mapping[str, Any]) -> tuple[User, bool]:
    """An existing account this person may take over (its verified address, when allowed), or a
    new one. Refuses when the address belongs to an account that may not be taken over."""
    address = email or (str(claims.get("email") or "").strip().lower())
    holders = list(User.objects.filter(email__iexact=address).order_by("id")[:2]) if address else []
    if holders:
        holder = holders[0]
        linkable = (
            email
            and settings.OIDC_LINK_VERIFIED_EMAIL
            and len(holders) == 1
            and not OidcIdentity.objects.filter(issuer=issuer, user=holder).exists()
        )
        if not linkable:
            raise SignInRefused(
                SignInError.EMAIL_TAKEN, "an account has this address and may not be taken over", user=holder
            )
        if not holder.is_active:
            raise SignInRefused(
                SignInError.DISABLED, "the account with this address is deactivated", user=holder
            )
        logger.info("oidc_account_linked", extra={"user_id": holder.pk, "issuer": issuer})
        return holder, False
    base = _preferred_username(claims) or email or f"sso-{claims['sub']}"
    user = User(username=username_free(base[:140]), email=email)
    user.set_unusable_password()
    return user, True


def _preferred_username(claims: Mapping[str, Any]) -> str:
    value = claims.get("preferred_username")
    if not isinstance(value, str):
        return ""
    return "".join(char for char in value.strip() if char.isalnum() or char in "@.+-_")


def _apply_claims(user: User, *, role: str, email: str, claims: Mapping[str, Any]) -> None:
    """The role from the claim (admins may use the Django admin, as `user_ensure` makes them),
    the names, and a verified address nobody else uses."""
    user.role = role
    user.is_staff = user.is_superuser = role == Role.ADMIN
    for field, claim in (("first_name", "given_name"), ("last_name", "family_name")):
        value = claims.get(claim)
        if isinstance(value, str) and value.strip():
            setattr(user, field, value.strip()[:150])
    if email and user.email.lower() != email:
        taken = User.objects.filter(email__iexact=email).exclude(pk=user.pk).exists()
        if not taken:
            user.email = email
    user.save()
