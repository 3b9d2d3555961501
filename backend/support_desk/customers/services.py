"""What customers without a password do: file a request through the public form, ask for a
sign-in link, and answer "How did we do?" from a mail's link.

None of these answers says whether an address had an account, in its body, its headers or
its timing: the form files the request for whoever owns the address (creating a requester
with no usable password when it is new), and a sign-in link is looked up and mailed by a
background job, after the answer. Without a worker, the jobs that follow (the acknowledgement
with its sign-in link, the sign-in link itself) run on a background thread
(`core.jobs.jobs_after_response`), so they do not hold up the answer either.
"""

from __future__ import annotations

import logging
import secrets
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone

from support_desk.accounts.services import requester_for_address
from support_desk.accounts.sign_in_links import safe_next_path
from support_desk.core.errors import ApplicationError, ErrorCode
from support_desk.core.jobs import jobs_after_response
from support_desk.customers.models import UsedFormToken
from support_desk.tickets import services as ticket_services
from support_desk.tickets.attachments import AttachmentUpload
from support_desk.tickets.enums import Channel
from support_desk.tickets.models import SatisfactionSurvey, Ticket
from support_desk.tickets.satisfaction import rating_token_read

logger = logging.getLogger(__name__)

FORM_SALT = "support_desk.customers.public_form"
# A form shown more than a day ago is stale: reload it (and a bot cannot stock up on tokens).
FORM_MAX_AGE_SECONDS = 24 * 3600


class PublicRequestsDisabled(ApplicationError):
    status_code = 403

    def __init__(self) -> None:
        super().__init__(
            "Requests through the public form are turned off here; sign in to file a ticket, or write"
            " to us by mail.",
            code=ErrorCode.PERMISSION_DENIED,
        )


