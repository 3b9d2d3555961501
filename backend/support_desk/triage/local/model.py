"""The trained local triage model: two linear heads on sentence embeddings.

Inference is a matrix product and a softmax in numpy, so the server needs neither
scikit-learn nor PyTorch to predict; only training uses scikit-learn. A head may also
read the priority cue features (``cues``) beside the embedding, and each head has a
confidence threshold below which it abstains (``abstention``).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from support_desk.triage.local.cues import CUE_NAMES, CUES_ID, cue_matrix
from support_desk.triage.local.encoder import ENCODER_ID, SentenceEncoder, shared_encoder

ARRAYS_FILE = "model.npz"
META_FILE = "meta.json"
# 2: heads may read cue features and carry an abstention threshold. Format 1 models
# (embeddings only, never abstaining) still load.
FORMAT_VERSION = 2
READABLE_FORMATS = (1, 2)


def head_inputs(vectors: np.ndarray, texts: Sequence[str], cue_scale: float) -> np.ndarray:
    """The embeddings, with the texts' cue features times ``cue_scale`` appended unless it is 0."""
    if not cue_scale:
        return vectors
    return np.hstack([vectors, cue_matrix(texts) * cue_scale])


@dataclass(frozen=True)
class LinearHead:
    """Multinomial logistic regression with a calibration temperature."""

    classes: tuple[str, ...]
    coef: np.ndarray  # (classes, dimensions [+ cues])
    intercept: np.ndarray  # (classes,)
    temperature: float = 1.0
    # Scale of the 0/1 cue features appended to the embedding; 0 means embedding only.
    cue_scale: float = 0.0
    # Calibrated confidence below which the head suggests nothing; 0 means never abstain.
    abstain_below: float = 0.0

    def inputs(self, vectors: np.ndarray, texts: Sequence[str]) -> np.ndarray:
        """The head's input rows for texts and their embeddings (see ``head_inputs``)."""
        return head_inputs(vectors, texts, self.cue_scale)

    def probabilities(self, inputs: np.ndarray) -> np.ndarray:
        """Class probabilities for rows built by :meth:`inputs`."""
        logits = (inputs @ self.coef.T + self.intercept) / self.temperature
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return exp / exp.sum(axis=1, keepdims=True)


@dataclass(frozen=True)
class Prediction:
    """A category and a priority, each with its calibrated probability.

    ``category`` and ``priority`` are the most probable labels; ``suggested_category``
    and ``suggested_priority`` are what the model stands behind: ``None`` when the
    confidence is under the head's abstention threshold.
    """

    category: str
    category_confidence: float
    priority: str
    priority_confidence: float
    category_scores: dict[str, float]
    priority_scores: dict[str, float]
    model_version: str
    category_threshold: float = 0.0
    priority_threshold: float = 0.0

    @property
    def suggested_category(self) -> str | None:
        return self.category if self.category_confidence >= self.category_threshold else None

    @property
    def suggested_priority(self) -> str | None:
        return self.priority if self.priority_confidence >= self.priority_threshold else None


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
        return self.predict_vectors(vectors, texts)

    def predict_vectors(self, vectors: np.ndarray, texts: Sequence[str]) -> list[Prediction]:
        """Classify texts whose embeddings are already computed (``vectors``, in order)."""
        cat = self.category_head.probabilities(self.category_head.inputs(vectors, texts))
        pri = self.priority_head.probabilities(self.priority_head.inputs(vectors, texts))
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
            category_threshold=self.category_head.abstain_below,
            priority_threshold=self.priority_head.abstain_below,
        )

    def save(self, directory: Path) -> None:
        """Write the model's two files into ``directory`` (which must exist)."""
        arrays: dict[str, Any] = {}
        heads = {}
        for name, head in (("category", self.category_head), ("priority", self.priority_head)):
            arrays[f"{name}_coef"] = head.coef.astype(np.float32)
            arrays[f"{name}_intercept"] = head.intercept.astype(np.float32)
            heads[name] = {
                "classes": list(head.classes),
                "temperature": head.temperature,
                "cue_scale": head.cue_scale,
                "abstain_below": head.abstain_below,
            }
        np.savez_compressed(directory / ARRAYS_FILE, **arrays)
        meta = {
            **self.meta,
            "format": FORMAT_VERSION,
            "version": self.version,
            "encoder": ENCODER_ID,
            "cues": {"id": CUES_ID, "names": list(CUE_NAMES)},
            "heads": heads,
        }
        (directory / META_FILE).write_text(json.dumps(meta, indent=2, sort_keys=True), encoding="utf-8")

    @classmethod
    def load(cls, directory: Path, encoder: SentenceEncoder | None = None) -> TriageModel:
        """Read a model written by :meth:`save`."""
        meta = json.loads((directory / META_FILE).read_text(encoding="utf-8"))
        if meta.get("format") not in READABLE_FORMATS or meta.get("encoder") != ENCODER_ID:
            raise ValueError(f"{directory}: model format or encoder does not match this code")
        uses_cues = any(spec.get("cue_scale") for spec in meta["heads"].values())
        if uses_cues and meta.get("cues", {}).get("id") != CUES_ID:
            raise ValueError(f"{directory}: the model was trained on other cue features")
        with np.load(directory / ARRAYS_FILE) as arrays:
            heads = {
                name: LinearHead(
                    classes=tuple(spec["classes"]),
                    coef=arrays[f"{name}_coef"],
                    intercept=arrays[f"{name}_intercept"],
                    temperature=float(spec["temperature"]),
                    cue_scale=float(spec.get("cue_scale", 0.0)),
                    abstain_below=float(spec.get("abstain_below", 0.0)),
                )
                for name, spec in meta["heads"].items()
            }
        return cls(heads["category"], heads["priority"], meta["version"], meta, encoder)
