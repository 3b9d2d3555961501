"""Label prototypes written from the taxonomy's definitions.

Each definition phrase becomes a short training text for its own head only (a priority
phrase says nothing about the category), so that every label is also described in
generic, business-neutral words; the public sources describe only banking and Hadoop.
"""

from __future__ import annotations

from support_desk.triage.local.examples import Example
from support_desk.triage.taxonomy import CATEGORY_LABELS, PRIORITY_LABELS


def definition_examples() -> list[Example]:
    """One example per definition phrase of every category and priority label."""
    examples = []
    for label in CATEGORY_LABELS:
        for phrase in label.definition.split(","):
            examples.append(Example(phrase.strip(), label.value, None, source="taxonomy"))
    for label in PRIORITY_LABELS:
        for phrase in label.definition.split(","):
            examples.append(Example(phrase.strip(), None, label.value, source="taxonomy"))
    return examples
