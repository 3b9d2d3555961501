"""A real HTTP server that receives webhooks: it records each request and answers with the
statuses a test queues (200 once they run out); it can hold its answers until released, and
speak TLS with a given certificate (recording the server name each client asked for)."""

from __future__ import annotations

import ssl
import threading
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any


@dataclass
class ReceivedHook:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class WebhookReceiver:
    statuses: deque[int] = field(default_factory=deque)
    received: list[ReceivedHook] = field(default_factory=list)
    # Cleared: every answer waits until the test sets it (a slow receiver).
    answer_gate: threading.Event = field(default_factory=threading.Event)
    arrived: threading.Condition = field(default_factory=threading.Condition)
    # (certificate, key): HTTPS instead of HTTP.
    certificate: tuple[Path, Path] | None = None
    server_names: list[str | None] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.answer_gate.set()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                with receiver.arrived:
                    receiver.received.append(ReceivedHook(self.path, dict(self.headers.items()), body))
                    receiver.arrived.notify_all()
                receiver.answer_gate.wait(timeout=30)
                status = receiver.statuses.popleft() if receiver.statuses else 200
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: object) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        if self.certificate:
            tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            tls.load_cert_chain(*self.certificate)

            def record_name(sock: Any, name: str | None, context: Any) -> None:
                receiver.server_names.append(name)

            tls.sni_callback = record_name
            self.server.socket = tls.wrap_socket(self.server.socket, server_side=True)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        scheme = "https" if self.certificate else "http"
        return f"{scheme}://127.0.0.1:{self.server.server_address[1]}/hooks"

    def wait_for(self, count: int, timeout: float = 20) -> list[ReceivedHook]:
        """Block until `count` requests have arrived (an observable event, not a sleep)."""
        with self.arrived:
            if not self.arrived.wait_for(lambda: len(self.received) >= count, timeout=timeout):
                raise AssertionError(f"expected {count} webhook requests, got {len(self.received)}")
            return list(self.received)

    def close(self) -> None:
        self.answer_gate.set()
        self.server.shutdown()
        self.server.server_close()
