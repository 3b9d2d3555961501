"""Rebuild the default model shipped in the package (``default_model/``).

    python -m support_desk.triage.local.build_default [--without-generic] [--cache-dir DIR]

Needs the public data (see ``public_data``) and scikit-learn; about two minutes on two
cores, mostly embedding the ~12,600 training texts. Also refreshes the packaged copy of the
mapped public examples that retraining uses where the raw data sets are absent.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

from tqdm import tqdm

from support_desk.triage.local.embedding_cache import EmbeddingCache
from support_desk.triage.local.encoder import SentenceEncoder
from support_desk.triage.local.public_data import PACKAGED_EXAMPLES, public_examples, write_packaged_examples
from support_desk.triage.local.store import PACKAGED_MODEL_DIR
from support_desk.triage.local.training import base_examples, train_model


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--without-generic", action="store_true", help="leave out generic_train.csv")
    parser.add_argument("--cache-dir", type=Path, help="keep the embeddings in this directory between builds")
    args = parser.parse_args()
    examples = base_examples(include_generic=not args.without_generic)
    # Both cores for the one-off batch embedding; the server uses one thread per call.
    encoder = SentenceEncoder(threads=2)
    with tqdm(total=len(examples), desc="embedding", unit="text") as bar:
        cache = EmbeddingCache.in_directory(args.cache_dir)
        model = train_model(examples, encoder=encoder, cache=cache, progress=bar.update)
    model = type(model)(model.category_head, model.priority_head, "default-" + model.version, model.meta)
    shutil.rmtree(PACKAGED_MODEL_DIR, ignore_errors=True)
    PACKAGED_MODEL_DIR.mkdir(parents=True)
    model.save(PACKAGED_MODEL_DIR)
    print(f"wrote {model.version} to {PACKAGED_MODEL_DIR}")
    write_packaged_examples(public_examples())
    print(f"wrote the mapped public examples to {PACKAGED_EXAMPLES}")


if __name__ == "__main__":
    main()
