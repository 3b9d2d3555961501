"""A keyword rule for priority that reads the taxonomy's definitions literally: the baseline.

Not used to suggest anything. The evaluation reports it beside the model, so that the
model has to show it does better than matching the definitions' own words (and their
plainest synonyms) in the text. Deliberately small: one list of words per priority,
checked from the most to the least severe.
"""

from __future__ import annotations

import re

from support_desk.triage.taxonomy import Priority

_RULES: tuple[tuple[Priority, re.Pattern[str]], ...] = tuple(
    (priority, re.compile(words, re.IGNORECASE))
    for priority, words in (
        # system completely down, data loss, security breach, blocking all users
        (
            Priority.CRITICAL,
            r"\b(down|outage|data loss|lost|deleted|security|breach|hacked|all users|everyone|nobody)\b",
        ),
        # minor cosmetic issues, general questions, feature requests, low urgency
        (
            Priority.LOW,
            r"\b(typo|cosmetic|question|feature|request|would be nice|could you add|how do i)\b|\?",
        ),
        # partial functionality affected, workaround exists, moderate impact
        (Priority.MEDIUM, r"\b(workaround|partly|partially|sometimes|some users|slow)\b"),
        # major feature broken, significant portion of users affected, no workaround
        (Priority.HIGH, r"\b(broken|crash\w*|fails?|failed|error|cannot|can't|not working|many users)\b"),
    )
)


def keyword_priority(text: str) -> str:
    """The priority the first matching rule gives ``text`` (medium, the default, when none does)."""
    for priority, pattern in _RULES:
        if pattern.search(text):
            return str(priority)
    return str(Priority.MEDIUM)
