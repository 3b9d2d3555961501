"""A served Support Desk for Schemathesis: a throwaway database, gunicorn, and API tokens.

The database is `supportdesk_fuzz_<random>` on the PostgreSQL server that DATABASE_URL names
(the suite's database in CI), dropped afterwards; without PostgreSQL it is a temporary SQLite
file. The server runs with production settings, as deploy/ runs it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from tests.faults.server import Server, gunicorn, server_env, supportdesk, throwaway_database

# Every check that says "the answer is what the schema promises" or "the server did not fail".
CHECKS = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_headers_conformance",
    "response_schema_conformance",
)


@dataclass(frozen=True)
class FuzzStack:
    server: Server
    agent_token: str
    requester_token: str

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.port}"


def _token(env: dict[str, str], username: str, role: str) -> str:
    # The command prints the token alone on its last line.
    return supportdesk(env, "create_api_token", username, "--role", role).strip().splitlines()[-1].strip()


@contextlib.contextmanager
def fuzz_stack() -> Iterator[FuzzStack]:
    """A migrated database with a few demo tickets, served by gunicorn, and two tokens."""
    tmp = Path(tempfile.mkdtemp(prefix="supportdesk-fuzz-"))
    try:
        with throwaway_database(tmp) as database_url:
            (tmp / "static").mkdir()
            env = server_env(
                database_url,
                tmp,
                SECURE_SSL_REDIRECT="false",
                TRIAGE_PROVIDER="local",
                TRIAGE_MODEL_DIR=str(tmp / "triage-model"),
                # Rate limits would turn generated requests into 429s; they are tested elsewhere.
                THROTTLE_CLASSIFY_RATE="1000000/min",
                THROTTLE_LOGIN_RATE="1000000/min",
                THROTTLE_CREATE_RATE="1000000/min",
                THROTTLE_STAFF_CREATE_RATE="1000000/min",
                LOGIN_FAILURE_LIMIT="1000000",
                LOG_LEVEL="WARNING",
            )
            env.pop("CELERY_BROKER_URL", None)
            supportdesk(env, "migrate", "--noinput", timeout=300)
            supportdesk(env, "seed_demo", "--count", "40", "--no-progress", timeout=300)
            agent = _token(env, "fuzz-agent", "agent")
            requester = _token(env, "fuzz-requester", "requester")
            with gunicorn(env, tmp / "gunicorn.log", workers=2, threads=4) as server:
                yield FuzzStack(server=server, agent_token=agent, requester_token=requester)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def schemathesis_command() -> list[str]:
    """The Schemathesis CLI of this virtualenv."""
    script = Path(sys.executable).with_name("schemathesis")
    if script.exists():
        return [str(script)]
    found = shutil.which("schemathesis")
    if found is None:
        raise RuntimeError("Schemathesis is not installed (pip install 'schemathesis>=4.32,<5')")
    return [found]


@dataclass(frozen=True)
class FuzzRun:
    returncode: int
    output: str
    junit: str


def run_schemathesis(
    stack: FuzzStack,
    token: str,
    *,
    max_examples: int,
    report_dir: Path,
    phases: Sequence[str] = ("examples", "coverage", "fuzzing"),
    checks: Sequence[str] = CHECKS,
    seed: int | None = 1,
    max_time: float | None = None,
    timeout: float = 600,
) -> FuzzRun:
    """Schemathesis against the running server's own schema, signed in with `token`."""
    report_dir.mkdir(parents=True, exist_ok=True)
    junit = report_dir / "junit.xml"
    command = [
        *schemathesis_command(),
        "run",
        f"{stack.base_url}/api/schema/",
        "--url",
        stack.base_url,
        "--header",
        f"Authorization: Bearer {token}",
        "--checks",
        ",".join(checks),
        "--phases",
        ",".join(phases),
        "--max-examples",
        str(max_examples),
        "--workers",
        "2",
        "--request-timeout",
        "15",
        # Examples stay out of the working tree (the default is a .hypothesis/ folder in it).
        "--generation-database",
        "none",
        "--no-color",
        # Raw mail (message/rfc822) has no Schemathesis serializer, and the webhook answers only
        # with its shared secret; tests/mail/test_inbound_webhook.py covers it.
        "--exclude-path",
        "/api/mail/inbound/",
        "--output-truncate",
        "false",
        "--report",
        "junit",
        "--report-junit-path",
        str(junit),
    ]
    if seed is not None:
        command += ["--seed", str(seed)]
    if max_time is not None:
        command += ["--max-time", str(max_time)]
    result = subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        cwd=report_dir,
        env={**os.environ, "NO_COLOR": "1"},
    )
    return FuzzRun(
        returncode=result.returncode,
        output=result.stdout + result.stderr,
        junit=junit.read_text() if junit.exists() else "",
    )
