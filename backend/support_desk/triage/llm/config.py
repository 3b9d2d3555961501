"""Configuration of the language-model classifier, taken from the settings.

Any OpenAI-compatible chat-completions endpoint works: Groq, OpenAI, Ollama, vLLM,
llama.cpp's server. ``LLM_BASE_URL`` picks the provider; a local server may need no key.
The seed's ``GROQ_API_KEY`` alone still works and means Groq with its default model.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

GROQ_BASE_URL = "https://api.groq.com/openai/v1"
GROQ_DEFAULT_MODEL = "llama-3.3-70b-versatile"

DEFAULT_TIMEOUT_SECONDS = 3.0
DEFAULT_BREAKER_FAILURES = 3
DEFAULT_BREAKER_COOLDOWN_SECONDS = 30.0
DEFAULT_CACHE_SIZE = 1024
DEFAULT_CACHE_TTL_SECONDS = 3600.0
DEFAULT_MAX_TOKENS = 64
DEFAULT_TEMPERATURE = 0.0
MAX_TEMPERATURE = 0.2  # classification wants the most likely label, not variety


@dataclass(frozen=True)
class LLMConfig:
    """Everything the classifier needs; build it with ``llm_config_from_settings`` or directly in tests.

    ``base_url`` and ``model`` may be left empty: with a key, they fall back to Groq's
    endpoint and default model (see ``effective_base_url`` / ``effective_model``).
    """

    base_url: str | None = None
    api_key: str | None = None
    model: str | None = None
    timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS
    breaker_failures: int = DEFAULT_BREAKER_FAILURES
    breaker_cooldown_seconds: float = DEFAULT_BREAKER_COOLDOWN_SECONDS
    cache_size: int = DEFAULT_CACHE_SIZE
    cache_ttl_seconds: float = DEFAULT_CACHE_TTL_SECONDS
    max_tokens: int = DEFAULT_MAX_TOKENS
    temperature: float = DEFAULT_TEMPERATURE

    def __post_init__(self) -> None:
        if self.timeout_seconds <= 0:
            raise ValueError("timeout_seconds must be positive")
        if self.breaker_failures < 1:
            raise ValueError("breaker_failures must be at least 1")
        if self.breaker_cooldown_seconds < 0 or self.cache_ttl_seconds < 0 or self.cache_size < 0:
            raise ValueError("cool-down, cache size and cache TTL must not be negative")
        if not 0 <= self.temperature <= MAX_TEMPERATURE:
            raise ValueError(f"temperature must be between 0 and {MAX_TEMPERATURE}")
        if self.max_tokens < 1:
            raise ValueError("max_tokens must be at least 1")

    @property
    def configured(self) -> bool:
        """True when there is something to call: a base URL with a model, or a key."""
        return bool((self.base_url and self.model) or self.api_key)

    @property
    def effective_base_url(self) -> str:
        return (self.base_url or GROQ_BASE_URL).rstrip("/")

    @property
    def effective_model(self) -> str:
        return self.model or GROQ_DEFAULT_MODEL

    @property
    def provider_label(self) -> str:
        """The endpoint's scheme, host and port, for logs (never a key or a path with tokens)."""
        parts = urlsplit(self.effective_base_url)
        return f"{parts.scheme}://{parts.netloc}"

    def __repr__(self) -> str:
        # Keep the key out of reprs, tracebacks and debug logs.
        key = "set" if self.api_key else "unset"
        return (
            f"LLMConfig(base_url={self.effective_base_url!r}, model={self.effective_model!r}, "
            f"api_key={key}, timeout_seconds={self.timeout_seconds})"
        )


def _is_groq(base_url: str | None) -> bool:
    return base_url is None or urlsplit(base_url).hostname == "api.groq.com"


def llm_config_from_settings(source: Any = None) -> LLMConfig:
    """Build an ``LLMConfig`` from the ``LLM_*`` settings (and the seed's ``GROQ_API_KEY``),
    which the settings read from the environment and check at start.

    ``GROQ_API_KEY`` is only used when no other base URL is set, so a Groq key left in the
    environment is never sent to some other provider.
    """
    if source is None:
        from django.conf import settings as source

    base_url = source.LLM_BASE_URL or None
    api_key = source.LLM_API_KEY or None
    if api_key is None and _is_groq(base_url):
        api_key = source.GROQ_API_KEY or None
    return LLMConfig(
        base_url=base_url,
        api_key=api_key,
        model=source.LLM_MODEL or None,
        timeout_seconds=source.LLM_TIMEOUT_SECONDS,
        breaker_failures=source.LLM_BREAKER_FAILURES,
        breaker_cooldown_seconds=source.LLM_BREAKER_COOLDOWN_SECONDS,
        cache_size=source.LLM_CACHE_SIZE,
        cache_ttl_seconds=source.LLM_CACHE_TTL_SECONDS,
    )
