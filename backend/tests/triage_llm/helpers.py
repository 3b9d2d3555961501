"""Small helpers shared by the language-model triage tests."""

from __future__ import annotations

import logging
from typing import Any

import pytest


def failure_records(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    """Records of the triage logger that describe a failed call (they carry ``failure_kind``)."""
    return [
        record
        for record in caplog.records
        if record.name == "support_desk.triage.llm" and hasattr(record, "failure_kind")
    ]


def extra(record: logging.LogRecord, name: str) -> Any:
    """A structured field passed to the logger with ``extra={...}``."""
    return record.__dict__[name]
