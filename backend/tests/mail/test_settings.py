"""The mail settings, as a deployment sets them: EMAIL_URL, MAIL_INBOX_URL, the support address,
the beat schedule; a value that does not parse stops the process with the variable's name."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.deploy.test_production_settings import production_env

NAMES = [
    "EMAIL_BACKEND",
    "EMAIL_HOST",
    "EMAIL_PORT",
    "EMAIL_HOST_USER",
    "EMAIL_HOST_PASSWORD",
    "EMAIL_USE_SSL",
    "DEFAULT_FROM_EMAIL",
    "MAIL_INBOX_URL",
    "CELERY_BEAT_SCHEDULE",
]


def _settings(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n, None) for n in {NAMES!r}}}, default=str))"
    )
    return subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60, check=False
    )


def test_without_mail_settings_mail_goes_to_the_console_and_nothing_is_polled(tmp_path: Path) -> None:
    result = _settings(production_env(tmp_path))
    values = json.loads(result.stdout)
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"
    assert values["MAIL_INBOX_URL"] is None
    assert "mail-fetch" not in values["CELERY_BEAT_SCHEDULE"]  # the service-level watch stays


def test_a_mailbox_and_a_server_from_three_variables(tmp_path: Path) -> None:
    env = production_env(
        tmp_path,
        MAIL_INBOX_URL="imaps://support%40example.com:p%40ss@imap.example.com/Support",
        EMAIL_URL="smtps://support%40example.com:p%40ss@smtp.example.com",
        SUPPORT_EMAIL_ADDRESS="Support@Example.com",
    )
    values = json.loads(_settings(env).stdout)
    assert values["EMAIL_BACKEND"] == "support_desk.mail.smtp.EmailBackend"
    assert (values["EMAIL_HOST"], values["EMAIL_PORT"], values["EMAIL_USE_SSL"]) == (
        "smtp.example.com",
        465,
        True,
    )
    assert (values["EMAIL_HOST_USER"], values["EMAIL_HOST_PASSWORD"]) == ("support@example.com", "p@ss")
    assert values["DEFAULT_FROM_EMAIL"] == "support@example.com"
    inbox = values["MAIL_INBOX_URL"]
    assert (inbox["scheme"], inbox["host"], inbox["port"], inbox["user"], inbox["folder"]) == (
        "imaps",
        "imap.example.com",
        993,
        "support@example.com",
        "Support",
    )
    schedule = values["CELERY_BEAT_SCHEDULE"]["mail-fetch"]
    assert (schedule["task"], schedule["schedule"]) == ("mail.fetch_mailbox", 60.0)


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("EMAIL_URL", "ftp://smtp.example.com", "EMAIL_URL must start with smtp:// or smtps://"),
        ("EMAIL_URL", "smtp://user@:99999", "EMAIL_URL has an invalid port"),
        (
            "MAIL_INBOX_URL",
            "imap://imap.example.com/INBOX",
            "MAIL_INBOX_URL must carry the mailbox's user name",
        ),
        ("MAIL_INBOX_URL", "pop3://u:p@x", "MAIL_INBOX_URL must start with imap:// or imaps://"),
        ("SUPPORT_EMAIL_ADDRESS", "support at example", "SUPPORT_EMAIL_ADDRESS must be an e-mail address"),
        ("MAX_ATTACHMENT_BYTES", "ten", "MAX_ATTACHMENT_BYTES must be a whole number"),
        ("MAIL_FETCH_INTERVAL_SECONDS", "1", "MAIL_FETCH_INTERVAL_SECONDS must be at least 5"),
    ],
)
def test_a_bad_value_stops_the_process_naming_the_variable(
    tmp_path: Path, name: str, value: str, message: str
) -> None:
    result = _settings(production_env(tmp_path, **{name: value}))
    assert result.returncode != 0
    assert message in result.stderr
