"""The similar-ticket index: every ticket's vector, searchable in a few milliseconds.

Below `ASSIST_INDEX_APPROXIMATE_FROM` vectors it is an exact scan (faiss's flat inner
product over float32 unit vectors: about 3 ms at 20,000). From there it is an inverted-file
index with 8-bit codes (faiss IVF-SQ8): k-means cells over the vectors, and a search reads
the `ASSIST_INDEX_NPROBE` cells nearest to the query. `make bench` measures both against an
exact scan of the same vectors, with the approximate one's recall (bench/assist/).

The embeddings table is the truth. Each process keeps its own index and catches up before
every search by reading the embedding rows above the last id it applied (an indexed range
read that is empty most of the time), so a ticket embedded by the worker is found by every
web process at its next search. Rows are re-read a little below that mark, because ids are
handed out before their transactions commit, not in commit order. A changed ticket's row is
replaced by one with a new id; its old vector is removed from the index first.

Starting from nothing at a million tickets means reading 384 MB and training the cells (tens
of seconds), so the index is saved under `ASSIST_INDEX_DIR` (`supportdesk assist snapshot`,
and the background job after every 10,000 new vectors) and a new process loads the latest
snapshot, then catches up from its mark.
"""

from __future__ import annotations

import json
import logging
import math
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from django.conf import settings

from support_desk.assist.embeddings import DIMENSIONS, dequantize
from support_desk.assist.models import TicketEmbedding
from support_desk.triage.local.encoder import ENCODER_ID

logger = logging.getLogger(__name__)
# faiss announces at INFO, with a ModuleNotFoundError in the text, that it picks its SIMD
# kernels at run time; that is normal and not worth a line in every process's log.
logging.getLogger("faiss.loader").setLevel(logging.WARNING)

# How far below its mark a process re-reads rows that may have committed late.
LATE_COMMIT_ROWS = 1000
# Rows read from the database per round trip while loading.
LOAD_BATCH = 20_000
# After this many vectors added since the last snapshot, the worker writes a new one.
SNAPSHOT_EVERY = 10_000
# Training sample of the IVF cells: faiss wants about 40 points per cell.
TRAIN_POINTS_PER_CELL = 48


@dataclass(frozen=True)
class IndexStats:
    kind: str  # "exact" or "approximate"
    vectors: int
    watermark: int
    since_snapshot: int


def cell_count(vectors: int) -> int:
    """IVF cells for `vectors` vectors: about the square root, as faiss's guidelines suggest."""
    return max(16, min(4096, int(math.sqrt(vectors))))


