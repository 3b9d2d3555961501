"""The identity provider as seen over HTTP: discovery, keys, the code exchange and user info.

The one place that talks to the provider. Every call has a deadline (OIDC_TIMEOUT_SECONDS); a
failure is a `ProviderError` with a kind that the log and the sign-in page name. Discovery and the
key set are kept for an hour per process; a token signed with an unknown key id fetches the key
set again, so a provider's key rotation needs no restart.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from typing import Any

import requests
from authlib.integrations.base_client import OAuthError
from authlib.integrations.requests_client import OAuth2Session
from authlib.oidc.core import CodeIDToken
from joserfc import jwt
from joserfc.errors import InvalidKeyIdError, JoseError
from joserfc.jwk import KeySet
from joserfc.jws import JWSRegistry

logger = logging.getLogger(__name__)

CACHE_SECONDS = 3600.0
# Clocks of the provider and of this server may differ a little.
LEEWAY_SECONDS = 60
# The signatures OpenID Connect providers use; "none" and symmetric ones are never accepted.
SIGNING_ALGORITHMS = [
    "RS256",
    "RS384",
    "RS512",
    "PS256",
    "PS384",
    "PS512",
    "ES256",
    "ES384",
    "ES512",
    "EdDSA",
]


class ProviderError(Exception):
    """The provider could not be used: `kind` is `unreachable` (network, timeout, a 5xx),
    `misconfigured` (discovery that does not fit the settings), `rejected` (the provider refused
    the code exchange) or `invalid_token` (an ID token that fails verification)."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True)
class ProviderConfig:
    issuer: str
    client_id: str
    client_secret: str
    timeout: float


@dataclass(frozen=True)
class Metadata:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    userinfo_endpoint: str | None
    signing_algorithms: list[str]


_lock = threading.Lock()
_metadata: dict[str, tuple[float, Metadata]] = {}
_key_sets: dict[str, tuple[float, dict[str, Any]]] = {}


def forget_cached() -> None:
    """Drop the discovered metadata and keys (a changed configuration, or a test's new provider)."""
    with _lock:
        _metadata.clear()
        _key_sets.clear()


def _get_json(url: str, *, timeout: float, what: str) -> dict[str, Any]:
    try:
        response = requests.get(url, timeout=timeout, headers={"Accept": "application/json"})
    except requests.RequestException as error:
        raise ProviderError("unreachable", f"{what}: {type(error).__name__}") from error
    return _json_object(response, what=what, failure="unreachable")


def _json_object(response: requests.Response, *, what: str, failure: str) -> dict[str, Any]:
    """The answer's JSON object; a status other than 200 is a `failure`, other JSON is refused."""
    if response.status_code != 200:
        raise ProviderError(failure, f"{what}: HTTP {response.status_code}")
    try:
        body = response.json()
    except ValueError:
        raise ProviderError("misconfigured", f"{what}: not JSON") from None
    if not isinstance(body, dict):
        raise ProviderError("misconfigured", f"{what}: not a JSON object")
    return body


def discover(config: ProviderConfig) -> Metadata:
    """The provider's endpoints from `<issuer>/.well-known/openid-configuration`, whose `issuer`
    must be exactly the configured one (OpenID Connect Discovery, section 4.3)."""
    now = time.monotonic()
    with _lock:
        cached = _metadata.get(config.issuer)
    if cached is not None and now - cached[0] < CACHE_SECONDS:
        return cached[1]
    url = config.issuer.rstrip("/") + "/.well-known/openid-configuration"
    body = _get_json(url, timeout=config.timeout, what="discovery")
    if body.get("issuer") != config.issuer:
        raise ProviderError(
            "misconfigured", f"discovery names the issuer {body.get('issuer')!r}, not {config.issuer!r}"
        )
    missing = [
        name for name in ("authorization_endpoint", "token_endpoint", "jwks_uri") if not body.get(name)
    ]
    if missing:
        raise ProviderError("misconfigured", f"discovery lacks {', '.join(missing)}")
    offered = body.get("id_token_signing_alg_values_supported") or ["RS256"]
    metadata = Metadata(
        issuer=config.issuer,
        authorization_endpoint=str(body["authorization_endpoint"]),
        token_endpoint=str(body["token_endpoint"]),
        jwks_uri=str(body["jwks_uri"]),
        userinfo_endpoint=str(body["userinfo_endpoint"]) if body.get("userinfo_endpoint") else None,
        signing_algorithms=[alg for alg in offered if alg in SIGNING_ALGORITHMS] or ["RS256"],
    )
    with _lock:
        _metadata[config.issuer] = (now, metadata)
    return metadata


def _key_set(config: ProviderConfig, metadata: Metadata, *, refresh: bool = False) -> KeySet:
    now = time.monotonic()
    with _lock:
        cached = _key_sets.get(metadata.jwks_uri)
    if refresh or cached is None or now - cached[0] >= CACHE_SECONDS:
        body = _get_json(metadata.jwks_uri, timeout=config.timeout, what="key set")
        with _lock:
            _key_sets[metadata.jwks_uri] = (now, body)
        cached = (now, body)
    try:
        return KeySet.import_key_set(cached[1])  # type: ignore[arg-type]
    except (JoseError, ValueError, TypeError, KeyError) as error:
        raise ProviderError("misconfigured", f"key set: {error}") from None


