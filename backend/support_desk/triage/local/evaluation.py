"""Scoring the local model on labelled examples: metrics as data plus a plain-text report."""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from support_desk.triage.local.examples import Example
from support_desk.triage.local.model import Prediction, TriageModel
from support_desk.triage.taxonomy import CATEGORY_VALUES, PRIORITY_VALUES


@dataclass(frozen=True)
class ClassMetrics:
    precision: float
    recall: float
    f1: float
    support: int


@dataclass(frozen=True)
class HeadMetrics:
    """Scores of one head (category or priority)."""

    labels: tuple[str, ...]
    accuracy: float
    macro_f1: float
    per_class: dict[str, ClassMetrics]
    confusion: list[list[int]]  # rows: true label, columns: predicted, in ``labels`` order
    expected_calibration_error: float
    count: int


@dataclass(frozen=True)
class EvaluationResult:
    category: HeadMetrics
    priority: HeadMetrics
    median_latency_ms: float
    model_version: str
    report: str


def score_head(
    truth: Sequence[str], predicted: Sequence[str], confidence: Sequence[float], labels: Sequence[str]
) -> HeadMetrics:
    """Accuracy, per-class precision/recall/F1, macro-F1, confusion matrix and calibration error."""
    from sklearn.metrics import accuracy_score, confusion_matrix, f1_score, precision_recall_fscore_support

    labels = list(labels)
    precision, recall, f1, support = precision_recall_fscore_support(
        truth, predicted, labels=labels, zero_division=0
    )
    per_class = {
        label: ClassMetrics(float(p), float(r), float(f), int(s))
        for label, p, r, f, s in zip(labels, precision, recall, f1, support, strict=True)
    }
    # Macro-F1 over the labels that occur in the truth, so a set without "critical"
    # is not penalised for it.
    present = [label for label in labels if label in set(truth)]
    return HeadMetrics(
        labels=tuple(labels),
        accuracy=float(accuracy_score(truth, predicted)),
        macro_f1=float(f1_score(truth, predicted, labels=present, average="macro", zero_division=0)),
        per_class=per_class,
        confusion=confusion_matrix(truth, predicted, labels=labels).tolist(),
        expected_calibration_error=expected_calibration_error(
            [t == p for t, p in zip(truth, predicted, strict=True)], confidence
        ),
        count=len(truth),
    )


def expected_calibration_error(correct: Sequence[bool], confidence: Sequence[float], bins: int = 10) -> float:
    """Mean gap between confidence and accuracy over equal-width confidence bins, weighted by size."""
    correct_arr = np.asarray(correct, dtype=float)
    conf = np.asarray(confidence, dtype=float)
    if not len(conf):
        return 0.0
    edges = np.linspace(0.0, 1.0, bins + 1)
    total = 0.0
    for low, high in itertools.pairwise(edges):
        in_bin = (conf > low) & (conf <= high)
        if in_bin.any():
            total += in_bin.sum() * abs(correct_arr[in_bin].mean() - conf[in_bin].mean())
    return float(total / len(conf))


def evaluate(
    model: TriageModel,
    examples: Sequence[Example],
    *,
    progress: Callable[[int], None] | None = None,
    timing_samples: int = 200,
) -> EvaluationResult:
    """Score ``model`` on ``examples`` and time single-text predictions.

    Predictions are made one text at a time, as the server makes them; the median
    over up to ``timing_samples`` texts is reported (warm, in this process's threads).
    """
    model.predict("warm-up")  # loads the encoder, so the first text is not timed with it
    predictions: list[Prediction] = []
    timings: list[float] = []
    for index, example in enumerate(examples):
        start = time.perf_counter()
        predictions.append(model.predict(example.text))
        if index < timing_samples:
            timings.append(time.perf_counter() - start)
        if progress:
            progress(1)
    category = _score(examples, predictions, "category", CATEGORY_VALUES)
    priority = _score(examples, predictions, "priority", PRIORITY_VALUES)
    median_ms = float(np.median(timings) * 1000) if timings else 0.0
    report = format_report(category, priority, median_ms, model.version)
    return EvaluationResult(category, priority, median_ms, model.version, report)


def _score(
    examples: Sequence[Example], predictions: Sequence[Prediction], field: str, labels: Sequence[str]
) -> HeadMetrics:
    pairs = [(e, p) for e, p in zip(examples, predictions, strict=True) if getattr(e, field) is not None]
    return score_head(
        [str(getattr(e, field)) for e, _ in pairs],
        [getattr(p, field) for _, p in pairs],
        [getattr(p, f"{field}_confidence") for _, p in pairs],
        labels,
    )


def format_report(category: HeadMetrics, priority: HeadMetrics, median_ms: float, version: str) -> str:
    """A plain-text report of both heads, for the command line."""
    lines = [f"model version: {version}", f"median prediction time: {median_ms:.1f} ms per text", ""]
    for name, head in (("category", category), ("priority", priority)):
        lines += [*_head_report(name, head), ""]
    return "\n".join(lines).rstrip() + "\n"


def _head_report(name: str, head: HeadMetrics) -> list[str]:
    width = max(len(label) for label in head.labels) + 2
    lines = [
        f"{name}: {head.count} examples, accuracy {head.accuracy:.3f}, macro-F1 {head.macro_f1:.3f}, "
        f"calibration error {head.expected_calibration_error:.3f}",
        f"{'':{width}}precision  recall     f1  support",
    ]
    for label in head.labels:
        m = head.per_class[label]
        lines.append(f"{label:{width}}{m.precision:9.3f} {m.recall:7.3f} {m.f1:6.3f} {m.support:8d}")
    lines.append("confusion (rows: true, columns: predicted)")
    lines.append(" " * width + "".join(f"{label[:9]:>10}" for label in head.labels))
    for label, row in zip(head.labels, head.confusion, strict=True):
        lines.append(f"{label:{width}}" + "".join(f"{n:10d}" for n in row))
    return lines
