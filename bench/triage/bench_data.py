"""The labelled text sets every bench script uses, in a fixed order."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from support_desk.triage.local.examples import Example, read_examples_csv
from support_desk.triage.local.public_data import banking77_examples, hadoop_examples

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "backend" / "support_desk" / "triage" / "data"
CACHE_DIR = Path(os.environ.get("TRIAGE_BENCH_CACHE", REPO / "bench" / "triage" / ".cache"))


@cache
def text_sets() -> dict[str, list[Example]]:
    return {
        "banking_train": banking77_examples("train"),
        "banking_test": banking77_examples("test"),
        "hadoop": hadoop_examples(),
        "generic": read_examples_csv(DATA / "generic_train.csv"),
        "ood": read_examples_csv(DATA / "ood_eval.csv"),
        "definitions": definition_examples(),
    }


def definition_examples() -> list[Example]:
    """One example per taxonomy label, written from its definition (for prototypes)."""
    from support_desk.triage.local.prototypes import definition_examples as build

    return build()
