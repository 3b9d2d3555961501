"""The run's results: every figure as JSON, and the Markdown table a person reads.

The JSON keeps everything (query plans, per-process memory, the load generator's CPU time);
the Markdown shows each scenario's latency, throughput and HTTP / SQL ratio beside its target.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .progress import log


def _fmt(value: float | None, digits: int = 1) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def _worker_rows(worker: dict[str, Any] | None, target: dict[str, Any]) -> list[str]:
    if worker is None:
        return ["| Celery worker | not measured (--skip-worker) | | | |"]
    return [
        f"| Celery worker (solo), after start | {worker['after_start']['rss_mb']} | "
        f"{worker['after_start']['pss_mb']} | - | - |",
        f"| Celery worker, peak during one job: {worker['description']} ({worker['task_seconds']} s, "
        f"{worker['task_outcome']}) | {worker['peak_rss_mb']} | - | <= {target['limit_mb']} MB | "
        f"{'met' if target['met'] else '**missed**'} |",
        f"| Celery worker, after the job | {worker['after_task']['rss_mb']} | "
        f"{worker['after_task']['pss_mb']} | - | - |",
    ]


def render_markdown(report: dict[str, Any]) -> str:
    """The Markdown results page: the machine, the scenarios' table, memory and the SQL plans."""
    machine = report["machine"]
    pg_settings = machine["postgresql_settings"]
    server = report["server"]
    lines = [
        f"# Benchmark: {report['size']:,} tickets",
        "",
        f"Run {report['finished_at']} with `make bench SIZE={report['size']}` (bench/run.py).",
        "",
        f"- Machine: {machine['cpu_model']}, {machine['cores']} cores, {machine['ram_gib']} GiB RAM; "
        f"{machine['os']}",
        f"- PostgreSQL {machine['postgresql']} on the same machine (shared_buffers "
        f"{pg_settings['shared_buffers']}, work_mem {pg_settings['work_mem']}); "
        f"Python {machine['python']}",
        f"- Load average (1, 5, 15 min) at start {' '.join(machine['load_average_at_start'])}, at end "
        f"{' '.join(machine['load_average_at_end'])}: other work on the machine slows every figure alike, "
        "so compare HTTP p50 / SQL rather than absolute times across runs",
        f"- Server: gunicorn, production settings, {server['workers']} workers x "
        f"{server['threads']} threads, "
        f"local triage model; load from bench/load.py in its own process over loopback",
        f"- Data: {report['database']['sizes']['tickets_total_mb']} MB for the tickets table and its indexes "
        f"({report['database']['sizes']['tickets_indexes_mb']} MB of indexes); database "
        f"{report['database']['sizes']['database_mb']} MB",
        f"- Each scenario: {report['settings']['latency_duration']} s with 1 client (latency), then "
        f"{report['settings']['duration']} s with {report['settings']['concurrency']} clients (throughput), "
        f"each after {report['settings']['warmup']} s of warm-up",
        "",
        f"| scenario | p50 ms | p95 ms | p99 ms | p50 ms @{report['settings']['concurrency']} | "
        f"p99 ms @{report['settings']['concurrency']} | req/s @{report['settings']['concurrency']} | "
        "best SQL p50 ms | HTTP p50 / SQL | target | result |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    for item in report["scenarios"]:
        single, loaded = item["single"], item["loaded"]
        baseline = item.get("sql") or item.get("baseline") or {}
        target = item.get("target")
        verdict = "-" if target is None else ("met" if target["met"] else "**missed**")
        lines.append(
            f"| {item['title']} | {_fmt(single['latency_ms']['p50'])} | "
            f"{_fmt(single['latency_ms']['p95'])} | "
            f"{_fmt(single['latency_ms']['p99'])} | {_fmt(loaded['latency_ms']['p50'])} | "
            f"{_fmt(loaded['latency_ms']['p99'])} | {_fmt(loaded['ok_rps'], 0)} | "
            f"{_fmt(baseline.get('p50_ms'), 2)} | {_fmt(item.get('ratio'))} | "
            f"{target['description'] if target else '-'} | {verdict} |"
        )
    lines += [
        "",
        "p50/p95/p99 without a suffix: one client at a time. Creates per second are 2xx answers only.",
        "",
    ]
    errors = [
        f"{item['name']}: {phase} {result['statuses']} {result['failures'] or ''}".strip()
        for item in report["scenarios"]
        for phase, result in (("1 client", item["single"]), ("loaded", item["loaded"]))
        if any(not status.startswith("2") for status in result["statuses"]) or result["failures"]
    ]
    lines += ["Non-2xx answers or failed connections: " + ("; ".join(errors) if errors else "none."), ""]
    export = report.get("export")
    if export:
        lines += [
            "## CSV export",
            "",
            f"`GET /api/tickets/export.csv`, every ticket in one streamed answer: {export['rows']:,} rows "
            f"({export['megabytes']} MB) in {export['seconds']} s, **{export['rows_per_s']:,} rows/s**, "
            f"first byte after {export['first_byte_ms']} ms (status {export['status']}). The gunicorn "
            f"worker streaming it: {export['worker_rss_mb_before']} MB RSS before, "
            f"**{export['worker_rss_mb_peak']} MB** at its peak (sampled every 0.1 s).",
            "",
        ]
    memory = report["server_memory"]
    worker = report["worker"]
    worker_target = report["worker_target"]
    lines += [
        "## Memory",
        "",
        "| process | RSS MB | PSS MB | target | result |",
        "| --- | ---: | ---: | --- | --- |",
        f"| gunicorn master + {server['workers']} workers, after start | {memory['after_start']['rss_mb']} | "
        f"{memory['after_start']['pss_mb']} | - | - |",
        f"| gunicorn master + {server['workers']} workers, largest after a scenario | "
        f"{memory['peak']['rss_mb']} | "
        f"{memory['peak']['pss_mb']} | - | - |",
        *_worker_rows(worker, worker_target),
        "",
        "RSS adds up pages shared between the master and its forked workers once per process; "
        "PSS splits them.",
        "",
        "## Best single SQL queries",
        "",
        "| scenario | query | client p50 ms | executor ms (EXPLAIN ANALYZE) | plan |",
        "| --- | --- | ---: | ---: | --- |",
    ]
    for item in [*report["scenarios"], {"name": "stats (median)", "sql": report["median_sql"]}]:
        sql = item.get("sql")
        if not sql:
            continue
        top = next((line.strip() for line in sql["plan"] if "Scan" in line or "Seek" in line), "")
        lines.append(
            f"| {item['name']} | {sql['label']} | {_fmt(sql['p50_ms'], 2)} | "
            f"{_fmt(sql['explain_execution_ms'], 2)} | {top.replace('|', '/')[:110]} |"
        )
    baseline = report["classify_baseline"]
    lines += [
        "",
        f"Classify baseline, in-process `classify_text()` without HTTP: p50 {baseline['p50_ms']} ms, "
        f"p95 {baseline['p95_ms']} ms (first call, loading the model: {baseline['first_call_ms']} ms).",
        "",
    ]
    return "\n".join(lines)


def write_report(report: dict[str, Any], output: Path) -> Path:
    """Write <size>.json and <size>.md under `output`, print the Markdown and return its path."""
    output.mkdir(parents=True, exist_ok=True)
    json_path = output / f"{report['size']}.json"
    json_path.write_text(json.dumps(report, indent=2) + "\n")
    md_path = output / f"{report['size']}.md"
    md_path.write_text(render_markdown(report))
    print(md_path.read_text())
    log(f"wrote {json_path}")
    return md_path
