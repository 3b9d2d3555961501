"""Label prototypes written from the taxonomy's definitions.

Each definition phrase becomes a short training text for its own head only (a priority
phrase says nothing about the category), so that every label is also described in
generic, business-neutral words; the public sources describe only banking and Hadoop.
Priorities also get paraphrases of their definitions in the words tickets use, since
the definitions' own phrases ("moderate impact") are not how anybody writes.
"""

from __future__ import annotations

from support_desk.triage.local.examples import Example
from support_desk.triage.taxonomy import CATEGORY_LABELS, PRIORITY_LABELS, Priority

# Written for this project from the definitions (MIT). Generic on purpose: no business,
# product or tracker in particular.
PRIORITY_PARAPHRASES: dict[Priority, tuple[str, ...]] = {
    Priority.CRITICAL: (
        "The whole service is down and nobody can use it.",
        "Everything is offline for all of our users.",
        "No one in the company can log in.",
        "All of our data has been deleted.",
        "Records were lost and cannot be recovered.",
        "The database is corrupted and the data is gone.",
        "Someone broke into our account and is using it.",
        "Customer data is exposed to people who should not see it.",
        "A security vulnerability lets anyone access other users' accounts.",
        "Every customer is blocked; nothing works at all.",
        "Production is completely down.",
        "Our site returns errors for everyone and we are losing business every minute.",
    ),
    Priority.HIGH: (
        "A main feature is broken and there is no workaround.",
        "Many of our users cannot use an important part of the product.",
        "It fails every time and nothing we tried helps.",
        "The app crashes whenever I try to use it.",
        "Payments are failing for a large share of customers.",
        "I can't log in to my account at all and I need it for work.",
        "The integration stopped working for all of us after the update.",
        "A core function no longer works since the last release.",
        "I was charged several times and the money is missing from my account.",
        "Most of the team cannot do their job because this is broken.",
    ),
    Priority.MEDIUM: (
        "Part of a feature doesn't work, but there is a workaround.",
        "It sometimes fails; trying again usually works.",
        "Only one part of the page is wrong; the rest works fine.",
        "It is slow, but it works in the end.",
        "A few users have this problem; the others are fine.",
        "The report shows a wrong number; we correct it by hand for now.",
        "It works on the website but not in the app.",
        "I was charged the wrong amount and would like it corrected.",
        "The notification arrives late.",
        "An option is ignored in some cases.",
    ),
    Priority.LOW: (
        "A small typo on the page.",
        "The icon is slightly misaligned; it's only cosmetic.",
        "How do I change my settings?",
        "A question about how this works.",
        "Could you add an option for this? It would be nice to have.",
        "Feature request: support for another format.",
        "Any plans to offer this in the future?",
        "Where can I find my old invoices?",
        "Just some feedback: I like the new design.",
        "The documentation has an outdated example.",
        "Not urgent, whenever you have time.",
    ),
}


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


def priority_paraphrase_examples() -> list[Example]:
    """The priority paraphrases, as priority-only examples."""
    return [
        Example(text, None, priority, source="priority_paraphrases")
        for priority, texts in PRIORITY_PARAPHRASES.items()
        for text in texts
    ]
