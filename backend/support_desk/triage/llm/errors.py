"""Result and failure types shared by the classifier's modules."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class FailureKind(StrEnum):
    """Why a call produced no suggestion; logged with every failure."""

    TIMEOUT = "timeout"  # the overall deadline passed
    REFUSED = "refused"  # connection refused, DNS failure, connection reset
    RATE_LIMITED = "rate_limited"  # 429 with no retry possible inside the deadline
    SERVER_ERROR = "server_error"  # 5xx
    CLIENT_ERROR = "client_error"  # any other 4xx, e.g. 401 for a bad key, 404 for a bad model
    UNPARSEABLE = "unparseable"  # no JSON object with both fields in the answer
    INVALID_LABEL = "invalid_label"  # JSON fine, but a label outside the taxonomy
    UNGROUNDED = "ungrounded"  # a draft citing a ticket it was not given, or citing none
    BREAKER_OPEN = "breaker_open"  # not called: too many recent failures
    NOT_CONFIGURED = "not_configured"  # no endpoint configured; nothing was called


@dataclass(frozen=True)
class LLMSuggestion:
    """A category and priority suggested by the model, already validated against the taxonomy."""

    category: str
    priority: str
    model: str
    latency_ms: float
    cached: bool


class LLMFailure(Exception):
    """A call that produced no suggestion; ``kind`` says why."""

    def __init__(self, kind: FailureKind, detail: str = "", *, status_code: int | None = None) -> None:
        super().__init__(f"{kind}: {detail}" if detail else str(kind))
        self.kind = kind
        self.detail = detail
        self.status_code = status_code
