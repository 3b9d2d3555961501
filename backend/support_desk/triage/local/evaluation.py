"""Scoring the local model on labelled examples: metrics as data plus a plain-text report.

Each head is scored at full coverage (its most probable label for every text) and at its
abstention threshold (coverage: the share of texts that get a suggestion; precision: the
share of those that are right). The keyword baseline's priorities are scored beside the
model's, so a report shows whether the model beats a literal reading of the definitions.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from support_desk.triage.local.abstention import CoveragePrecision, coverage_precision
from support_desk.triage.local.examples import Example
from support_desk.triage.local.keyword_baseline import keyword_priority
from support_desk.triage.local.model import Prediction, TriageModel
from support_desk.triage.local.training import DATA_DIR
from support_desk.triage.taxonomy import CATEGORY_VALUES, PRIORITY_VALUES

# Held out from training and from every choice of hyperparameter or threshold; sources
# and licences in triage/data/README.md.
EVALUATION_SETS: dict[str, Path] = {
    "support_requests": DATA_DIR / "eval_support_requests.csv",
    "tracker_issues": DATA_DIR / "eval_tracker_issues.csv",
    "incidents": DATA_DIR / "eval_incidents.csv",
    "ood_eval": DATA_DIR / "ood_eval.csv",
}


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
    at_threshold: CoveragePrecision


@dataclass(frozen=True)
class EvaluationResult:
    category: HeadMetrics
    priority: HeadMetrics
    median_latency_ms: float
    model_version: str
    report: str
    baseline_priority: HeadMetrics | None = None
    name: str = ""


def score_head(
    truth: Sequence[str],
    predicted: Sequence[str],
    confidence: Sequence[float],
    labels: Sequence[str],
    threshold: float = 0.0,
) -> HeadMetrics:
    """Accuracy, per-class precision/recall/F1, macro-F1, confusion matrix, calibration error,
    and coverage and precision of the suggestions at ``threshold``."""
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
    correct = [t == p for t, p in zip(truth, predicted, strict=True)]
    return HeadMetrics(
        labels=tuple(labels),
        accuracy=float(accuracy_score(truth, predicted)),
        macro_f1=float(f1_score(truth, predicted, labels=present, average="macro", zero_division=0)),
        per_class=per_class,
        confusion=confusion_matrix(truth, predicted, labels=labels).tolist(),
        expected_calibration_error=expected_calibration_error(correct, confidence),
        count=len(truth),
        at_threshold=coverage_precision(confidence, correct, threshold),
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
    name: str = "",
) -> EvaluationResult:
    """Score ``model`` (and the keyword baseline) on ``examples`` and time single-text predictions.

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
    baseline = score_baseline(examples)
    median_ms = float(np.median(timings) * 1000) if timings else 0.0
    report = format_report(category, priority, median_ms, model.version, baseline, name)
    return EvaluationResult(category, priority, median_ms, model.version, report, baseline, name)


def score_baseline(examples: Sequence[Example]) -> HeadMetrics | None:
    """The keyword baseline's priority scores (it always answers, with no confidence of its own)."""
    labelled = [e for e in examples if e.priority is not None]
    if not labelled:
        return None
    predicted = [keyword_priority(e.text) for e in labelled]
    truth = [str(e.priority) for e in labelled]
    return score_head(truth, predicted, [1.0] * len(labelled), PRIORITY_VALUES)


def _score(
    examples: Sequence[Example], predictions: Sequence[Prediction], field: str, labels: Sequence[str]
) -> HeadMetrics:
    pairs = [(e, p) for e, p in zip(examples, predictions, strict=True) if getattr(e, field) is not None]
    return score_head(
        [str(getattr(e, field)) for e, _ in pairs],
        [getattr(p, field) for _, p in pairs],
        [getattr(p, f"{field}_confidence") for _, p in pairs],
        labels,
        threshold=getattr(pairs[0][1], f"{field}_threshold") if pairs else 0.0,
    )


