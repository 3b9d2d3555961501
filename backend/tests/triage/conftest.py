"""Fixtures for triage through the API: a fake language model wired in via the environment."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from support_desk.triage.llm import reset_llm_classifier
from tests.fakes.fake_llm_server import FakeLLMServer

LLM_SETTINGS = ("LLM_BASE_URL", "LLM_API_KEY", "LLM_MODEL", "GROQ_API_KEY")


@pytest.fixture
def fake_llm() -> Iterator[FakeLLMServer]:
    with FakeLLMServer() as server:
        yield server


UseProvider = Callable[[str], None]


@pytest.fixture
def use_provider(settings) -> Iterator[UseProvider]:
    """Switch TRIAGE_PROVIDER for one test, with no language model configured unless asked."""
    for name in LLM_SETTINGS:
        setattr(settings, name, "")
    reset_llm_classifier()

    def use(provider: str) -> None:
        settings.TRIAGE_PROVIDER = provider

    yield use
    reset_llm_classifier()


@pytest.fixture
def llm_configured(fake_llm: FakeLLMServer, settings, use_provider) -> FakeLLMServer:
    """The language model configured through the settings, pointing at the fake server."""
    settings.LLM_BASE_URL = fake_llm.base_url
    settings.LLM_MODEL = "fake-model"
    settings.LLM_TIMEOUT_SECONDS = 1.0
    reset_llm_classifier()
    return fake_llm
