"""The inbound webhook's body: one raw e-mail."""

from __future__ import annotations

from collections.abc import Mapping
from typing import IO, Any

from django.conf import settings
from rest_framework.parsers import BaseParser

from support_desk.core.parsers import RequestTooLarge, content_length


class RawMessageParser(BaseParser):
    """A raw e-mail (`message/rfc822`), as bytes, up to MAIL_MAX_MESSAGE_BYTES."""

    media_type = "message/rfc822"

    def parse(
        self, stream: IO[Any], media_type: str | None = None, parser_context: Mapping[str, Any] | None = None
    ) -> Any:
        """The body's bytes (request.data is then `bytes`)."""
        limit = settings.MAIL_MAX_MESSAGE_BYTES
        if content_length(parser_context) > limit:
            raise RequestTooLarge("The message is larger than MAIL_MAX_MESSAGE_BYTES.")
        data = stream.read(limit + 1) if stream is not None else b""
        if len(data) > limit:
            raise RequestTooLarge("The message is larger than MAIL_MAX_MESSAGE_BYTES.")
        return bytes(data)
