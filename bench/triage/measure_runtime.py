"""Score the shipped default model and measure its serving cost in a fresh process.

    PYTHONPATH=backend python bench/triage/measure_runtime.py [--data CSV]

Prints the evaluation report (category and priority metrics, median single-text
prediction time on one thread) and the process RSS after loading the model.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from support_desk.triage.local.evaluation import evaluate
from support_desk.triage.local.examples import read_examples_csv
from support_desk.triage.local.store import load_packaged_model

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "backend/support_desk/triage/data/ood_eval.csv"


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args()
    examples = read_examples_csv(args.data)
    start = time.perf_counter()
    model = load_packaged_model()
    model.predict("warm-up")
    load_s = time.perf_counter() - start
    print(f"load + first prediction: {load_s:.2f} s, RSS after load: {rss_mb():.0f} MB")
    result = evaluate(model, examples, timing_samples=len(examples))
    print(result.report)
    print(f"RSS after evaluation: {rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
