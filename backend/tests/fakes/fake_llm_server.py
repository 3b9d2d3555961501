"""A real local HTTP server that speaks the OpenAI chat-completions API, for tests and demos.

It answers ``POST /v1/chat/completions`` and ``POST /openai/v1/chat/completions`` (plus
``GET /v1/models``) with OpenAI-shaped JSON. Tests script it per request with ``enqueue``
(a good answer, fenced JSON, prose, invalid labels, garbage, 500, 429 with Retry-After,
a hang, …) and read back every request it received from ``requests``. With nothing
scripted it answers in "smart" mode: labels derived from keywords in the ticket text; for a
reply-draft prompt, the first past reply it was given, citing that ticket (or "none fits"
when it was given none); for a summary prompt, the first and last messages of the thread.

Standalone, for browser tests and benchmarks::

    python backend/tests/fakes/fake_llm_server.py --port 8765 [--mode smart]
"""

from __future__ import annotations

import argparse
import json
import re
import signal
import sys
import threading
import time
import uuid
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

try:
    from support_desk.triage.taxonomy import Category, Priority
except ModuleNotFoundError:  # run as a script from a checkout: make backend/ importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from support_desk.triage.taxonomy import Category, Priority

CHAT_PATHS = frozenset({"/v1/chat/completions", "/openai/v1/chat/completions", "/chat/completions"})
MODEL_PATHS = frozenset({"/v1/models", "/openai/v1/models", "/models"})
MODES = ("smart", "error", "hang", "garbage")


@dataclass(frozen=True)
class Step:
    """One scripted reply. ``content`` is the assistant message for a 200; ``body`` overrides all."""

    status: int = 200
    content: str | None = None
    body: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


def answer(category: str, priority: str) -> Step:
    """A well-formed JSON answer."""
    return Step(content=json.dumps({"category": category, "priority": priority}))


def draft(reply: str, cited: list[object]) -> Step:
    """A reply-draft answer citing ``cited`` (ticket numbers, as the model would write them)."""
    return Step(content=json.dumps({"reply": reply, "cited_tickets": cited}))


def none_fits() -> Step:
    """A reply-draft answer saying that no past reply fits."""
    return Step(content=json.dumps({"reply": "", "cited_tickets": [], "none_fits": True}))


def summary(wants: str, tried: str, pending: str) -> Step:
    return Step(content=json.dumps({"wants": wants, "tried": tried, "pending": pending}))


def content(text: str) -> Step:
    """A 200 whose assistant message is ``text`` verbatim (fenced JSON, prose, garbage…)."""
    return Step(content=text)


def error(status: int, message: str = "scripted error", *, retry_after: str | None = None) -> Step:
    """An OpenAI-shaped error response, optionally with a Retry-After header."""
    headers = {"Retry-After": retry_after} if retry_after is not None else {}
    body = json.dumps({"error": {"message": message, "type": "fake_error", "code": status}})
    return Step(status=status, body=body, headers=headers)


def hang(seconds: float, then: Step | None = None) -> Step:
    """Wait ``seconds`` before replying (with ``then``, or a smart answer)."""
    base = then or Step()
    return Step(status=base.status, content=base.content, body=base.body, headers=base.headers, delay=seconds)


@dataclass(frozen=True)
class RecordedRequest:
    """What the server received: method, path, headers (lower-cased names) and the JSON body."""

    method: str
    path: str
    headers: dict[str, str]
    body: dict[str, Any]

    def message(self, role: str) -> str:
        """Content of the first message with ``role`` ("" when there is none)."""
        for message in self.body.get("messages", []):
            if message.get("role") == role:
                return str(message.get("content", ""))
        return ""

    @property
    def system(self) -> str:
        return self.message("system")

    @property
    def user(self) -> str:
        return self.message("user")


# --- smart mode ---------------------------------------------------------------------------

