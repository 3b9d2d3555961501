"""Background jobs of accounts: forgetting sessions that no longer sign anybody in."""

from __future__ import annotations

from celery import shared_task

from support_desk.accounts.sign_in_sessions import sign_in_sessions_purge
from support_desk.core.jobs import RecordedTask


@shared_task(base=RecordedTask, name="accounts.purge_sign_in_sessions", max_retries=0)
def purge_sign_in_sessions() -> str:
    """Expired Django sessions and the rows naming them (the beat schedule runs it hourly)."""
    expired, stale = sign_in_sessions_purge()
    return f"{expired} expired sessions, {stale} session rows purged"
