"""A small closed-loop HTTP/1.1 load generator, run as its own process by bench/run.py.

It reads a JSON spec on standard input and prints one JSON object of results:

    {"host": "127.0.0.1", "port": 8000, "concurrency": 8, "duration": 10, "warmup": 1,
     "headers": {"Authorization": "Bearer ..."},
     "requests": [{"method": "GET", "path": "/api/tickets/", "body": null}],
     "choices": {"id": [1, 2, 3], "status": ["open", "closed"]}}

Each of `concurrency` keep-alive connections sends a request, waits for the whole answer and
sends the next (a closed loop), for `warmup` seconds that are not counted and then for
`duration` seconds that are. `{name}` in a path or body is replaced by a random item of
`choices[name]`, and `{n}` by a number unique to the request, so writes touch many rows.

Why not an existing tool: it must run on a bare machine with only the project's virtualenv,
and asyncio streams with hand-written HTTP framing cost far less CPU per request than a
full client library, which matters when generator and server share two cores.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import random
import resource
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Template:
    method: str
    path: str
    body: str | None


@dataclass
class Tally:
    """What the connections measured in the counted window."""

    latencies: list[float] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    failures: Counter[str] = field(default_factory=Counter)


def percentile(sorted_values: list[float], fraction: float) -> float | None:
    """Nearest-rank percentile of an ascending list (None when empty)."""
    if not sorted_values:
        return None
    rank = max(1, min(len(sorted_values), round(fraction * len(sorted_values) + 0.5)))
    return sorted_values[rank - 1]


def render(text: str, choices: dict[str, list[Any]], counter: itertools.count[int]) -> str:
    if "{" not in text:
        return text
    if "{n}" in text:
        text = text.replace("{n}", str(next(counter)))
    for name, values in choices.items():
        token = "{" + name + "}"
        if token in text:
            text = text.replace(token, str(random.choice(values)))  # noqa: S311 - load shape, not security
    return text


def build_request(
    template: Template,
    host: str,
    headers: dict[str, str],
    choices: dict[str, list[Any]],
    counter: itertools.count[int],
) -> bytes:
    path = render(template.path, choices, counter)
    lines = [f"{template.method} {path} HTTP/1.1", f"Host: {host}", "Accept: application/json"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    body = b""
    if template.body is not None:
        body = render(template.body, choices, counter).encode()
        lines += ["Content-Type: application/json", f"Content-Length: {len(body)}"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


async def read_response(reader: asyncio.StreamReader) -> tuple[int, bool]:
    """Read one whole response; its status and whether the server will close the connection."""
    head = await reader.readuntil(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    status = int(status_line.split(" ", 2)[1])
    length = 0
    chunked = False
    closing = False
    for line in header_lines:
        name, _, value = line.partition(":")
        name = name.strip().lower()
        if name == "content-length":
            length = int(value)
        elif name == "transfer-encoding" and "chunked" in value.lower():
            chunked = True
        elif name == "connection" and value.strip().lower() == "close":
            closing = True
    if chunked:
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    elif length:
        await reader.readexactly(length)
    return status, closing


async def connection_loop(
    spec: dict[str, Any],
    templates: list[Template],
    counter: itertools.count[int],
    start_counting: float,
    stop: float,
    tally: Tally,
) -> None:
    host, port = spec["host"], int(spec["port"])
    headers: dict[str, str] = spec.get("headers", {})
    choices: dict[str, list[Any]] = spec.get("choices", {})
    writer: asyncio.StreamWriter | None = None
    reader: asyncio.StreamReader | None = None
    index = random.randrange(len(templates))  # noqa: S311 - spreads connections over templates
    try:
        while True:
            now = time.perf_counter()
            if now >= stop:
                return
            if writer is None:
                reader, writer = await asyncio.open_connection(host, port)
            assert reader is not None
            template = templates[index % len(templates)]
            index += 1
            request = build_request(template, host, headers, choices, counter)
            sent = time.perf_counter()
            try:
                writer.write(request)
                await writer.drain()
                status, closing = await read_response(reader)
            except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError) as exc:
                if sent >= start_counting:
                    tally.failures[type(exc).__name__] += 1
                writer.close()
                writer = reader = None
                continue
            elapsed = time.perf_counter() - sent
            if sent >= start_counting:
                tally.latencies.append(elapsed)
                tally.statuses[status] += 1
            if closing:
                writer.close()
                writer = reader = None
    finally:
        if writer is not None:
            writer.close()


async def run(spec: dict[str, Any]) -> dict[str, Any]:
    templates = [Template(r["method"], r["path"], r.get("body")) for r in spec["requests"]]
    counter = itertools.count(int(spec.get("counter_start", 0)))
    tally = Tally()
    began = time.perf_counter()
    start_counting = began + float(spec.get("warmup", 0))
    stop = start_counting + float(spec["duration"])
    cpu_before = resource.getrusage(resource.RUSAGE_SELF)
    await asyncio.gather(
        *(
            connection_loop(spec, templates, counter, start_counting, stop, tally)
            for _ in range(int(spec["concurrency"]))
        )
    )
    cpu_after = resource.getrusage(resource.RUSAGE_SELF)
    # Requests still in flight at `stop` finish a little later; count the real window.
    window = max(time.perf_counter() - start_counting, 1e-9)
    latencies = sorted(tally.latencies)
    ms = [value * 1000 for value in latencies]
    ok = sum(count for status, count in tally.statuses.items() if 200 <= status < 300)
    return {
        "concurrency": int(spec["concurrency"]),
        "duration_s": round(window, 3),
        "requests": len(latencies),
        "ok": ok,
        "statuses": {str(status): count for status, count in sorted(tally.statuses.items())},
        "failures": dict(tally.failures),
        "rps": round(len(latencies) / window, 1),
        "ok_rps": round(ok / window, 1),
        "latency_ms": {
            "p50": _round(percentile(ms, 0.50)),
            "p95": _round(percentile(ms, 0.95)),
            "p99": _round(percentile(ms, 0.99)),
            "max": _round(ms[-1] if ms else None),
            "mean": _round(sum(ms) / len(ms) if ms else None),
        },
        # The generator shares the machine with the server: its own CPU use is part of the story.
        "client_cpu_s": round(
            (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime), 2
        ),
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def main() -> None:
    spec = json.load(sys.stdin)
    json.dump(asyncio.run(run(spec)), sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
