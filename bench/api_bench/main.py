"""End-to-end benchmark of Support Desk at a given size: `make bench SIZE=1000000`.

What it does, in order:

1. Makes sure a PostgreSQL database `supportdesk_bench_<size>` holds exactly SIZE demo tickets
   (`supportdesk seed_demo`, with its progress bar). A database left by an earlier run is
   reused: the tickets that run created are deleted and the statistics counters rebuilt first.
2. Creates an agent API token (`supportdesk create_api_token bench-agent --role agent`).
3. Starts gunicorn as deploy/ does (production settings, `--threads 4`), with
   `--workers 2 x cores`, the local triage model and the classify throttle raised.
4. For each scenario, runs bench/load.py in a separate process: first one client alone
   (the latency a person sees), then several at once (throughput, and latency under load).
   Server memory (RSS and PSS of the gunicorn master and workers) is read from /proc.
5. Times the best single SQL query for the same answer with psycopg (client-side, and the
   executor time from EXPLAIN ANALYZE), so HTTP p50 / SQL p50 can be read on a noisy machine.
6. Starts a Celery worker (`--pool=solo`, its own queue on the local Redis), gives it one job
   (triage a ticket, or with `--worker-task retrain` retrain the local model) and reports its
   memory.
7. Writes bench/results/<size>.json and bench/results/<size>.md.

Targets (at 1M, p50 with one client): list <= 10 ms, filter <= 15 ms, search <= 25 ms,
stats <= 20 ms; creates >= 500/s on 2 cores; Celery worker <= 300 MB.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence
from pathlib import Path

import mail_ingest

from .benchmark import Options, run
from .report import write_report
from .worker_memory import WORKER_TASKS

RESULTS_DIR = Path(__file__).resolve().parent.parent / "results"


def parse_options(argv: Sequence[str] | None = None) -> Options:
    """The command line (`--help` prints this module's docstring and every option)."""
    cores = os.cpu_count() or 2
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", type=int, default=10_000, help="Tickets in the database (default 10000).")
    parser.add_argument(
        "--server-url",
        default=os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432"),
        help="PostgreSQL server (no database name); the bench database is created there.",
    )
    parser.add_argument(
        "--workers", type=int, default=2 * cores, help="gunicorn workers (default 2 x cores)."
    )
    parser.add_argument("--threads", type=int, default=4, help="Threads per worker (default 4, as deploy/).")
    parser.add_argument("--concurrency", type=int, default=8, help="Clients in the loaded phase (default 8).")
    parser.add_argument("--duration", type=float, default=10, help="Seconds of the loaded phase.")
    parser.add_argument("--latency-duration", type=float, default=5, help="Seconds of the one-client phase.")
    parser.add_argument(
        "--warmup", type=float, default=2, help="Seconds before each phase that are not counted."
    )
    parser.add_argument(
        "--only", help="Comma-separated scenario names to run (default: all); export_csv is the CSV export."
    )
    parser.add_argument("--skip-worker", action="store_true", help="Don't measure the Celery worker.")
    parser.add_argument(
        "--worker-task",
        choices=sorted(WORKER_TASKS),
        default="triage",
        help="The job the Celery worker runs while its memory is read (default: triage one ticket).",
    )
    parser.add_argument("--worker-timeout", type=float, default=1800, help="Seconds to wait for that job.")
    parser.add_argument("--output", type=Path, default=RESULTS_DIR, help="Where <size>.json and .md go.")
    parser.add_argument(
        "--mail-messages",
        type=int,
        default=2000,
        help="Messages of the mail scenario (bench/mail_ingest.py; 0 skips it, --only mail runs it alone).",
    )
    args = parser.parse_args(argv)
    return Options(
        size=args.size,
        server_url=args.server_url,
        workers=args.workers,
        threads=args.threads,
        concurrency=args.concurrency,
        duration=args.duration,
        latency_duration=args.latency_duration,
        warmup=args.warmup,
        only=frozenset(args.only.split(",")) if args.only else None,
        skip_worker=args.skip_worker,
        worker_task=args.worker_task,
        worker_timeout=args.worker_timeout,
        output=args.output,
        mail_messages=args.mail_messages,
    )


def main(argv: Sequence[str] | None = None) -> None:
    """Run the benchmark the command line describes and write its results; then the mail
    scenario, which measures `supportdesk mail ingest` rather than HTTP (bench/mail_ingest.py)."""
    options = parse_options(argv)
    if options.only != frozenset({"mail"}):
        write_report(run(options), options.output)
    if options.mail_messages and (options.only is None or "mail" in options.only):
        mail_ingest.main(
            [
                "--messages",
                str(options.mail_messages),
                "--server-url",
                options.server_url,
                "--output",
                str(options.output),
            ]
        )
