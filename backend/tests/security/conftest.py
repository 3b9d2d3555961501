"""A served Support Desk for the security probes: production settings, a throwaway database on
the suite's PostgreSQL server, gunicorn, and sign-ins for people with known passwords."""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.faults.server import Server, gunicorn, server_env, supportdesk, throwaway_database

PASSWORD = "correct-horse-battery-staple-42"
PEOPLE = {"alice": "requester", "bruno": "requester", "carla": "agent", "dora": "admin", "emil": "agent"}


@dataclass
class SecurityStack:
    server: Server
    env: dict[str, str]
    tokens: dict[str, str]

    def log(self) -> str:
        return "\n".join(self.server.log_lines())


def _people(env: dict[str, str]) -> dict[str, str]:
    """Create the people with the password, and an API token for each; returns the tokens."""
    script = "\n".join(
        [
            "from support_desk.accounts.services import user_ensure",
            "from support_desk.accounts.tokens import api_token_create",
            *(
                f"print({username!r}, api_token_create(user=user_ensure(username={username!r}, "
                f"role={role!r}, password={PASSWORD!r})[0])[1])"
                for username, role in PEOPLE.items()
            ),
        ]
    )
    output = supportdesk(env, "shell", "-c", script)
    return dict(line.split(" ", 1) for line in output.strip().splitlines()[-len(PEOPLE) :])


@contextlib.contextmanager
def security_stack(**settings: str) -> Iterator[SecurityStack]:
    tmp = Path(tempfile.mkdtemp(prefix="supportdesk-security-"))
    try:
        with throwaway_database(tmp) as database_url:
            (tmp / "static").mkdir()
            env = server_env(database_url, tmp, TRIAGE_PROVIDER="off", **settings)
            env.pop("CELERY_BROKER_URL", None)
            env.pop("CACHE_URL", None)  # the default: a file cache every worker shares
            supportdesk(env, "migrate", "--noinput", timeout=300)
            tokens = _people(env)
            with gunicorn(env, tmp / "gunicorn.log", workers=2, threads=2) as server:
                yield SecurityStack(server=server, env=env, tokens=tokens)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


StackFactory = Callable[..., contextlib.AbstractContextManager[SecurityStack]]


@pytest.fixture(scope="module")
def stack() -> Iterator[SecurityStack]:
    """The default configuration: no trusted proxy, the default limits."""
    with security_stack() as served:
        yield served
