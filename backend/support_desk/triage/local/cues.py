"""Cue features for priority: the words the taxonomy's priority definitions turn on.

The definitions grade a ticket by its impact (how many people: "all users", "everyone",
"production") and its urgency (down, data loss, security, blocked, a deadline), and by
what softens it (a workaround, a partial or occasional failure) or makes it minor
(cosmetic, a question, a feature request). Sentence embeddings capture what a ticket is
about better than how bad it is, so each of these cues becomes one binary feature beside
the embedding. The keyword baseline (``keyword_baseline``) reads the same groups.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

# Bump when a pattern changes: a model trained on other cues must not read these.
CUES_ID = "priority-cues-v1"

_CUE_PATTERNS: dict[str, str] = {
    # Impact: how many people are affected.
    "scope_all": (
        r"\b(all|every|each) (of )?(our |the |my )?(users?|customers?|clients?|members?|employees?|staff|"
        r"accounts?|tenants?|regions?|sites?|locations?|requests?|pages?|projects?|orders?|transactions?|"
        r"files?)\b"
        r"|\beveryone\b|\beverybody\b|\bnobody\b|\bno one\b|\bnone of (our|the|my)\b"
        r"|\b(whole|entire) (team|company|office|organi[sz]ation|site|shop|system|platform|service)\b"
        r"|\bcompany-wide\b"
        r"|\bfor all\b"
    ),
    "scope_many": (
        r"\b(many|most|dozens|hundreds|thousands|majority|several) (of )?(our |the )?\w*"
        r"|\b(a )?(large|significant|big) (share|number|portion|part)\b|\bhalf (of )?(the|our|all)\b"
        r"|\b\d{2,}\s?% of\b"
    ),
    "scope_few": (
        r"\b(some|a few|a small number of|one of (our|the|my)|a couple of|two of (our|the)|only one)"
        r" (users?|customers?|clients?|people|members?|accounts?|devices?|of)\b|\bfor me\b|\bonly me\b"
    ),
    "production": r"\b(production|prod|live site|in prod)\b",
    # Urgency: how bad and how pressing.
    "down": (
        r"\b(is|are|went|goes|been|completely|totally|all) down\b|\bdown for\b|\boutage\b|\boffline\b"
        r"|\bunreachable\b|\bunavailable\b|\b50[234]\b|\bwon'?t (open|start|load|boot)\b"
        r"|\bcompletely broken\b|\bstopped working (entirely|completely)\b"
    ),
    "data_loss": (
        r"\bdata loss\b|\b(lost|losing|lose) (all|our|my|the|data|everything|hours|years|work|track)\b"
        r"|\b(deleted|wiped|erased|vanished|disappeared|corrupt(ed|s|ion)?|overwr(ote|itten))\b"
        r"|\b(is|are|all|everything) gone\b"
    ),
    "security": (
        r"\bsecurity (issue|hole|breach|vulnerability|problem|incident)\b|\bbreach\b|\bhack(ed|er|ers)?\b"
        r"|\bvulnerab\w*|\bexploit\w*|\bleak(ed|s|ing)?\b|\bphishing\b|\bransomware\b|\bmalicious\b"
        r"|\bunauthori[sz]ed\b|\battacker\b|\bstolen\b|\bcompromised\b|\bintrusion\b|\bxss\b"
        r"|\b(remote code|sql) (execution|injection)\b"
        r"|\b(other|another) (customers?|users?|tenants?|compan(y|ies))'?s? (data|records|files|details)\b"
    ),
    "blocked": (
        r"\bblock(ed|ing|s)\b|\blocked out\b|\bunusable\b|\bcan'?t (work|do anything|get in)\b"
        r"|\bcannot (work|do anything|get in)\b|\bat all\b|\bstuck\b|\bnothing (works|can be)\b"
        r"|\bno way (in|to)\b|\bunable to (use|work|access)\b"
    ),
    "deadline": (
        r"\b(today|tonight|tomorrow|this (morning|afternoon|evening))\b|\burgent(ly)?\b|\basap\b"
        r"|\bimmediately\b|\bright now\b|\bdeadline\b|\bdue (today|tomorrow)\b|\bin \d+ (hours?|minutes)\b"
    ),
    "crash": r"\bcrash\w*|\bsegfault\w*|\bfr(eez|oze|ozen)\w*|\bhang(s|ing)?\b",
    "broken": (
        r"\bbroken\b|\bfail(s|ed|ing|ure)?\b|\berrors?\b|\bexceptions?\b|\b(doesn'?t|does not|don'?t|won'?t)"
        r" (work|load|open|arrive|start|show|sync)\b|\bnot (working|loading|arriving|showing|sent)\b"
        r"|\bno longer\b|\bstopped\b|\bcan'?t\b|\bcannot\b|\bunable\b|\breject(s|ed)?\b|\bnever\b"
    ),
    "no_workaround": (
        r"\bno workaround\b|\bno other way\b|\bdidn'?t help\b|\bstill (nothing|not|doesn'?t|fails)\b"
    ),
    "money_wrong": (
        r"\b(charged|billed|debited) (twice|two times|three times|\d+ times|again|for)\b"
        r"|\bdouble[- ]charged\b|\bovercharged\b|\bwrong (amount|price|rate)\b"
        r"|\bnot (been )?(paid|refunded|credited)\b"
    ),
    # What softens it: medium.
    "workaround": (
        r"\bworkaround\b|\bwork(s|ed|ing)? around\b|\bfor now\b|\bmeanwhile\b|\bin the meantime\b"
        r"|\bmanually\b|\bby hand\b|\binstead\b|\bstill (works?|can|able)\b|\bworks (fine|if|when|on|with)\b"
        r"|\bfixes it\b|\bavoids? (it|the)\b|\beventually\b|\bretry(ing)? (works|gets|succeeds?)\b"
        r"|\bretries succeed\b"
    ),
    "occasional": (
        r"\bsometimes\b|\boccasionally\b|\bintermittent\w*|\bnow and then\b|\bflaky\b|\bin some cases\b"
        r"|\brandomly\b|\bfrom time to time\b"
    ),
    "degraded": (
        r"\bpartial(ly)?\b|\bpartly\b|\bslow(er|ly)?\b|\bdelay(ed|s)?\b|\blate\b|\bdegraded\b|\bslightly\b"
        r"|\bwrong\b|\bincorrect\w*|\bonly (on|in|for)\b"
    ),
    # What makes it minor: low.
    "cosmetic": (
        r"\btypos?\b|\bcosmetic\b|\bmisalign\w*|\boff-?cent(re|er)\b|\bpixel\w*|\bblurry\b|\bcolou?rs?\b"
        r"|\bfonts?\b|\bicons?\b|\blogo\b|\blayout\b|\bspacing\b|\bwording\b|\bspelling\b|\bmisspel\w*"
    ),
    "question": (
        r"\?\s*$|^(how|what|where|when|which|who|why|is there|are there|can i|can we|could i|do you|does|"
        r"is it|will)\b|\bquestion\b|\bhow (do|can|to|should)\b|\bwondering\b"
    ),
    "request": (
        r"\bfeature( request)?\b|\bwould (be|it be) (nice|great|good|possible)\b|\b(could|can|would) you "
        r"(add|consider|support|include|offer)\b|\bplease add\b|\bany (plans|chance)\b|\bsuggestion\b"
        r"|\brequest:|\bsupport for\b|\bit would be\b|\bplanned\b|\bwish\b|\bnice to have\b|\bidea\b"
    ),
    "docs": r"\bdocs?\b|\bdocumentation\b|\breadme\b|\bchangelog\b|\bjavadoc\b|\bexample\b|\btutorial\b",
    "feedback": r"\blove\b|\bthanks?\b|\bthank you\b|\bgreat (job|app|work)\b|\bfeedback\b|\bkudos\b",
    "not_urgent": (
        r"\bnot (urgent|critical|a big deal)\b|\bno (rush|hurry)\b"
        r"|\bminor\b|\bwhen you (get|have) (a chance|time)\b"
    ),
}

CUE_NAMES: tuple[str, ...] = tuple(_CUE_PATTERNS)
_COMPILED = tuple(re.compile(pattern, re.IGNORECASE | re.MULTILINE) for pattern in _CUE_PATTERNS.values())


def cue_flags(text: str) -> dict[str, bool]:
    """Which cue groups occur in ``text``."""
    return {name: bool(pattern.search(text)) for name, pattern in zip(CUE_NAMES, _COMPILED, strict=True)}


def cue_matrix(texts: Sequence[str]) -> np.ndarray:
    """One row of 0/1 cue features per text, in ``CUE_NAMES`` order."""
    rows = np.zeros((len(texts), len(CUE_NAMES)), dtype=np.float32)
    for row, text in enumerate(texts):
        for column, pattern in enumerate(_COMPILED):
            if pattern.search(text):
                rows[row, column] = 1.0
    return rows
