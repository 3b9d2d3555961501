"""Fixtures for triage through the API: a fake language model wired in via the environment."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from support_desk.triage.llm import reset_llm_classifier
from tests.fakes.fake_llm_server import FakeLLMServer

LLM_ENV = ("LLM_BASE_URL", "LLM_API_KEY", "LLM_MODEL", "LLM_TIMEOUT_SECONDS", "GROQ_API_KEY")


@pytest.fixture
def fake_llm() -> Iterator[FakeLLMServer]:
    with FakeLLMServer() as server:
        yield server


UseProvider = Callable[[str], None]


@pytest.fixture
def use_provider(settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[UseProvider]:
    """Switch TRIAGE_PROVIDER for one test, with no language model configured unless asked."""
    for name in LLM_ENV:
        monkeypatch.delenv(name, raising=False)
    reset_llm_classifier()

    def use(provider: str) -> None:
        settings.TRIAGE_PROVIDER = provider

    yield use
    reset_llm_classifier()


@pytest.fixture
def llm_configured(fake_llm: FakeLLMServer, monkeypatch: pytest.MonkeyPatch, use_provider) -> FakeLLMServer:
    """The language model configured through the environment, pointing at the fake server."""
    monkeypatch.setenv("LLM_BASE_URL", fake_llm.base_url)
    monkeypatch.setenv("LLM_MODEL", "fake-model")
    monkeypatch.setenv("LLM_TIMEOUT_SECONDS", "1")
    reset_llm_classifier()
    return fake_llm
