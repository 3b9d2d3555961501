"""Command lines of the processes Support Desk runs as: the web server and a job worker.

One definition for everything that starts and stops them locally (the benchmark, the fault
and fuzz tests), matching what deploy/ runs in production.
"""

from __future__ import annotations

import signal
import subprocess
import sys


def _control_socket_off() -> list[str]:
    """Newer gunicorns open a control socket at one fixed per-user path; several servers
    started side by side must not clash on it."""
    from gunicorn.config import KNOWN_SETTINGS

    return ["--no-control-socket"] if any(s.name == "control_socket_disable" for s in KNOWN_SETTINGS) else []


def gunicorn_command(*, port: int, workers: int, threads: int, graceful_timeout: int = 10) -> list[str]:
    """gunicorn serving the WSGI app on 127.0.0.1:`port`, errors on stderr."""
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "support_desk.config.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--timeout",
        "30",
        "--graceful-timeout",
        str(graceful_timeout),
        "--error-logfile",
        "-",
        *_control_socket_off(),
    ]


def celery_worker_command(*, queue: str) -> list[str]:
    """One single-process Celery worker on `queue`, without the cluster chatter a lone worker
    does not need."""
    return [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "support_desk.config.celery",
        "worker",
        "--pool=solo",
        "-Q",
        queue,
        "--without-heartbeat",
        "--without-gossip",
        "--without-mingle",
        "-l",
        "info",
    ]


def stop_process(process: subprocess.Popen[bytes], *, grace_seconds: float = 10) -> None:
    """Ask a server or worker to shut down gracefully; kill it if it has not within the grace."""
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=grace_seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)
