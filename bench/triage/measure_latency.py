"""Median single-text suggestion time of two models, interleaved on the same texts, one thread.

    PYTHONPATH=backend python bench/triage/measure_latency.py [--before MODEL_DIR] [--rounds N] [--set NAME]

Interleaving makes both models see the same machine load (the bench machine is shared).
Also times the cue features alone, the part this model adds to each suggestion.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

from support_desk.triage.local.cues import cue_matrix
from support_desk.triage.local.evaluation import EVALUATION_SETS
from support_desk.triage.local.examples import read_examples_csv
from support_desk.triage.local.model import TriageModel
from support_desk.triage.local.store import load_packaged_model


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--before", type=Path, help="directory of the model to compare with")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--set", action="append", choices=sorted(EVALUATION_SETS), help="default: every set")
    args = parser.parse_args()
    names = args.set or list(EVALUATION_SETS)
    texts = [e.text for name in names for e in read_examples_csv(EVALUATION_SETS[name])]
    models = {"shipped": load_packaged_model()}
    if args.before:
        models["before"] = TriageModel.load(args.before)
    for model in models.values():
        model.predict("warm-up")
    timings: dict[str, list[float]] = {name: [] for name in [*models, "cues"]}
    for _ in range(args.rounds):
        for text in texts:
            for name, model in models.items():
                start = time.perf_counter()
                model.predict(text)
                timings[name].append(time.perf_counter() - start)
            start = time.perf_counter()
            cue_matrix([text])
            timings["cues"].append(time.perf_counter() - start)
    for name, values in timings.items():
        ms = np.array(values) * 1000
        p50, p90 = np.median(ms), np.percentile(ms, 90)
        print(f"{name}: p50 {p50:.2f} ms, p90 {p90:.2f} ms over {len(ms)} suggestions")


if __name__ == "__main__":
    main()