class FormRejected(ApplicationError):
    """The form failed an abuse check (honeypot, fill time, a stale or forged form token)."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail, code=ErrorCode.INVALID, status_code=400)


class FormTokenUsed(ApplicationError):
    """The form token already filed a request: one token, one request."""

    def __init__(self) -> None:
        super().__init__(
            "This form was already sent and your request is filed. Reload the page to file another one.",
            code=ErrorCode.CONFLICT,
            status_code=409,
        )


@dataclass(frozen=True)
class FormToken:
    """A checked form token: its random id (spent by the request it files) and when it was shown."""

    id: str
    shown: float


def form_token_issue(*, now: float | None = None) -> str:
    """A signed note of when the form was shown, with a random id: the submission proves its
    fill time with it, and the id makes it good for one request."""
    return signing.dumps(
        {"shown": round((now or time.time()) * 1000), "id": secrets.token_urlsafe(16)}, salt=FORM_SALT
    )


def form_check(*, form_token: str, honeypot: str, now: float | None = None) -> FormToken:
    """Refuse a submission that a person is unlikely to have made: the hidden field filled in,
    sent sooner than PUBLIC_FORM_MIN_SECONDS after the form was shown, or with a form token
    that is forged or older than a day. Whether the token was used is checked when the
    request is filed (`public_request_submit`), in the same transaction."""
    if honeypot.strip():
        logger.info("public form refused", extra={"reason": "honeypot"})
        raise FormRejected("The form could not be accepted. Please reload the page and send it again.")
    try:
        payload = signing.loads(form_token, salt=FORM_SALT, max_age=FORM_MAX_AGE_SECONDS)
        shown = float(payload["shown"]) / 1000
        token_id = payload["id"]
        if not isinstance(token_id, str) or not 0 < len(token_id) <= 64:
            raise ValueError("no token id")
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        logger.info("public form refused", extra={"reason": "form_token"})
        raise FormRejected("The form has expired. Please reload the page and send it again.") from None
    elapsed = (now or time.time()) - shown
    if elapsed > FORM_MAX_AGE_SECONDS:
        raise FormRejected("The form has expired. Please reload the page and send it again.")
    if elapsed < settings.PUBLIC_FORM_MIN_SECONDS:
        logger.info("public form refused", extra={"reason": "too_fast"})
        raise FormRejected("The form was sent too quickly. Please wait a moment and send it again.")
    return FormToken(id=token_id, shown=shown)


def _form_token_spend(token: FormToken) -> None:
    """Record the token as used, inside the caller's transaction: a second use (even at the
    same moment, from another process) hits the primary key and is refused. A request that
    fails after this point rolls the row back with it, so the token stays good."""
    now = timezone.now()
    try:
        with transaction.atomic():
            UsedFormToken.objects.create(
                token_id=token.id,
                used_at=now,
                expires_at=datetime.fromtimestamp(token.shown + FORM_MAX_AGE_SECONDS, tz=UTC),
            )
    except IntegrityError:
        logger.info("public form refused", extra={"reason": "form_token_used"})
        raise FormTokenUsed() from None


def used_form_tokens_purge() -> int:
    """Forget used tokens that have expired anyway (an expired token is refused on its age)."""
    deleted, _ = UsedFormToken.objects.filter(expires_at__lt=timezone.now()).delete()
    return deleted


def public_request_submit(
    *,
    form_token: FormToken,
    name: str,
    email: str,
    title: str,
    description: str,
    attachments: Sequence[AttachmentUpload] = (),
) -> Ticket:
    """File a request from the public form: the requester behind the address (created, with no
    usable password, when new), the ticket (triaged like any other), its files. The form
    token is spent in the same transaction: it files one request, and a request refused on its
    way (a file too large, say) leaves it good for the corrected form. The acknowledgement
    mail, with its sign-in link, follows from the ticket signal."""
    if not settings.PUBLIC_REQUESTS_ENABLED:
        raise PublicRequestsDisabled()
    # The jobs queued when the transaction commits (who is told, and how) depend on who the
    # address belongs to: they must not be paid for in this request.
    with jobs_after_response(), transaction.atomic():
        _form_token_spend(form_token)
        requester, created = requester_for_address(email=email, display_name=name)
        ticket = ticket_services.ticket_create(
            title=title,
            description=description,
            actor=requester,
            requester=requester,
            channel=Channel.WEB,
            attachments=attachments,
        )
    logger.info(
        "public request filed", extra={"ticket_id": ticket.pk, "requester_id": requester.pk, "new": created}
    )
    return ticket


def sign_in_link_request(*, email: str, next_path: str | None = None) -> None:
    """Mail a one-time sign-in link to the address if it belongs to someone who may use one.

    The request itself does the same for every address: it queues one job, after the commit,
    and the job looks the address up. So neither the answer nor its timing tells them apart:
    with a worker the job waits in the queue, without one it runs on the background thread.
    """
    from support_desk.customers.tasks import send_sign_in_link

    transaction.on_commit(
        partial(_queue, send_sign_in_link, email.strip().lower(), safe_next_path(next_path))
    )


def _queue(task: object, *args: object) -> None:
    try:
        with jobs_after_response():
            task.delay(*args)  # type: ignore[attr-defined]
    except Exception:
        logger.exception("could not queue a sign-in link", extra={"task": "customers.send_sign_in_link"})


@dataclass(frozen=True)
class RatingRecorded:
    ticket: Ticket
    survey: SatisfactionSurvey


def rating_by_token(*, token: str, rating: str, comment: str | None = None) -> RatingRecorded:
    """Answer "How did we do?" through a mail's signed link: no sign-in, but only for the
    ticket and resolution the link was made for."""
    target = rating_token_read(token)
    if target is None:
        raise ApplicationError("This rating link is not valid (or too old).", code=ErrorCode.INVALID)
    survey = ticket_services.ticket_rate(
        ticket_id=target.ticket_id, resolution=target.resolution, rating=rating, comment=comment, actor=None
    )
    return RatingRecorded(ticket=Ticket.objects.get(pk=target.ticket_id), survey=survey)
