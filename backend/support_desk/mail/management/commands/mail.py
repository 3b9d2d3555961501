"""`supportdesk mail ingest [FILE ...]`, `supportdesk mail fetch`, `supportdesk mail reprocess`,
`supportdesk mail send-queued`.

`ingest` reads raw RFC 5322 messages from files, or one from standard input without a file, as
a Postfix or Exim pipe transport delivers them, and prints one line per message:
`<file or -> ticket <id> created|replied`, `<file or -> ignored <reason>` or
`<file or -> quarantined <reason>`. Exit status: 0 when every message was stored or deliberately
ignored; 1 when one was quarantined (kept, for an admin); 75 (EX_TEMPFAIL, so the mail server
retries later) when one could not be kept at all because the database is unreachable.
"""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from support_desk.mail.enums import DeliveryStatus, InboundStatus
from support_desk.mail.fetching import mail_fetch
from support_desk.mail.models import InboundMail, OutboundMail
from support_desk.mail.services import IngestResult, mail_ingest, mail_reprocess

EX_TEMPFAIL = 75


class Command(BaseCommand):
    help = "The e-mail channel: ingest raw messages, poll the mailbox, re-process quarantined mail."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        ingest = actions.add_parser(
            "ingest", help="Store raw messages from files (or one from standard input)."
        )
        ingest.add_argument("files", nargs="*", help="RFC 5322 message files; none: read standard input")
        actions.add_parser("fetch", help="Poll MAIL_INBOX_URL once.")
        reprocess = actions.add_parser(
            "reprocess", help="Run quarantined messages through the pipeline again."
        )
        reprocess.add_argument("ids", nargs="*", type=int, help="received-mail ids (see the admin)")
        reprocess.add_argument("--all", action="store_true", help="every quarantined message")
        reprocess.add_argument(
            "--accept-unverified",
            action="store_true",
            help="store customers' mail held because its sender is not proven (as unverified replies)",
        )
        actions.add_parser("send-queued", help="Queue again every mail still waiting to be sent.")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "ingest":
            self._finish(self._ingest(options["files"]))
        elif action == "fetch":
            self._fetch()
        elif action == "reprocess":
            self._reprocess(
                options["ids"], everything=options["all"], accept_unverified=options["accept_unverified"]
            )
        else:
            self._send_queued()

    def _line(self, name: str, result: IngestResult) -> None:
        self.stdout.write(result.line(name))

    def _ingest(self, files: list[str]) -> list[IngestResult | None]:
        outcomes: list[IngestResult | None] = []
        for name in files or ["-"]:
            try:
                raw = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
            except OSError as error:
                raise CommandError(f"{name}: {error.strerror}") from error
            try:
                result = mail_ingest(raw, source="pipe")
            except DatabaseError as error:
                self.stderr.write(f"{name} not stored: the database is unreachable ({type(error).__name__})")
                outcomes.append(None)
                continue
            self._line(name, result)
            outcomes.append(result)
        return outcomes

    def _finish(self, outcomes: list[IngestResult | None]) -> None:
        if any(result is None for result in outcomes):
            sys.exit(EX_TEMPFAIL)
        if not all(result.stored_or_ignored for result in outcomes if result is not None):
            sys.exit(1)

    def _fetch(self) -> None:
        report = mail_fetch()
        for uid, result in report.results:
            self._line(f"imap:{uid}", result)
        if report.error is not None:
            raise CommandError(f"the mailbox could not be read ({report.error.kind}): {report.error.detail}")
        self.stdout.write(f"{len(report.results)} message(s) fetched")
        self._finish(list(result for _, result in report.results))

    def _reprocess(self, ids: list[int], *, everything: bool, accept_unverified: bool) -> None:
        if everything:
            ids = list(
                InboundMail.objects.filter(status=InboundStatus.QUARANTINED).values_list("pk", flat=True)
            )
        if not ids:
            raise CommandError("name the received-mail ids to re-process, or pass --all")
        outcomes: list[IngestResult | None] = []
        for inbound_id in ids:
            try:
                result = mail_reprocess(inbound_id=inbound_id, accept_unverified=accept_unverified)
            except InboundMail.DoesNotExist:
                raise CommandError(f"there is no received mail {inbound_id}") from None
            self._line(f"mail:{inbound_id}", result)
            outcomes.append(result)
        self._finish(outcomes)

    def _send_queued(self) -> None:
        from support_desk.mail.tasks import send_outbound_mail

        waiting = list(OutboundMail.objects.filter(status=DeliveryStatus.QUEUED).values_list("pk", flat=True))
        for mail_id in waiting:
            send_outbound_mail.delay(mail_id)
        self.stdout.write(f"{len(waiting)} mail(s) queued")