class SimilarityIndex:
    """Ticket ids by vector; thread-safe, kept current from the embeddings table."""

    def __init__(
        self, *, approximate_from: int, nprobe: int, snapshot_dir: Path | None, threads: int = 1
    ) -> None:
        self.approximate_from = approximate_from
        self.nprobe = nprobe
        self.snapshot_dir = snapshot_dir
        self.threads = threads
        self._lock = threading.Lock()
        self._index: Any = None
        self._approximate = False
        self._watermark = 0
        self._late: dict[int, int] = {}  # row id -> ticket id, for rows near the mark
        self._present = np.zeros(0, dtype=bool)  # by ticket id
        self._since_snapshot = 0

    # --- reading ----------------------------------------------------------------------

    def search(self, vector: np.ndarray, k: int) -> list[tuple[int, float]]:
        """The `k` nearest ticket ids with their cosine similarity, nearest first."""
        import faiss

        with self._lock:
            self._catch_up()
            if self._index.ntotal == 0:
                return []
            faiss.omp_set_num_threads(self.threads)
            query = np.ascontiguousarray(vector, dtype=np.float32).reshape(1, DIMENSIONS)
            scores, ids = self._index.search(query, min(k, self._index.ntotal))
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=True) if i >= 0]

    def stats(self) -> IndexStats:
        with self._lock:
            self._catch_up()
            return IndexStats(
                kind="approximate" if self._approximate else "exact",
                vectors=int(self._index.ntotal),
                watermark=self._watermark,
                since_snapshot=self._since_snapshot,
            )

    # --- keeping current --------------------------------------------------------------

    def _catch_up(self) -> None:
        if self._index is None:
            self._load()
        # Ids first (a narrow index-only read): most of the time every one is known already.
        recent = TicketEmbedding.objects.filter(id__gt=self._watermark - LATE_COMMIT_ROWS)
        unseen = [row_id for row_id in recent.values_list("id", flat=True) if row_id not in self._late]
        if unseen:
            rows = (
                TicketEmbedding.objects.filter(id__in=unseen)
                .order_by("id")
                .values_list("id", "ticket_id", "vector")
            )
            self._apply(list(rows))
        if not self._approximate and self._index.ntotal >= self.approximate_from:
            self._become_approximate()

    def _apply(self, rows: list[tuple[int, int, Any]]) -> None:
        ticket_ids = np.array([row[1] for row in rows], dtype=np.int64)
        vectors = dequantize(np.vstack([np.frombuffer(bytes(row[2]), dtype=np.int8) for row in rows]))
        self._grow_present(int(ticket_ids.max()) + 1)
        known = ticket_ids[self._present[ticket_ids]]
        if known.size:
            self._index.remove_ids(known)
        # A ticket re-embedded twice within the batch keeps its latest row only.
        _, last = np.unique(ticket_ids[::-1], return_index=True)
        keep = np.sort(len(ticket_ids) - 1 - last)
        self._index.add_with_ids(vectors[keep], ticket_ids[keep])
        self._present[ticket_ids] = True
        self._since_snapshot += len(keep)
        for row_id, ticket_id, _ in rows:
            self._late[row_id] = ticket_id
        self._watermark = max(self._watermark, max(row[0] for row in rows))
        floor = self._watermark - LATE_COMMIT_ROWS
        self._late = {row_id: tid for row_id, tid in self._late.items() if row_id > floor}

    def _grow_present(self, size: int) -> None:
        if size > self._present.size:
            grown = np.zeros(max(size, self._present.size * 2), dtype=bool)
            grown[: self._present.size] = self._present
            self._present = grown

    def _load(self) -> None:
        if self._load_snapshot():
            return
        self._index = _exact_index()
        self._approximate = False
        self._watermark = 0
        last = 0
        while True:
            batch = list(
                TicketEmbedding.objects.filter(id__gt=last)
                .order_by("id")
                .values_list("id", "ticket_id", "vector")[:LOAD_BATCH]
            )
            if not batch:
                break
            self._apply(batch)
            last = batch[-1][0]
            if not self._approximate and self._index.ntotal >= self.approximate_from:
                self._become_approximate()
        logger.info(
            "similar-ticket index loaded from the database",
            extra={"vectors": int(self._index.ntotal), "approximate": self._approximate},
        )

    def _become_approximate(self) -> None:
        """Train IVF cells on the vectors held so far and move them into the new index."""
        import faiss

        count = int(self._index.ntotal)
        ids = faiss.vector_to_array(self._index.id_map).astype(np.int64)
        vectors = self._index.index.reconstruct_n(0, count)
        self._index = approximate_index(vectors, ids, nprobe=self.nprobe)
        self._approximate = True
        logger.info("similar-ticket index is now approximate (IVF)", extra={"vectors": count})

    # --- snapshots --------------------------------------------------------------------

    def _snapshot_paths(self) -> tuple[Path, Path, Path] | None:
        if self.snapshot_dir is None:
            return None
        stem = self.snapshot_dir / f"index-{ENCODER_ID}"
        return stem.with_suffix(".faiss"), stem.with_suffix(".ids.npy"), stem.with_suffix(".json")

    def save_snapshot(self) -> IndexStats:
        """Write the index to `snapshot_dir` (atomically: readers see the old or the new one)."""
        import faiss

        paths = self._snapshot_paths()
        if paths is None:
            raise RuntimeError("no snapshot directory configured")
        index_path, ids_path, meta_path = paths
        with self._lock:
            self._catch_up()
            index_path.parent.mkdir(parents=True, exist_ok=True)
            _atomic_write(index_path, lambda tmp: faiss.write_index(self._index, str(tmp)))
            present = np.flatnonzero(self._present).astype(np.int64)
            _atomic_write(ids_path, lambda tmp: _save_array(tmp, present))
            meta = {
                "encoder": ENCODER_ID,
                "database": _database_name(),
                "watermark": self._watermark,
                "approximate": self._approximate,
                "vectors": int(self._index.ntotal),
            }
            _atomic_write(meta_path, lambda tmp: tmp.write_text(json.dumps(meta)))
            self._since_snapshot = 0
            stats = IndexStats(
                kind="approximate" if self._approximate else "exact",
                vectors=int(self._index.ntotal),
                watermark=self._watermark,
                since_snapshot=0,
            )
        logger.info("similar-ticket index snapshot written", extra={"vectors": stats.vectors})
        return stats

    def _load_snapshot(self) -> bool:
        import faiss

        paths = self._snapshot_paths()
        if paths is None or not all(path.exists() for path in paths):
            return False
        index_path, ids_path, meta_path = paths
        try:
            meta = json.loads(meta_path.read_text())
            if meta.get("encoder") != ENCODER_ID or meta.get("database") != _database_name():
                return False
            newest = TicketEmbedding.objects.order_by("-id").values_list("id", flat=True).first() or 0
            if newest < int(meta["watermark"]):
                return False  # the database was replaced since: the snapshot is not of it
            index = faiss.read_index(str(index_path))
            present_ids = np.load(ids_path)
        except (OSError, ValueError, RuntimeError):
            logger.warning(
                "similar-ticket index snapshot unreadable; loading from the database", exc_info=True
            )
            return False
        self._index = index
        self._approximate = bool(meta["approximate"])
        if self._approximate:
            faiss.extract_index_ivf(index).nprobe = self.nprobe
        self._watermark = int(meta["watermark"])
        self._present = np.zeros(int(present_ids.max()) + 1 if present_ids.size else 0, dtype=bool)
        self._present[present_ids] = True
        self._late = {}
        logger.info("similar-ticket index loaded from its snapshot", extra={"vectors": int(index.ntotal)})
        return True


