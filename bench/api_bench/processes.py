"""The server and the job worker, started with the command lines deploy/ runs them with.

Those command lines are defined once, in support_desk.core.process_commands; this module only
gives both processes the bench's environment, waits until each is ready and stops it after.
"""

from __future__ import annotations

import contextlib
import secrets
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import redis

from support_desk.core.process_commands import (
    celery_worker_command,
    gunicorn_command,
    listening_socket,
    stop_process,
)

from .http_load import http_get

PRODUCTION_SETTINGS = "support_desk.config.settings.production"


def redis_url(env: dict[str, str]) -> str:
    """The broker: a Redis database of its own, so queued jobs can be cleared after the run."""
    return env.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")


def clear_queues(env: dict[str, str], queue: str) -> None:
    """Drop the jobs this run queued and no worker took (the run's own queue and Celery's default)."""
    client = redis.Redis.from_url(redis_url(env))
    try:
        client.delete(queue, "celery")
    finally:
        client.close()


def server_env(base_env: dict[str, str], var_dir: Path, queue: str) -> dict[str, str]:
    """The environment of the server and the worker: production settings as deployed, with
    what the bench changes on purpose (and says why) and nothing inherited that would skew it."""
    env = dict(base_env)
    env.update(
        DJANGO_SETTINGS_MODULE=PRODUCTION_SETTINGS,
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        TRIAGE_PROVIDER="local",
        # The bench measures the model and the writes, not the rate limits that protect them.
        THROTTLE_CLASSIFY_RATE="10000000/min",
        THROTTLE_STAFF_CREATE_RATE="10000000/min",
        SUPPORTDESK_VAR_DIR=str(var_dir),
        STATIC_ROOT=str(var_dir / "static"),
        TRIAGE_MODEL_DIR=str(var_dir / "triage-model"),
        # As in deploy/compose.yaml: jobs go through Redis (a queue of this run's own), and the
        # rate-limit counts live there too.
        CELERY_BROKER_URL=redis_url(base_env),
        CACHE_URL=redis_url(base_env),
        CELERY_QUEUE=queue,
    )
    for key in ("DEBUG", "LOG_FORMAT", "MAX_REQUEST_BYTES", "WEB_CONCURRENCY", "LLM_BASE_URL"):
        env.pop(key, None)
    return env


def log_tail(log_path: Path) -> str:
    """The end of a process's log, enough to show why it failed."""
    return log_path.read_text(errors="replace")[-4000:]


@contextlib.contextmanager
def _started(
    name: str,
    command: list[str],
    env: dict[str, str],
    log_path: Path,
    *,
    ready: Callable[[], bool],
    timeout: float,
    poll_seconds: float,
    pass_fds: tuple[int, ...] = (),
) -> Iterator[subprocess.Popen[bytes]]:
    """A child process logging to `log_path`, yielded once `ready()` says so; stopped (gracefully,
    then killed) on the way out, also when it never became ready."""
    with log_path.open("wb") as log_file:
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and fixed arguments
            command, env=env, stdout=log_file, stderr=subprocess.STDOUT, pass_fds=pass_fds
        )
    try:
        deadline = time.monotonic() + timeout
        while not ready():
            if process.poll() is not None:
                raise SystemExit(f"{name} exited:\n{log_tail(log_path)}")
            if time.monotonic() > deadline:
                raise SystemExit(f"{name} did not start:\n{log_tail(log_path)}")
            time.sleep(poll_seconds)
        yield process
    finally:
        stop_process(process, grace_seconds=20)


@dataclass(frozen=True)
class Server:
    """A running gunicorn: its master process (memory is read from its tree) and where it listens."""

    process: subprocess.Popen[bytes]
    port: int
    workers: int
    threads: int
    log_path: Path


@contextlib.contextmanager
def gunicorn(env: dict[str, str], workers: int, threads: int, log_path: Path) -> Iterator[Server]:
    """The app served as deploy/Dockerfile's CMD serves it, on a loopback socket opened here and
    handed over (so no other process can take the port first), once /healthz answers."""
    with listening_socket() as sock:
        port = sock.getsockname()[1]

        def healthy() -> bool:
            with contextlib.suppress(OSError):
                return http_get(port, "/healthz", None, timeout=2)[0] == 200
            return False

        command = gunicorn_command(bind=f"fd://{sock.fileno()}", workers=workers, threads=threads)
        with _started(
            "gunicorn",
            command,
            env,
            log_path,
            ready=healthy,
            timeout=60,
            poll_seconds=0.3,
            pass_fds=(sock.fileno(),),
        ) as process:
            yield Server(process=process, port=port, workers=workers, threads=threads, log_path=log_path)


@contextlib.contextmanager
def celery_worker(env: dict[str, str], queue: str, log_path: Path) -> Iterator[subprocess.Popen[bytes]]:
    """A single-process Celery worker on `queue`, once it has logged that it is ready."""
    command = celery_worker_command(queue=queue)

    def ready() -> bool:
        return b"ready." in log_path.read_bytes()

    with _started(
        "the Celery worker", command, env, log_path, ready=ready, timeout=120, poll_seconds=0.2
    ) as process:
        yield process
