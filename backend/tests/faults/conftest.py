"""Fixtures for fault tests: a private PostgreSQL cluster with gunicorn in front of it."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.faults.server import (
    PostgresCluster,
    Server,
    api_token,
    gunicorn,
    postgres_cluster,
    server_env,
    supportdesk,
)


@dataclass
class Stack:
    cluster: PostgresCluster
    server: Server

    def ticket_count(self) -> int:
        with self.cluster.connect() as conn:
            row = conn.execute("SELECT count(*) FROM tickets_ticket").fetchone()
        assert row is not None
        return int(row[0])


@pytest.fixture(scope="module")
def stack() -> Iterator[Stack]:
    """A migrated database and the app served by gunicorn with production settings."""
    with postgres_cluster() as cluster, tempfile.TemporaryDirectory(prefix="supportdesk-app-") as tmp:
        var_dir = Path(tmp)
        env = server_env(cluster.url, var_dir)
        (var_dir / "static").mkdir()  # as collectstatic would leave it
        supportdesk(env, "migrate", "--noinput")
        token = api_token(env)
        with gunicorn(env, var_dir / "gunicorn.log") as server:
            server.token = token
            yield Stack(cluster=cluster, server=server)
