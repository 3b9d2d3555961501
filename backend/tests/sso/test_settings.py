"""The single sign-on settings as a deployment sets them: off without an issuer, and a provider
without its client (or without the openid scope) stops the process at start, naming what is
missing."""

from __future__ import annotations

from pathlib import Path

from tests.deploy.test_production_settings import _settings, production_env, supportdesk

PROVIDER = {
    "OIDC_ISSUER": "https://login.example.com/realms/company",
    "OIDC_CLIENT_ID": "support-desk",
    "OIDC_CLIENT_SECRET": "from-the-environment",
}


def test_without_an_issuer_single_sign_on_is_off(tmp_path: Path) -> None:
    assert _settings(production_env(tmp_path), "OIDC_ISSUER") == {"OIDC_ISSUER": ""}


def test_a_provider_from_the_environment(tmp_path: Path) -> None:
    env = production_env(
        tmp_path,
        **PROVIDER,
        OIDC_SCOPES="openid, email, groups",
        OIDC_ADMIN_VALUES="helpdesk-admins, it-admins",
        OIDC_ALLOW_CUSTOMERS="true",
    )

    assert _settings(
        env, "OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_SCOPES", "OIDC_ADMIN_VALUES", "OIDC_ALLOW_CUSTOMERS"
    ) == {
        "OIDC_ISSUER": "https://login.example.com/realms/company",
        "OIDC_CLIENT_ID": "support-desk",
        "OIDC_SCOPES": ["openid", "email", "groups"],
        "OIDC_ADMIN_VALUES": ["helpdesk-admins", "it-admins"],
        "OIDC_ALLOW_CUSTOMERS": True,
    }


def test_an_issuer_without_its_client_secret_stops_the_process(tmp_path: Path) -> None:
    result = supportdesk(production_env(tmp_path, **{**PROVIDER, "OIDC_CLIENT_SECRET": None}), "check")

    assert result.returncode != 0
    assert "The environment variable OIDC_CLIENT_SECRET is required" in result.stderr


def test_scopes_without_openid_stop_the_process(tmp_path: Path) -> None:
    result = supportdesk(production_env(tmp_path, **PROVIDER, OIDC_SCOPES="email,profile"), "check")

    assert result.returncode != 0
    assert "OIDC_SCOPES must include openid" in result.stderr
