"""The classifier: redaction, cache, circuit breaker and one bounded call to the model.

Every failure becomes ``None`` for the caller (and an ``LLMFailure`` for ``suggest``),
is logged on ``support_desk.triage.llm`` with its kind, and happens within one overall
deadline, so ticket creation never waits on, or breaks because of, the language model.
"""

from __future__ import annotations

import concurrent.futures
import email.utils
import importlib
import logging
import math
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any, TypeVar

from support_desk.triage.llm.breaker import BreakerState, CircuitBreaker
from support_desk.triage.llm.cache import TTLCache, cache_key
from support_desk.triage.llm.config import LLMConfig, llm_config_from_settings
from support_desk.triage.llm.errors import FailureKind, LLMFailure, LLMSuggestion
from support_desk.triage.llm.parsing import parse_suggestion
from support_desk.triage.llm.prompt import build_messages
from support_desk.triage.redaction import redact

if TYPE_CHECKING:
    from openai import OpenAI

logger = logging.getLogger("support_desk.triage.llm")

# Sent as the key to servers that need none (Ollama, llama.cpp): the SDK insists on one,
# and an explicit value stops it from picking up OPENAI_API_KEY and sending it elsewhere.
NO_KEY = "no-key"
JSON_MODE = {"type": "json_object"}
# A retry is only worth sending if this much of the deadline is left after waiting.
MIN_RETRY_BUDGET_SECONDS = 0.05
# Back-off before the single retry when a 429/5xx carries no Retry-After.
DEFAULT_RETRY_DELAY_SECONDS = 0.1
# Calls in flight at once. Requests run on these threads so the caller can stop waiting
# at the deadline even when DNS or a trickling response ignores the socket timeouts.
MAX_CONCURRENT_CALLS = 8
# Failures of the answer itself (not of the provider): they do not count towards the breaker.
ANSWER_FAILURES = frozenset({FailureKind.UNPARSEABLE, FailureKind.INVALID_LABEL, FailureKind.UNGROUNDED})

T = TypeVar("T")


def retry_after_seconds(headers: Mapping[str, str]) -> float | None:
    """The wait a 429/503 asks for: ``retry-after-ms``, or ``Retry-After`` in seconds or as a date."""
    raw_ms = headers.get("retry-after-ms")
    if raw_ms:
        try:
            value = float(raw_ms) / 1000
        except ValueError:
            value = math.nan
        if math.isfinite(value) and value >= 0:
            return value
    raw = headers.get("retry-after")
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(raw)
        except (TypeError, ValueError):
            return None
        return max(0.0, when.timestamp() - time.time())
    return value if math.isfinite(value) and value >= 0 else None


