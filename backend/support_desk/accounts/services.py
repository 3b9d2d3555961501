"""Writes to accounts."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from support_desk.accounts.models import Role, User
from support_desk.core.errors import ApplicationError, ErrorCode


def user_ensure(
    *, username: str, role: str, password: str | None = None, email: str = "", using: str = "default"
) -> tuple[User, bool]:
    """Get or create a user with `role`; returns (user, created). Admins may use the Django admin."""
    with transaction.atomic(using=using):
        user, created = User.objects.using(using).get_or_create(
            username=username, defaults={"role": role, "email": email}
        )
        if created:
            user.role = role
            user.is_staff = user.is_superuser = role == Role.ADMIN
            if password:
                user.set_password(password)
            else:
                user.set_unusable_password()
            user.save(using=using)
    return user, created


def user_for_email(email: str) -> User | None:
    """The active user with this e-mail address (case-insensitive); the oldest when several."""
    return User.objects.filter(email__iexact=email.strip(), is_active=True).order_by("id").first()


def requester_for_address(*, email: str, display_name: str = "") -> tuple[User, bool]:
    """The person behind an e-mail address, created as a requester when new; returns (user, created).

    A new requester gets the address as username (made unique when taken), the display name
    split into first and last name, and no usable password: they can be sent a sign-in link
    or given a password later, but nobody can sign in as them by guessing one.
    """
    address = email.strip().lower()
    existing = user_for_email(address)
    if existing is not None:
        return existing, False
    first, _, last = display_name.strip().partition(" ")
    user = User(email=address, role=Role.REQUESTER, first_name=first[:150], last_name=last.strip()[:150])
    user.set_unusable_password()
    for _ in range(3):
        user.username = username_free(address)
        try:
            with transaction.atomic():
                user.save(force_insert=True)
            return user, True
        except IntegrityError:
            # Another process created this person (or took the name) a moment ago.
            existing = user_for_email(address)
            if existing is not None:
                return existing, False
            user.pk = None
    raise ApplicationError("No free user name for this address.", code=ErrorCode.CONFLICT, status_code=409)


def username_free(base: str) -> str:
    """`base` (at most 140 characters), or `base-2`, `base-3`... whichever no account has yet."""
    base = base[:140]
    if not User.objects.filter(username=base).exists():
        return base
    suffix = 2
    while User.objects.filter(username=f"{base}-{suffix}").exists():
        suffix += 1
    return f"{base}-{suffix}"
