"""A real stack for fault tests: a throwaway PostgreSQL cluster and gunicorn serving the app.

Nothing here touches the shared PostgreSQL server: each cluster is initdb'ed into its own
temporary directory, listens on a free port of 127.0.0.1 only, and is removed afterwards.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest

from support_desk.core.process_commands import gunicorn_command, listening_socket, stop_process

PRODUCTION_SETTINGS = "support_desk.config.settings.production"
DATABASE_NAME = "supportdesk"


def find_postgres_bindir() -> Path | None:
    """The directory holding initdb and pg_ctl (newest installed version first), if any."""
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: p.parent.name, reverse=True)
    on_path = shutil.which("initdb")
    if on_path:
        candidates.append(Path(on_path).parent)
    for bindir in candidates:
        if (bindir / "initdb").is_file() and (bindir / "pg_ctl").is_file():
            return bindir
    return None


def unused_port() -> int:
    """A port nothing listened on a moment ago. Another process may take it before we bind it,
    so whoever uses this must retry on a clash (see PostgresCluster.init)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _run_as(user: str | None) -> list[str]:
    """Prefix for PostgreSQL's tools: they refuse to run as root, so root runs them as `user`."""
    return ["runuser", "-u", user, "--"] if user else []


class PostgresCluster:
    """A private PostgreSQL cluster that can be stopped and started again, like an outage."""

    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.port = unused_port()
        self.os_user: str | None = None
        if os.geteuid() == 0:
            try:
                pwd.getpwnam("postgres")
            except KeyError:
                pytest.skip("running as root and there is no `postgres` OS user to run PostgreSQL as")
            self.os_user = "postgres"
        # Not pytest's tmp_path: as root that lives in a 0700 directory the postgres user can't enter.
        self.root = Path(tempfile.mkdtemp(prefix="supportdesk-pg-"))
        self.data_dir = self.root / "data"
        self.log_file = self.root / "postgres.log"
        if self.os_user:
            entry = pwd.getpwnam(self.os_user)
            os.chown(self.root, entry.pw_uid, entry.pw_gid)

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{DATABASE_NAME}"

    def _tool(self, name: str, *args: str, timeout: float = 60) -> None:
        subprocess.run(
            [*_run_as(self.os_user), str(self.bindir / name), *args],
            check=True,
            capture_output=True,
            timeout=timeout,
        )

    def init(self) -> None:
        self._tool(
            "initdb", "-D", str(self.data_dir), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"
        )
        # PostgreSQL binds its own port: when a parallel test took the one chosen, try another.
        for attempt in range(5):
            try:
                self.start()
                break
            except subprocess.CalledProcessError:
                if attempt == 4 or "already in use" not in self.log_file.read_text(errors="replace"):
                    raise
                self.port = unused_port()
        with psycopg.connect(f"postgres://postgres@127.0.0.1:{self.port}/postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{DATABASE_NAME}"')

    def start(self) -> None:
        options = (
            f"-c listen_addresses=127.0.0.1 -c port={self.port} -c unix_socket_directories='' "
            "-c fsync=off -c max_connections=50"
        )
        self._tool(
            "pg_ctl",
            "start",
            "-w",
            "-t",
            "30",
            "-D",
            str(self.data_dir),
            "-l",
            str(self.log_file),
            "-o",
            options,
        )

    def stop(self, mode: str = "fast") -> None:
        self._tool("pg_ctl", "stop", "-w", "-t", "30", "-m", mode, "-D", str(self.data_dir))

    def is_running(self) -> bool:
        return (self.data_dir / "postmaster.pid").exists()

    def connect(self) -> psycopg.Connection[Any]:
        return psycopg.connect(self.url, autocommit=True)

    def destroy(self) -> None:
        if self.is_running():
            with contextlib.suppress(subprocess.SubprocessError):
                self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)


@contextlib.contextmanager
def postgres_cluster() -> Iterator[PostgresCluster]:
    bindir = find_postgres_bindir()
    if bindir is None:
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) are not installed")
    cluster = PostgresCluster(bindir)
    try:
        cluster.init()
        yield cluster
    finally:
        cluster.destroy()


def server_env(database_url: str, var_dir: Path, **overrides: str) -> dict[str, str]:
    """The environment of a production-like process (production settings, JSON logs)."""
    env = dict(os.environ)
    for key in ("DEBUG", "LOG_FORMAT", "SECURE_SSL_REDIRECT", "MAX_REQUEST_BYTES", "CORS_ALLOWED_ORIGINS"):
        env.pop(key, None)
    env.update(
        DJANGO_SETTINGS_MODULE=PRODUCTION_SETTINGS,
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database_url,
        SUPPORTDESK_VAR_DIR=str(var_dir),
        STATIC_ROOT=str(var_dir / "static"),
        LOG_LEVEL="INFO",
        PYTHONUNBUFFERED="1",
    )
    env.update(overrides)
    return env


