"""Labels an agent set or corrected become training examples; nothing else does."""

from __future__ import annotations

import pytest

from support_desk.tickets import services
from support_desk.tickets.training_examples import training_examples_from_db
from support_desk.triage.engine import Suggestion

pytestmark = pytest.mark.django_db

SUGGESTED = Suggestion(category="general", priority="low", source="local", confidence=0.5)


def test_only_labels_chosen_by_agents_are_training_examples(agent, requester) -> None:
    by_requester = services.ticket_create(title="A", description="one", category="billing", actor=requester)
    corrected = services.ticket_create(title="Gym card", description="Door badge fails", suggestion=SUGGESTED)
    services.ticket_update(ticket_id=corrected.pk, changes={"category": "technical"}, actor=agent)
    set_by_agent = services.ticket_create(
        title="Refund", description="Class cancelled", category="billing", priority="medium", actor=agent
    )
    examples = {example.text: example for example in training_examples_from_db()}
    assert by_requester.category_source == "requester"
    assert "A. one" not in examples
    gym = examples["Gym card. Door badge fails"]
    assert (gym.category, gym.priority, gym.source) == ("technical", None, "team")
    refund = examples["Refund. Class cancelled"]
    assert (refund.category, refund.priority) == ("billing", "medium")
    assert set_by_agent.category_source == "agent"