_CATEGORY_KEYWORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        Category.BILLING,
        ("invoice", "refund", "charge", "billing", "payment", "subscription", "price", "paid"),
    ),
    (
        Category.ACCOUNT,
        ("password", "login", "log in", "sign in", "2fa", "locked out", "account", "permission"),
    ),
    (Category.TECHNICAL, ("crash", "error", "bug", "exception", "timeout", "slow", "broken", "fails", "api")),
)
_PRIORITY_KEYWORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (Priority.CRITICAL, (" down", "outage", "data loss", "breach", "all users", "everyone")),
    (Priority.HIGH, ("urgent", "asap", "cannot", "can't", "not working", "blocked", "broken")),
    (Priority.LOW, ("question", "feature request", "typo", "how do i", "cosmetic", "suggestion")),
)
_TICKET_RE = re.compile(r"<ticket>(.*)</ticket>", re.DOTALL | re.IGNORECASE)
_PAST_REPLY_RE = re.compile(r'<past_reply ticket="(\d+)">.*?Reply: (.*?)\n</past_reply>', re.DOTALL)
_MESSAGE_RE = re.compile(r'<message from="([^"]+)">\n(.*?)\n</message>', re.DOTALL)


def smart_answer(body: dict[str, Any]) -> str:
    """What a plausible model answers to a triage, draft or summary prompt."""
    user_messages = [m.get("content", "") for m in body.get("messages", []) if m.get("role") == "user"]
    user = str(user_messages[-1]) if user_messages else ""
    if "<past_reply" in user or "Draft a reply" in user:
        past = _PAST_REPLY_RE.findall(user)
        if not past:
            return json.dumps({"reply": "", "cited_tickets": [], "none_fits": True})
        ticket, reply = past[0]
        return json.dumps({"reply": reply.strip(), "cited_tickets": [int(ticket)]})
    if "<thread>" in user:
        messages = _MESSAGE_RE.findall(user)
        first, last = messages[0][1], messages[-1][1]
        return json.dumps({"wants": first[:200], "tried": last[:200], "pending": f"{len(messages)} messages"})
    category, priority = smart_labels(_ticket_text(body))
    return json.dumps({"category": category, "priority": priority})


def smart_labels(text: str) -> tuple[str, str]:
    """Category and priority from keywords, like a plausible (if simple-minded) model."""
    lowered = f" {text.lower()}"
    category = next(
        (str(label) for label, words in _CATEGORY_KEYWORDS if any(word in lowered for word in words)),
        str(Category.GENERAL),
    )
    priority = next(
        (str(label) for label, words in _PRIORITY_KEYWORDS if any(word in lowered for word in words)),
        str(Priority.MEDIUM),
    )
    return category, priority


def _ticket_text(body: dict[str, Any]) -> str:
    user_messages = [m.get("content", "") for m in body.get("messages", []) if m.get("role") == "user"]
    text = str(user_messages[-1]) if user_messages else ""
    match = _TICKET_RE.search(text)
    return match.group(1) if match else text


# --- the server ---------------------------------------------------------------------------


