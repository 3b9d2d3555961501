"""Writes to accounts."""

from __future__ import annotations

from django.db import transaction

from support_desk.accounts.models import Role, User


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
