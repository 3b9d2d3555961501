"""Labelled examples: the unit the local model trains and is evaluated on."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from support_desk.triage.taxonomy import CATEGORY_VALUES, PRIORITY_VALUES


@dataclass(frozen=True)
class Example:
    """One ticket text with its labels.

    Either label may be ``None`` when only the other one is known (a correction of the
    category alone, or a priority definition); each head trains on the examples that
    carry its label. ``weight`` scales the example's influence in training: the team's own corrections
    are given a larger weight than the public data, so that they win where they disagree.
    """

    text: str
    category: str | None
    priority: str | None
    weight: float = 1.0
    source: str = ""

    def __post_init__(self) -> None:
        # Store plain strings even when given the taxonomy's StrEnum members.
        if self.category is not None:
            object.__setattr__(self, "category", str(self.category))
        if self.priority is not None:
            object.__setattr__(self, "priority", str(self.priority))
        if self.category is None and self.priority is None:
            raise ValueError("an example needs a category, a priority or both")
        if self.category is not None and self.category not in CATEGORY_VALUES:
            raise ValueError(f"unknown category {self.category!r}")
        if self.priority is not None and self.priority not in PRIORITY_VALUES:
            raise ValueError(f"unknown priority {self.priority!r}")
        if self.weight <= 0:
            raise ValueError("weight must be positive")


def ticket_text(subject: str, body: str = "") -> str:
    """The text the model sees for a ticket: subject and body joined.

    The server must build texts with this function so that training and prediction
    see the same shape of input.
    """
    subject, body = subject.strip(), body.strip()
    if subject and body:
        return f"{subject}. {body}" if subject[-1] not in ".!?:" else f"{subject} {body}"
    return subject or body


def read_examples_csv(path: str | Path, *, weight: float = 1.0, source: str | None = None) -> list[Example]:
    """Read examples from a CSV with ``text``, ``category`` and ``priority`` columns.

    Optional columns: ``subject`` and ``body`` (used when ``text`` is absent), ``weight``
    and ``business`` or ``source`` (kept as the example's source).
    """
    path = Path(path)
    with path.open(newline="", encoding="utf-8") as handle:
        return list(_rows_to_examples(csv.DictReader(handle), weight, source or path.stem))


def _rows_to_examples(rows: Iterable[dict[str, str]], weight: float, source: str) -> Iterator[Example]:
    for row in rows:
        text = row.get("text") or ticket_text(row.get("subject", ""), row.get("body", ""))
        yield Example(
            text=text,
            category=(row.get("category") or "").strip().lower() or None,
            priority=(row.get("priority") or "").strip().lower() or None,
            weight=float(row["weight"]) if row.get("weight") else weight,
            source=row.get("business") or row.get("source") or source,
        )
