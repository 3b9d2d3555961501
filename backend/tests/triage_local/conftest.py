"""Shared fixtures: one encoder per test session (loading it is the slow part)."""

from __future__ import annotations

from pathlib import Path

import pytest

from support_desk.triage.local.encoder import SentenceEncoder
from support_desk.triage.local.public_data import default_data_dir

DATA_DIR = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def encoder() -> SentenceEncoder:
    return SentenceEncoder(threads=2)


@pytest.fixture(scope="session")
def public_data_dir() -> Path:
    path = default_data_dir()
    if not (path / "triage" / "banking77" / "train.csv").exists():
        pytest.skip(f"public triage data not found at {path} (set SUPPORT_DESK_TRIAGE_DATA)")
    return path
