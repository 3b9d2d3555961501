"""The fake provider itself: standalone use by browser tests and benchmarks."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from support_desk.triage.llm import LLMClassifier, LLMConfig
from support_desk.triage.taxonomy import CATEGORY_VALUES, PRIORITY_VALUES
from tests.fakes.fake_llm_server import smart_labels

SCRIPT = Path(__file__).resolve().parents[1] / "fakes" / "fake_llm_server.py"


def test_smart_labels_are_taxonomy_labels() -> None:
    for text in ("refund", "password", "crash", "hello", "site down", "urgent", "typo"):
        category, priority = smart_labels(text)
        assert category in CATEGORY_VALUES
        assert priority in PRIORITY_VALUES


def test_runs_standalone_and_serves_until_stopped() -> None:
    process = subprocess.Popen(
        [sys.executable, str(SCRIPT), "--port", "0", "--mode", "smart"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        match = re.search(r"base URL (http://127\.0\.0\.1:\d+/v1)", line)
        assert match, line
        classifier = LLMClassifier(LLMConfig(base_url=match.group(1), model="fake", timeout_seconds=2))
        try:
            suggestion = classifier.classify("I was charged twice, please refund")
        finally:
            classifier.close()
        assert suggestion is not None
        assert suggestion.category == "billing"
    finally:
        process.terminate()
        assert process.wait(timeout=5) == 0
