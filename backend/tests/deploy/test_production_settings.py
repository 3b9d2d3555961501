"""The production settings pass Django's deployment checks and fail clearly when misconfigured.

Each test starts a fresh `supportdesk` process: settings are read once per process, so this is
the only faithful way to load them with a different environment.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

PRODUCTION = "support_desk.config.settings.production"
# Variables that would leak the developer's own configuration into the child process.
_SCRUBBED = (
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DEBUG",
    "LOG_FORMAT",
    "SECURE_SSL_REDIRECT",
    "CORS_ALLOWED_ORIGINS",
    "PUBLIC_REQUESTS_ENABLED",
)


def production_env(tmp_path: Path, **overrides: str | None) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in _SCRUBBED}
    env.update(
        DJANGO_SETTINGS_MODULE=PRODUCTION,
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="support.example.com",
        # Never connected to by these commands; keeps the default SQLite file out of the repo.
        DATABASE_URL="postgres://supportdesk@127.0.0.1:9/supportdesk",
        SUPPORTDESK_VAR_DIR=str(tmp_path / "var"),
        STATIC_ROOT=str(tmp_path / "static"),
        PYTHONWARNINGS="default",
    )
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def supportdesk(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "support_desk", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_reports_nothing(tmp_path: Path) -> None:
    result = supportdesk(production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues (0 silenced)." in output
    assert "WARNING" not in output.upper().replace("PYTHONWARNINGS", "")


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_a_missing_required_variable_is_a_clear_error(tmp_path: Path, missing: str) -> None:
    result = supportdesk(production_env(tmp_path, **{missing: None}), "check")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"The environment variable {missing} is required with these settings" in result.stderr


def test_allowed_hosts_of_only_commas_is_refused(tmp_path: Path) -> None:
    result = supportdesk(production_env(tmp_path, ALLOWED_HOSTS=" , "), "check")
    assert result.returncode != 0
    assert "ALLOWED_HOSTS is required" in result.stderr


def _settings(env: dict[str, str], *names: str) -> dict[str, object]:
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {list(names)!r}}}, default=str))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    loaded: dict[str, object] = json.loads(result.stdout.strip().splitlines()[-1])
    return loaded


def test_production_is_secure_by_default(tmp_path: Path) -> None:
    values = _settings(
        production_env(tmp_path),
        "DEBUG",
        "SECURE_SSL_REDIRECT",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_HSTS_SECONDS",
        "CORS_ALLOWED_ORIGINS",
        "LOG_FORMAT",
    )
    assert values == {
        "DEBUG": False,
        "SECURE_SSL_REDIRECT": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_HSTS_SECONDS": 31_536_000,
        "CORS_ALLOWED_ORIGINS": [],
        "LOG_FORMAT": "json",
    }


def test_the_public_request_form_is_off_until_an_admin_turns_it_on(tmp_path: Path) -> None:
    assert _settings(production_env(tmp_path), "PUBLIC_REQUESTS_ENABLED") == {
        "PUBLIC_REQUESTS_ENABLED": False
    }
    turned_on = production_env(tmp_path, PUBLIC_REQUESTS_ENABLED="true")
    assert _settings(turned_on, "PUBLIC_REQUESTS_ENABLED") == {"PUBLIC_REQUESTS_ENABLED": True}


def test_debug_stays_off_even_when_asked(tmp_path: Path) -> None:
    assert _settings(production_env(tmp_path, DEBUG="true"), "DEBUG") == {"DEBUG": False}


def test_cors_origins_come_from_the_environment(tmp_path: Path) -> None:
    env = production_env(tmp_path, CORS_ALLOWED_ORIGINS="https://a.example.com, https://b.example.com")
    assert _settings(env, "CORS_ALLOWED_ORIGINS") == {
        "CORS_ALLOWED_ORIGINS": ["https://a.example.com", "https://b.example.com"]
    }


def test_an_unknown_log_format_is_a_clear_error(tmp_path: Path) -> None:
    result = supportdesk(production_env(tmp_path, LOG_FORMAT="xml"), "check")
    assert result.returncode != 0
    assert "LOG_FORMAT must be one of plain, json; got 'xml'" in result.stderr


@pytest.mark.parametrize(
    ("key", "reason"),
    [
        ("insecure-local-development-key-change-me-0123456789abcdef", "is a published example value"),
        ("replace-me-with-50-or-more-random-characters", "is a published example value"),
        ("django-insecure-" + "x" * 50, "is a published example value"),
        ("s3cr3t-but-short", "is 16 characters long (at least 50 are needed)"),
        ("ab" * 40, "uses fewer than 5 distinct characters"),
    ],
)
def test_a_weak_or_public_secret_key_stops_the_server(tmp_path: Path, key: str, reason: str) -> None:
    result = supportdesk(production_env(tmp_path, SECRET_KEY=key), "check")
    assert result.returncode != 0
    assert f"SECRET_KEY {reason}" in result.stderr
    assert "secrets.token_urlsafe(50)" in result.stderr  # says how to make a good one
    assert key not in result.stderr  # never echoes the key itself


def test_a_process_without_settings_module_runs_production_settings(tmp_path: Path) -> None:
    """wsgi, Celery and the `supportdesk` command all default to production: a deployment
    that forgets DJANGO_SETTINGS_MODULE refuses to start rather than running development."""
    env = production_env(tmp_path, DJANGO_SETTINGS_MODULE=None, SECRET_KEY=None)
    result = supportdesk(env, "check")
    assert result.returncode != 0
    assert "The environment variable SECRET_KEY is required with these settings" in result.stderr
    assert "DJANGO_SETTINGS_MODULE=support_desk.config.settings.base" in result.stderr  # the local hint
    for code in (
        "import support_desk.config.wsgi",
        "from support_desk.config.celery import app; print(app.conf.broker_url)",
    ):
        started = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60, check=False
        )
        assert started.returncode != 0, code
        assert "SECRET_KEY is required" in started.stderr, code


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("LLM_TIMEOUT_SECONDS", "soon", "LLM_TIMEOUT_SECONDS must be a number, got 'soon'"),
        ("LLM_BREAKER_FAILURES", "0", "LLM_BREAKER_FAILURES must be at least 1, got 0"),
        ("THROTTLE_CREATE_RATE", "lots", "THROTTLE_CREATE_RATE must be a rate such as 60/min"),
        ("TRUSTED_PROXY_COUNT", "\u00b2", "TRUSTED_PROXY_COUNT must be a whole number"),
        ("DEMO_MODE", "maybe", "DEMO_MODE must be a boolean"),
        ("TRIAGE_PROVIDER", "gpt", "TRIAGE_PROVIDER must be one of auto, llm, local, off"),
    ],
)
def test_a_bad_value_is_a_clear_error_at_start(tmp_path: Path, name: str, value: str, message: str) -> None:
    result = supportdesk(production_env(tmp_path, **{name: value}), "check")
    assert result.returncode != 0
    assert message in result.stderr
