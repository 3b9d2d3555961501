"""The acknowledgement limit under concurrency: many mails from one sender arriving at once,
each ingested in its own thread with its own database connection, as parallel pipe deliveries,
webhook requests and pollers do."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from support_desk.mail.models import OutboundMail
from support_desk.mail.services import IngestResult, mail_ingest
from support_desk.tickets.models import Ticket
from tests.mail import messages
from tests.mail.servers import SmtpSink

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]

SENDER = "flood@customer.test"


def test_eight_concurrent_mails_from_one_sender_get_exactly_the_limit_of_acknowledgements(
    smtp_sink: SmtpSink, settings
) -> None:
    settings.MAIL_ACKS_PER_SENDER_PER_HOUR = 3
    raws = [
        messages.plain(f"Problem {index}", sender=SENDER, subject=f"Problem {index}") for index in range(8)
    ]
    results: list[IngestResult] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(len(raws))

    def deliver(raw: bytes) -> None:
        try:
            barrier.wait()
            results.append(mail_ingest(raw, source="pipe"))
        except BaseException as error:  # reported by the main thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver, args=(raw,)) for raw in raws]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    assert sorted(result.outcome for result in results) == ["created"] * 8
    assert Ticket.objects.count() == 8  # every ticket is opened; only the mail is limited
    smtp_sink.wait_for(3)
    assert OutboundMail.objects.filter(recipient=SENDER, kind="ticket_acknowledged").count() == 3
    # Whatever else was still on its way has arrived by the time this test reads the sink again.
    for thread in threads:
        assert not thread.is_alive()
    assert [mail.recipients for mail in smtp_sink.received] == [[SENDER]] * 3
