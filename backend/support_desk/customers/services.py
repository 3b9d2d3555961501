"""What customers without a password do: file a request through the public form, ask for a
sign-in link, and answer "How did we do?" from a mail's link.

None of these answers says whether an address had an account: the form files the request for
whoever owns the address (creating a requester with no usable password when it is new), and
a sign-in link is looked up and mailed by a background job, after the answer.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.core import signing
from django.db import transaction

from support_desk.accounts.services import requester_for_address
from support_desk.accounts.sign_in_links import safe_next_path
from support_desk.core.errors import ApplicationError, ErrorCode
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


def form_token_issue(*, now: float | None = None) -> str:
    """A signed note of when the form was shown; the submission proves its fill time with it."""
    return signing.dumps({"shown": round((now or time.time()) * 1000)}, salt=FORM_SALT)


def form_check(*, form_token: str, honeypot: str, now: float | None = None) -> None:
    """Refuse a submission that a person is unlikely to have made: the hidden field filled in,
    sent sooner than PUBLIC_FORM_MIN_SECONDS after the form was shown, or with a form token
    that is forged or older than a day."""
    if honeypot.strip():
        logger.info("public form refused", extra={"reason": "honeypot"})
        raise FormRejected("The form could not be accepted. Please reload the page and send it again.")
    try:
        payload = signing.loads(form_token, salt=FORM_SALT, max_age=FORM_MAX_AGE_SECONDS)
        shown = float(payload["shown"]) / 1000
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        logger.info("public form refused", extra={"reason": "form_token"})
        raise FormRejected("The form has expired. Please reload the page and send it again.") from None
    elapsed = (now or time.time()) - shown
    if elapsed > FORM_MAX_AGE_SECONDS:
        raise FormRejected("The form has expired. Please reload the page and send it again.")
    if elapsed < settings.PUBLIC_FORM_MIN_SECONDS:
        logger.info("public form refused", extra={"reason": "too_fast"})
        raise FormRejected("The form was sent too quickly. Please wait a moment and send it again.")


def public_request_submit(
    *,
    name: str,
    email: str,
    title: str,
    description: str,
    attachments: Sequence[AttachmentUpload] = (),
) -> Ticket:
    """File a request from the public form: the requester behind the address (created, with no
    usable password, when new), the ticket (triaged like any other), its files. The
    acknowledgement mail, with its sign-in link, follows from the ticket signal."""
    if not settings.PUBLIC_REQUESTS_ENABLED:
        raise PublicRequestsDisabled()
    with transaction.atomic():
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
    and the job looks the address up. So neither the answer nor its timing tells them apart
    (with a worker; without one the job runs in-process after the answer is decided).
    """
    from support_desk.customers.tasks import send_sign_in_link

    transaction.on_commit(
        partial(_queue, send_sign_in_link, email.strip().lower(), safe_next_path(next_path))
    )


def _queue(task: object, *args: object) -> None:
    try:
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
