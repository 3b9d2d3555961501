"""One-time sign-in links sent by mail (Django's signing, single use enforced in the database).

A link's token is `signing.dumps({"id": <row>, "n": <nonce>})` under its own salt: the
signature proves Support Desk made it, the row says whom it signs in, where to, until when,
and whether it was used. Using it is one conditional UPDATE, so two clicks at the same moment
cannot both succeed.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.core import signing
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from support_desk.accounts.models import SignInLink, User

SALT = "support_desk.accounts.sign_in_link"
MAX_TOKEN_LENGTH = 400


def _digest(nonce: str) -> str:
    return hashlib.sha256(nonce.encode()).hexdigest()


MAX_NEXT_PATH_LENGTH = 300


def is_local_path(value: str) -> bool:
    """Whether `value` is a path of this site that no browser can read as another site's: it
    starts with one `/`, holds no backslash, no scheme or host, and no space or control
    character (browsers drop a tab or a line break, so `/<tab>/evil.example` is `//evil.example`)."""
    return (
        value.startswith("/")
        and not value.startswith("//")
        and "\\" not in value
        and len(value) <= MAX_NEXT_PATH_LENGTH
        and all(" " < char < "\x7f" for char in value)
        and url_has_allowed_host_and_scheme(value, allowed_hosts=set())
    )


def safe_next_path(path: str | None) -> str:
    """A path inside the web app (never another site: see `is_local_path`), else `/`."""
    return path if path and is_local_path(path) else "/"


def sign_in_link_create(*, user: User, next_path: str, max_age_seconds: int) -> str:
    """Record a link for `user` that leads to `next_path`; returns the token it carries."""
    nonce = secrets.token_urlsafe(24)
    now = timezone.now()
    link = SignInLink.objects.create(
        user=user,
        digest=_digest(nonce),
        next_path=safe_next_path(next_path),
        created_at=now,
        expires_at=now + timedelta(seconds=max_age_seconds),
    )
    return signing.dumps({"id": link.pk, "n": nonce}, salt=SALT)


@dataclass(frozen=True)
class SignedIn:
    user: User
    next_path: str


def sign_in_link_use(*, token: str) -> SignedIn | None:
    """The person a valid, unexpired, unused link signs in (and where to); the link is used up.
    None for anything else: a forged, expired or used link, or one for staff who may not."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    try:
        payload = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("id"), int):
        return None
    nonce = payload.get("n")
    if not isinstance(nonce, str):
        return None
    now = timezone.now()
    used = SignInLink.objects.filter(
        pk=payload["id"], digest=_digest(nonce), used_at__isnull=True, expires_at__gt=now
    ).update(used_at=now)
    if used != 1:
        return None
    link = SignInLink.objects.select_related("user").get(pk=payload["id"])
    if not link.user.may_use_sign_in_links:
        return None
    return SignedIn(user=link.user, next_path=link.next_path)


def sign_in_links_purge(*, older_than: timedelta = timedelta(days=1)) -> int:
    """Delete links that expired more than `older_than` ago; returns how many."""
    deleted, _ = SignInLink.objects.filter(expires_at__lt=timezone.now() - older_than).delete()
    return deleted
