"""The similar-ticket index at SIZE tickets: latency of the index the app uses beside an exact
scan over the same vectors, the approximate index's recall against that scan, its memory,
build, incremental add and snapshot load times.

    PYTHONPATH=backend .venv/bin/python bench/assist/similar_index.py --size 1000000

Embedding a million texts with the local encoder would take hours on two cores, so the
vectors are made from real ones: the packaged public examples (banking77 questions and Hadoop
bug reports, 12,520 texts) are embedded once (cached under var/), and each benchmark vector
mixes two of them with a little noise, the way tickets spread around a few thousand topics.
Every vector goes through the app's int8 storage and back, as tickets' vectors do. The
approximate index is built by the app's own function (assist/similarity_index.py).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "backend"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "support_desk.config.settings.base")

import django  # noqa: E402

django.setup()

from vectors import benchmark_vectors, real_vectors  # noqa: E402

from support_desk.assist.similarity_index import approximate_index, cell_count  # noqa: E402
from support_desk.triage.local.encoder import DIMENSIONS  # noqa: E402

QUERIES = 200
K = 10


def timed(function, repeat: int) -> list[float]:
    times = []
    for index in range(repeat):
        started = time.perf_counter()
        function(index)
        times.append((time.perf_counter() - started) * 1000)
    return times


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))], 3)


def rss_mb() -> float:
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--nprobe", type=int, action="append", help="cells read per search (repeatable)")
    parser.add_argument("--output", type=Path, default=REPO / "bench" / "results")
    args = parser.parse_args()
    import faiss

    nprobes = args.nprobe or [8, 16, 24, 48]
    faiss.omp_set_num_threads(1)  # as a web worker searches: one thread per request
    base = real_vectors()
    vectors = benchmark_vectors(args.size, base)
    ids = np.arange(1, args.size + 1, dtype=np.int64)
    rng = np.random.default_rng(1)
    # Queries: new tickets like existing ones (a real vector, mixed and noised the same way).
    queries = benchmark_vectors(QUERIES, base, seed=2)
    report: dict[str, object] = {
        "size": args.size,
        "dimensions": DIMENSIONS,
        "load_average_at_start": os.getloadavg(),
        "cpu_count": os.cpu_count(),
        "queries": QUERIES,
        "k": K,
    }

    # Exact scan over the same vectors, in the same 8-bit codes the approximate index keeps.
    exact = faiss.IndexScalarQuantizer(DIMENSIONS, faiss.ScalarQuantizer.QT_8bit, faiss.METRIC_INNER_PRODUCT)
    exact.train(vectors[rng.choice(args.size, min(args.size, 100_000), replace=False)])
    exact.add(vectors)
    truth = [exact.search(q[None, :], K)[1][0] + 1 for q in queries]
    exact_times = timed(lambda i: exact.search(queries[i % QUERIES][None, :], K), QUERIES)
    report["exact_scan"] = {
        "p50_ms": percentile(exact_times, 0.5),
        "p95_ms": percentile(exact_times, 0.95),
        "bytes": int(args.size * DIMENSIONS),
    }

    before = rss_mb()
    started = time.perf_counter()
    index = approximate_index(vectors, ids, nprobe=nprobes[0])
    report["approximate_build_s"] = round(time.perf_counter() - started, 1)
    report["approximate_rss_mb"] = round(rss_mb() - before, 1)
    report["cells"] = cell_count(args.size)
    results = []
    for nprobe in nprobes:
        index.nprobe = nprobe
        found = [index.search(q[None, :], K)[1][0] for q in queries]
        recall10 = statistics.mean(len(set(f) & set(t)) / K for f, t in zip(found, truth, strict=True))
        recall5 = statistics.mean(len(set(f[:5]) & set(t[:5])) / 5 for f, t in zip(found, truth, strict=True))
        times = timed(lambda i: index.search(queries[i % QUERIES][None, :], K), QUERIES)
        results.append(
            {
                "nprobe": nprobe,
                "p50_ms": percentile(times, 0.5),
                "p95_ms": percentile(times, 0.95),
                "recall_at_10": round(recall10, 4),
                "recall_at_5": round(recall5, 4),
            }
        )
        print(json.dumps(results[-1]), flush=True)
    report["approximate"] = results

    extra = benchmark_vectors(1000, base, seed=3)
    add_times = timed(
        lambda i: index.add_with_ids(extra[i : i + 1], np.array([args.size + 1 + i], dtype=np.int64)), 1000
    )
    replace_times = timed(lambda i: index.remove_ids(np.array([i + 1], dtype=np.int64)), 200)
    report["incremental"] = {
        "add_p50_ms": percentile(add_times, 0.5),
        "remove_p50_ms": percentile(replace_times, 0.5),
    }
    snapshot = REPO / "var" / "bench" / f"index-{args.size}.faiss"
    faiss.write_index(index, str(snapshot))
    started = time.perf_counter()
    faiss.read_index(str(snapshot))
    report["snapshot"] = {"bytes": snapshot.stat().st_size, "load_s": round(time.perf_counter() - started, 2)}
    snapshot.unlink()
    report["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    report["load_average_at_end"] = os.getloadavg()

    args.output.mkdir(parents=True, exist_ok=True)
    out = args.output / f"assist-similar-{args.size}.json"
    out.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