def _exact_index() -> Any:
    import faiss

    return faiss.IndexIDMap2(faiss.IndexFlatIP(DIMENSIONS))


def approximate_index(vectors: np.ndarray, ids: np.ndarray, *, nprobe: int) -> Any:
    """An IVF-SQ8 index trained on (a sample of) `vectors`, holding all of them."""
    import faiss

    cells = cell_count(len(vectors))
    quantizer = faiss.IndexFlatIP(DIMENSIONS)
    index = faiss.IndexIVFScalarQuantizer(
        quantizer, DIMENSIONS, cells, faiss.ScalarQuantizer.QT_8bit, faiss.METRIC_INNER_PRODUCT
    )
    rng = np.random.default_rng(0)
    sample_size = min(len(vectors), cells * TRAIN_POINTS_PER_CELL)
    sample = vectors[rng.choice(len(vectors), size=sample_size, replace=False)]
    index.train(np.ascontiguousarray(sample, dtype=np.float32))
    index.set_direct_map_type(faiss.DirectMap.Hashtable)  # type: ignore[attr-defined]
    index.add_with_ids(np.ascontiguousarray(vectors, dtype=np.float32), ids)
    index.nprobe = nprobe
    return index


def _database_name() -> str:
    return str(settings.DATABASES["default"]["NAME"])


def _save_array(path: Path, array: np.ndarray) -> None:
    with path.open("wb") as handle:
        np.save(handle, array)


def _atomic_write(path: Path, write: Any) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    write(tmp)
    os.replace(tmp, path)


_singleton: SimilarityIndex | None = None
_singleton_lock = threading.Lock()


def similarity_index() -> SimilarityIndex:
    """The process-wide index, built from the settings on first use."""
    global _singleton
    with _singleton_lock:
        if _singleton is None:
            _singleton = SimilarityIndex(
                approximate_from=settings.ASSIST_INDEX_APPROXIMATE_FROM,
                nprobe=settings.ASSIST_INDEX_NPROBE,
                snapshot_dir=settings.ASSIST_INDEX_DIR,
            )
        return _singleton


def reset_similarity_index() -> None:
    """Forget the process-wide index (tests, or after the database was replaced)."""
    global _singleton
    with _singleton_lock:
        _singleton = None
