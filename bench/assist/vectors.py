"""Benchmark vectors made from real ones (see similar_index.py for why)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from support_desk.assist.embeddings import dequantize, quantize
from support_desk.triage.local.encoder import DIMENSIONS, ENCODER_ID, shared_encoder
from support_desk.triage.local.public_data import read_packaged_examples

REPO = Path(__file__).resolve().parents[2]
CACHE = REPO / "var" / "bench" / f"public-examples-{ENCODER_ID}.npy"


def real_vectors() -> np.ndarray:
    if CACHE.exists():
        return np.load(CACHE)
    texts = [example.text for example in read_packaged_examples()]
    print(f"embedding {len(texts)} public texts once (cached in {CACHE})", flush=True)
    vectors = shared_encoder().encode(texts, batch_size=64)
    CACHE.parent.mkdir(parents=True, exist_ok=True)
    np.save(CACHE, vectors)
    return vectors


def benchmark_vectors(size: int, base: np.ndarray, seed: int = 0) -> np.ndarray:
    """`size` unit vectors, each 0.75 of one real vector, 0.25 of another, plus noise."""
    rng = np.random.default_rng(seed)
    out = np.empty((size, DIMENSIONS), dtype=np.float32)
    for start in range(0, size, 100_000):
        n = min(100_000, size - start)
        mixed = 0.75 * base[rng.integers(0, len(base), n)] + 0.25 * base[rng.integers(0, len(base), n)]
        mixed += rng.standard_normal((n, DIMENSIONS)).astype(np.float32) * (0.25 / np.sqrt(DIMENSIONS))
        out[start : start + n] = dequantize(quantize(mixed))
    return out
