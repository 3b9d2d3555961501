"""The classify scenario's baseline: the local triage model called in-process, with no HTTP.

It plays the part a SQL query plays for the reads. It runs bench/model_time.py in a fresh
interpreter so that loading the model shows as a cold start, apart from the steady calls.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

MODEL_TIME_SCRIPT = Path(__file__).resolve().parent.parent / "model_time.py"
CLASSIFY_TEXT = "I cannot sign in since this morning; the reset link in the email says it has expired."
CLASSIFY_REPEATS = 200


def classify_baseline(base_env: dict[str, str], var_dir: Path) -> dict[str, Any]:
    """Median and p95 of `classify_text(CLASSIFY_TEXT)` in ms, and the first call's time.

    The model directory points at one that does not exist, so the shipped model answers, as it
    does in the server the bench starts.
    """
    model = subprocess.run(  # noqa: S603 - our own interpreter and fixed arguments
        [sys.executable, str(MODEL_TIME_SCRIPT), str(CLASSIFY_REPEATS), CLASSIFY_TEXT],
        env={**base_env, "SUPPORTDESK_VAR_DIR": str(var_dir), "TRIAGE_MODEL_DIR": str(var_dir / "none")},
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, Any] = json.loads(model.stdout)
    return result
