"""One benchmark run, step by step: database, token, server, scenarios, baselines, worker.

Whatever happens, the run leaves the database with its seeded tickets only, and removes its
temporary directory and its queued jobs.
"""

from __future__ import annotations

import contextlib
import itertools
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg

from .database import (
    BENCH_USER,
    database_url,
    prepare_database,
    relation_sizes,
    restore_seeded_tickets,
    sample_ticket_ids,
)
from .export_stream import measure_export
from .http_load import run_load
from .machine import load_average, machine_description
from .management import command_env, create_api_token
from .memory import memory_of
from .model_baseline import classify_baseline
from .processes import PRODUCTION_SETTINGS, Server, clear_queues, gunicorn, server_env
from .progress import log
from .scenario import Scenario, scenario_context
from .scenarios import build_scenarios
from .sql_baselines import SQL_REPEATS, median_baseline, time_sql
from .worker_memory import WORKER_TASKS, measure_worker, worker_target

# Each load phase numbers the tickets it creates from a range of its own, so titles never repeat.
PHASE_NUMBERS = 1_000_000


@dataclass(frozen=True)
class Options:
    """What the command line chose (see main.py for each option's meaning)."""

    size: int
    server_url: str
    workers: int
    threads: int
    concurrency: int
    duration: float
    latency_duration: float
    warmup: float
    only: frozenset[str] | None
    skip_worker: bool
    worker_task: str
    worker_timeout: float
    output: Path
    # Messages of the mail scenario (bench/mail_ingest.py), run after the API's; 0 skips it.
    mail_messages: int = 2000


def _measure_scenario(
    scenario: Scenario, server: Server, token: str, options: Options, numbers: Iterator[int]
) -> dict[str, Any]:
    """The scenario's two load phases, one client then `concurrency`, and the server's memory after."""
    phases = []
    for clients, duration in ((1, options.latency_duration), (options.concurrency, options.duration)):
        log(f"{scenario.name}: {clients} client{'s' if clients > 1 else ''} for {duration} s")
        phases.append(
            run_load(
                port=server.port,
                token=token,
                requests=scenario.requests,
                choices=scenario.choices,
                concurrency=clients,
                duration=duration,
                warmup=options.warmup,
                counter_start=next(numbers),
            )
        )
    single, loaded = phases
    log(
        f"{scenario.name}: p50 {single['latency_ms']['p50']} ms (1 client), "
        f"{loaded['ok_rps']} ok/s at {options.concurrency} clients, statuses {loaded['statuses']}"
    )
    return {
        "name": scenario.name,
        "title": scenario.title,
        "single": single,
        "loaded": loaded,
        "server_memory": memory_of(server.process.pid),
    }


def _ratio(item: dict[str, Any], baseline: dict[str, Any]) -> float:
    """HTTP p50 over the baseline's p50: the cost the application adds on top of it."""
    return round(item["single"]["latency_ms"]["p50"] / baseline["p50_ms"], 1)


def _time_sql_baselines(
    results: list[dict[str, Any]], scenarios: dict[str, Scenario], conn: psycopg.Connection[Any]
) -> None:
    """Add each scenario's best single SQL query, and its HTTP / SQL ratio, to its result."""
    for item in results:
        sql = scenarios[item["name"]].sql
        if sql is not None and sql.ready(conn):
            item["sql"] = time_sql(conn, sql, SQL_REPEATS)
            item["ratio"] = _ratio(item, item["sql"])


def _add_model_ratios_and_verdicts(
    results: list[dict[str, Any]], scenarios: dict[str, Scenario], classify: dict[str, Any]
) -> None:
    """Add the model baseline's ratio where a scenario asks for it, and each target's verdict."""
    for item in results:
        scenario = scenarios[item["name"]]
        if scenario.model_baseline:
            item["baseline"] = classify
            item["ratio"] = _ratio(item, classify)
        if scenario.target is not None:
            item["target"] = scenario.target.evaluate(item["single"], item["loaded"])


def run(options: Options) -> dict[str, Any]:
    """Run the whole benchmark and return the report (every figure, as the JSON file holds it)."""
    name = f"supportdesk_bench_{options.size}"
    url = database_url(options.server_url, name)
    base_env = command_env(url)
    database = prepare_database(options.server_url, name, options.size, base_env)

    token = create_api_token(base_env, BENCH_USER)
    queue = f"bench-{uuid.uuid4().hex[:12]}"
    var_dir = Path(tempfile.mkdtemp(prefix="supportdesk-bench-"))
    (var_dir / "static").mkdir()
    env = server_env(base_env, var_dir, queue)

    conn = psycopg.connect(url, autocommit=True)
    report: dict[str, Any] = {
        "size": options.size,
        "machine": machine_description(conn),
        "database": {**database, "sizes": relation_sizes(conn)},
        "settings": {
            "concurrency": options.concurrency,
            "duration": options.duration,
            "latency_duration": options.latency_duration,
            "warmup": options.warmup,
        },
    }
    ticket_ids = sample_ticket_ids(conn)
    numbers = itertools.count(0, PHASE_NUMBERS)
    try:
        with gunicorn(env, options.workers, options.threads, var_dir / "gunicorn.log") as server:
            report["server"] = {
                "workers": server.workers,
                "threads": server.threads,
                "settings": PRODUCTION_SETTINGS,
                "triage_provider": "local",
            }
            after_start = memory_of(server.process.pid)
            context = scenario_context(
                port=server.port, token=token, size=options.size, ticket_ids=ticket_ids
            )
            scenarios = [
                scenario
                for scenario in build_scenarios(context)
                if not options.only or scenario.name in options.only
            ]
            results = [_measure_scenario(scenario, server, token, options, numbers) for scenario in scenarios]
            report["export"] = (
                measure_export(port=server.port, token=token, master_pid=server.process.pid)
                if not options.only or "export_csv" in options.only
                else None
            )
            peak = max([after_start, *(item["server_memory"] for item in results)], key=lambda m: m["rss_mb"])
            report["server_memory"] = {"after_start": after_start, "peak": peak}

        # The baselines are timed with the server stopped, so that neither slows the other.
        log("timing the best single SQL queries")
        by_name = {scenario.name: scenario for scenario in scenarios}
        _time_sql_baselines(results, by_name, conn)
        report["median_sql"] = time_sql(conn, median_baseline(conn), 10)
        report["classify_baseline"] = classify_baseline(base_env, var_dir)
        _add_model_ratios_and_verdicts(results, by_name, report["classify_baseline"])
        report["scenarios"] = results

        if options.skip_worker:
            report["worker"] = None
        else:
            log(f"measuring the Celery worker: {WORKER_TASKS[options.worker_task][1]}")
            report["worker"] = measure_worker(
                env, queue, var_dir, options.worker_task, ticket_ids[0], timeout=options.worker_timeout
            )
        report["worker_target"] = worker_target(report["worker"])
    finally:
        with contextlib.suppress(psycopg.Error):
            restore_seeded_tickets(conn, base_env, whose="this run created")
        conn.close()
        shutil.rmtree(var_dir, ignore_errors=True)
        with contextlib.suppress(Exception):
            clear_queues(env, queue)

    report["finished_at"] = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    report["machine"]["load_average_at_end"] = load_average()
    return report
