"""The index itself: exact below its threshold, approximate (IVF) above it with a recall
measured against an exact scan, kept current incrementally, saved and loaded as a snapshot."""

from __future__ import annotations

import json

import numpy as np
import pytest

from support_desk.assist.embeddings import dequantize, quantize
from support_desk.assist.models import TicketEmbedding
from support_desk.assist.similarity_index import SimilarityIndex
from support_desk.tickets.models import Ticket

pytestmark = pytest.mark.django_db

DIMENSIONS = 384


def clustered_vectors(count: int, *, seed: int = 3) -> np.ndarray:
    """Unit vectors in tight topics, like tickets about the same few problems."""
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((max(8, count // 40), DIMENSIONS)).astype(np.float32)
    vectors = centres[rng.integers(0, len(centres), count)] + 0.35 * rng.standard_normal((count, DIMENSIONS))
    return (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)


def store(vectors: np.ndarray) -> list[int]:
    tickets = Ticket.objects.bulk_create(
        [Ticket(title=f"t{i}", description="d") for i in range(len(vectors))]
    )
    codes = quantize(vectors)
    TicketEmbedding.objects.bulk_create(
        [
            TicketEmbedding(ticket=ticket, vector=code.tobytes(), text_sha1="x", encoder="test")
            for ticket, code in zip(tickets, codes, strict=True)
        ]
    )
    return [ticket.pk for ticket in tickets]


def exact_neighbours(vectors: np.ndarray, ids: list[int], query: np.ndarray, k: int) -> list[int]:
    scores = dequantize(quantize(vectors)) @ query
    return [ids[i] for i in np.argsort(-scores)[:k]]


def test_quantized_vectors_keep_their_neighbours() -> None:
    vectors = clustered_vectors(500)
    restored = dequantize(quantize(vectors))
    assert np.allclose(np.linalg.norm(restored, axis=1), 1, atol=1e-5)
    assert float(np.min(np.sum(restored * vectors, axis=1))) > 0.999


def test_above_its_threshold_the_index_is_approximate_and_still_finds_the_exact_neighbours(tmp_path) -> None:
    vectors = clustered_vectors(3000)
    ids = store(vectors)
    index = SimilarityIndex(approximate_from=2000, nprobe=8, snapshot_dir=tmp_path)
    assert index.stats().kind == "approximate"
    queries = vectors[::150] + 0.05 * np.random.default_rng(1).standard_normal((20, DIMENSIONS))
    recall = []
    for query in queries:
        query = (query / np.linalg.norm(query)).astype(np.float32)
        found = [tid for tid, _ in index.search(query, 10)]
        recall.append(len(set(found) & set(exact_neighbours(vectors, ids, query, 10))) / 10)
    assert float(np.mean(recall)) >= 0.9


def test_the_index_catches_up_with_new_and_replaced_vectors(tmp_path) -> None:
    vectors = clustered_vectors(200)
    ids = store(vectors)
    index = SimilarityIndex(approximate_from=10_000, nprobe=8, snapshot_dir=tmp_path)
    assert index.stats().vectors == 200
    probe = np.zeros(DIMENSIONS, dtype=np.float32)
    probe[0] = 1.0
    newcomer = store(probe[None, :])[0]
    assert index.search(probe, 1)[0][0] == newcomer
    # The ticket is re-embedded with another text: its old vector must not answer any more.
    TicketEmbedding.objects.filter(ticket_id=newcomer).delete()
    TicketEmbedding.objects.create(
        ticket_id=newcomer, vector=quantize(vectors[0])[0].tobytes(), text_sha1="y"
    )
    assert index.stats().vectors == 201
    assert newcomer not in [tid for tid, _ in index.search(probe, 1)]
    assert newcomer in [tid for tid, _ in index.search(vectors[0], 3)]
    assert ids[0] in [tid for tid, _ in index.search(vectors[0], 3)]


def test_a_new_process_starts_from_the_snapshot_and_catches_up_from_its_mark(tmp_path) -> None:
    vectors = clustered_vectors(2500)
    store(vectors[:2400])
    writer = SimilarityIndex(approximate_from=2000, nprobe=8, snapshot_dir=tmp_path)
    saved = writer.save_snapshot()
    assert (saved.kind, saved.vectors) == ("approximate", 2400)
    later = store(vectors[2400:])
    reader = SimilarityIndex(approximate_from=2000, nprobe=8, snapshot_dir=tmp_path)
    stats = reader.stats()
    assert (stats.kind, stats.vectors) == ("approximate", 2500)
    assert reader.search(vectors[2450], 1)[0][0] == later[50]


def test_a_snapshot_ahead_of_the_database_is_ignored(tmp_path) -> None:
    """A database made anew (say, the SQLite file removed) restarts its ids below the mark."""
    vectors = clustered_vectors(50)
    ids = store(vectors)
    SimilarityIndex(approximate_from=10_000, nprobe=8, snapshot_dir=tmp_path).save_snapshot()
    meta_path = next(tmp_path.glob("*.json"))
    meta = json.loads(meta_path.read_text())
    meta_path.write_text(json.dumps({**meta, "watermark": meta["watermark"] + 10_000}))
    reader = SimilarityIndex(approximate_from=10_000, nprobe=8, snapshot_dir=tmp_path)
    assert reader.stats().watermark == max(TicketEmbedding.objects.values_list("id", flat=True))
    assert reader.search(vectors[7], 1)[0][0] == ids[7]
