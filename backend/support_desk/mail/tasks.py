"""The e-mail channel's background jobs: sending one recorded mail (retried with backoff; a
mail that fails for good is marked not delivered, never lost silently) and polling the mailbox
(the beat schedule runs it every MAIL_FETCH_INTERVAL_SECONDS when MAIL_INBOX_URL is set)."""

from __future__ import annotations

import logging
from typing import Any

from celery import shared_task
from django.utils import timezone

from support_desk.core.jobs import RecordedTask
from support_desk.mail.enums import DeliveryStatus
from support_desk.mail.models import OutboundMail
from support_desk.mail.sending import deliver

logger = logging.getLogger(__name__)


class MailDeliveryTask(RecordedTask):
    """A failed-for-good send marks its mail not delivered, with the error, for the web app."""

    def on_failure(self, exc: BaseException, task_id: str, args: Any, kwargs: Any, einfo: Any) -> None:
        super().on_failure(exc, task_id, args, kwargs, einfo)
        mail_id = (list(args or []) or [kwargs.get("mail_id")])[0]
        OutboundMail.objects.filter(pk=mail_id, status=DeliveryStatus.QUEUED).update(
            status=DeliveryStatus.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000]
        )


@shared_task(base=MailDeliveryTask, name="mail.send_outbound_mail")
def send_outbound_mail(mail_id: int) -> str:
    """Send one recorded mail. Idempotent: a mail already sent (or bounced) is not sent again."""
    mail = OutboundMail.objects.filter(pk=mail_id).first()
    if mail is None:
        return "mail gone"
    if mail.status != DeliveryStatus.QUEUED:
        return f"already {mail.status}"
    OutboundMail.objects.filter(pk=mail_id).update(attempts=mail.attempts + 1)
    try:
        deliver(mail)
    except Exception as error:
        logger.warning(
            "sending a mail failed",
            extra={"outbound_id": mail_id, "error_kind": type(error).__name__, "attempt": mail.attempts + 1},
        )
        OutboundMail.objects.filter(pk=mail_id).update(error=f"{type(error).__name__}: {error}"[:2000])
        raise
    OutboundMail.objects.filter(pk=mail_id, status=DeliveryStatus.QUEUED).update(
        status=DeliveryStatus.SENT, sent_at=timezone.now(), error=""
    )
    return "sent"


@shared_task(base=RecordedTask, name="mail.fetch_mailbox", max_retries=0)
def fetch_mailbox() -> str:
    """One poll of MAIL_INBOX_URL (the beat schedule's entry)."""
    from support_desk.mail.fetching import mail_fetch

    report = mail_fetch()
    return f"{len(report.results)} fetched"
