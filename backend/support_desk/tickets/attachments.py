"""Files on tickets and messages: what an upload is, its limits, its name, and how it is kept.

The same rules apply to a file uploaded in the web app, sent through the API or taken from an
e-mail: at most MAX_ATTACHMENT_BYTES per file and per message (all its files together), at most
MAX_ATTACHMENTS_PER_MESSAGE files, and a display name that cannot climb out of a folder, carry
control characters or pass for another extension.
"""

from __future__ import annotations

import mimetypes
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile

from support_desk.accounts.models import User
from support_desk.core.errors import ApplicationError, ErrorCode
from support_desk.tickets.models import Attachment, Ticket, TicketMessage

FILENAME_MAX_LENGTH = 150
# Types a browser would render or run if it were ever shown inline; served as plain bytes.
ACTIVE_CONTENT_TYPES = frozenset(
    {
        "text/html",
        "application/xhtml+xml",
        "image/svg+xml",
        "text/xml",
        "application/xml",
        "text/javascript",
        "application/javascript",
        "application/x-javascript",
        "text/css",
    }
)
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
_CONTENT_TYPE = re.compile(r"^[a-z0-9][a-z0-9!#$&^_.+-]{0,62}/[a-z0-9][a-z0-9!#$&^_.+-]{0,62}$")


@dataclass(frozen=True)
class AttachmentUpload:
    """A file to attach, from any channel: its bytes and what its sender called it."""

    filename: str
    content: bytes
    content_type: str = ""
    is_inline: bool = False

    @property
    def size(self) -> int:
        return len(self.content)


class AttachmentTooLarge(ApplicationError):
    status_code = 413

    def __init__(self, detail: str) -> None:
        super().__init__(detail, code=ErrorCode.REQUEST_TOO_LARGE)


def sanitize_filename(name: str | None) -> str:
    """A name safe to show and to offer for download: no folders (`../`, `C:\\`), no control or
    direction-changing characters, no leading dots, at most FILENAME_MAX_LENGTH characters with
    the extension kept; `attachment` when nothing is left."""
    text = unicodedata.normalize("NFC", name or "")
    text = re.split(r"[/\\]", text)[-1]
    text = _CONTROL.sub("", text).replace('"', "'").strip().lstrip(".").strip()
    if len(text) > FILENAME_MAX_LENGTH:
        stem, dot, extension = text.rpartition(".")
        if dot and 0 < len(extension) <= 16:
            text = stem[: FILENAME_MAX_LENGTH - len(extension) - 1] + "." + extension
        else:
            text = text[:FILENAME_MAX_LENGTH]
    return text or "attachment"


def content_type_for(upload: AttachmentUpload, filename: str) -> str:
    """The declared type when it is a well-formed one, else a guess from the name."""
    declared = (upload.content_type or "").split(";")[0].strip().lower()
    if _CONTENT_TYPE.match(declared) and declared != "application/octet-stream":
        return declared
    guessed, _ = mimetypes.guess_type(filename)
    return guessed or "application/octet-stream"


def check_attachment_limits(uploads: Sequence[AttachmentUpload]) -> None:
    """Refuse (413) a set of files over the per-file, per-message or count limits."""
    limit = settings.MAX_ATTACHMENT_BYTES
    if len(uploads) > settings.MAX_ATTACHMENTS_PER_MESSAGE:
        raise AttachmentTooLarge(
            f"At most {settings.MAX_ATTACHMENTS_PER_MESSAGE} files can be attached to one message."
        )
    for upload in uploads:
        if upload.size > limit:
            raise AttachmentTooLarge(
                f"{sanitize_filename(upload.filename)} is larger than the {_megabytes(limit)} limit per file."
            )
    if sum(upload.size for upload in uploads) > limit:
        raise AttachmentTooLarge(f"The files together are larger than the {_megabytes(limit)} limit.")


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:g} MB"


def attachments_store(
    *,
    ticket: Ticket,
    message: TicketMessage | None,
    uploads: Sequence[AttachmentUpload],
    uploaded_by: User | None,
) -> list[Attachment]:
    """Write the files to the attachments storage and record them (inside the caller's
    transaction: a rolled-back ticket leaves at most orphan files, never rows without files)."""
    stored = []
    for upload in uploads:
        filename = sanitize_filename(upload.filename)
        attachment = Attachment(
            ticket=ticket,
            message=message,
            filename=filename,
            content_type=content_type_for(upload, filename),
            size=upload.size,
            is_inline=upload.is_inline,
            uploaded_by=uploaded_by,
        )
        attachment.file.save(filename, ContentFile(upload.content), save=False)
        attachment.save(force_insert=True)
        stored.append(attachment)
    return stored
