"""A person's browser sessions: recorded at sign-in, listed, and ended from any other session.

Sessions live in the database (`SESSION_ENGINE`), so ending one deletes Django's row and the
cookie that carried it stops signing anybody in on its very next request. `SignInSession`
maps each session key to its owner, with when and from where it was started and last used.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.contrib.sessions.backends.base import SessionBase
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from support_desk.accounts.models import SecurityEventKind, SignInSession, User
from support_desk.accounts.security_events import request_origin, security_event_record
from support_desk.core.errors import NotFoundError

# "Last seen" is written at most this often per session (a write on every request would cost
# more than the answer is worth).
LAST_SEEN_RESOLUTION_SECONDS = 60
_SEEN_AT_SESSION_KEY = "_support_desk_seen_at"


def _session_store(session_key: str) -> SessionBase:
    engine = import_module(settings.SESSION_ENGINE)
    store: SessionBase = engine.SessionStore(session_key=session_key)
    return store


def sign_in_sessions_active(*, user: User) -> QuerySet[SignInSession]:
    """The person's sessions that still sign them in (not ended, not expired), newest first."""
    live = Session.objects.filter(session_key=OuterRef("session_key"), expire_date__gt=timezone.now())
    return (
        SignInSession.objects.filter(user=user, ended_at__isnull=True)
        .filter(Exists(live))
        .order_by("-last_seen_at", "-id")
    )


def _end(*, sign_in_session: SignInSession, request: HttpRequest, actor: Any, how: str) -> None:
    _session_store(sign_in_session.session_key).delete()
    sign_in_session.ended_at = timezone.now()
    sign_in_session.save(update_fields=["ended_at"])
    security_event_record(
        kind=SecurityEventKind.SESSION_ENDED,
        request=request,
        user=sign_in_session.user,
        detail={"session": sign_in_session.pk, "by": actor.pk, "how": how},
    )


def sign_in_session_end(
    *, user: User, session_id: int, request: HttpRequest, actor: User | Any | None = None
) -> None:
    """End one of `user`'s sessions (404 for anybody else's, as for one that is gone); `actor`
    is who ended it when not the person themselves (an admin)."""
    with transaction.atomic():
        found = sign_in_sessions_active(user=user).select_for_update().filter(pk=session_id).first()
        if found is None:
            raise NotFoundError("No such session.")
        _end(sign_in_session=found, request=request, actor=actor or user, how="ended")


def sign_in_sessions_end_others(*, user: User, request: HttpRequest) -> int:
    """End every session of `user` except the one making the request; returns how many."""
    current = request.session.session_key
    ended = 0
    with transaction.atomic():
        others = sign_in_sessions_active(user=user).select_for_update().exclude(session_key=current or "")
        for other in others:
            _end(sign_in_session=other, request=request, actor=user, how="signed_out_elsewhere")
            ended += 1
    return ended


def sign_in_sessions_purge() -> tuple[int, int]:
    """Delete expired Django sessions, then the session rows nothing signs in with any more
    (ended, expired or gone); returns how many of each. The record of events stays."""
    expired, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    live = Session.objects.filter(session_key=OuterRef("session_key"))
    stale, _ = SignInSession.objects.filter(~Exists(live)).delete()
    return expired, stale


@receiver(user_logged_in, dispatch_uid="accounts.track_sign_in_session")
def _track_sign_in(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    session = getattr(request, "session", None)
    if request is None or session is None:
        return
    if session.session_key is None:
        session.save()
    address, agent = request_origin(request)
    now = timezone.now()
    SignInSession.objects.update_or_create(
        session_key=session.session_key,
        defaults={
            "user": user,
            "created_at": now,
            "last_seen_at": now,
            "ip_address": address,
            "user_agent": agent,
            "ended_at": None,
        },
    )
    session[_SEEN_AT_SESSION_KEY] = time.time()


@receiver(user_logged_out, dispatch_uid="accounts.end_sign_in_session")
def _track_sign_out(sender: Any, request: HttpRequest | None, user: User | None, **kwargs: Any) -> None:
    session = getattr(request, "session", None)
    if session is None or session.session_key is None:
        return
    SignInSession.objects.filter(session_key=session.session_key, ended_at__isnull=True).update(
        ended_at=timezone.now()
    )


class SessionActivityMiddleware:
    """Stamps the signed-in session's "last seen" (at most once a minute), after the view ran.

    Listed after SessionMiddleware, so the stamp it keeps in the session is saved with it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # Only sessions the request already read (a signed-in one was, to find its user).
        if session is None or not session.accessed or session.session_key is None:
            return response
        if SESSION_KEY not in session:
            return response
        now = time.time()
        seen = session.get(_SEEN_AT_SESSION_KEY)
        if isinstance(seen, int | float) and now - seen < LAST_SEEN_RESOLUTION_SECONDS:
            return response
        SignInSession.objects.filter(session_key=session.session_key, ended_at__isnull=True).update(
            last_seen_at=timezone.now()
        )
        session[_SEEN_AT_SESSION_KEY] = now
        return response
