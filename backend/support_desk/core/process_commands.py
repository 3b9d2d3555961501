"""Command lines of the processes Support Desk runs as: the web server and a job worker.

One definition for everything that starts and stops them locally (the benchmark, the fault
and fuzz tests), matching what deploy/ runs in production.
"""

from __future__ import annotations

import signal
import socket
import subprocess
import sys


def _control_socket_off() -> list[str]:
    """Newer gunicorns open a control socket at one fixed per-user path; several servers
    started side by side must not clash on it."""
    from gunicorn.config import KNOWN_SETTINGS

    return ["--no-control-socket"] if any(s.name == "control_socket_disable" for s in KNOWN_SETTINGS) else []


def gunicorn_command(*, bind: str, workers: int, threads: int, graceful_timeout: int = 10) -> list[str]:
    """gunicorn serving the WSGI app on `bind` (`host:port`, or `fd://N` for a socket the caller
    opened), errors on stderr. No access log: the app logs one line per request itself."""
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "support_desk.config.wsgi:application",
        "--bind",
        bind,
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


def listening_socket(host: str = "127.0.0.1") -> socket.socket:
    """A socket already bound to a free port and listening, for a server started as a child
    process (`gunicorn_command(bind=f"fd://{sock.fileno()}")` with `pass_fds`). Binding here
    and handing the socket over leaves no window in which another test could take the port."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, 0))
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


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
