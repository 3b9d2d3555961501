"""Chunked request bodies get the same size limit as bodies with a Content-Length.

Django enforces DATA_UPLOAD_MAX_MEMORY_SIZE by comparing it with CONTENT_LENGTH. A body sent with
`Transfer-Encoding: chunked` has no CONTENT_LENGTH, and Django then reads it as empty: a huge
chunked ticket would be parsed as a blank one (a confusing 400), and a small one would lose its
data. This WSGI wrapper reads such a body, at most one byte past the limit, and hands Django a
plain body with its length. A body over the limit therefore arrives with a Content-Length above
the limit, and Django refuses it exactly as it refuses any other oversized body (a JSON 413 under
/api/), without ever reading the rest.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

from django.conf import settings

_READ_CHUNK = 64 * 1024


class ChunkedBodyLimit:
    """Wraps the WSGI application; requests with a Content-Length pass through untouched."""

    def __init__(self, app: WSGIApplication) -> None:
        self.app = app

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        if (
            not environ.get("CONTENT_LENGTH")
            and "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower()
        ):
            limit = body_limit_for(environ.get("CONTENT_TYPE", ""))
            body = _read_at_most(environ["wsgi.input"], None if limit is None else limit + 1)
            environ["wsgi.input"] = io.BytesIO(body)
            environ["CONTENT_LENGTH"] = str(len(body))
        return self.app(environ, start_response)


def body_limit_for(content_type: str) -> int | None:
    """The largest body of this type: uploads and raw mail have limits of their own
    (REQUEST_BODY_LIMITS), everything else MAX_REQUEST_BYTES."""
    media_type = content_type.split(";")[0].strip().lower()
    limits: dict[str, int] = getattr(settings, "REQUEST_BODY_LIMITS", {})
    return limits.get(media_type, settings.DATA_UPLOAD_MAX_MEMORY_SIZE)


def _read_at_most(stream: io.BufferedIOBase, max_bytes: int | None) -> bytes:
    """Up to `max_bytes` of the stream (all of it when None), in bounded reads."""
    buffer = bytearray()
    while max_bytes is None or len(buffer) < max_bytes:
        want = _READ_CHUNK if max_bytes is None else min(_READ_CHUNK, max_bytes - len(buffer))
        chunk = stream.read(want)
        if not chunk:
            break
        buffer += chunk
    return bytes(buffer)
