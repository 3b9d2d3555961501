"""Compare triage approaches on in-domain (banking77 test) and out-of-domain (ood_eval.csv) data.

Needs the cached vectors from embed_cache.py. Prints one markdown table row per variant.
    PYTHONPATH=backend:bench/triage python bench/triage/compare.py
"""

from __future__ import annotations

import numpy as np
from bench_data import CACHE_DIR, text_sets
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.pipeline import make_union

from support_desk.triage.local.examples import Example

SETS = text_sets()


def vectors(encoder: str, name: str) -> np.ndarray:
    return np.load(CACHE_DIR / f"{encoder}__{name}.npy")


def source_weights(examples: list[Example], balance: bool) -> np.ndarray:
    """Equal total weight per source when ``balance``; otherwise each example's own weight."""
    weights = np.array([e.weight for e in examples], dtype=float)
    if balance:
        sources = np.array([e.source for e in examples])
        for source in set(sources):
            mask = sources == source
            weights[mask] *= len(examples) / (len(set(sources)) * mask.sum())
    return weights


def train_set(extra: dict[str, float], balance: bool) -> tuple[list[Example], list[str]]:
    examples: list[Example] = []
    names: list[str] = []
    for name, weight in {"banking_train": 1.0, "hadoop": 1.0, **extra}.items():
        for e in SETS[name]:
            examples.append(Example(e.text, e.category, e.priority, weight, source=name))
        names.append(name)
    return examples, names


def fit_head(x: np.ndarray, labels: list[str | None], weights: np.ndarray, c: float) -> LogisticRegression:
    keep = np.array([label is not None for label in labels])
    model = LogisticRegression(C=c, max_iter=3000, class_weight="balanced")
    model.fit(x[keep], np.array(labels, dtype=object)[keep], sample_weight=weights[keep])
    return model


def scores(predict, name: str) -> tuple[float, float]:
    examples = SETS[name]
    cat, pri = predict(name)
    return (
        f1_score([e.category for e in examples], cat, average="macro"),
        f1_score([e.priority for e in examples], pri, average="macro"),
    )


def run_embedding(encoder: str, extra: dict[str, float], balance: bool, c: float) -> dict[str, float]:
    examples, names = train_set(extra, balance)
    x = np.vstack([vectors(encoder, n) for n in names])
    w = source_weights(examples, balance)
    heads = [fit_head(x, [getattr(e, f) for e in examples], w, c) for f in ("category", "priority")]
    return evaluate(lambda n: [h.predict(vectors(encoder, n)) for h in heads])


def run_tfidf(extra: dict[str, float], balance: bool, c: float) -> dict[str, float]:
    examples, _ = train_set(extra, balance)
    features = make_union(
        TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2),
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2),
    )
    x = features.fit_transform([e.text for e in examples])
    w = source_weights(examples, balance)
    heads = [fit_head_sparse(x, [getattr(e, f) for e in examples], w, c) for f in ("category", "priority")]
    return evaluate(lambda n: [h.predict(features.transform([e.text for e in SETS[n]])) for h in heads])


def fit_head_sparse(x, labels, weights, c):
    keep = np.array([label is not None for label in labels])
    model = LogisticRegression(C=c, max_iter=3000, class_weight="balanced")
    model.fit(x[np.flatnonzero(keep)], np.array(labels, dtype=object)[keep], sample_weight=weights[keep])
    return model


def run_prototypes(encoder: str) -> dict[str, float]:
    """Zero-shot: nearest label-definition centroid by cosine."""
    defs = SETS["definitions"]
    d = vectors(encoder, "definitions")

    def centroids(field: str) -> tuple[list[str], np.ndarray]:
        labels = sorted({getattr(e, field) for e in defs if getattr(e, field)})
        rows = [d[[i for i, e in enumerate(defs) if getattr(e, field) == lab]].mean(0) for lab in labels]
        return labels, np.vstack(rows)

    heads = [centroids("category"), centroids("priority")]

    def predict(n: str):
        v = vectors(encoder, n)
        return [np.array(labels)[(v @ c.T).argmax(1)] for labels, c in heads]

    return evaluate(predict)


def evaluate(predict) -> dict[str, float]:
    in_cat, in_pri = scores(predict, "banking_test")
    ood_cat, ood_pri = scores(predict, "ood")
    return {"in_cat": in_cat, "in_pri": in_pri, "ood_cat": ood_cat, "ood_pri": ood_pri}


def row(name: str, result: dict[str, float]) -> None:
    print(
        f"| {name} | {result['in_cat']:.3f} | {result['in_pri']:.3f} | {result['ood_cat']:.3f} "
        f"| {result['ood_pri']:.3f} |",
        flush=True,
    )


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("encoders", nargs="*", default=["st", "onnx"])
    parser.add_argument("--c", type=float, action="append")
    parser.add_argument("--no-tfidf", action="store_true")
    args = parser.parse_args()
    encoders, cs = args.encoders, args.c or [1.0, 10.0]
    print("| variant | in-domain cat F1 | in-domain pri F1 | OOD cat F1 | OOD pri F1 |")
    print("| --- | --- | --- | --- | --- |")
    for extra_name, extra in [
        ("public", {}),
        ("public+defs", {"definitions": 20.0}),
        ("public+defs+generic", {"definitions": 20.0, "generic": 20.0}),
    ]:
        for balance in (False, True):
            tag = f"{extra_name}{', source-balanced' if balance else ''}"
            if not args.no_tfidf:
                row(f"tfidf LR ({tag})", run_tfidf(extra, balance, 10.0))
            for encoder in encoders:
                for c in cs:
                    row(f"{encoder} LR C={c} ({tag})", run_embedding(encoder, extra, balance, c))
    for encoder in encoders:
        row(f"{encoder} definition prototypes (zero-shot)", run_prototypes(encoder))


if __name__ == "__main__":
    main()
