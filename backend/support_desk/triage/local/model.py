"""The trained local triage model: two linear heads on sentence embeddings.

Inference is a matrix product and a softmax in numpy, so the server needs neither
scikit-learn nor PyTorch to predict; only training uses scikit-learn.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from support_desk.triage.local.encoder import ENCODER_ID, SentenceEncoder, shared_encoder

ARRAYS_FILE = "model.npz"
META_FILE = "meta.json"
FORMAT_VERSION = 1


@dataclass(frozen=True)
class LinearHead:
    """Multinomial logistic regression with a calibration temperature."""

    classes: tuple[str, ...]
    coef: np.ndarray  # (classes, dimensions)
    intercept: np.ndarray  # (classes,)
    temperature: float = 1.0

    def probabilities(self, vectors: np.ndarray) -> np.ndarray:
        logits = (vectors @ self.coef.T + self.intercept) / self.temperature
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return exp / exp.sum(axis=1, keepdims=True)


@dataclass(frozen=True)
class Prediction:
    """A category and a priority, each with its calibrated probability."""

    category: str
    category_confidence: float
    priority: str
    priority_confidence: float
    category_scores: dict[str, float]
    priority_scores: dict[str, float]
    model_version: str


@dataclass
class TriageModel:
    """Predicts category and priority for ticket texts (see ``examples.ticket_text``)."""

    category_head: LinearHead
    priority_head: LinearHead
    version: str
    meta: dict[str, Any] = field(default_factory=dict)
    encoder: SentenceEncoder | None = None

    def _encoder(self) -> SentenceEncoder:
        if self.encoder is None:
            self.encoder = shared_encoder()
        return self.encoder

    def predict(self, text: str) -> Prediction:
        """Classify one ticket text."""
        return self.predict_many([text])[0]

    def predict_many(self, texts: Sequence[str]) -> list[Prediction]:
        """Classify several texts at once (faster per text than one at a time)."""
        vectors = self._encoder().encode(texts)
        return self.predict_vectors(vectors)

    def predict_vectors(self, vectors: np.ndarray) -> list[Prediction]:
        cat = self.category_head.probabilities(vectors)
        pri = self.priority_head.probabilities(vectors)
        return [self._prediction(c, p) for c, p in zip(cat, pri, strict=True)]

    def _prediction(self, cat: np.ndarray, pri: np.ndarray) -> Prediction:
        c, p = int(cat.argmax()), int(pri.argmax())
        return Prediction(
            category=self.category_head.classes[c],
            category_confidence=float(cat[c]),
            priority=self.priority_head.classes[p],
            priority_confidence=float(pri[p]),
            category_scores=dict(zip(self.category_head.classes, map(float, cat), strict=True)),
            priority_scores=dict(zip(self.priority_head.classes, map(float, pri), strict=True)),
            model_version=self.version,
        )

    def save(self, directory: Path) -> None:
        """Write the model's two files into ``directory`` (which must exist)."""
        arrays: dict[str, Any] = {}
        heads = {}
        for name, head in (("category", self.category_head), ("priority", self.priority_head)):
            arrays[f"{name}_coef"] = head.coef.astype(np.float32)
            arrays[f"{name}_intercept"] = head.intercept.astype(np.float32)
            heads[name] = {"classes": list(head.classes), "temperature": head.temperature}
        np.savez_compressed(directory / ARRAYS_FILE, **arrays)
        meta = {
            **self.meta,
            "format": FORMAT_VERSION,
            "version": self.version,
            "encoder": ENCODER_ID,
            "heads": heads,
        }
        (directory / META_FILE).write_text(json.dumps(meta, indent=2, sort_keys=True), encoding="utf-8")

    @classmethod
    def load(cls, directory: Path, encoder: SentenceEncoder | None = None) -> TriageModel:
        """Read a model written by :meth:`save`."""
        meta = json.loads((directory / META_FILE).read_text(encoding="utf-8"))
        if meta.get("format") != FORMAT_VERSION or meta.get("encoder") != ENCODER_ID:
            raise ValueError(f"{directory}: model format or encoder does not match this code")
        with np.load(directory / ARRAYS_FILE) as arrays:
            heads = {
                name: LinearHead(
                    classes=tuple(spec["classes"]),
                    coef=arrays[f"{name}_coef"],
                    intercept=arrays[f"{name}_intercept"],
                    temperature=float(spec["temperature"]),
                )
                for name, spec in meta["heads"].items()
            }
        return cls(heads["category"], heads["priority"], meta["version"], meta, encoder)
