"""One poll of the mailbox: fetch what is not yet processed, take each message through the
pipeline, and mark it processed only once its ticket is committed. A process that dies between
the fetch and the commit leaves the message unmarked, so the next poll reads it again; one that
dies after the commit but before the mark is harmless too: the pipeline knows the message and
ignores it as a duplicate, and the mark follows."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone

from support_desk.mail.imap import MailboxConfig, MailboxError, open_mailbox
from support_desk.mail.models import MailboxPoll
from support_desk.mail.services import IngestResult, mail_ingest

logger = logging.getLogger(__name__)


@dataclass
class FetchReport:
    results: list[tuple[str, IngestResult]] = field(default_factory=list)
    error: MailboxError | None = None


def configured_mailbox() -> MailboxConfig | None:
    if not settings.MAIL_INBOX_URL:
        return None
    return MailboxConfig.from_url_parts(
        settings.MAIL_INBOX_URL,
        timeout=settings.MAIL_IMAP_TIMEOUT_SECONDS,
        processed_folder=settings.MAIL_PROCESSED_FOLDER,
    )


def mail_fetch(config: MailboxConfig | None = None) -> FetchReport:
    """Poll once; failures of the mailbox are reported (and recorded for the settings page),
    not raised. A message the pipeline could not even quarantine stays unmarked."""
    config = config or configured_mailbox()
    report = FetchReport()
    if config is None:
        report.error = MailboxError("not_configured", "MAIL_INBOX_URL is not set")
        return report
    try:
        with open_mailbox(config) as mailbox:
            for uid in mailbox.unprocessed_uids(settings.MAIL_FETCH_BATCH):
                raw = mailbox.raw_message(uid)
                if raw is None:
                    continue
                result = mail_ingest(raw, source="imap")
                mailbox.mark_processed(uid)
                report.results.append((uid, result))
    except MailboxError as error:
        report.error = error
    _record_poll(report)
    return report


def _record_poll(report: FetchReport) -> None:
    now = timezone.now()
    poll = MailboxPoll.objects.order_by("id").first() or MailboxPoll(polled_at=now, succeeded=False)
    poll.polled_at = now
    poll.succeeded = report.error is None
    poll.error_kind = report.error.kind if report.error else ""
    poll.error = report.error.detail[:2000] if report.error else ""
    poll.fetched = len(report.results)
    if report.error is None:
        poll.last_success_at = now
    poll.save()