def _session(config: ProviderConfig, *, redirect_uri: str, scopes: list[str]) -> OAuth2Session:
    return OAuth2Session(
        client_id=config.client_id,
        client_secret=config.client_secret,
        scope=" ".join(scopes),
        redirect_uri=redirect_uri,
        code_challenge_method="S256",
        token_endpoint_auth_method="client_secret_basic",  # noqa: S106 - a method's name
        default_timeout=config.timeout,
    )


def authorization_url(
    config: ProviderConfig,
    *,
    redirect_uri: str,
    scopes: list[str],
    state: str,
    nonce: str,
    code_verifier: str,
) -> str:
    """Where the browser goes to sign in: the code flow, with PKCE (S256), state and nonce."""
    metadata = discover(config)
    with _session(config, redirect_uri=redirect_uri, scopes=scopes) as session:
        url, _ = session.create_authorization_url(
            metadata.authorization_endpoint, state=state, code_verifier=code_verifier, nonce=nonce
        )
    return str(url)


def exchange_code(
    config: ProviderConfig, *, redirect_uri: str, scopes: list[str], code: str, code_verifier: str, nonce: str
) -> dict[str, Any]:
    """Trade the code for tokens and return the person's claims: the verified ID token's
    (signature against the provider's keys; iss, aud, exp, iat, nonce, azp and at_hash checked),
    with the user info endpoint's added when the provider has one (many put roles and e-mail
    only there). User info that names another subject is refused."""
    metadata = discover(config)
    with _session(config, redirect_uri=redirect_uri, scopes=scopes) as session:
        try:
            token = session.fetch_token(
                metadata.token_endpoint,
                grant_type="authorization_code",
                code=code,
                code_verifier=code_verifier,
            )
        except requests.RequestException as error:
            raise ProviderError("unreachable", f"token: {type(error).__name__}") from error
        except (OAuthError, ValueError, KeyError) as error:  # an error answer, or no token in it
            raise ProviderError("rejected", f"token: {error}") from None
        id_token = token.get("id_token")
        if not isinstance(id_token, str):
            raise ProviderError("invalid_token", "the token response has no ID token")
        claims = _verified_claims(
            config, metadata, id_token=id_token, nonce=nonce, access_token=str(token.get("access_token", ""))
        )
        if metadata.userinfo_endpoint and token.get("access_token"):
            extra = _userinfo(session, metadata.userinfo_endpoint, timeout=config.timeout)
            if extra:
                if extra.get("sub") != claims["sub"]:
                    raise ProviderError("invalid_token", "user info names another subject")
                # The ID token's own claims win: they are the signed ones.
                claims = {**extra, **claims}
    return claims


def verify_id_token(
    config: ProviderConfig, *, id_token: str, nonce: str, access_token: str = ""
) -> dict[str, Any]:
    """The claims of an ID token from this provider, or `ProviderError("invalid_token")`."""
    return _verified_claims(
        config, discover(config), id_token=id_token, nonce=nonce, access_token=access_token
    )


def _verified_claims(
    config: ProviderConfig, metadata: Metadata, *, id_token: str, nonce: str, access_token: str
) -> dict[str, Any]:
    registry = JWSRegistry(algorithms=metadata.signing_algorithms)
    try:
        try:
            decoded = jwt.decode(id_token, _key_set(config, metadata), registry=registry)
        except InvalidKeyIdError:
            decoded = jwt.decode(id_token, _key_set(config, metadata, refresh=True), registry=registry)
        claims = CodeIDToken(
            decoded.claims,
            decoded.header,
            {
                "iss": {"essential": True, "value": metadata.issuer},
                "aud": {"essential": True, "value": config.client_id},
                "sub": {"essential": True},
                "exp": {"essential": True},
            },
            {"nonce": nonce, "client_id": config.client_id, "access_token": access_token},
        )
        claims.validate(leeway=LEEWAY_SECONDS)
    except (JoseError, ValueError) as error:
        raise ProviderError("invalid_token", f"ID token: {error}") from None
    subject = claims.get("sub")
    # OpenID Connect caps the subject at 255 ASCII characters; the link stores no more.
    if not isinstance(subject, str) or not subject or len(subject) > 255:
        raise ProviderError("invalid_token", "ID token: no subject, or one longer than 255 characters")
    return dict(claims)


def _userinfo(session: OAuth2Session, url: str, *, timeout: float) -> dict[str, Any]:
    try:
        response = session.get(url, timeout=timeout, headers={"Accept": "application/json"})
    except requests.RequestException as error:
        raise ProviderError("unreachable", f"user info: {type(error).__name__}") from error
    if response.status_code == 200 and not response.headers.get("Content-Type", "").startswith(
        "application/json"
    ):
        # A signed or encrypted user info answer is not asked for; the ID token alone stands.
        return {}
    return _json_object(response, what="user info", failure="rejected")
