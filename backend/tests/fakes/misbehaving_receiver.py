"""Real TCP servers on a loopback port that misbehave the way broken webhook receivers do: a
non-HTTP answer, no answer at all, a reset, an answer that trickles or never ends."""

from __future__ import annotations

import socket
import struct
import threading
import time
from collections.abc import Callable

# What each server does with a connection once the request has arrived.
Behaviour = Callable[[socket.socket], None]


def _reset(conn: socket.socket) -> None:
    # SO_LINGER 0: close sends a TCP reset instead of a clean end.
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    conn.close()


def says_hello(conn: socket.socket) -> None:
    """Answers with a line that is not an HTTP status line."""
    conn.sendall(b"HELLO\r\n")


def never_answers(conn: socket.socket) -> None:
    """Keeps the connection open and says nothing, until the client hangs up."""
    conn.settimeout(60)
    while conn.recv(65536):
        pass


def resets(conn: socket.socket) -> None:
    """Resets the connection without a word."""
    _reset(conn)


def resets_mid_body(conn: socket.socket) -> None:
    """A 200 promising 1,000 bytes, ten of them, then a reset."""
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n0123456789")
    time.sleep(0.1)
    _reset(conn)


def trickles(conn: socket.socket) -> None:
    """A 200 whose body arrives a byte every 0.2 s: each read is quick, the whole is not."""
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n")
    for _ in range(100):
        conn.sendall(b"x")
        time.sleep(0.2)


def answers_too_much(conn: socket.socket) -> None:
    """A 200 with a 10 MB body."""
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 10000000\r\n\r\n")
    chunk = b"x" * 65536
    for _ in range(10_000_000 // len(chunk) + 1):
        conn.sendall(chunk)


class MisbehavingReceiver:
    """Listens on 127.0.0.1; each connection's first bytes are read (the request, or a TLS
    greeting), then `behaviour` runs."""

    def __init__(self, behaviour: Behaviour):
        self.behaviour = behaviour
        self.connections = 0
        self._lock = threading.Lock()
        self._closed = threading.Event()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.2)
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def port(self) -> int:
        return int(self._listener.getsockname()[1])

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks"

    def _serve(self) -> None:
        while not self._closed.is_set():
            try:
                conn, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with self._lock:
                self.connections += 1
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn: socket.socket) -> None:
        try:
            conn.settimeout(5)
            if conn.recv(65536):
                self.behaviour(conn)
        except OSError:
            pass  # the client gave up: that is what the tests provoke
        finally:
            conn.close()

    def close(self) -> None:
        self._closed.set()
        self._listener.close()
