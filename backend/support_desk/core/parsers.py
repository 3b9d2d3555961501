"""Request body parsing that turns every malformed body into a clear 400."""

from __future__ import annotations

from collections.abc import Mapping
from typing import IO, Any

from django.conf import settings
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser, MultiPartParser

from support_desk.core.errors import ApplicationError, ErrorCode


class SafeJSONParser(JSONParser):
    """DRF's JSON parser, but pathologically nested JSON is a 400, not a crash."""

    def parse(
        self, stream: IO[Any], media_type: str | None = None, parser_context: Mapping[str, Any] | None = None
    ) -> Any:
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError("JSON parse error - the document is nested too deeply.") from None


class RequestTooLarge(ApplicationError):
    status_code = 413

    def __init__(self, detail: str = "The request body is too large.") -> None:
        super().__init__(detail, code=ErrorCode.REQUEST_TOO_LARGE)


def content_length(parser_context: Mapping[str, Any] | None) -> int:
    request = (parser_context or {}).get("request")
    meta = getattr(request, "META", {})
    try:
        return int(meta.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


class LimitedMultiPartParser(MultiPartParser):
    """File uploads, refused (413) before any reading when the body is larger than the files
    (MAX_ATTACHMENT_BYTES) and the form fields (MAX_REQUEST_BYTES) may add up to."""

    def parse(
        self, stream: IO[Any], media_type: str | None = None, parser_context: Mapping[str, Any] | None = None
    ) -> Any:
        if content_length(parser_context) > settings.MAX_UPLOAD_REQUEST_BYTES:
            raise RequestTooLarge("The files are larger than the upload limit.")
        return super().parse(stream, media_type, parser_context)
