"""The packaged model predicts taxonomy labels; published versions are picked up without a restart."""

from __future__ import annotations

from pathlib import Path

import pytest

from support_desk.triage.local.embedding_cache import EmbeddingCache
from support_desk.triage.local.encoder import SentenceEncoder
from support_desk.triage.local.examples import Example, ticket_text
from support_desk.triage.local.prototypes import definition_examples
from support_desk.triage.local.store import ModelProvider, ModelStore, load_packaged_model
from support_desk.triage.local.training import train_model
from support_desk.triage.taxonomy import CATEGORY_VALUES, PRIORITY_VALUES


def test_packaged_model_predicts_taxonomy_labels_with_probabilities() -> None:
    prediction = load_packaged_model().predict(ticket_text("Charged twice", "My card was billed two times."))
    assert prediction.category == "billing"
    assert prediction.category in CATEGORY_VALUES
    assert prediction.priority in PRIORITY_VALUES
    assert set(prediction.category_scores) == set(CATEGORY_VALUES)
    assert sum(prediction.priority_scores.values()) == pytest.approx(1.0, abs=1e-5)
    assert 0.0 < prediction.category_confidence <= 1.0


def _tiny_model(encoder: SentenceEncoder, extra: list[Example], cache: EmbeddingCache):
    return train_model(definition_examples() + extra, encoder=encoder, cache=cache, calibrate=False)


def test_publish_and_pickup_without_restart(tmp_path: Path, encoder: SentenceEncoder) -> None:
    store = ModelStore(tmp_path)
    provider = ModelProvider(store, check_interval=0.0)
    assert provider.get().version.startswith("default-")  # empty store: the packaged model
    cache = EmbeddingCache.in_directory(tmp_path)

    first = _tiny_model(encoder, [], cache)
    store.publish(first)
    assert provider.newer_version_available()
    assert provider.get().version == first.version

    second = _tiny_model(encoder, [Example("my invoice is wrong", "billing", "low")], cache)
    store.publish(second, keep=1)
    assert provider.get().version == second.version
    assert store.versions() == [second.version]  # pruned, current kept
    assert (tmp_path / "embeddings-all-MiniLM-L6-v2-onnx-int8.npz").exists()


def test_provider_checks_at_most_every_interval(tmp_path: Path, encoder: SentenceEncoder) -> None:
    store = ModelStore(tmp_path)
    provider = ModelProvider(store, check_interval=3600.0)
    before = provider.get()
    store.publish(_tiny_model(encoder, [], EmbeddingCache(None)))
    assert provider.get() is before  # not re-checked within the interval
    assert provider.newer_version_available()


def test_examples_validate_labels() -> None:
    with pytest.raises(ValueError, match="unknown category"):
        Example("text", "sales", "low")
    with pytest.raises(ValueError, match="needs a category"):
        Example("text", None, None)


def test_public_examples_come_from_the_package_when_the_data_sets_are_absent(settings, tmp_path) -> None:
    from support_desk.triage.local.public_data import public_examples, read_packaged_examples

    from_sources = public_examples()
    settings.TRIAGE_DATA_DIR = tmp_path / "nowhere"
    from_package = public_examples()
    assert from_package == read_packaged_examples()
    assert len(from_package) == len(from_sources)
    assert {e.source for e in from_package} == {"banking77", "gitbugs_hadoop"}
