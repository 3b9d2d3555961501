"""A file cache of sentence vectors keyed by text, so retraining does not re-embed the public data.

Embedding the ~12,500 public texts takes minutes on two cores; with the cache a retrain
after the team's corrections embeds only the new texts.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from support_desk.triage.local.encoder import DIMENSIONS, ENCODER_ID, SentenceEncoder

ProgressCallback = Callable[[int], None]


def _key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8"), usedforsecurity=False).hexdigest()


class EmbeddingCache:
    """Vectors of texts already embedded, stored as one ``.npz`` per encoder."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._vectors: dict[str, np.ndarray] = {}
        self._dirty = False
        if path is not None and path.exists():
            with np.load(path) as data:
                self._vectors = dict(zip(data["keys"].astype(str).tolist(), data["vectors"], strict=True))

    @classmethod
    def in_directory(cls, directory: Path | None) -> EmbeddingCache:
        return cls(None if directory is None else directory / f"embeddings-{ENCODER_ID}.npz")

    def embed(
        self,
        texts: Sequence[str],
        encoder: SentenceEncoder,
        progress: ProgressCallback | None = None,
        batch_size: int = 256,
    ) -> np.ndarray:
        """Vectors for ``texts``, computing (and remembering) only the missing ones."""
        keys = [_key(t) for t in texts]
        missing = sorted({k: t for k, t in zip(keys, texts, strict=True) if k not in self._vectors}.items())
        if progress and len(missing) < len(texts):
            progress(len(texts) - len(missing))
        for start in range(0, len(missing), batch_size):
            chunk = missing[start : start + batch_size]
            vectors = encoder.encode([t for _, t in chunk])
            for (key, _), vector in zip(chunk, vectors, strict=True):
                self._vectors[key] = vector.astype(np.float16)
            self._dirty = True
            if progress:
                progress(len(chunk))
        if not keys:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        return np.vstack([self._vectors[k] for k in keys]).astype(np.float32)

    def save(self) -> None:
        """Write the cache if it changed (atomically, so readers never see half a file)."""
        if self.path is None or not self._dirty:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        keys = np.array(list(self._vectors), dtype="S40")
        vectors = np.vstack(list(self._vectors.values())).astype(np.float16)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, suffix=".npz")
        os.close(fd)
        with open(tmp, "wb") as handle:
            np.savez(handle, keys=keys, vectors=vectors)
        os.replace(tmp, self.path)
        self._dirty = False
