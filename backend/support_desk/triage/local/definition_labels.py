"""Training priorities re-derived from the taxonomy's definitions.

The public sources' own priorities are poor teachers: JIRA's "Major" is its default,
so most Hadoop bugs carry it whatever their impact, and banking77's priorities are
derived from its intents, so "how do I change my PIN?" is as urgent as a PIN that does
not work. Where a text states what the definitions grade on (data loss, a breach, an
outage for everyone, a workaround, a cosmetic flaw, a question), that statement decides;
otherwise the source's label stands.
"""

from __future__ import annotations

from support_desk.triage.local.cues import cue_flags
from support_desk.triage.taxonomy import Priority

_ORDER = (Priority.LOW, Priority.MEDIUM, Priority.HIGH, Priority.CRITICAL)


def definition_priority(text: str, given: str | None) -> str | None:
    """The priority the definitions give ``text``, starting from the source's ``given`` label."""
    if given is None:
        return None
    cue = cue_flags(text)
    broken = cue["broken"] or cue["crash"]
    if cue["security"] or cue["data_loss"]:
        return Priority.CRITICAL
    if cue["down"] and (cue["scope_all"] or cue["production"]):
        return Priority.CRITICAL
    level = _ORDER.index(Priority(given))
    if cue["cosmetic"] or cue["docs"] or cue["request"] or cue["feedback"] or cue["not_urgent"]:
        # A flaw that stops something working is not cosmetic, however it is worded.
        return _ORDER[min(level, 1)] if broken else Priority.LOW
    if cue["question"] and not broken and level <= 1:
        # A question the source rated high is a complaint in question form ("why was I charged?").
        return Priority.LOW
    if cue["workaround"] or cue["scope_few"] or cue["occasional"]:
        return _ORDER[min(level, 1)]
    if broken and (cue["scope_all"] or cue["scope_many"] or cue["blocked"] or cue["no_workaround"]):
        return _ORDER[max(level, 2)]
    return Priority(given)
