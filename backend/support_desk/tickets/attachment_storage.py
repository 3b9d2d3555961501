"""Where attachment files live: the `attachments` entry of STORAGES (a folder under var/ by
default, S3-compatible storage when configured). Kept apart from the models so migrations can
name these functions without importing the models."""

from __future__ import annotations

import re
import uuid
from typing import Any

from django.core.files.storage import Storage, storages


def attachment_storage() -> Storage:
    """The configured attachments storage (looked up at use, so settings overrides apply)."""
    return storages["attachments"]


def attachment_upload_path(instance: Any, filename: str) -> str:
    """`tickets/<id>/<random>/<safe name>`: a random folder per file, so names never collide and
    a path cannot be guessed from a ticket number."""
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", filename)[-100:].strip("._") or "file"
    return f"tickets/{instance.ticket_id}/{uuid.uuid4().hex}/{safe}"