def supportdesk(env: Mapping[str, str], *args: str, timeout: float = 120) -> str:
    """Run a management command in a child process; its standard output."""
    result = subprocess.run(
        [sys.executable, "-m", "support_desk", *args],
        env=dict(env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if result.returncode != 0:
        raise AssertionError(f"supportdesk {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def api_token(env: Mapping[str, str]) -> str | None:
    """A bearer token for an agent when the project has API tokens; None when the API is open."""
    if "create_api_token" not in supportdesk(env, "help"):
        return None
    output = supportdesk(env, "create_api_token", "fault-tests", "--role", "agent")
    # The command prints the token alone on its last line.
    return output.strip().splitlines()[-1].strip()


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes
    # Every header as sent (several Set-Cookie lines, say), where `headers` keeps the last.
    raw_headers: list[tuple[str, str]] = field(default_factory=list)

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Server:
    """gunicorn serving the app on 127.0.0.1:port, and an HTTP client for it."""

    port: int
    process: subprocess.Popen[bytes]
    log_file: Path
    token: str | None
    extra_headers: dict[str, str] = field(default_factory=dict)

    def headers(self, extra: Mapping[str, str] | None = None) -> dict[str, str]:
        # As behind the TLS proxy of a deployment: production settings redirect plain HTTP.
        headers = {"X-Forwarded-Proto": "https", **self.extra_headers}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        headers.update(extra or {})
        return headers

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: float = 15,
    ) -> Reply:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            connection.request(method, path, body=body, headers=self.headers(headers))
            response = connection.getresponse()
            raw = response.getheaders()
            return Reply(response.status, {k.lower(): v for k, v in raw}, response.read(), raw)
        finally:
            connection.close()

    def post_json(self, path: str, payload: Any, headers: Mapping[str, str] | None = None) -> Reply:
        return self.request(
            "POST",
            path,
            json.dumps(payload).encode(),
            {"Content-Type": "application/json", **(headers or {})},
        )

    def send_raw(self, raw: bytes, timeout: float = 15) -> Reply:
        """Send bytes exactly as given (for chunked bodies and other shapes http.client won't make)."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=timeout) as sock:
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                sock.sendall(raw)
            response = http.client.HTTPResponse(sock)
            response.begin()
            return Reply(response.status, {k.lower(): v for k, v in response.getheaders()}, response.read())

    def log_lines(self) -> list[str]:
        return self.log_file.read_text(errors="replace").splitlines()

    def is_alive(self) -> bool:
        return self.process.poll() is None


def wait_until_serving(server: Server, deadline_seconds: float = 30) -> None:
    deadline = time.monotonic() + deadline_seconds
    while time.monotonic() < deadline:
        if not server.is_alive():
            raise AssertionError("gunicorn exited:\n" + "\n".join(server.log_lines()[-40:]))
        with contextlib.suppress(OSError, http.client.HTTPException):
            if server.request("GET", "/healthz", timeout=2).status == 200:
                return
        time.sleep(0.2)
    raise AssertionError("gunicorn did not start serving:\n" + "\n".join(server.log_lines()[-40:]))


@contextlib.contextmanager
def gunicorn(
    env: Mapping[str, str], log_file: Path, *, workers: int = 2, threads: int = 4
) -> Iterator[Server]:
    """The app served as in production (the Docker image's command) on a socket bound here and
    handed to gunicorn, so no other test can take the port in between."""
    with listening_socket() as sock, log_file.open("wb") as log:
        port = sock.getsockname()[1]
        process = subprocess.Popen(
            gunicorn_command(
                bind=f"fd://{sock.fileno()}", workers=workers, threads=threads, graceful_timeout=5
            ),
            env=dict(env),
            stdout=log,
            stderr=subprocess.STDOUT,
            pass_fds=(sock.fileno(),),
        )
    server = Server(port=port, process=process, log_file=log_file, token=None)
    try:
        wait_until_serving(server)
        yield server
    finally:
        stop_process(process)


def _postgres_server_url() -> str | None:
    """The PostgreSQL server of DATABASE_URL (without the database name), when it is one."""
    url = os.environ.get("DATABASE_URL", "")
    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql", "pgsql"):
        return None
    return urlunsplit((parts.scheme, parts.netloc, "", "", ""))


@contextlib.contextmanager
def throwaway_database(tmp: Path) -> Iterator[str]:
    """The URL of an empty database that exists only inside the `with` block."""
    server_url = _postgres_server_url()
    if server_url is None:
        yield f"sqlite:///{tmp / 'app.sqlite3'}"
        return
    name = f"supportdesk_test_{secrets.token_hex(6)}"
    admin = f"{server_url}/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{server_url}/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
