"""Cue features, the keyword baseline and the priorities re-derived from the definitions."""

from __future__ import annotations

import numpy as np
import pytest

from support_desk.triage.local.cues import CUE_NAMES, cue_flags, cue_matrix
from support_desk.triage.local.definition_labels import definition_priority
from support_desk.triage.local.keyword_baseline import keyword_priority
from support_desk.triage.local.prototypes import PRIORITY_PARAPHRASES, priority_paraphrase_examples


def test_cue_matrix_has_one_binary_column_per_cue_group() -> None:
    rows = cue_matrix(["Production is down for everyone", "A small typo on the page"])
    assert rows.shape == (2, len(CUE_NAMES))
    assert set(np.unique(rows)) <= {0.0, 1.0}
    outage, typo = (dict(zip(CUE_NAMES, row, strict=True)) for row in rows)
    assert outage["down"] == outage["scope_all"] == outage["production"] == 1.0
    assert typo["cosmetic"] == 1.0
    assert typo["down"] == 0.0


@pytest.mark.parametrize(
    ("text", "cues"),
    [
        ("We lost all our customer records after the update", {"data_loss"}),
        ("Someone hacked the admin account", {"security"}),
        ("Export fails sometimes; retrying works", {"occasional", "workaround", "broken"}),
        ("Could you add a dark mode? It would be nice", {"request"}),
        ("How do I change my email address?", {"question"}),
    ],
)
def test_cue_groups_recognise_what_the_definitions_grade_on(text: str, cues: set[str]) -> None:
    flags = cue_flags(text)
    assert cues <= {name for name, present in flags.items() if present}


@pytest.mark.parametrize(
    ("text", "priority"),
    [
        ("The service is down", "critical"),
        ("Typo in the footer", "low"),
        ("Export is slow but works", "medium"),
        ("The app crashes on start", "high"),
        ("Please call me back", "medium"),
    ],
)
def test_keyword_baseline_reads_the_definitions_in_order_of_severity(text: str, priority: str) -> None:
    assert keyword_priority(text) == priority


@pytest.mark.parametrize(
    ("text", "given", "derived"),
    [
        # JIRA's default "Major" on a data-loss bug, and on a documentation fix.
        ("Balancer deletes blocks it should keep, data loss on the cluster", "medium", "critical"),
        ("Fix typo in the javadoc of FileSystem", "medium", "low"),
        # A failure with a workaround is medium however the source rated it.
        ("Upload fails for large files; splitting the file works around it", "high", "medium"),
        # A question rated high by its source is a complaint in question form: it stays.
        ("Why was I charged twice?", "high", "high"),
        ("How do I change my PIN?", "medium", "low"),
        ("Something unclear happened", "medium", "medium"),
    ],
)
def test_definition_priority_overrides_a_source_label_only_where_the_text_says_why(
    text: str, given: str, derived: str
) -> None:
    assert definition_priority(text, given) == derived


def test_every_priority_has_paraphrases_of_its_definition() -> None:
    examples = priority_paraphrase_examples()
    assert {e.priority for e in examples} == {str(p) for p in PRIORITY_PARAPHRASES}
    assert all(e.category is None for e in examples)
