"""A person's choice of notification mails."""

from __future__ import annotations

from support_desk.accounts.models import User
from support_desk.mail.models import NotificationPreference


def notification_choose(*, user: User, kind: str, enabled: bool) -> None:
    """Turn one kind of notification on or off for this person."""
    NotificationPreference.objects.update_or_create(user=user, kind=kind, defaults={"enabled": enabled})
