"""People who use Support Desk, their roles, the API tokens integrations sign in with, their
browser sessions and the record of every sign-in and security change."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone


class Role(models.TextChoices):
    REQUESTER = "requester", "Requester"
    AGENT = "agent", "Agent"
    ADMIN = "admin", "Admin"


# Roles that work tickets: they see every ticket, internal notes and statistics.
STAFF_ROLES: frozenset[str] = frozenset({Role.AGENT, Role.ADMIN})


class SupportDeskUserManager(UserManager["User"]):
    def create_superuser(
        self, username: str, email: str | None = None, password: str | None = None, **extra_fields: Any
    ) -> User:
        """`supportdesk createsuperuser` makes an admin: someone who runs the Django admin also
        works tickets there, and their edits count as an agent's."""
        extra_fields.setdefault("role", Role.ADMIN)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.REQUESTER)
    # Customers may always sign in with an e-mailed link; staff only when an admin allows it.
    magic_link_allowed = models.BooleanField(
        "may sign in with an e-mailed link",
        default=False,
        help_text="For agents and admins only (customers always may): a link sent by mail signs them in.",
    )

    objects: ClassVar[SupportDeskUserManager] = SupportDeskUserManager()

    @property
    def is_agent(self) -> bool:
        """Agents and admins work tickets."""
        return self.role in STAFF_ROLES

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username

    @property
    def may_use_sign_in_links(self) -> bool:
        """Whether a link sent by mail may sign this person in: customers yes, staff only when
        an admin turned it on for them (they keep their password and its lockout otherwise)."""
        return self.is_active and (not self.is_agent or self.magic_link_allowed)


class ApiToken(models.Model):
    """A bearer token for integrations. Only a SHA-256 digest of the token is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, blank=True)
    prefix = models.CharField(max_length=12, help_text="The token's first characters, to recognise it.")
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "API token"

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class SignInLink(models.Model):
    """A one-time sign-in link sent by mail. The link carries a signed id and a random nonce;
    only the nonce's SHA-256 digest is stored, and using the link stamps `used_at`, once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="sign_in_links")
    digest = models.CharField(max_length=64, unique=True)
    # Where the web app goes once signed in (a path of its own, such as /tickets/12).
    next_path = models.CharField(max_length=300, default="/")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["expires_at"], name="signinlink_expires_idx")]

    def __str__(self) -> str:
        return f"sign-in link for {self.user_id} to {self.next_path}"


class SecurityEventKind(models.TextChoices):
    SIGNED_IN = "signed_in", "Signed in"
    SIGNED_OUT = "signed_out", "Signed out"
    SIGN_IN_FAILED = "sign_in_failed", "Sign-in failed"
    SECOND_FACTOR_FAILED = "second_factor_failed", "Wrong second-factor code"
    LOCKED_OUT = "locked_out", "Locked out"
    TWO_FACTOR_ENABLED = "two_factor_enabled", "Two-factor sign-in turned on"
    TWO_FACTOR_DISABLED = "two_factor_disabled", "Two-factor sign-in turned off"
    RECOVERY_CODES_REGENERATED = "recovery_codes_regenerated", "Recovery codes replaced"
    RECOVERY_CODE_USED = "recovery_code_used", "Recovery code used"
    SESSION_ENDED = "session_ended", "Session ended"


class SecurityEvent(models.Model):
    """One sign-in, failure, second-factor change or ended session: who, when, from where.

    Written by the auth signals (every sign-in path sends them) and by the two-factor and
    session services; never changed afterwards. `user` is empty for a failed sign-in with an
    unknown username, which is kept as typed (shortened) in `username`.
    """

    kind = models.CharField(max_length=32, choices=SecurityEventKind.choices)
    user = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="security_events"
    )
    username = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    # What else is worth knowing: the sign-in method, which session was ended and by whom.
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="securityevent_newest_idx"),
            models.Index(fields=["user", "-created_at"], name="securityevent_user_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.username} {self.created_at:%Y-%m-%d %H:%M}"


class SignInSession(models.Model):
    """A browser session of a signed-in person, so they can see it and end it.

    Django keeps the session itself (database sessions); this row names its key, its owner
    and where it came from. It is written when the person signs in and stamped `ended_at`
    when they sign out or end it; a session that merely expired has no Django row any more.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="sign_in_sessions")
    session_key = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_seen_at = models.DateTimeField(default=timezone.now)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "ended_at"], name="signinsession_user_idx")]

    def __str__(self) -> str:
        return f"session of {self.user_id} since {self.created_at:%Y-%m-%d %H:%M}"
