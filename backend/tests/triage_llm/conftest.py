"""Fixtures for the language-model triage tests: a real fake provider and a controllable clock."""

from __future__ import annotations

import logging
import socket
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from support_desk.triage.llm import LLMClassifier, LLMConfig
from tests.fakes.clock import FakeClock
from tests.fakes.fake_llm_server import FakeLLMServer

# Short enough to keep the suite fast, long enough for a loaded CI machine to answer locally.
TEST_TIMEOUT_SECONDS = 0.5


@pytest.fixture
def fake_llm() -> Iterator[FakeLLMServer]:
    """A fresh fake chat-completions server on a free local port, in smart mode."""
    with FakeLLMServer() as server:
        yield server


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


MakeClassifier = Callable[..., LLMClassifier]


@pytest.fixture
def make_classifier(fake_llm: FakeLLMServer) -> Iterator[MakeClassifier]:
    """Build classifiers pointed at the fake server; ``LLMConfig`` fields can be overridden."""
    built: list[LLMClassifier] = []

    def make(*, clock: Callable[[], float] | None = None, **overrides: Any) -> LLMClassifier:
        fields: dict[str, Any] = {
            "base_url": fake_llm.base_url,
            "model": "fake-model",
            "timeout_seconds": TEST_TIMEOUT_SECONDS,
        }
        fields.update(overrides)
        classifier = LLMClassifier(LLMConfig(**fields), **({"clock": clock} if clock else {}))
        classifier.warm_up()  # SDK import and client set-up stay out of timed assertions
        built.append(classifier)
        return classifier

    yield make
    for classifier in built:
        classifier.close()


@pytest.fixture
def closed_port() -> int:
    """A local port with nothing listening on it (connection refused)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


@pytest.fixture
def llm_log(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    """Captured records of the ``support_desk.triage.llm`` logger (DEBUG and up)."""
    caplog.set_level(logging.DEBUG, logger="support_desk.triage.llm")
    return caplog