class LLMClassifier:
    """Suggests a ticket's category and priority with an OpenAI-compatible chat endpoint.

    ``clock`` drives the circuit breaker's cool-down and the cache's TTL (tests pass a
    fake one); the per-call deadline always uses real monotonic time.
    """

    def __init__(self, config: LLMConfig, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.config = config
        self._clock = clock
        self._breaker = CircuitBreaker(
            config.breaker_failures,
            config.breaker_cooldown_seconds,
            clock=clock,
            on_change=self._log_breaker_change,
        )
        self._cache: TTLCache[LLMSuggestion] = TTLCache(
            config.cache_size, config.cache_ttl_seconds, clock=clock
        )
        self._json_mode = True
        self._local = threading.local()
        self._client: OpenAI | None = None
        self._client_lock = threading.Lock()
        self._executor = concurrent.futures.ThreadPoolExecutor(
            max_workers=MAX_CONCURRENT_CALLS, thread_name_prefix="llm-triage"
        )

    # --- state ---------------------------------------------------------------------

    @property
    def configured(self) -> bool:
        """True when an endpoint is configured (a base URL with a model, or a key)."""
        return self.config.configured

    @property
    def healthy(self) -> bool:
        """Configured and the circuit breaker is not refusing calls."""
        return self.configured and not self._breaker.is_open

    @property
    def breaker(self) -> CircuitBreaker:
        return self._breaker

    @property
    def json_mode(self) -> bool:
        """Whether ``response_format`` JSON mode is still sent (False once the provider rejected it)."""
        return self._json_mode

    @property
    def last_failure_kind(self) -> FailureKind | None:
        """Why this thread's most recent ``classify``/``suggest`` failed, or None if it succeeded."""
        kind: FailureKind | None = getattr(self._local, "last_failure_kind", None)
        return kind

    def warm_up(self) -> None:
        """Import the SDK and build the HTTP client now rather than on the first ticket."""
        if self.configured:
            self._openai_client()

    def clear_cache(self) -> None:
        self._cache.clear()

    def close(self) -> None:
        """Release the HTTP connection pool and worker threads (without waiting for calls)."""
        self._executor.shutdown(wait=False, cancel_futures=True)
        with self._client_lock:
            if self._client is not None:
                self._client.close()
                self._client = None

    # --- public calls ----------------------------------------------------------------

    def classify(self, text: str) -> LLMSuggestion | None:
        """A validated suggestion for ``text``, or None on any failure (logged, see ``last_failure_kind``)."""
        try:
            return self.suggest(text)
        except LLMFailure:
            return None

    def suggest(self, text: str) -> LLMSuggestion:
        """Like ``classify`` but raises ``LLMFailure`` (already logged) instead of returning None."""
        self._local.last_failure_kind = None
        started = time.monotonic()
        try:
            suggestion = self._suggest(text, started)
        except LLMFailure as failure:
            self._local.last_failure_kind = failure.kind
            self._log_failure(failure, started)
            raise
        except Exception as exc:
            # A bug on our side (say, in redaction) must not turn into an error for the user
            # either; it is logged with its traceback.
            internal = LLMFailure(FailureKind.CLIENT_ERROR, f"internal error: {type(exc).__name__}")
            self._local.last_failure_kind = internal.kind
            self._log_failure(internal, started, exc_info=True)
            raise internal from exc
        logger.debug(
            "LLM triage suggestion",
            extra={
                "provider": self.config.provider_label,
                "model": suggestion.model,
                "latency_ms": suggestion.latency_ms,
                "cached": suggestion.cached,
            },
        )
        return suggestion

    def complete(
        self,
        *,
        messages: list[dict[str, str]],
        parse: Callable[[str | None], T],
        purpose: str,
        timeout_seconds: float,
        max_tokens: int,
    ) -> T:
        """One bounded call for another purpose than triage (a reply draft, a summary).

        The messages must already be redacted, with untrusted text only inside data blocks.
        It shares this client's circuit breaker, connection pool and deadline handling, so
        a provider that is down is paused for every purpose at once. Raises ``LLMFailure``
        (already logged with its kind and ``purpose``); ``parse`` may raise it too.
        """
        started = time.monotonic()
        try:
            if not self.configured:
                raise LLMFailure(FailureKind.NOT_CONFIGURED, "no LLM endpoint configured")
            if not self._breaker.allow():
                raise LLMFailure(FailureKind.BREAKER_OPEN, "circuit breaker open; not calling the model")
            try:
                self.warm_up()
            except Exception as exc:
                self._breaker.record_failure()
                raise LLMFailure(FailureKind.CLIENT_ERROR, f"cannot set up the client: {exc!r}") from exc
            try:
                result = self._exchange(
                    messages, parse=parse, deadline=time.monotonic() + timeout_seconds, max_tokens=max_tokens
                )
            except LLMFailure as failure:
                # A provider that answers, but badly for this purpose, is not a dead provider.
                if failure.kind not in ANSWER_FAILURES:
                    self._breaker.record_failure()
                raise
            except Exception as exc:
                self._breaker.record_failure()
                raise LLMFailure(FailureKind.UNPARSEABLE, f"unexpected {type(exc).__name__}: {exc}") from exc
        except LLMFailure as failure:
            self._log_failure(failure, started, purpose=purpose)
            raise
        self._breaker.record_success()
        return result

    # --- internals -------------------------------------------------------------------

    def _suggest(self, text: str, started: float) -> LLMSuggestion:
        if not self.configured:
            raise LLMFailure(FailureKind.NOT_CONFIGURED, "no LLM endpoint configured")
        redacted = redact(text)
        key = cache_key(redacted)
        hit = self._cache.get(key)
        if hit is not None:
            return replace(hit, cached=True, latency_ms=_elapsed_ms(started))
        if not self._breaker.allow():
            raise LLMFailure(FailureKind.BREAKER_OPEN, "circuit breaker open; not calling the model")
        # The first call imports the SDK and builds the client (about a second); that one-off
        # local cost is not the provider's latency, so the deadline starts after it.
        try:
            self.warm_up()
        except Exception as exc:
            # Also ends a half-open trial, which would otherwise keep the breaker stuck.
            self._breaker.record_failure()
            raise LLMFailure(FailureKind.CLIENT_ERROR, f"cannot set up the client: {exc!r}") from exc
        call_started = time.monotonic()
        try:
            category, priority = self._exchange(
                build_messages(redacted),
                parse=parse_suggestion,
                deadline=call_started + self.config.timeout_seconds,
                max_tokens=self.config.max_tokens,
            )
        except LLMFailure:
            self._breaker.record_failure()
            raise
        except Exception as exc:
            # The SDK can raise things outside its documented hierarchy on odd responses;
            # those must still become a logged failure, not an error for the user.
            self._breaker.record_failure()
            raise LLMFailure(FailureKind.UNPARSEABLE, f"unexpected {type(exc).__name__}: {exc}") from exc
        self._breaker.record_success()
        suggestion = LLMSuggestion(
            category=category,
            priority=priority,
            model=self.config.effective_model,
            latency_ms=_elapsed_ms(call_started),
            cached=False,
        )
        self._cache.put(key, suggestion)
        return suggestion

    def _exchange(
        self,
        messages: list[dict[str, str]],
        *,
        parse: Callable[[str | None], T],
        deadline: float,
        max_tokens: int,
    ) -> T:
        """Send the request, with the JSON-mode fallback and at most one 429/5xx retry."""
        import openai

        json_mode = self._json_mode
        json_fallback_used = False
        retried = False
        attempts = 0
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise LLMFailure(FailureKind.TIMEOUT, f"deadline passed after {attempts} request(s)")
            attempts += 1
            try:
                completion = self._request(
                    messages, json_mode=json_mode, timeout=remaining, max_tokens=max_tokens
                )
            except TimeoutError as exc:  # our own deadline, from the worker future
                raise LLMFailure(FailureKind.TIMEOUT, "no answer within the deadline") from exc
            except openai.APITimeoutError as exc:
                raise LLMFailure(FailureKind.TIMEOUT, "request timed out") from exc
            except openai.APIConnectionError as exc:
                raise LLMFailure(FailureKind.REFUSED, _describe_connection_error(exc)) from exc
            except openai.APIStatusError as exc:
                status = exc.status_code
                if status in (400, 422) and json_mode and not json_fallback_used:
                    # Some servers reject response_format; ask once more in plain mode.
                    json_fallback_used = True
                    json_mode = False
                    continue
                if status == 429 or status >= 500:
                    kind = FailureKind.RATE_LIMITED if status == 429 else FailureKind.SERVER_ERROR
                    wait = retry_after_seconds(exc.response.headers)
                    delay = DEFAULT_RETRY_DELAY_SECONDS if wait is None else wait
                    budget = deadline - time.monotonic() - MIN_RETRY_BUDGET_SECONDS
                    if retried:
                        raise LLMFailure(kind, f"HTTP {status} after a retry", status_code=status) from exc
                    if delay > budget:
                        raise LLMFailure(
                            kind,
                            f"HTTP {status}; retry after {delay:.2f}s does not fit the deadline",
                            status_code=status,
                        ) from exc
                    retried = True
                    time.sleep(delay)
                    continue
                raise LLMFailure(
                    FailureKind.CLIENT_ERROR, f"HTTP {status}: {_error_message(exc)}", status_code=status
                ) from exc
            if json_fallback_used and self._json_mode:
                self._json_mode = False
                logger.info(
                    "LLM provider rejects JSON mode; sending requests without response_format from now on",
                    extra={"provider": self.config.provider_label, "model": self.config.effective_model},
                )
            content = completion.choices[0].message.content if completion.choices else None
            return parse(content)

    def _request(
        self, messages: list[dict[str, str]], *, json_mode: bool, timeout: float, max_tokens: int
    ) -> Any:
        """One HTTP call, abandoned (not awaited) at ``timeout`` whatever the socket does."""
        client = self._openai_client()
        options: dict[str, Any] = {
            "model": self.config.effective_model,
            "messages": messages,
            "temperature": self.config.temperature,
            "max_tokens": max_tokens,
            "timeout": timeout,
        }
        if json_mode:
            options["response_format"] = JSON_MODE

        def send() -> Any:
            return client.chat.completions.create(**options)

        future = self._executor.submit(send)
        try:
            return future.result(timeout=timeout)
        except concurrent.futures.TimeoutError:
            future.cancel()
            raise

    def _openai_client(self) -> OpenAI:
        with self._client_lock:
            if self._client is None:
                from openai import OpenAI

                self._client = OpenAI(
                    api_key=self.config.api_key or NO_KEY,
                    base_url=self.config.effective_base_url,
                    max_retries=0,  # retries are ours, inside the one deadline
                    timeout=self.config.timeout_seconds,
                )
                # Resources and response types are imported lazily on first use; load them
                # now so the first ticket's deadline is spent on the network, not on imports.
                importlib.import_module("openai.types.chat")
                _ = self._client.chat.completions
            return self._client

    def _log_failure(
        self, failure: LLMFailure, started: float, *, exc_info: bool = False, purpose: str = "triage"
    ) -> None:
        # Breaker refusals are frequent and were announced when it opened; "not configured"
        # is a deployment choice. Everything else is a real problem worth a warning.
        level = {
            FailureKind.NOT_CONFIGURED: logging.DEBUG,
            FailureKind.BREAKER_OPEN: logging.INFO,
        }.get(failure.kind, logging.WARNING)
        logger.log(
            level,
            "LLM %s failed (%s): %s",
            purpose,
            failure.kind.value,
            redact(failure.detail),  # provider error texts may quote keys or ticket text
            exc_info=exc_info,
            extra={
                "failure_kind": failure.kind.value,
                "purpose": purpose,
                "provider": self.config.provider_label,
                "model": self.config.effective_model,
                "latency_ms": _elapsed_ms(started),
                "status_code": failure.status_code,
                "breaker_state": self._breaker.state.value,
            },
        )

    def _log_breaker_change(self, old: BreakerState, new: BreakerState) -> None:
        logger.log(
            logging.WARNING if new is BreakerState.OPEN else logging.INFO,
            "LLM circuit breaker %s -> %s",
            old.value,
            new.value,
            extra={
                "breaker_state": new.value,
                "previous_state": old.value,
                "provider": self.config.provider_label,
                "cooldown_seconds": self.config.breaker_cooldown_seconds,
            },
        )


def _elapsed_ms(started: float) -> float:
    return round((time.monotonic() - started) * 1000, 1)


def _error_message(exc: Exception) -> str:
    return str(getattr(exc, "message", exc))[:200]


def _describe_connection_error(exc: Exception) -> str:
    cause = exc.__cause__ or exc.__context__
    return f"{_error_message(exc)} ({type(cause).__name__}: {cause})"[:200] if cause else _error_message(exc)


_singleton: LLMClassifier | None = None
_singleton_lock = threading.Lock()


def get_llm_classifier() -> LLMClassifier:
    """The process-wide classifier, built from the settings on first use."""
    global _singleton
    with _singleton_lock:
        if _singleton is None:
            _singleton = LLMClassifier(llm_config_from_settings())
        return _singleton


def reset_llm_classifier() -> None:
    """Forget the process-wide classifier (tests, or after the settings changed)."""
    global _singleton
    with _singleton_lock:
        if _singleton is not None:
            _singleton.close()
        _singleton = None