class FakeLLMServer:
    """The fake provider. Use as a context manager or call ``start()``/``stop()``."""

    def __init__(
        self, host: str = "127.0.0.1", port: int = 0, *, mode: str = "smart", delay: float = 0.0
    ) -> None:
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}")
        self.mode = mode
        self.delay = delay
        #: When True, any request carrying ``response_format`` gets a 400 (like servers without JSON mode).
        self.reject_response_format = False
        self._lock = threading.Lock()
        self._steps: deque[Step] = deque()
        self._requests: list[RecordedRequest] = []
        self._stopping = threading.Event()
        self._httpd = ThreadingHTTPServer((host, port), _make_handler(self))
        self._httpd.daemon_threads = True
        self._httpd.block_on_close = False  # a hanging handler must not hold up teardown
        self._thread: threading.Thread | None = None

    # lifecycle
    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    @property
    def url(self) -> str:
        """Root URL, e.g. ``http://127.0.0.1:8765``."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def base_url(self) -> str:
        """The OpenAI-style base URL to configure a client with (``…/v1``)."""
        return f"{self.url}/v1"

    def start(self) -> FakeLLMServer:
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, name="fake-llm", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()  # wakes handlers sleeping in a scripted hang
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> FakeLLMServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # scripting
    def enqueue(self, *steps: Step) -> None:
        """Replies for the next requests, in order; afterwards the mode's default applies."""
        with self._lock:
            self._steps.extend(steps)

    def reset(self) -> None:
        with self._lock:
            self._steps.clear()
            self._requests.clear()
        self.reject_response_format = False

    @property
    def requests(self) -> list[RecordedRequest]:
        """Every chat-completions request received so far (a copy)."""
        with self._lock:
            return list(self._requests)

    # request handling (called from handler threads)
    def _record(self, request: RecordedRequest) -> None:
        with self._lock:
            self._requests.append(request)

    def _next_step(self, body: dict[str, Any]) -> Step:
        if self.reject_response_format and "response_format" in body:
            return error(400, "response_format is not supported by this server")
        with self._lock:
            if self._steps:
                return self._steps.popleft()
        if self.mode == "error":
            return error(500, "fake server in error mode")
        if self.mode == "garbage":
            return content("I am not sure what you mean.")
        if self.mode == "hang":
            return hang(3600)
        return Step(delay=self.delay)

    def _sleep(self, seconds: float) -> None:
        self._stopping.wait(seconds)

    def _completion(self, body: dict[str, Any], message: str | None) -> str:
        if message is None:
            message = smart_answer(body)
        return json.dumps(
            {
                "id": f"chatcmpl-{uuid.uuid4().hex[:12]}",
                "object": "chat.completion",
                "created": int(time.time()),
                "model": str(body.get("model", "fake-model")),
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": message},
                        "finish_reason": "stop",
                    }
                ],
                "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
            }
        )


def _make_handler(server: FakeLLMServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body go out in separate writes

        def log_message(self, format: str, *args: Any) -> None:
            pass  # keep test output clean

        def do_GET(self) -> None:
            if self.path.split("?")[0] in MODEL_PATHS:
                models = {
                    "object": "list",
                    "data": [{"id": "fake-model", "object": "model", "owned_by": "fake"}],
                }
                self._send(200, json.dumps(models))
            else:
                self._send(404, json.dumps({"error": {"message": "not found"}}))

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            path = self.path.split("?")[0]
            if path not in CHAT_PATHS:
                self._send(404, json.dumps({"error": {"message": f"no route for {path}"}}))
                return
            try:
                body = json.loads(raw or b"{}")
            except json.JSONDecodeError:
                self._send(400, json.dumps({"error": {"message": "body is not JSON"}}))
                return
            headers = {name.lower(): value for name, value in self.headers.items()}
            server._record(RecordedRequest("POST", path, headers, body))
            step = server._next_step(body)
            if step.delay:
                server._sleep(step.delay)
            payload = step.body if step.body is not None else server._completion(body, step.content)
            self._send(step.status, payload, step.headers)

        def _send(self, status: int, payload: str, headers: dict[str, str] | None = None) -> None:
            data = payload.encode("utf-8")
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (its deadline passed): expected in timeout tests

    return Handler


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Fake OpenAI-compatible chat-completions server.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--mode", choices=MODES, default="smart")
    parser.add_argument("--delay", type=float, default=0.0, help="seconds to wait before each smart answer")
    args = parser.parse_args(argv)
    server = FakeLLMServer(args.host, args.port, mode=args.mode, delay=args.delay)
    server.start()
    # Stop cleanly on `kill` as well as on Ctrl-C, so scripts can manage it by pid.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print(
        f"Fake LLM server ({args.mode}) on http://{args.host}:{server.port} — base URL "
        f"http://{args.host}:{server.port}/v1",
        flush=True,
    )
    try:
        while True:
            time.sleep(3600)
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
