"""A small HTTP client for the customer side's tests against a served app (pytest-django's
live_server): JSON and multipart bodies, the answer's status, headers, body and time."""

from __future__ import annotations

import http.client
import json
import secrets
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes
    seconds: float

    def json(self) -> Any:
        return json.loads(self.body)


def send(base_url: str, method: str, path: str, body: bytes | None = None, content_type: str = "") -> Answer:
    parts = urlsplit(base_url)
    connection = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=30)
    headers = {"Content-Type": content_type} if content_type else {}
    try:
        started = time.perf_counter()
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        data = response.read()
        seconds = time.perf_counter() - started
        return Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, data, seconds)
    finally:
        connection.close()


def post_json(base_url: str, path: str, payload: Any) -> Answer:
    return send(base_url, "POST", path, json.dumps(payload).encode(), "application/json")


def post_multipart(
    base_url: str, path: str, fields: dict[str, str], files: list[tuple[str, bytes]]
) -> Answer:
    boundary = secrets.token_hex(12)
    parts: list[bytes] = []
    for name, value in fields.items():
        disposition = f'Content-Disposition: form-data; name="{name}"'
        parts.append(f"--{boundary}\r\n{disposition}\r\n\r\n{value}\r\n".encode())
    for filename, content in files:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{filename}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n".encode()
            + content
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return send(base_url, "POST", path, b"".join(parts), f"multipart/form-data; boundary={boundary}")
