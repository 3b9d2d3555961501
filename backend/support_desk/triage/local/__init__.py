"""The offline local triage model: category and priority from a ticket's text, no API key.

Public API for the server::

    from support_desk.triage.local import predict_ticket, ticket_text, default_provider
    prediction = predict_ticket(subject, body)   # uses the current model version
    prediction.category, prediction.category_confidence, prediction.priority, ...
    prediction.suggested_priority   # None when the priority head abstains (likewise category)

Training and evaluation: ``train_and_publish``, ``evaluate`` (see the ``triage``
management command).
"""

from __future__ import annotations

from support_desk.triage.local.examples import Example, read_examples_csv, ticket_text
from support_desk.triage.local.model import Prediction, TriageModel
from support_desk.triage.local.store import ModelProvider, ModelStore, configured_model_dir, default_provider


def predict_ticket(subject: str, body: str = "") -> Prediction:
    """Predict a ticket's category and priority with the process's current model."""
    return default_provider().get().predict(ticket_text(subject, body))


__all__ = [
    "Example",
    "ModelProvider",
    "ModelStore",
    "Prediction",
    "TriageModel",
    "configured_model_dir",
    "default_provider",
    "predict_ticket",
    "read_examples_csv",
    "ticket_text",
]
