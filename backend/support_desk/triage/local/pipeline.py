"""Train-and-publish: the one call the ``triage train`` command and a retraining job make."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from support_desk.triage.local.embedding_cache import EmbeddingCache, ProgressCallback
from support_desk.triage.local.encoder import SentenceEncoder
from support_desk.triage.local.examples import Example
from support_desk.triage.local.model import TriageModel
from support_desk.triage.local.store import ModelStore
from support_desk.triage.local.training import TEAM_WEIGHT, base_examples, team_examples, train_model


def train_and_publish(
    model_dir: Path,
    team: Iterable[Example] = (),
    *,
    team_weight: float = TEAM_WEIGHT,
    data_dir: Path | None = None,
    progress: ProgressCallback | None = None,
    encoder: SentenceEncoder | None = None,
) -> TriageModel:
    """Train on the base set plus the team's examples and publish it as the current version.

    Running servers pick the new version up within their provider's check interval.
    Pass a multi-threaded ``encoder`` to train faster outside a web worker.
    """
    store = ModelStore(model_dir)
    examples = base_examples(data_dir) + team_examples(team, team_weight)
    cache = EmbeddingCache.in_directory(store.root)
    model = train_model(examples, encoder=encoder, cache=cache, progress=progress)
    store.publish(model)
    return model
