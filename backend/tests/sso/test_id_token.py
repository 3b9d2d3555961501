"""ID tokens checked against the real provider's published keys and discovery document: only
one signed by the provider's key, for this client, from this issuer, unexpired and with the
attempt's nonce is believed."""

from __future__ import annotations

import time
from typing import Any

import pytest
from joserfc import jwt
from joserfc.jwk import OctKey, RSAKey

from support_desk.sso import provider
from tests.sso.conftest import CLIENT_ID, CLIENT_SECRET, Provider

NONCE = "the-attempts-nonce"


def config(oidc: Provider) -> provider.ProviderConfig:
    return provider.ProviderConfig(
        issuer=oidc.issuer, client_id=CLIENT_ID, client_secret=CLIENT_SECRET, timeout=5
    )


def claims(oidc: Provider, **changes: Any) -> dict[str, Any]:
    now = int(time.time())
    base: dict[str, Any] = {
        "iss": oidc.issuer,
        "sub": "alex-at-idp",
        "aud": CLIENT_ID,
        "iat": now,
        "exp": now + 300,
        "nonce": NONCE,
    }
    base.update(changes)
    return {key: value for key, value in base.items() if value is not None}


def signed(payload: dict[str, Any], key: Any, alg: str = "RS256", kid: str = "test-signing-key") -> str:
    return jwt.encode({"alg": alg, "kid": kid}, payload, key)


def test_a_token_signed_by_the_provider_for_this_client_is_believed(oidc: Provider) -> None:
    token = signed(claims(oidc), oidc.signing_key)

    assert provider.verify_id_token(config(oidc), id_token=token, nonce=NONCE)["sub"] == "alex-at-idp"


@pytest.mark.parametrize(
    ("what", "changes"),
    [
        ("another issuer", {"iss": "http://127.0.0.1:1/"}),
        ("another audience", {"aud": "another-client"}),
        ("another audience, this client as azp", {"aud": "another-client", "azp": CLIENT_ID}),
        ("expired", {"iat": int(time.time()) - 3600, "exp": int(time.time()) - 600}),
        ("another nonce", {"nonce": "another-nonce"}),
        ("no nonce", {"nonce": None}),
        ("no subject", {"sub": None}),
        ("a subject longer than OpenID Connect allows", {"sub": "x" * 256}),
        ("no expiry", {"exp": None}),
    ],
)
def test_a_token_with_wrong_claims_is_refused(oidc: Provider, what: str, changes: dict[str, Any]) -> None:
    token = signed(claims(oidc, **changes), oidc.signing_key)

    with pytest.raises(provider.ProviderError) as refused:
        provider.verify_id_token(config(oidc), id_token=token, nonce=NONCE)
    assert refused.value.kind == "invalid_token", what


def test_a_token_signed_by_another_key_is_refused(oidc: Provider) -> None:
    forger = RSAKey.generate_key(2048)

    with pytest.raises(provider.ProviderError) as refused:
        provider.verify_id_token(config(oidc), id_token=signed(claims(oidc), forger), nonce=NONCE)
    assert refused.value.kind == "invalid_token"


def test_a_token_signed_with_the_client_secret_is_refused(oidc: Provider) -> None:
    """HS256 with the client secret as key: anyone holding the secret could forge it."""
    secret = OctKey.import_key(CLIENT_SECRET)
    token = jwt.encode({"alg": "HS256"}, claims(oidc), secret)

    with pytest.raises(provider.ProviderError) as refused:
        provider.verify_id_token(config(oidc), id_token=token, nonce=NONCE)
    assert refused.value.kind == "invalid_token"


def test_an_unsigned_token_is_refused(oidc: Provider) -> None:
    import base64
    import json

    def part(value: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")

    token = f"{part({'alg': 'none'})}.{part(claims(oidc))}."

    with pytest.raises(provider.ProviderError) as refused:
        provider.verify_id_token(config(oidc), id_token=token, nonce=NONCE)
    assert refused.value.kind == "invalid_token"


def test_discovery_that_names_another_issuer_is_refused(oidc: Provider) -> None:
    with pytest.raises(provider.ProviderError) as refused:
        provider.discover(
            provider.ProviderConfig(
                issuer=oidc.issuer + "/", client_id=CLIENT_ID, client_secret=CLIENT_SECRET, timeout=5
            )
        )
    assert refused.value.kind == "misconfigured"
