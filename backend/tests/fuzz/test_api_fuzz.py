"""Schemathesis against the running server: generated requests, valid and invalid, as an agent
and as a requester, must never make the server fail and must get answers the schema describes.

`make test` runs a short pass (FUZZ_MAX_EXAMPLES cases per operation, 6 by default, a fixed
seed); `make fuzz` runs a long one with more examples and the stateful phase, and also checks
that every status code is documented.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fuzz.stack import CHECKS, FuzzStack, fuzz_stack, run_schemathesis

pytestmark = pytest.mark.slow

LONG_RUN = os.environ.get("FUZZ_LONG") == "1"
MAX_EXAMPLES = int(os.environ.get("FUZZ_MAX_EXAMPLES", "100" if LONG_RUN else "6"))
# Both passes hold the server to no 5xx, and statuses, bodies, content types and headers as documented.
SHORT_CHECKS = CHECKS


@pytest.fixture(scope="module")
def stack() -> Iterator[FuzzStack]:
    with fuzz_stack() as served:
        yield served


@pytest.mark.parametrize("role", ["agent", "requester"])
def test_generated_requests_get_answers_the_schema_describes(
    stack: FuzzStack, role: str, tmp_path: Path
) -> None:
    token = stack.agent_token if role == "agent" else stack.requester_token
    run = run_schemathesis(
        stack,
        token,
        max_examples=MAX_EXAMPLES,
        report_dir=tmp_path / role,
        checks=CHECKS if LONG_RUN else SHORT_CHECKS,
        phases=("examples", "coverage", "fuzzing", "stateful") if LONG_RUN else ("coverage", "fuzzing"),
        seed=None if LONG_RUN else 1,
        timeout=3600 if LONG_RUN else 300,
    )
    assert stack.server.is_alive(), "gunicorn died during the run:\n" + "\n".join(
        stack.server.log_lines()[-40:]
    )
    assert run.returncode == 0, (
        f"Schemathesis found problems as {role}:\n{run.output[-20_000:]}\n"
        "The server's log ends:\n" + "\n".join(stack.server.log_lines()[-40:])
    )
