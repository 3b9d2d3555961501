"""Settings for the test suite: same as base, with fast password hashing."""

from __future__ import annotations

from support_desk.config.env import env_bool, env_str
from support_desk.config.settings.base import *  # noqa: F403

# Suggestions change a new ticket's labels; tests that exercise triage turn it on themselves.
TRIAGE_PROVIDER = env_str("TRIAGE_PROVIDER", "off")
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGGING = {**LOGGING, "root": {"handlers": ["console"], "level": "WARNING"}}  # noqa: F405
# One cache per test process: xdist workers must not share (or clear) each other's counts.
# Servers the tests start run the real settings, with a cache of their own under their var/.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Never real mail from the tests: they read Django's outbox, or point a test at their own
# SMTP server (aiosmtpd) explicitly.
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SUPPORT_EMAIL_ADDRESS = "support@desk.test"
DEFAULT_FROM_EMAIL = SUPPORT_EMAIL_ADDRESS
PUBLIC_BASE_URL = "http://desk.test"
MAIL_INBOX_URL = None
MAIL_INBOUND_SECRET = "test-inbound-secret-0123456789"  # noqa: S105 - a test value
# Embedding every ticket the suite creates would slow it down; assistance tests turn it on.
ASSIST_ENABLED = env_bool("ASSIST_ENABLED", False)
# DKIM keys come from the DNS server a test starts (tests/mail/dkim.py); without one, a lookup
# fails at once on this closed loopback port and never leaves the machine.
MAIL_DNS_NAMESERVERS = ["127.0.0.1:9"]
MAIL_DNS_TIMEOUT_SECONDS = 1