def format_report(
    category: HeadMetrics,
    priority: HeadMetrics,
    median_ms: float,
    version: str,
    baseline_priority: HeadMetrics | None = None,
    name: str = "",
) -> str:
    """A plain-text report of both heads (and the baseline), for the command line."""
    lines = [f"evaluation set: {name}"] if name else []
    lines += [f"model version: {version}", f"median prediction time: {median_ms:.1f} ms per text", ""]
    for head_name, head in (("category", category), ("priority", priority)):
        lines += [*_head_report(head_name, head), ""]
    if baseline_priority is not None:
        lines += [
            f"priority, keyword baseline: accuracy {baseline_priority.accuracy:.3f}, "
            f"macro-F1 {baseline_priority.macro_f1:.3f} (always answers)",
            "",
        ]
    return "\n".join(lines).rstrip() + "\n"


def _head_report(name: str, head: HeadMetrics) -> list[str]:
    width = max(len(label) for label in head.labels) + 2
    at = head.at_threshold
    lines = [
        f"{name}: {head.count} examples, accuracy {head.accuracy:.3f}, macro-F1 {head.macro_f1:.3f}, "
        f"calibration error {head.expected_calibration_error:.3f}",
        f"  at the abstention threshold {at.threshold:.2f}: coverage {at.coverage:.1%}, "
        f"precision {at.precision:.3f}",
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


def summary_table(results: Sequence[EvaluationResult]) -> str:
    """One line per evaluation set: the model's priority and category beside the baseline's."""
    header = (
        "| set | n | priority F1 | accuracy | calibration error | threshold | coverage | precision "
        "| baseline F1 | baseline accuracy | category F1 | category coverage | category precision |"
    )
    lines = [header, "|" + " --- |" * (header.count("|") - 1)]
    for r in results:
        p, c, b = r.priority, r.category, r.baseline_priority
        cells = [
            r.name,
            str(p.count),
            f"{p.macro_f1:.3f}",
            f"{p.accuracy:.3f}",
            f"{p.expected_calibration_error:.3f}",
            f"{p.at_threshold.threshold:.2f}",
            f"{p.at_threshold.coverage:.1%}",
            f"{p.at_threshold.precision:.3f}",
            f"{b.macro_f1:.3f}" if b else "-",
            f"{b.accuracy:.3f}" if b else "-",
            f"{c.macro_f1:.3f}",
            f"{c.at_threshold.coverage:.1%}",
            f"{c.at_threshold.precision:.3f}",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class SuggesterScores:
    """Scores of a classifier that may give no answer for a text (a language model)."""

    coverage: float  # share of texts it answered
    precision: float  # share of its answers that are right (nan when it answered none)
    macro_f1: float  # over every text, no answer counting as a wrong one
    count: int


def score_suggestions(
    truth: Sequence[str], suggested: Sequence[str | None], labels: Sequence[str]
) -> SuggesterScores:
    """Coverage and precision of the answers given, and macro-F1 with no answer counted as wrong."""
    from sklearn.metrics import f1_score

    answered = [s is not None for s in suggested]
    correct = [s == t for s, t in zip(suggested, truth, strict=True)]
    present = [label for label in labels if label in set(truth)]
    at = coverage_precision([1.0 if a else 0.0 for a in answered], correct, 0.5)
    filled = [s if s is not None else "(no answer)" for s in suggested]
    macro_f1 = float(f1_score(truth, filled, labels=present, average="macro", zero_division=0))
    return SuggesterScores(at.coverage, at.precision, macro_f1, len(truth))


def evaluate_suggester(
    suggest: Callable[[str], tuple[str, str] | None], examples: Sequence[Example]
) -> dict[str, SuggesterScores]:
    """Score any ``suggest(text) -> (category, priority) or None`` on ``examples``, per field.

    Used for the language model, whose answers are validated against the taxonomy before
    they get here: a rejected or failed answer is no answer.
    """
    answers = [suggest(e.text) for e in examples]
    scores = {}
    for index, (field, labels) in enumerate((("category", CATEGORY_VALUES), ("priority", PRIORITY_VALUES))):
        rows = [(e, a) for e, a in zip(examples, answers, strict=True) if getattr(e, field) is not None]
        scores[field] = score_suggestions(
            [str(getattr(e, field)) for e, _ in rows], [a[index] if a else None for _, a in rows], labels
        )
    return scores
