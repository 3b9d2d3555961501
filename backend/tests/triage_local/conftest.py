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
def public_data_dir() -> Path | None:
    """The raw public data sets when present; None means the copy packaged with the model."""
    path = default_data_dir()
    return path if (path / "triage" / "banking77" / "train.csv").exists() else None
