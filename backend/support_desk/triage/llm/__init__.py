"""Language-model triage: suggest a ticket's category and priority from any OpenAI-compatible endpoint.

Usage::

    from support_desk.triage.llm import get_llm_classifier

    suggestion = get_llm_classifier().classify(ticket_text)  # None when unavailable
"""

from support_desk.triage.llm.breaker import BreakerState, CircuitBreaker
from support_desk.triage.llm.client import LLMClassifier, get_llm_classifier, reset_llm_classifier
from support_desk.triage.llm.config import LLMConfig, llm_config_from_settings
from support_desk.triage.llm.errors import FailureKind, LLMFailure, LLMSuggestion

__all__ = [
    "BreakerState",
    "CircuitBreaker",
    "FailureKind",
    "LLMClassifier",
    "LLMConfig",
    "LLMFailure",
    "LLMSuggestion",
    "get_llm_classifier",
    "llm_config_from_settings",
    "reset_llm_classifier",
]
