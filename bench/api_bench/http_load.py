"""HTTP against the bench server: single requests from here, load phases through bench/load.py.

The load generator runs as a process of its own so that its event loop never competes with
this one, and its CPU time can be reported apart from the server's.
"""

from __future__ import annotations

import http.client
import json
import subprocess
import sys
import urllib.parse
from pathlib import Path
from typing import Any, TypedDict

LOAD_SCRIPT = Path(__file__).resolve().parent.parent / "load.py"


class RequestTemplate(TypedDict):
    """One request bench/load.py sends: `{n}` and `{<choice>}` in the path or body are filled
    per request (see load.py)."""

    method: str
    path: str
    body: str | None


def http_get(
    port: int, path: str, token: str | None, timeout: float = 30
) -> tuple[int, dict[str, str], bytes]:
    """One GET on loopback: the status, the headers (lower-case names) and the body."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


def follow_link(port: int, token: str, path: str, pages: int) -> str:
    """The URL `pages` steps down the Link chain from `path` (path and query only): a cursor a
    client really reaches, rather than one forged from a row."""
    for _ in range(pages):
        status, headers, _ = http_get(port, path, token)
        if status != 200:
            raise SystemExit(f"GET {path} answered {status} while following the cursor chain")
        link = headers.get("link")
        if not link:
            break
        url = link.split(";", 1)[0].strip().strip("<>")
        parts = urllib.parse.urlsplit(url)
        path = f"{parts.path}?{parts.query}"
    return path


def run_load(
    *,
    port: int,
    token: str,
    requests: list[RequestTemplate],
    choices: dict[str, list[Any]],
    concurrency: int,
    duration: float,
    warmup: float,
    counter_start: int,
) -> dict[str, Any]:
    """One load phase: `concurrency` closed-loop clients for `duration` seconds after `warmup`.
    Returns bench/load.py's figures (latency percentiles, statuses, rates, its own CPU time)."""
    spec = {
        "host": "127.0.0.1",
        "port": port,
        "concurrency": concurrency,
        "duration": duration,
        "warmup": warmup,
        "headers": {"Authorization": f"Bearer {token}"},
        "requests": requests,
        "choices": choices,
        "counter_start": counter_start,
    }
    result = subprocess.run(  # noqa: S603 - our own interpreter and fixed arguments
        [sys.executable, str(LOAD_SCRIPT)],
        input=json.dumps(spec),
        capture_output=True,
        text=True,
        check=False,
        timeout=duration + warmup + 120,
    )
    if result.returncode != 0:
        raise SystemExit(f"bench/load.py failed:\n{result.stderr}")
    loaded: dict[str, Any] = json.loads(result.stdout)
    return loaded
