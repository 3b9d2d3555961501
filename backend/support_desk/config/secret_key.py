"""Refuse a signing key that anyone could know or guess before a deployment starts with it.

A public key lets anyone forge session cookies (and so sign in as anyone) and every signed
link. Known keys are the development default and the `.env.example` placeholder; weak keys
are short or made of few distinct characters, the rule Django's own deployment check uses.
"""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

MIN_LENGTH = 50
MIN_DISTINCT_CHARACTERS = 5
KNOWN_PLACEHOLDERS = frozenset({"replace-me-with-50-or-more-random-characters"})
HOW_TO_MAKE_ONE = 'python -c "import secrets; print(secrets.token_urlsafe(50))"'


def require_strong_secret_key(value: str, *, development_key: str) -> str:
    """Return `value` when it is fit for production; otherwise stop with the reason."""
    if value == development_key or value in KNOWN_PLACEHOLDERS or value.startswith("django-insecure"):
        reason = "is a published example value"
    elif len(value) < MIN_LENGTH:
        reason = f"is {len(value)} characters long (at least {MIN_LENGTH} are needed)"
    elif len(set(value)) < MIN_DISTINCT_CHARACTERS:
        reason = f"uses fewer than {MIN_DISTINCT_CHARACTERS} distinct characters"
    else:
        return value
    raise ImproperlyConfigured(
        f"SECRET_KEY {reason}; production needs a random secret of its own. Make one with: {HOW_TO_MAKE_ONE}"
    )
