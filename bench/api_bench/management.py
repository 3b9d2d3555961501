"""`supportdesk` management commands, run in child processes as an operator would run them."""

from __future__ import annotations

import os
import subprocess
import sys

LOCAL_SETTINGS = "support_desk.config.settings.base"


def command_env(database_url: str) -> dict[str, str]:
    """The environment of the bench's own commands: this shell's, pointed at the bench database.

    The commands (seeding, tokens, counters) run with the local settings whatever the
    operator's shell exports, as `make run` does; the server gets production settings explicitly.
    """
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "PYTHONUNBUFFERED": "1",
        "DJANGO_SETTINGS_MODULE": LOCAL_SETTINGS,
    }


def supportdesk(env: dict[str, str], *args: str, capture: bool = True) -> str:
    """Run a management command and return its output (shown live instead when not captured,
    for the seed's progress bar); a failure ends the run with the command's output."""
    result = subprocess.run(  # noqa: S603 - our own interpreter and fixed arguments
        [sys.executable, "-m", "support_desk", *args],
        env=env,
        capture_output=capture,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        detail = f"\n{result.stdout}\n{result.stderr}" if capture else ""
        raise SystemExit(f"supportdesk {' '.join(args)} failed (exit {result.returncode}){detail}")
    return result.stdout or ""


def create_api_token(env: dict[str, str], username: str) -> str:
    """A new agent token for `username` (created if missing): the command prints it last."""
    output = supportdesk(env, "create_api_token", username, "--role", "agent", "--name", "bench")
    return output.strip().splitlines()[-1].strip()
