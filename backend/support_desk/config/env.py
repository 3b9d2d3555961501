"""Environment parsing in one place: the only module that reads `os.environ` for settings.

Every accessor follows the same rules: an unset or blank variable takes the default, and a
value that does not parse (or is out of range) stops the process at start with a message
naming the variable, never a warning and a silent default.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}
_RATE = re.compile(r"^\s*(\d{1,9})\s*/\s*(s|sec|second|m|min|minute|h|hour|d|day)\s*$", re.IGNORECASE)


def _raw(name: str) -> str | None:
    """The variable's value, or None when it is unset or blank."""
    value = os.environ.get(name)
    if value is None or not value.strip():
        return None
    return value.strip()


def env_str(name: str, default: str = "") -> str:
    """A string variable, or the default when it is unset or blank."""
    value = _raw(name)
    return default if value is None else value


def env_required(name: str) -> str:
    """A variable that must be set (and not blank); a clear error at start otherwise."""
    value = _raw(name)
    if value is None:
        raise ImproperlyConfigured(f"The environment variable {name} is required with these settings.")
    return value


def env_bool(name: str, default: bool = False) -> bool:
    raw = _raw(name)
    if raw is None:
        return default
    lowered = raw.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), got {raw!r}.")


def env_int(name: str, default: int, *, minimum: int | None = None, maximum: int | None = None) -> int:
    raw = _raw(name)
    if raw is None:
        return default
    if not re.fullmatch(r"-?[0-9]{1,18}", raw):
        raise ImproperlyConfigured(f"{name} must be a whole number, got {raw!r}.")
    value = int(raw)
    _check_range(name, value, minimum, maximum)
    return value


def env_float(
    name: str, default: float, *, minimum: float | None = None, maximum: float | None = None
) -> float:
    raw = _raw(name)
    if raw is None:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = float("nan")
    if value != value or value in (float("inf"), float("-inf")):
        raise ImproperlyConfigured(f"{name} must be a number, got {raw!r}.")
    _check_range(name, value, minimum, maximum)
    return value


def _check_range(name: str, value: float, minimum: float | None, maximum: float | None) -> None:
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {value}.")
    if maximum is not None and value > maximum:
        raise ImproperlyConfigured(f"{name} must be at most {maximum}, got {value}.")


def env_list(name: str, default: Iterable[str] = ()) -> list[str]:
    """A comma-separated list; blanks are dropped."""
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_choice(name: str, default: str, choices: Iterable[str]) -> str:
    """One of `choices` (case-insensitive)."""
    allowed = tuple(choices)
    value = env_str(name, default).lower()
    if value not in allowed:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(allowed)}; got {value!r}.")
    return value


def env_rate(name: str, default: str) -> str:
    """A rate limit such as `60/min` (count per second, minute, hour or day)."""
    value = env_str(name, default)
    if not _RATE.match(value):
        raise ImproperlyConfigured(f"{name} must be a rate such as 60/min or 1000/day, got {value!r}.")
    return value.replace(" ", "")


def env_path(name: str, default: Path) -> Path:
    """A file system path; relative paths are taken from the working directory."""
    raw = _raw(name)
    return default if raw is None else Path(raw)


def env_email_address(name: str, default: str = "") -> str:
    """A plain e-mail address (`support@example.com`), lower-cased; blank stays blank."""
    value = env_str(name, default)
    if value and not re.fullmatch(r"[^@\s<>\"(),;:]+@[A-Za-z0-9.-]+\.[A-Za-z0-9-]+", value):
        raise ImproperlyConfigured(
            f"{name} must be an e-mail address such as support@example.com, got {value!r}."
        )
    return value.lower()


def _url_parts(name: str, value: str, schemes: dict[str, int]) -> dict[str, object]:
    """Scheme, host, port, user, password and path of a mail server URL, checked strictly."""
    parsed = urlsplit(value)
    scheme = parsed.scheme.lower()
    if scheme not in schemes:
        raise ImproperlyConfigured(
            f"{name} must start with {' or '.join(s + '://' for s in schemes)}; got {value!r}."
        )
    try:
        port = parsed.port
    except ValueError:
        raise ImproperlyConfigured(f"{name} has an invalid port: {value!r}.") from None
    if not parsed.hostname:
        raise ImproperlyConfigured(
            f"{name} must name a host, as in {scheme}://user:password@host; got {value!r}."
        )
    return {
        "scheme": scheme,
        "host": parsed.hostname,
        "port": port or schemes[scheme],
        "user": unquote(parsed.username or ""),
        "password": unquote(parsed.password or ""),
        "path": unquote(parsed.path.lstrip("/")),
    }


def env_smtp_url(name: str) -> dict[str, object] | None:
    """An outgoing mail server: `smtp://user:password@host:587` (STARTTLS when offered, and
    required before a password) or
    `smtps://user:password@host:465` (TLS from the start); None when unset. Names and
    passwords with special characters are percent-encoded in the URL."""
    value = _raw(name)
    if value is None:
        return None
    parts = _url_parts(name, value, {"smtp": 587, "smtps": 465})
    return {**parts, "use_ssl": parts["scheme"] == "smtps"}


def env_imap_url(name: str) -> dict[str, object] | None:
    """A mailbox to poll: `imap://user:password@host:143/INBOX` (STARTTLS when offered) or
    `imaps://user:password@host:993/INBOX`; the folder defaults to INBOX. None when unset."""
    value = _raw(name)
    if value is None:
        return None
    parts = _url_parts(name, value, {"imap": 143, "imaps": 993})
    if not parts["user"]:
        raise ImproperlyConfigured(
            f"{name} must carry the mailbox's user name, as in imap://user:password@host."
        )
    return {**parts, "folder": parts["path"] or "INBOX"}
