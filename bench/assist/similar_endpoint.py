"""The similar-ticket read as the API runs it, on a PostgreSQL database of SIZE demo tickets
with an embedding each: the selector behind `GET /api/tickets/<id>/similar/` (the process's
index, its catch-up read, the candidates' rows with their status and public-reply flag), and
what it costs a process to load the index from the database and from its snapshot.

    .venv/bin/python bench/assist/similar_endpoint.py --size 1000000

The database `supportdesk_assist_bench_SIZE` (on `BENCH_PG_URL`, default
postgres://postgres@127.0.0.1:5432) is created and filled with `supportdesk seed_demo` on the
first run; the embeddings are benchmark vectors (vectors.py), written with COPY.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "backend"))


def prepare(size: int, url: str) -> None:
    """Create and fill the database (once), before Django connects to it."""
    import psycopg

    server, name = url.rsplit("/", 1)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone() is None:
            conn.execute(f'CREATE DATABASE "{name}"')
    supportdesk = str(REPO / ".venv" / "bin" / "supportdesk")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "support_desk.config.settings.base", "DATABASE_URL": url}
    subprocess.run([supportdesk, "migrate", "-v0"], env=env, check=True)  # noqa: S603
    subprocess.run(  # noqa: S603
        [supportdesk, "seed_demo", "--count", str(size), "--if-empty", "--no-progress"], env=env, check=True
    )


def fill_embeddings(size: int) -> None:
    import numpy as np
    from django.db import connection
    from vectors import benchmark_vectors, real_vectors

    from support_desk.assist.embeddings import quantize, text_sha1
    from support_desk.assist.models import TicketEmbedding
    from support_desk.tickets.models import Ticket

    rows = list(Ticket.objects.order_by("id").values_list("id", "title", "description"))
    ids = [row[0] for row in rows]
    if TicketEmbedding.objects.exclude(text_sha1="bench").count() == len(ids):
        return
    TicketEmbedding.objects.all().delete()
    codes = quantize(benchmark_vectors(len(ids), real_vectors()))
    table = TicketEmbedding._meta.db_table
    started = time.perf_counter()
    with connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(f"COPY {table} (ticket_id, vector, text_sha1, encoder, created_at) FROM STDIN") as copy:
            # The text's real hash: the selector then uses the stored vector, as for embedded tickets.
            for (ticket_id, title, description), code in zip(rows, codes, strict=True):
                sha1 = text_sha1(title, description)
                copy.write_row((ticket_id, np.asarray(code).tobytes(), sha1, "bench", "2026-01-01T00:00:00Z"))
        cursor.execute(f"ANALYZE {table}")
    print(f"{len(ids)} embeddings written in {time.perf_counter() - started:.0f} s", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    base = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
    url = f"{base}/supportdesk_assist_bench_{args.size}"
    prepare(args.size, url)
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "support_desk.config.settings.base"
    os.environ.setdefault("ASSIST_INDEX_DIR", str(REPO / "var" / "bench" / f"assist-index-{args.size}"))
    import django

    django.setup()
    sys.path.insert(0, str(Path(__file__).parent))
    fill_embeddings(args.size)

    from similar_index import percentile, rss_mb

    from support_desk.assist.selectors import similar_tickets
    from support_desk.assist.similarity_index import SimilarityIndex, reset_similarity_index, similarity_index
    from support_desk.tickets.models import Ticket

    rss_before = rss_mb()
    started = time.perf_counter()
    from django.conf import settings

    fresh = SimilarityIndex(
        approximate_from=settings.ASSIST_INDEX_APPROXIMATE_FROM,
        nprobe=settings.ASSIST_INDEX_NPROBE,
        snapshot_dir=None,
    )
    stats = fresh.stats()
    from_database_s = time.perf_counter() - started
    del fresh
    reset_similarity_index()
    similarity_index().save_snapshot()
    reset_similarity_index()
    started = time.perf_counter()
    similarity_index().stats()
    from_snapshot_s = time.perf_counter() - started

    ids = list(Ticket.objects.order_by("?").values_list("id", flat=True)[:2000])
    chosen = [Ticket.objects.get(pk=pk) for pk in random.Random(1).sample(ids, args.requests)]  # noqa: S311
    times, cpu_times = [], []
    for ticket in chosen:
        begin, begin_cpu = time.perf_counter(), time.process_time()
        similar_tickets(ticket=ticket, limit=5)
        times.append((time.perf_counter() - begin) * 1000)
        cpu_times.append((time.process_time() - begin_cpu) * 1000)
    report = {
        "size": args.size,
        "vectors": stats.vectors,
        "kind": stats.kind,
        "nprobe": settings.ASSIST_INDEX_NPROBE,
        "load_average": os.getloadavg(),
        "index_from_database_s": round(from_database_s, 1),
        "index_from_snapshot_s": round(from_snapshot_s, 2),
        "process_rss_added_mb": round(rss_mb() - rss_before, 1),
        "similar_p50_ms": percentile(times, 0.5),
        "similar_p95_ms": percentile(times, 0.95),
        # This process's own CPU per read (the index search, the ORM), without waiting for the
        # database or for a core: on a machine shared with other work, the steadier figure.
        "similar_cpu_p50_ms": percentile(cpu_times, 0.5),
        "requests": args.requests,
    }
    out = REPO / "bench" / "results" / f"assist-similar-endpoint-{args.size}.json"
    out.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
