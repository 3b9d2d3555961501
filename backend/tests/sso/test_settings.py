"""The single sign-on settings as a deployment sets them: off without an issuer, and a provider
without its client (or without the openid scope) stops the process at start, naming what is
missing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.deploy.test_production_settings import production_env

NAMES = ["OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_SCOPES", "OIDC_ADMIN_VALUES", "OIDC_ALLOW_CUSTOMERS"]


def _settings(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n, None) for n in {NAMES!r}}}))"
    )
    return subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60, check=False
    )


def test_without_an_issuer_single_sign_on_is_off(tmp_path: Path) -> None:
    result = _settings(production_env(tmp_path))

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["OIDC_ISSUER"] == ""


def test_a_provider_from_the_environment(tmp_path: Path) -> None:
    env = production_env(
        tmp_path,
        OIDC_ISSUER="https://login.example.com/realms/company",
        OIDC_CLIENT_ID="support-desk",
        OIDC_CLIENT_SECRET="from-the-environment",
        OIDC_SCOPES="openid, email, groups",
        OIDC_ADMIN_VALUES="helpdesk-admins, it-admins",
        OIDC_ALLOW_CUSTOMERS="true",
    )

    result = _settings(env)

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "OIDC_ISSUER": "https://login.example.com/realms/company",
        "OIDC_CLIENT_ID": "support-desk",
        "OIDC_SCOPES": ["openid", "email", "groups"],
        "OIDC_ADMIN_VALUES": ["helpdesk-admins", "it-admins"],
        "OIDC_ALLOW_CUSTOMERS": True,
    }


def test_an_issuer_without_its_client_secret_stops_the_process(tmp_path: Path) -> None:
    env = production_env(tmp_path, OIDC_ISSUER="https://login.example.com", OIDC_CLIENT_ID="support-desk")

    result = _settings(env)

    assert result.returncode != 0
    assert "The environment variable OIDC_CLIENT_SECRET is required" in result.stderr


def test_scopes_without_openid_stop_the_process(tmp_path: Path) -> None:
    env = production_env(
        tmp_path,
        OIDC_ISSUER="https://login.example.com",
        OIDC_CLIENT_ID="support-desk",
        OIDC_CLIENT_SECRET="from-the-environment",
        OIDC_SCOPES="email,profile",
    )

    result = _settings(env)

    assert result.returncode != 0
    assert "OIDC_SCOPES must include openid" in result.stderr
