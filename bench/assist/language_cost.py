"""What language detection costs a process: memory and time to build the detector, and time
per ticket, for the restricted low-accuracy detector the app uses and, for comparison, lingua
with every language at high accuracy.

    .venv/bin/python bench/assist/language_cost.py [--all-languages]

Each variant runs in a fresh process, so the figures are not mixed up.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
TEXT = "The checkout page crashes when I pay with my card; please help, this is urgent."


def rss_mb() -> float:
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def measure(variant: str) -> dict[str, object]:
    sys.path.insert(0, str(REPO / "backend"))
    before = rss_mb()
    started = time.perf_counter()
    if variant == "app":
        from support_desk.triage.language import detect_language

        detect = detect_language
        detect(TEXT)
    else:
        from lingua import LanguageDetectorBuilder

        detector = LanguageDetectorBuilder.from_all_languages().build()
        detect = detector.detect_language_of  # type: ignore[assignment]
        detect(TEXT)
    build_s = time.perf_counter() - started
    started = time.perf_counter()
    for _ in range(200):
        detect(TEXT)
    per_call_ms = (time.perf_counter() - started) / 200 * 1000
    return {
        "variant": variant,
        "build_and_first_call_s": round(build_s, 2),
        "rss_added_mb": round(rss_mb() - before, 1),
        "per_call_ms": round(per_call_ms, 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--variant", choices=("app", "all-languages"))
    parser.add_argument("--all-languages", action="store_true", help="also measure lingua's full detector")
    args = parser.parse_args()
    if args.variant:
        print(json.dumps(measure(args.variant)))
        return
    variants = ["app", *(["all-languages"] if args.all_languages else [])]
    results = []
    for variant in variants:
        out = subprocess.run(  # noqa: S603 - this script, with a fixed argument
            [sys.executable, __file__, "--variant", variant], capture_output=True, text=True, check=True
        )
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
    print(json.dumps(results, indent=2))
    (REPO / "bench" / "results" / "assist-language.json").write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
